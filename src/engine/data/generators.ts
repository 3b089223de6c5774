/**
 * Synthetic classification data sets: seed 003's spiral, seed 002's Gaussian clusters (in as many
 * dimensions as their centers have; 2 by default), and the usual 2-D xor, circle and moons (as scikit-learn's make_circles / make_moons define them, unshuffled).
 * Samples are stored class by class (all of class 0, then class 1, …); every random number comes
 * from the given seeded `Rng`, so the same seed gives the same points on every platform.
 *
 * The `noise` knob, per kind:
 * - spiral: standard deviation of the angle noise, t += randn · noise (the seed's 0.2 is the spec's default);
 * - xor, circle, moons: standard deviation of Gaussian noise added to both coordinates (scikit-learn's `noise`);
 * - gaussians: unused (the cluster spread is `std`).
 */
import type { GeneratorKind } from '../config';
import { Rng } from '../random';

export interface GeneratedData {
  /** Samples (points per class × classes). */
  n: number;
  /** Coordinates per sample (2, or a gaussians' centers' length). */
  dims: number;
  /** n × dims coordinates, row-major. */
  x: Float64Array;
  /** Class index per sample. */
  labels: Int32Array;
  classes: number;
}

export interface GeneratorOptions {
  /** Points per class (seed 003's N). */
  points: number;
  /** Classes (spiral, gaussians); xor, circle and moons always have 2. */
  classes: number;
  noise: number;
  /** Gaussian cluster centers; when given their count is the number of classes. */
  centers?: number[][];
  /** Gaussian cluster standard deviation. */
  std: number;
}

/** Seed 002's three cluster centers, used for gaussians with 3 classes and no `centers`. */
export const SEED_002_CENTERS: readonly (readonly [number, number])[] = [
  [-2, -2],
  [0, 2],
  [2, -2],
];

/** Builds the data set of one generator kind. */
export function generate(kind: GeneratorKind, options: GeneratorOptions, rng: Rng): GeneratedData {
  switch (kind) {
    case 'spiral':
      return spiral(options.points, options.classes, options.noise, rng);
    case 'gaussians':
      return gaussians(options.points, options.classes, options.std, rng, options.centers);
    case 'xor':
      return xor(options.points, options.noise, rng);
    case 'circle':
      return circle(options.points, options.noise, rng);
    case 'moons':
      return moons(options.points, options.noise, rng);
  }
}

/** numpy's linspace(start, stop, count)[i]: start + i·step, with the last value exactly `stop`. */
export function linspaceAt(start: number, stop: number, count: number, i: number): number {
  if (count <= 1) return start;
  if (i === count - 1) return stop;
  return start + i * ((stop - start) / (count - 1));
}

function allocate(points: number, classes: number, dims = 2): GeneratedData {
  const n = points * classes;
  const labels = new Int32Array(n);
  for (let c = 0; c < classes; c++) labels.fill(c, c * points, (c + 1) * points);
  return { n, dims, x: new Float64Array(n * dims), labels, classes };
}

/**
 * Seed 003 (cs231n) spiral, class by class:
 *   r = linspace(0, 1, N); t = linspace(4j, 4(j+1), N) + randn(N)·noise; X = (r·sin t, r·cos t)
 * (the seed's code has noise 0.2).
 */
export function spiral(points: number, classes: number, noise: number, rng: Rng): GeneratedData {
  const data = allocate(points, classes);
  const x = data.x;
  for (let j = 0; j < classes; j++) {
    for (let i = 0; i < points; i++) {
      const r = linspaceAt(0, 1, points, i);
      const t = linspaceAt(j * 4, (j + 1) * 4, points, i) + rng.normal() * noise;
      const row = (j * points + i) * 2;
      x[row] = r * Math.sin(t);
      x[row + 1] = r * Math.cos(t);
    }
  }
  return data;
}

/** Default centers for `classes` Gaussian clusters: seed 002's for 3, else evenly on a circle of radius 2√2. */
export function defaultCenters(classes: number): number[][] {
  if (classes === 3) return SEED_002_CENTERS.map((c) => [c[0], c[1]]);
  const radius = 2 * Math.SQRT2;
  const centers: number[][] = [];
  for (let k = 0; k < classes; k++) {
    const angle = Math.PI / 4 + (2 * Math.PI * k) / classes;
    centers.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
  }
  return centers;
}

/**
 * Seed 002: randn(N·K, d)·std + center of each block of N rows (a row's coordinates in order, as numpy
 * fills it); d is the centers' length (2 for the default centers).
 */
export function gaussians(points: number, classes: number, std: number, rng: Rng, centers?: number[][]): GeneratedData {
  const cs = centers && centers.length > 0 ? centers : defaultCenters(classes);
  const dims = cs[0].length;
  const data = allocate(points, cs.length, dims);
  const x = data.x;
  for (let k = 0; k < cs.length; k++) {
    const c = cs[k];
    for (let i = 0; i < points; i++) {
      const row = (k * points + i) * dims;
      for (let j = 0; j < dims; j++) x[row + j] = c[j] + std * rng.normal();
    }
  }
  return data;
}

/** Smallest distance of an xor point from the axes (noise 0 keeps the quadrants separated by this margin). */
export const XOR_MARGIN = 0.1;

/**
 * XOR: points uniform in the four unit quadrants with |coordinate| ≥ 0.1, class 0 where the signs agree
 * (quadrants I and III), class 1 where they differ (II and IV), alternating quadrants; plus Gaussian noise.
 */
export function xor(points: number, noise: number, rng: Rng): GeneratedData {
  const data = allocate(points, 2);
  const x = data.x;
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < points; i++) {
      const sx = i % 2 === 0 ? 1 : -1;
      const sy = c === 0 ? sx : -sx;
      const row = (c * points + i) * 2;
      x[row] = sx * rng.uniform(XOR_MARGIN, 1);
      x[row + 1] = sy * rng.uniform(XOR_MARGIN, 1);
    }
  }
  addNoise(x, noise, rng);
  return data;
}

/** Radius of the inner circle relative to the outer (scikit-learn's make_circles default factor). */
export const CIRCLE_FACTOR = 0.5;

/** make_circles: class 0 on the unit circle, class 1 on the circle of radius 0.5, angles linspace(0, 2π) without the endpoint; plus Gaussian noise. */
export function circle(points: number, noise: number, rng: Rng): GeneratedData {
  const data = allocate(points, 2);
  const x = data.x;
  for (let c = 0; c < 2; c++) {
    const radius = c === 0 ? 1 : CIRCLE_FACTOR;
    for (let i = 0; i < points; i++) {
      const angle = (2 * Math.PI * i) / points;
      const row = (c * points + i) * 2;
      x[row] = radius * Math.cos(angle);
      x[row + 1] = radius * Math.sin(angle);
    }
  }
  addNoise(x, noise, rng);
  return data;
}

/** make_moons: class 0 = (cos t, sin t), class 1 = (1 − cos t, 0.5 − sin t), t = linspace(0, π); plus Gaussian noise. */
export function moons(points: number, noise: number, rng: Rng): GeneratedData {
  const data = allocate(points, 2);
  const x = data.x;
  for (let i = 0; i < points; i++) {
    const t = linspaceAt(0, Math.PI, points, i);
    const outer = i * 2;
    const inner = (points + i) * 2;
    x[outer] = Math.cos(t);
    x[outer + 1] = Math.sin(t);
    x[inner] = 1 - Math.cos(t);
    x[inner + 1] = 1 - Math.sin(t) - 0.5;
  }
  addNoise(x, noise, rng);
  return data;
}

function addNoise(x: Float64Array, std: number, rng: Rng): void {
  if (std === 0) return;
  for (let i = 0; i < x.length; i++) x[i] += std * rng.normal();
}

/**
 * Shared by the seed tests (seed000 … seed004.test.ts), which hold the seeds' worked examples that no other unit test reproduces, each run through the real engine and,
 * wherever the spec format can express it, through spec text → openSpec() (checked spec and data) → Network, the
 * path a user's .nnspec takes. Expected values are the numbers printed in the seeds (compared to the
 * printed precision) or hand arithmetic written out here; where a seed's own arithmetic or labelling
 * is wrong, the test says so and checks the correct value.
 *
 * Covered elsewhere (not repeated here): seed 000's 2-3-1 loss, h, y, ∂J/∂V, ∂J/∂W at full precision
 * (engineGolden), its 100-step sanity run (engineTraining), the iris neuron at threshold 5e-4
 * (examples); the parameter counts 13 / 21 / 33 (spec.analyze, engineTraining, cli); seed 004's hinge
 * 2.9 / 0 / 12.9 → 5.27 (engineNumerics); seed 003's 2-100-3 spiral network above 95 % (examples).
 *
 * Seed 002 draws its data and weights from numpy's legacy generator (np.random.seed); the notebook
 * prints only some of those inputs. `NumpyRandomState` below is a port of numpy's MT19937 + polar
 * Box–Muller (`legacy_gauss`) that regenerates them; its first test checks it against every input the
 * notebook does print, so the other seed-002 tests compare engine outputs with printed outputs only.
 */
import * as assert from 'assert';
import { openSpec, type OpenedSpec } from '../../../src/format/openSpec';
import { Network } from '../../../src/engine/network';
import type { Dataset, PassReport } from '../../../src/engine/types';
import type { NetworkConfig } from '../../../src/engine/config';

// ---------------------------------------------------------------------------------------------------
// Helpers

/** Opens spec text as every surface does (openSpec); fails on any error (warnings such as "linear hidden layer" are allowed). */
function openClean(text: string): OpenedSpec & { config: NetworkConfig } {
  const opened = openSpec(text);
  const errs = opened.analysis.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
  assert.deepStrictEqual(errs, [], 'the spec has errors');
  assert.ok(opened.config, 'no spec');
  return { ...opened, config: opened.config };
}

/** Parses spec text; fails on any error. */
export function specOf(text: string): NetworkConfig {
  return openClean(text).config;
}

/** Spec text → network and training data, the way the CLI and the extension build them. */
export function build(text: string): { spec: NetworkConfig; net: Network; data: Dataset } {
  const { config, data } = openClean(text);
  assert.ok(data, 'no data');
  return { spec: config, net: Network.fromSpec(config), data: data.train };
}

/**
 * `actual` agrees with a number printed as `text` to the digits printed: |actual − printed| is at most
 * half a unit in the last printed digit (mantissa digits for 1.2e-06), with a 1e-12 relative floor for
 * prints with more digits than two float64 summation orders share.
 */
export function printed(actual: number, text: string, what: string): void {
  const m = /^[-+]?\d*(?:\.(\d+))?(?:e([-+]?\d+))?$/i.exec(text.trim());
  assert.ok(m, `bad printed number ${text}`);
  const value = Number(text);
  const unit = 10 ** (Number(m[2] ?? 0) - (m[1]?.length ?? 0));
  const tol = 0.5 * unit * (1 + 1e-9) + 1e-12 * Math.abs(value);
  assert.ok(
    Number.isFinite(actual) && Math.abs(actual - value) <= tol,
    `${what}: engine ${actual}, the notes print ${text}`,
  );
}

/** Element-wise `printed` over a matrix of printed texts. */
export function printedRows(actual: number[][], texts: string[][], what: string): void {
  assert.strictEqual(actual.length, texts.length, `${what}: rows`);
  texts.forEach((row, i) => {
    assert.strictEqual(actual[i].length, row.length, `${what}[${i}]: columns`);
    row.forEach((t, j) => printed(actual[i][j], t, `${what}[${i}][${j}]`));
  });
}

/** Splits numpy's printed rows ("[[0.1 0.2]\n [0.3 0.4]]") into texts per row. */
export function numpyRows(s: string): string[][] {
  return s
    .trim()
    .split('\n')
    .map((line) => line.replace(/[[\]]/g, ' ').trim().split(/\s+/));
}

/** The notes print some values truncated, not rounded (0.99998 as 0.9999): the truncation of `actual` is `text`. */
export function truncatedTo(actual: number, text: string, what: string): void {
  const d = text.split('.')[1]?.length ?? 0;
  assert.strictEqual(
    Math.trunc(actual * 10 ** d),
    Math.round(Number(text) * 10 ** d),
    `${what}: engine ${actual} does not truncate to the printed ${text}`,
  );
}

export function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: engine ${actual}, expected ${expected}`);
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** A YAML flow matrix. Numbers print in JavaScript's shortest round-trip form, so the spec carries them exactly. */
export const matrix = (rows: number[][]): string => `[${rows.map((r) => `[${r.join(', ')}]`).join(', ')}]`;
export const vector = (v: number[]): string => `[${v.join(', ')}]`;
export const samples = (xs: number[][], ys: (number | number[])[]): string =>
  xs
    .map((x, i) => `    - { x: ${vector(x)}, y: ${Array.isArray(ys[i]) ? vector(ys[i] as number[]) : ys[i]} }`)
    .join('\n');

export function transpose(m: number[][]): number[][] {
  return m[0].map((_, j) => m.map((r) => r[j]));
}

export function W(r: PassReport, layer: number): number[][] {
  return r.layers[layer].params.W.grad as number[][];
}
export function B(r: PassReport, layer: number): number[] {
  return r.layers[layer].params.b!.grad as number[];
}

// ---------------------------------------------------------------------------------------------------
// numpy's legacy RandomState, to regenerate seed 002's inputs

export class NumpyRandomState {
  private readonly mt = new Uint32Array(624);
  private index = 624;
  private spare: number | undefined;

  /** np.random.seed(seed): MT19937's init_genrand, and no cached Gaussian. */
  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  private next32(): number {
    const mt = this.mt;
    if (this.index >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** np.random.random() / rand(): 53-bit double from two draws. */
  random(): number {
    const a = this.next32() >>> 5,
      b = this.next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  /** np.random.randn(): legacy_gauss, the polar method, returning the second value first and caching the other. */
  randn(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.random() - 1;
      x2 = 2 * this.random() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.spare = f * x1;
    return f * x2;
  }

  randnMatrix(rows: number, cols: number): number[][] {
    return Array.from({ length: rows }, () => Array.from({ length: cols }, () => this.randn()));
  }
}

/** Seed 002 In[1]: np.random.seed(123); x = uniform(-5, 5, 200).reshape(100, 2); w = random(2). */
export function notebookLogisticInputs(): { x: number[][]; w: number[] } {
  const rs = new NumpyRandomState(123);
  const x = Array.from({ length: 100 }, () => [rs.uniform(-5, 5), rs.uniform(-5, 5)]);
  const w = [rs.random(), rs.random()];
  return { x, w };
}

/**
 * Seed 002 In[4]/In[23]: np.random.seed(1234); randn(600) as 300 × 2, plus the centers (−2,−2), (0,2),
 * (2,−2) for 100 points each; then In[5]'s uniform weights, which continue the same stream.
 */
export function notebookClusters(): {
  data: number[][];
  classes: number[];
  w: number[][];
  v: number[];
  b1: number[];
  b2: number;
} {
  const rs = new NumpyRandomState(1234);
  const centers = [
    [-2, -2],
    [0, 2],
    [2, -2],
  ];
  const data: number[][] = [];
  const classes: number[] = [];
  for (let i = 0; i < 300; i++) {
    const c = Math.floor(i / 100);
    const a = rs.randn(),
      b = rs.randn();
    data.push([a + centers[c][0], b + centers[c][1]]);
    classes.push(c);
  }
  // w_11, w_12, w_21, w_22, w_31, w_32 = random(6); w = [w_1, w_2, w_3] is units × inputs.
  const flat = Array.from({ length: 6 }, () => rs.random());
  const w = [flat.slice(0, 2), flat.slice(2, 4), flat.slice(4, 6)];
  const v = [rs.random(), rs.random(), rs.random()];
  const b1 = [rs.random(), rs.random(), rs.random()];
  const b2 = rs.random();
  return { data, classes, w, v, b1, b2 };
}

export const CLUSTERS = notebookClusters();

/** Spec text of a network on seed 002's 300 cluster points (class labels 0, 1, 2). */
export function clusterSpec(layers: string, loss = 'cross_entropy', extra = ''): string {
  return `input: 2\nlayers:\n${layers}loss: ${loss}\ndata:\n  samples:\n${samples(CLUSTERS.data, CLUSTERS.classes)}\n${extra}`;
}

export function denseYaml(units: number, activation: string, weights: number[][], biases?: number[]): string {
  return (
    `  - dense: ${units}\n    activation: ${activation}\n    weights: ${matrix(weights)}\n` +
    (biases ? `    biases: ${vector(biases)}\n` : '    bias: false\n')
  );
}

// ===================================================================================================

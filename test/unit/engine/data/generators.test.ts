/**
 * The synthetic data generators: shapes and class balance, seed 003's spiral formula at hand-computed
 * points, seed 002's cluster centers, the geometry of xor / circle / moons, the noise knobs, determinism.
 */
import * as assert from 'assert';
import { Rng } from '../../../../src/engine/random';
import {
  circle,
  gaussians,
  generate,
  linspaceAt,
  moons,
  spiral,
  xor,
  GeneratedData,
} from '../../../../src/engine/data/generators';
import type { GeneratorKind } from '../../../../src/engine/config';

const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} is not within ${tol} of ${expected}`);

function point(g: GeneratedData, i: number): [number, number] {
  return [g.x[2 * i], g.x[2 * i + 1]];
}

function classCounts(g: GeneratedData): number[] {
  const counts = new Array(g.classes).fill(0);
  for (const l of g.labels) counts[l]++;
  return counts;
}

describe('data generators', () => {
  const kinds: [GeneratorKind, number][] = [
    ['spiral', 3],
    ['gaussians', 3],
    ['xor', 2],
    ['circle', 2],
    ['moons', 2],
  ];
  for (const [kind, classes] of kinds) {
    it(`${kind}: points per class × classes samples of 2 finite features, balanced, stored class by class`, () => {
      const g = generate(kind, { points: 40, classes: 3, noise: 0.1, std: 1 }, new Rng(1));
      assert.strictEqual(g.classes, classes);
      assert.strictEqual(g.n, 40 * classes);
      assert.strictEqual(g.x.length, 2 * g.n);
      assert.strictEqual(g.labels.length, g.n);
      assert.deepStrictEqual(classCounts(g), new Array(classes).fill(40));
      for (let i = 0; i < g.n; i++) assert.strictEqual(g.labels[i], Math.floor(i / 40));
      assert.ok(g.x.every(Number.isFinite));
    });

    it(`${kind}: the same seed gives the same data, another seed other data`, () => {
      const opts = { points: 25, classes: 3, noise: 0.3, std: 0.5 };
      const a = generate(kind, opts, new Rng(7));
      const b = generate(kind, opts, new Rng(7));
      const c = generate(kind, opts, new Rng(8));
      assert.deepStrictEqual(Array.from(a.x), Array.from(b.x));
      assert.notDeepStrictEqual(Array.from(a.x), Array.from(c.x));
    });
  }

  it('linspaceAt matches numpy.linspace, including its exact endpoint and a single point', () => {
    assert.deepStrictEqual(
      [0, 1, 2, 3, 4].map((i) => linspaceAt(0, 1, 5, i)),
      [0, 0.25, 0.5, 0.75, 1],
    );
    assert.strictEqual(linspaceAt(4, 8, 3, 2), 8);
    assert.strictEqual(linspaceAt(4, 8, 1, 0), 4);
  });

  it("spiral with noise 0 is seed 003's formula: r = linspace(0,1,N), t = linspace(4j,4(j+1),N), x = r(sin t, cos t)", () => {
    // N = 3, K = 2: r = 0, 0.5, 1; class 0 t = 0, 2, 4; class 1 t = 4, 6, 8 (values of sin/cos from tables).
    const g = spiral(3, 2, 0, new Rng(0));
    const expected: [number, number][] = [
      [0, 0],
      [0.5 * 0.9092974268, 0.5 * -0.4161468365],
      [-0.7568024953, -0.6536436209],
      [0, 0],
      [0.5 * -0.2794154982, 0.5 * 0.9601702867],
      [0.9893582466, -0.1455000338],
    ];
    expected.forEach(([ex, ey], i) => {
      const [x, y] = point(g, i);
      close(x, ex, 1e-9, `x of point ${i}`);
      close(y, ey, 1e-9, `y of point ${i}`);
    });
    assert.deepStrictEqual(Array.from(g.labels), [0, 0, 0, 1, 1, 1]);
  });

  it("spiral: noise is the std of the angle noise (the seed's randn·0.2 is noise 0.2)", () => {
    for (const [noise, std] of [
      [0.2, 0.2],
      [0.4, 0.4],
    ]) {
      const N = 2000;
      const g = spiral(N, 1, noise, new Rng(3));
      let sum = 0;
      let sq = 0;
      let count = 0;
      for (let i = 1; i < N; i++) {
        const [x, y] = point(g, i);
        const t = linspaceAt(0, 4, N, i);
        // angle recovered from (sin t, cos t), wrapped to the difference nearest 0
        let d = Math.atan2(x, y) - t;
        d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
        sum += d;
        sq += d * d;
        count++;
        close(Math.hypot(x, y), linspaceAt(0, 1, N, i), 1e-12, `radius of point ${i}`);
      }
      const mean = sum / count;
      close(mean, 0, 0.03, `mean angle noise (noise ${noise})`);
      close(Math.sqrt(sq / count - mean * mean), std, 0.02, `angle noise std (noise ${noise})`);
    }
  });

  it("gaussians default to seed 002's centers (-2,-2), (0,2), (2,-2) with spread std", () => {
    const g = gaussians(3000, 3, 0.5, new Rng(11));
    const centers = [
      [-2, -2],
      [0, 2],
      [2, -2],
    ];
    for (let k = 0; k < 3; k++) {
      let mx = 0,
        my = 0,
        sx = 0;
      for (let i = k * 3000; i < (k + 1) * 3000; i++) {
        mx += g.x[2 * i];
        my += g.x[2 * i + 1];
      }
      mx /= 3000;
      my /= 3000;
      for (let i = k * 3000; i < (k + 1) * 3000; i++) sx += (g.x[2 * i] - mx) ** 2;
      close(mx, centers[k][0], 0.05, `class ${k} mean x`);
      close(my, centers[k][1], 0.05, `class ${k} mean y`);
      close(Math.sqrt(sx / 3000), 0.5, 0.03, `class ${k} std x`);
    }
  });

  it('gaussians take their class count from given centers', () => {
    const g = gaussians(5, 3, 0, new Rng(0), [
      [1, 2],
      [3, 4],
    ]);
    assert.strictEqual(g.classes, 2);
    assert.deepStrictEqual(point(g, 0), [1, 2]);
    assert.deepStrictEqual(point(g, 9), [3, 4]);
  });

  it('gaussians with another number of classes get distinct default centers', () => {
    const g = gaussians(1, 5, 0, new Rng(0));
    const keys = new Set(
      Array.from({ length: 5 }, (_, i) =>
        point(g, i)
          .map((v) => v.toFixed(6))
          .join(),
      ),
    );
    assert.strictEqual(keys.size, 5);
  });

  it('xor with noise 0: class 0 where the signs agree, class 1 where they differ, all four quadrants used, 0.1 from the axes', () => {
    const g = xor(100, 0, new Rng(5));
    const quadrants = new Set<string>();
    for (let i = 0; i < g.n; i++) {
      const [x, y] = point(g, i);
      assert.strictEqual(x * y > 0 ? 0 : 1, g.labels[i], `point ${i} (${x}, ${y})`);
      assert.ok(Math.abs(x) >= 0.1 && Math.abs(x) <= 1 && Math.abs(y) >= 0.1 && Math.abs(y) <= 1);
      quadrants.add(`${Math.sign(x)},${Math.sign(y)}`);
    }
    assert.strictEqual(quadrants.size, 4);
  });

  it('circle with noise 0: class 0 on the unit circle, class 1 on radius 0.5, angles evenly spaced from 0', () => {
    const g = circle(8, 0, new Rng(0));
    for (let i = 0; i < g.n; i++) close(Math.hypot(...point(g, i)), g.labels[i] === 0 ? 1 : 0.5, 1e-12, `radius ${i}`);
    close(point(g, 0)[0], 1, 1e-15, 'first x');
    close(point(g, 2)[1], 1, 1e-15, 'quarter turn y');
  });

  it('moons with noise 0: sklearn make_moons shapes, endpoints (1,0), (-1,0), (0,0.5), (2,0.5)', () => {
    const g = moons(50, 0, new Rng(0));
    for (let i = 0; i < 50; i++) {
      const [x, y] = point(g, i);
      close(Math.hypot(x, y), 1, 1e-12, `outer ${i}`);
      assert.ok(y >= -1e-12);
      const [u, v] = point(g, 50 + i);
      close(Math.hypot(u - 1, v - 0.5), 1, 1e-12, `inner ${i}`);
      assert.ok(v <= 0.5 + 1e-12);
    }
    close(point(g, 0)[0], 1, 1e-15, 'outer start');
    close(point(g, 49)[0], -1, 1e-15, 'outer end');
    assert.deepStrictEqual(point(g, 50), [0, 0.5]);
    close(point(g, 99)[0], 2, 1e-15, 'inner end');
  });

  it('xor / circle / moons noise is the std of Gaussian noise on each coordinate', () => {
    const clean = moons(2000, 0, new Rng(2));
    const noisy = moons(2000, 0.3, new Rng(2));
    let sq = 0;
    for (let i = 0; i < clean.x.length; i++) sq += (noisy.x[i] - clean.x[i]) ** 2;
    close(Math.sqrt(sq / clean.x.length), 0.3, 0.01, 'noise std');
  });
});

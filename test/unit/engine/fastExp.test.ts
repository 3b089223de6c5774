/**
 * The table-driven exp and sigmoid of the hot loops against Math.exp and the textbook stable sigmoid:
 * within a few ulps over the whole double range, and the same special values (overflow, subnormals,
 * NaN, infinities).
 */
import * as assert from 'assert';
import { fastExp, fastSigmoid, sigmoidInto } from '../../../src/engine/fastExp';
import { Rng } from '../../../src/engine/random';

/** Distance in units in the last place between two doubles of similar size (0 when identical, infinities included). */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const ref = Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
  const ulp = Math.max(2 ** (Math.floor(Math.log2(ref)) - 52), Number.MIN_VALUE);
  return Math.abs(a - b) / ulp;
}

function stableSigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

describe('engine fast exp', () => {
  it('stays within 2 ulps of Math.exp from -745 to 710 and near 0', () => {
    const rng = new Rng(5);
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      const x = i % 4 === 0 ? rng.uniform(-1, 1) : rng.uniform(-745, 710);
      const d = ulps(fastExp(x), Math.exp(x));
      if (d > worst) worst = d;
      assert.ok(d <= 2, `fastExp(${x}) = ${fastExp(x)}, Math.exp gives ${Math.exp(x)} (${d.toFixed(2)} ulps)`);
    }
    assert.ok(worst > 0, 'the comparison measured something');
  });

  it('is exact where e^x is exact and matches Math.exp at the edges of its table', () => {
    assert.strictEqual(fastExp(0), 1);
    assert.strictEqual(fastExp(-0), 1);
    for (const x of [-700, -699.999, 709, 708.99, 1e-300, -1e-300, Math.LN2, -Math.LN2, 1, -1]) {
      assert.ok(ulps(fastExp(x), Math.exp(x)) <= 2, `x = ${x}: ${fastExp(x)} vs ${Math.exp(x)}`);
    }
  });

  it('gives overflow, subnormals, zero and NaN like Math.exp', () => {
    for (const x of [709.79, 710, 1000, Infinity, -701, -720, -745, -746, -Infinity, NaN]) {
      assert.ok(Object.is(fastExp(x), Math.exp(x)), `x = ${x}: ${fastExp(x)} vs ${Math.exp(x)}`);
    }
  });

  it('sigmoid agrees with the stable two-branch form within 3 ulps, from -800 to 800', () => {
    const rng = new Rng(6);
    const z = new Float64Array(50_000);
    for (let i = 0; i < z.length; i++) z[i] = i % 2 ? rng.uniform(-40, 40) : rng.uniform(-800, 800);
    z.set([0, -0, -700, -700.5, -709, -720, -745, -746, 36, 37, 700, 710, 800, Infinity, -Infinity], 0);
    const a = new Float64Array(z.length + 1).fill(9);
    sigmoidInto(z, a, z.length);
    assert.strictEqual(a[z.length], 9, 'writes only n elements');
    for (let i = 0; i < z.length; i++) {
      const want = stableSigmoid(z[i]);
      assert.strictEqual(a[i], fastSigmoid(z[i]));
      assert.ok(ulps(a[i], want) <= 3, `sigmoid(${z[i]}) = ${a[i]}, stable form gives ${want}`);
    }
    assert.strictEqual(fastSigmoid(-720), Math.exp(-720), 'a subnormal, not 0, far left');
    assert.ok(fastSigmoid(-720) > 0);
    assert.strictEqual(fastSigmoid(800), 1);
    assert.ok(Number.isNaN(fastSigmoid(NaN)));
  });
});

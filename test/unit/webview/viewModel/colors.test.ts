/** Unit tests of the panel's colour scales (webview/viewModel/colors.ts). */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  fillOpacity,
  heatmapPixels,
  MAX_STROKE,
  MIN_STROKE,
  NEGATIVE_VAR,
  NEUTRAL_VAR,
  parseCssColor,
  POSITIVE_VAR,
  robustScale,
  signColorVar,
  strokeWidth,
  classColorVar,
} from '../../../../webview/viewModel/colors';

describe('webview colour scales', () => {
  it('maps the sign to theme colour variables only', () => {
    assert.equal(signColorVar(0.3), POSITIVE_VAR);
    assert.equal(signColorVar(-1e-9), NEGATIVE_VAR);
    assert.equal(signColorVar(0), NEUTRAL_VAR);
    assert.equal(signColorVar(NaN), NEUTRAL_VAR);
    for (const v of [POSITIVE_VAR, NEGATIVE_VAR, NEUTRAL_VAR, classColorVar(0), classColorVar(7)])
      assert.match(v, /^--vscode-/);
    assert.notEqual(classColorVar(0), classColorVar(1));
  });

  it('stroke width is monotone in |v|, symmetric, and bounded', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
        fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
        fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
        (a, b, scale) => {
          const [lo, hi] = Math.abs(a) <= Math.abs(b) ? [a, b] : [b, a];
          assert.ok(strokeWidth(lo, scale) <= strokeWidth(hi, scale));
          assert.equal(strokeWidth(a, scale), strokeWidth(-a, scale));
          const w = strokeWidth(a, scale);
          assert.ok(w >= MIN_STROKE && w <= MAX_STROKE);
        },
      ),
    );
    assert.equal(strokeWidth(0, 1), MIN_STROKE);
    assert.equal(strokeWidth(5, 1), MAX_STROKE);
    assert.ok(fillOpacity(0.5, 1) > fillOpacity(0.1, 1));
  });

  it('the scale ignores a single outlier among many values but uses the maximum for few', () => {
    const many = [...Array(99).fill(1), 1000];
    assert.equal(robustScale(many), 1);
    assert.equal(robustScale([0.1, -0.4, 0.2]), 0.4);
    assert.equal(robustScale([]), 1);
    assert.equal(robustScale([0, NaN, Infinity]), 1);
  });

  it('the lecture gradients get widths in the order of their magnitudes', () => {
    const grads = [-3.42e-6, -0.201341, 1.258e-6, -2.05e-6, -0.120805, 7.55e-7, -0.40962, -0.29946, -0.40962];
    const s = robustScale(grads);
    assert.equal(s, 0.40962);
    assert.ok(strokeWidth(-0.40962, s) > strokeWidth(-0.29946, s));
    assert.ok(strokeWidth(-0.29946, s) > strokeWidth(-0.201341, s));
    assert.ok(strokeWidth(-0.201341, s) > strokeWidth(-3.42e-6, s) + 3);
  });

  it('parses the colour strings themes give', () => {
    assert.deepEqual(parseCssColor('#1a85ff'), { r: 26, g: 133, b: 255, a: 1 });
    assert.deepEqual(parseCssColor(' #fff '), { r: 255, g: 255, b: 255, a: 1 });
    assert.deepEqual(parseCssColor('#00000080'), { r: 0, g: 0, b: 0, a: 128 / 255 });
    assert.deepEqual(parseCssColor('rgba(10, 20, 30, 0.5)'), { r: 10, g: 20, b: 30, a: 0.5 });
    assert.deepEqual(parseCssColor('rgb(10 20 30 / 50%)'), { r: 10, g: 20, b: 30, a: 0.5 });
    assert.equal(parseCssColor('var(--x)'), undefined);
    assert.equal(parseCssColor(''), undefined);
  });

  it('heatmap pixels: sign picks the colour, magnitude the alpha', () => {
    const out = new Uint8ClampedArray(12);
    heatmapPixels([2, -1, 0], { r: 0, g: 0, b: 255, a: 1 }, { r: 255, g: 128, b: 0, a: 1 }, 2, out);
    assert.deepEqual([...out], [0, 0, 255, 255, 255, 128, 0, 128, 0, 0, 255, 0]);
  });
});

describe('webview colour scale on big matrices', () => {
  it('estimates the scale of a 784×128 matrix from a sample, close to the exact quantile', () => {
    const n = 784 * 128;
    const values = new Float64Array(n);
    let s = 12345;
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      values[i] = (s / 2 ** 32 - 0.5) * 2;
    }
    let reads = 0;
    const counted = new Proxy(values, {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key);
      },
    });
    const est = robustScale(counted);
    assert.ok(reads <= 4096, `${reads} of ${n} values read: the scale comes from a bounded sample`);
    const exact = Array.from(values, Math.abs).sort((a, b) => a - b)[Math.ceil(0.95 * n) - 1];
    assert.ok(Math.abs(est - exact) < 0.02, `${est} vs ${exact}`);
  });
});

/**
 * The gradient check told in words (src/text/gradcheck.ts) from real engine reports: the verdict on the
 * worked example, a wrong custom derivative named with its layer and parameters (W², b²), a kink, and the
 * CLI's table with parameters in the project's notation.
 */
import * as assert from 'assert';
import { gradcheck } from '../../../src/engine/gradcheck';
import { Network } from '../../../src/engine/network';
import { describeGradcheck, gradcheckMessage } from '../../../src/text/gradcheck';
import { makeData, reluCorner, swishNetwork, workedExample } from '../fixtures/engine';

const M = '\u2212';

describe('text gradcheck', () => {
  it('the worked example passes, every difference within rounding noise, with the largest |a − n|', () => {
    const { spec, data } = workedExample();
    const r = gradcheck(Network.fromSpec(spec), data);
    assert.match(
      gradcheckMessage(r),
      new RegExp(
        `^gradient check passed: 9 parameters checked, every difference within the rounding noise of the finite differences \\(largest \\|analytic − numeric\\| \\d(\\.\\d+)?e${M}1\\d\\)$`,
      ),
    );
    const text = describeGradcheck(r);
    assert.match(text, new RegExp(`^Gradient check · central differences, ε = 1e${M}5 · 9 parameters`));
    assert.match(text, /layer\s+param\s+checked/);
    assert.match(text, /\n1\s+W¹\s+6\s+.*ok/);
    assert.match(text, /\n2\s+W²\s+3\s+.*ok/);
    assert.match(text, /✔ gradient check passed/);
  });

  it('a wrong custom df fails in its layer, names W² and b² and the likely culprit', () => {
    const spec = swishNetwork('sigmoid(x)'); // forgot the product rule
    const data = makeData(
      [
        [0.5, -1.2],
        [1.1, 0.3],
        [-0.7, 0.9],
      ],
      [[1], [0], [1]],
    );
    const r = gradcheck(Network.fromSpec(spec), data);
    assert.strictEqual(r.passed, false);
    const message = gradcheckMessage(r);
    assert.match(message, /^gradient check failed in .*layer 2 \(W², b²\)/);
    assert.match(message, /max relative error \d/);
    assert.match(
      message,
      /layer 2 uses the custom activation 'swish': its df \(sigmoid\(x\)\) is likely wrong — it must be the derivative of f \(x \* sigmoid\(x\)\)/,
    );
    const text = describeGradcheck(r);
    assert.match(text, /worst entries:/);
    assert.match(text, /W²\[\d,\d\]/);
    assert.match(text, /✘ gradient check failed/);
    assert.doesNotMatch(text, /W\[\d/);
  });

  it('says how many entries crossed a corner', () => {
    const { spec, data } = reluCorner();
    const r = gradcheck(Network.fromSpec(spec), data);
    const kinks = r.entries.filter((e) => e.status === 'kink').length;
    assert.ok(kinks >= 1);
    assert.match(
      gradcheckMessage(r),
      new RegExp(
        `; ${kinks} entr(y|ies) crossed a corner \\(ReLU/step/maxout/hinge/L1 kink\\) where a mismatch is expected$`,
      ),
    );
  });
});

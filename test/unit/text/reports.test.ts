/**
 * The CLI's and Output channel's text of a pass and of the summary: the worked example's story in the
 * project's notation (x, z¹, a¹, ŷ, target y, ∂J/∂ŷ, ∂J/∂W², ∂J/∂a¹, ∂J/∂W¹, samples from 1) and the
 * lecture's printed digits (h = (0.99998, 0.73106, 0.99999), ∂J/∂V = (−0.40962, −0.29946, −0.40962)).
 */
import * as assert from 'assert';
import { describeBackward, describeForward, describeSummary } from '../../../src/text/reports';
import { Network } from '../../../src/engine/network';
import { backwardReport, forwardReport } from '../../../src/engine/passes';
import { makeData, makeSpec, workedExample } from '../fixtures/engine';

const M = '\u2212';

describe('text reports', () => {
  const { spec, data } = workedExample();

  it('forward tells x, a¹ (the lecture’s h), ŷ (its y), the target y and the loss of the worked example', () => {
    const text = describeForward(forwardReport(Network.fromSpec(spec), data));
    assert.match(text, /^Forward pass · sample 1$/m);
    assert.match(text, /x = \(5, 3\)/);
    assert.match(text, /layer 1 \(dense, sigmoid\): a¹ = sigmoid\(z¹\)/);
    assert.match(text, /z¹ = \(11, 1, 12\)/);
    assert.match(text, /a¹ = \(0\.99998, 0\.73106, 0\.99999\)/);
    assert.match(text, /layer 2 \(dense, sigmoid\): ŷ = sigmoid\(z²\)/);
    assert.match(text, /ŷ = \(0\.59038\)/);
    assert.match(text, /target y = \(1\)/);
    assert.match(text, /loss J = 0\.526992/);
  });

  it('backward goes from ∂J/∂ŷ through ∂J/∂W² (the lecture’s V) and ∂J/∂a¹ to ∂J/∂W¹', () => {
    const text = describeBackward(backwardReport(Network.fromSpec(spec), data));
    const order = [
      'Backward pass · sample 1 · loss J = 0.526992',
      `∂J/∂ŷ = (${M}1.6938)`,
      '∂J/∂W² (3×1)',
      `${M}0.40962`,
      `${M}0.29946`,
      `∂J/∂a¹ = (${M}0.040962, ${M}0.20481, 0.040962)`,
      '∂J/∂W¹ (2×3)',
      `${M}3.4206e${M}6`,
      `${M}0.20134`,
      `7.5503e${M}7`,
    ];
    let at = -1;
    for (const s of order) {
      const i = text.indexOf(s, at + 1);
      assert.ok(i > at, `"${s}" missing or out of order in:\n${text}`);
      at = i;
    }
    assert.doesNotMatch(text, /∂J\/∂[Vhy]\b|sample 0/);
  });

  it('elides large batches and numbers the samples from 1', () => {
    const x = Array.from({ length: 12 }, (_, i) => [i, -i]);
    const net = Network.fromSpec(makeSpec({ input: 2, loss: 'mse', layers: [{ units: 1 }] }));
    const text = describeForward(
      forwardReport(
        net,
        makeData(
          x,
          x.map(() => [0]),
        ),
      ),
    );
    assert.match(text, /… 7 more samples/);
    assert.match(text, /12 samples/);
    assert.match(text, /\[sample 1\] x = \(0, 0\)/);
    assert.match(text, new RegExp(`\\[sample 5\\] x = \\(4, ${M}4\\)`));
    assert.doesNotMatch(text, /\[sample 0\]/);
  });

  it('summary is a Keras-style table with shapes (W¹ 2×3, b¹ 3), counts and the total', () => {
    const text = describeSummary({
      name: 'demo',
      input: 2,
      totalParams: 13 + 6,
      layers: [
        {
          index: 1,
          type: 'dense',
          activation: 'sigmoid',
          inputs: 2,
          units: 3,
          params: 9,
          shapes: { W: [2, 3], b: [3] },
        },
        {
          index: 2,
          type: 'maxout',
          activation: 'linear',
          inputs: 3,
          units: 1,
          pieces: 2,
          params: 8,
          shapes: { W: [2, 3, 1], b: [2, 1] },
        },
      ],
    });
    assert.match(text, /1\s+dense\s+sigmoid\s+2 → 3\s+W¹ 2×3, b¹ 3\s+9/);
    assert.match(text, /2\s+maxout×2\s+linear\s+3 → 1\s+W² 2×3×1, b² 2×1\s+8/);
    assert.match(text, /Total params: 19/);
  });
});

/**
 * The notation (src/text/notation.ts): W¹ b¹ W² … with superscript layer numbers, entries W¹[i,j] from 1,
 * z¹ and a¹ with a⁰ = x, ŷ the prediction, y the target, samples, layers and units from 1, classes as
 * the data writes them, and activations as the spec writes them.
 */
import { strict as assert } from 'node:assert';
import {
  activationName,
  activationSymbol,
  classLabel,
  gradientSymbol,
  nodeName,
  paramEntryName,
  paramSymbol,
  plural,
  preActivationSymbol,
  sampleIndex,
  sampleLabel,
  sampleNumber,
  samplesLabel,
  superscript,
  trainingSetRange,
  unitLabel,
} from '../../../src/text/notation';

describe('text notation', () => {
  it('names parameters W¹ b¹ W² … for any depth, the lecture’s W and V being W¹ and W²', () => {
    assert.equal(paramSymbol('W', 1), 'W¹');
    assert.equal(paramSymbol('W', 2), 'W²');
    assert.equal(paramSymbol('b', 3), 'b³');
    assert.equal(paramSymbol('W', 12), 'W¹²');
    assert.equal(superscript(10), '¹⁰');
    assert.equal(gradientSymbol(paramSymbol('W', 1)), '∂J/∂W¹');
  });

  it('numbers parameter entries from 1: W[0][1] is W¹[1,2]; maxout pieces too', () => {
    assert.equal(paramEntryName(1, 'W', [0, 1]), 'W¹[1,2]');
    assert.equal(paramEntryName(2, 'b', [0]), 'b²[1]');
    assert.equal(paramEntryName(1, 'W', [1, 0, 2]), 'W¹[1,3] piece 2');
    assert.equal(paramEntryName(1, 'b', [1, 2]), 'b¹[3] piece 2');
  });

  it('writes z¹, a¹ for hidden layers, ŷ for the last layer and x for a⁰', () => {
    assert.equal(preActivationSymbol(1), 'z¹');
    assert.equal(activationSymbol(0, 2), 'x');
    assert.equal(activationSymbol(1, 2), 'a¹');
    assert.equal(activationSymbol(2, 2), 'ŷ');
    assert.equal(activationSymbol(2, 3), 'a²');
    assert.equal(activationSymbol(1, 1), 'ŷ');
  });

  it('names nodes x₁, a¹₂, ŷ (ŷ₂ when there are several outputs)', () => {
    assert.equal(nodeName('input', 0, 0, 2), 'x₁');
    assert.equal(nodeName('hidden', 1, 1, 3), 'a¹₂');
    assert.equal(nodeName('hidden', 2, 2, 8), 'a²₃');
    assert.equal(nodeName('output', 2, 0, 1), 'ŷ');
    assert.equal(nodeName('output', 3, 1, 3), 'ŷ₂');
  });

  it('numbers samples and units from 1 and classes as the data writes them (from 0)', () => {
    assert.equal(sampleNumber(0), 1);
    assert.equal(sampleIndex(1), 0);
    assert.equal(sampleIndex(sampleNumber(41)), 41);
    assert.equal(sampleLabel(0), 'sample 1');
    assert.equal(samplesLabel([4]), 'sample 5');
    assert.equal(samplesLabel([0, 1, 2]), '3 samples');
    assert.equal(unitLabel(0), 'unit 1');
    assert.equal(classLabel(0), 'class 0');
    assert.equal(trainingSetRange(5), 'the training set has 5 samples (1 to 5)');
    assert.equal(trainingSetRange(1), 'the training set has 1 sample (1 to 1)');
  });

  it('names activations as a spec writes them', () => {
    assert.equal(activationName({ kind: 'sigmoid' }), 'sigmoid');
    assert.equal(activationName({ kind: 'leaky_relu', alpha: 0.01 }), 'leaky_relu(0.01)');
    assert.equal(activationName({ kind: 'elu', alpha: 1 }), 'elu(1)');
    assert.equal(
      activationName({
        kind: 'custom',
        name: 'swish',
        f: { type: 'var', name: 'x' },
        df: { type: 'num', value: 1 },
        fText: 'x',
        dfText: '1',
      }),
      'swish',
    );
  });

  it('counts in words', () => {
    assert.equal(plural(1, 'param'), '1 param');
    assert.equal(plural(13, 'parameter'), '13 parameters');
    assert.equal(plural(3, 'class'), '3 classes');
  });
});

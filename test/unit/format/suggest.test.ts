/** Did-you-mean: the edit distance (with adjacent swaps) and the choice of the closest name. */
import * as assert from 'assert';
import { editDistance, suggest } from '../../../src/format/suggest';
import { ACTIVATION_NAMES, LOSS_NAMES, OPTIMIZER_NAMES } from '../../../src/format/keys';

describe('spec suggest', () => {
  it('edit distance counts insertions, deletions, substitutions and swaps', () => {
    assert.strictEqual(editDistance('sigmod', 'sigmoid'), 1);
    assert.strictEqual(editDistance('kitten', 'sitting'), 3);
    assert.strictEqual(editDistance('adma', 'adam'), 1);
    assert.strictEqual(editDistance('', 'abc'), 3);
    assert.strictEqual(editDistance('same', 'same'), 0);
  });
  it('suggests the closest name within a distance that grows with the length', () => {
    assert.strictEqual(suggest('sigmod', ACTIVATION_NAMES), 'sigmoid');
    assert.strictEqual(suggest('Relu', ACTIVATION_NAMES), 'relu');
    assert.strictEqual(suggest('leaky', ACTIVATION_NAMES), 'leaky_relu');
    assert.strictEqual(suggest('crossentropy', LOSS_NAMES), 'cross_entropy');
    assert.strictEqual(suggest('binary_crossentropy', LOSS_NAMES), 'binary_cross_entropy');
    assert.strictEqual(suggest('adma', OPTIMIZER_NAMES), 'adam');
    assert.strictEqual(suggest('banana', ACTIVATION_NAMES), undefined);
    assert.strictEqual(suggest('x', ['y']), undefined, 'one letter is not a typo of another');
  });
});

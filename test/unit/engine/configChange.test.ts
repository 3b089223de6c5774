/**
 * What an edit means for a model (src/engine/configChange.ts): real .nnspec text edited one key at a
 * time and checked by the format layer, then the old and new configurations compared — network and
 * data edits make the model stale, training settings keep the weights, a new optimizer kind resets
 * its state, and the name or the gradient check's settings mean nothing to the model.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { check } from '../../../src/format/analyze';
import { classifyChange, sameValue } from '../../../src/engine/configChange';
import type { NetworkConfig } from '../../../src/engine/config';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const XOR = readFileSync(join(ROOT, 'examples', 'xor.nnspec'), 'utf8');
const WORKED = readFileSync(join(ROOT, 'examples', 'backprop-by-hand.nnspec'), 'utf8');

function config(text: string): NetworkConfig {
  const { analysis } = check(text);
  assert.ok(analysis.spec, JSON.stringify(analysis.diagnostics.slice(0, 2)));
  return analysis.spec;
}

/** The change from `text` to `text` with `from` replaced by `to` (which must occur). */
function edit(text: string, from: string | RegExp, to: string) {
  const edited = text.replace(from, to);
  assert.notEqual(edited, text, `${String(from)} is in the spec`);
  return classifyChange(config(text), config(edited));
}

describe('config change: what an edit means for the model', () => {
  it('the same text, or a new name or gradient-check setting: nothing for the model', () => {
    assert.deepEqual(classifyChange(config(XOR), config(XOR)), {
      kind: 'none',
      fields: [],
      network: [],
      optimizerReset: false,
    });
    assert.equal(edit(XOR, 'name: XOR (2-4-1)', 'name: another').kind, 'none');
    assert.equal(edit(XOR, 'train:', 'gradcheck: { samples: 3 }\ntrain:').kind, 'none');
  });

  it('training settings keep the weights; only a new optimizer kind resets its state', () => {
    const cases: [string | RegExp, string, string][] = [
      ['learning_rate: 0.05', 'learning_rate: 0.5', 'learning_rate'],
      ['epochs: 300', 'epochs: 10', 'epochs'],
      ['batch_size: full', 'batch_size: 16', 'batch_size'],
      ['learning_rate: 0.05', 'learning_rate: 0.05\n  beta1: 0.8', 'optimizer'],
      ['epochs: 300', 'epochs: 300\n  stop: { loss_below: 0.01 }', 'stop'],
      ['epochs: 300', 'epochs: 300\n  shuffle: false', 'shuffle'],
    ];
    for (const [from, to, field] of cases) {
      const change = edit(XOR, from, to);
      assert.deepEqual(
        change,
        { kind: 'training', fields: [field], network: [], optimizerReset: false },
        `${field}: ${to}`,
      );
    }
    const kind = edit(XOR, 'optimizer: adam', 'optimizer: momentum');
    assert.deepEqual(kind, { kind: 'training', fields: ['optimizer'], network: [], optimizerReset: true });
  });

  it('the network or its data make the model stale', () => {
    const cases: [string, string | RegExp, string, string][] = [
      [XOR, 'seed: 0', 'seed: 1', 'seed'],
      [XOR, 'dense: 4', 'dense: 5', 'layers'],
      [XOR, 'activation: tanh', 'activation: relu', 'layers'],
      [XOR, 'activation: tanh', 'activation: tanh\n    init: he', 'layers'],
      [XOR, 'noise: 0', 'noise: 0.1', 'data'],
      [XOR, 'loss: binary_cross_entropy', 'loss: binary_cross_entropy\nregularization: { l2: 0.01 }', 'regularization'],
      [WORKED, '[[0.1], [0.5], [-0.1]]', '[[0.1], [0.5], [-0.2]]', 'layers'],
      [WORKED, 'bias: false', 'bias: true', 'layers'],
    ];
    for (const [text, from, to, field] of cases) {
      const change = edit(text, from, to);
      assert.equal(change.kind, 'network', `${field}: ${to}`);
      assert.deepEqual(change.fields, [field]);
    }
    const both = edit(XOR, /dense: 4([\s\S]*)learning_rate: 0.05/, 'dense: 3$1learning_rate: 0.1');
    assert.deepEqual(both, {
      kind: 'network',
      fields: ['layers', 'learning_rate'],
      network: ['layers'],
      optimizerReset: true,
    });
  });

  it('compares typed arrays by element and treats absent and undefined keys alike', () => {
    assert.ok(sameValue(Float64Array.of(1, 2), Float64Array.of(1, 2)));
    assert.ok(!sameValue(Float64Array.of(1, 2), Float64Array.of(1, 3)));
    assert.ok(!sameValue(Float64Array.of(1, 2), [1, 2]));
    assert.ok(sameValue({ a: 1, b: undefined }, { a: 1 }));
    assert.ok(!sameValue({ a: 1 }, { a: 1, b: 2 }));
    assert.ok(sameValue(Number.NaN, Number.NaN));
    assert.ok(!sameValue([1, 2], [2, 1]));
  });
});

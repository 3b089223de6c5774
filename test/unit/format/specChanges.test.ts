/**
 * What changed between two versions of a spec (src/format/specChanges.ts), as the loss chart labels
 * an earlier run: key by key in the spec's own names, values as written, comments and layout
 * ignored, layers by their 1-based number, lists compared whole, at most a few changes in a label.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_CHANGE, changeLabel, specChanges } from '../../../src/format/specChanges';
import { WORKED_EXAMPLE } from '../fixtures/spec';

const XOR = readFileSync(join(__dirname, '../../../../examples/xor.nnspec'), 'utf8');

/** The label of the change from `before` to `after`. */
const label = (before: string, after: string): string => changeLabel(specChanges(before, after));

describe('spec changes', () => {
  it('names a training setting alone, with its values as written', () => {
    const after = XOR.replace('learning_rate: 0.05', 'learning_rate: 1');
    assert.deepEqual(specChanges(XOR, after), [{ key: 'learning_rate', kind: 'changed', before: '0.05', after: '1' }]);
    assert.equal(label(XOR, after), 'learning_rate 0.05 → 1');
    assert.equal(label(XOR, XOR.replace('learning_rate: 0.05', 'learning_rate: 1e-3')), 'learning_rate 0.05 → 1e-3');
  });

  it('ignores comments, spacing, key order and number spelling', () => {
    const reordered = XOR.replace('name: XOR (2-4-1)\nseed: 0', 'seed:   0   # the same seed\nname: XOR (2-4-1)')
      .replace(/^# .*$/gm, '# another comment')
      .replace('learning_rate: 0.05', 'learning_rate: 5.0e-2');
    assert.notEqual(reordered, XOR);
    assert.deepEqual(specChanges(XOR, reordered), []);
    assert.equal(label(XOR, reordered), NO_CHANGE);
  });

  it('names keys below a section by their path, and other sections in full', () => {
    const after = XOR.replace('noise: 0 }', 'noise: 0.2 }').replace('seed: 0', 'seed: 4');
    assert.equal(label(XOR, after), 'seed 0 → 4, generate.noise 0 → 0.2');
    const checked = `${XOR}gradcheck:\n  epsilon: 1e-5\n`;
    assert.equal(label(checked, checked.replace('1e-5', '1e-6')), 'gradcheck.epsilon 1e-5 → 1e-6');
    const reg = XOR.replace('loss: binary', 'regularization: { l2: 0.001 }\nloss: binary');
    assert.equal(label(reg, reg.replace('0.001', '0.01')), 'l2 0.001 → 0.01');
  });

  it('says what was added and removed', () => {
    const after = XOR.replace('  optimizer: adam\n', '  optimizer: adam\n  beta1: 0.8\n').replace(
      '  epochs: 300\n',
      '',
    );
    assert.deepEqual(specChanges(XOR, after), [
      { key: 'beta1', kind: 'added', after: '0.8' },
      { key: 'epochs', kind: 'removed' },
    ]);
    assert.equal(label(XOR, after), 'beta1 added (0.8), epochs removed');
    const reg = XOR.replace('loss: binary', 'regularization: { l2: 0.001 }\nloss: binary');
    assert.equal(label(XOR, reg), 'regularization added ({ l2: 0.001 })');
  });

  it('names a layer by its 1-based number, and a layer added or removed', () => {
    const after = XOR.replace('activation: tanh', 'activation: relu').replace('  - dense: 1\n', '  - dense: 2\n');
    assert.equal(label(XOR, after), 'layer 1: activation tanh → relu, layer 2: dense 1 → 2');
    const deeper = XOR.replace('  - dense: 1\n', '  - dense: 3\n  - dense: 1\n');
    assert.deepEqual(
      specChanges(XOR, deeper)?.map((c) => `${c.key} ${c.kind}`),
      ['layer 2: dense changed', 'layer 2: activation removed', 'layer 3 added'],
      'layers are compared in order',
    );
    assert.equal(label(XOR, deeper), 'layer 2: dense 1 → 3, layer 2: activation removed, layer 3 added');
    assert.equal(label(deeper, XOR), 'layer 2: dense 3 → 1, layer 2: activation added (sigmoid), layer 3 removed');
    const flow = XOR.replace('  - dense: 4\n    activation: tanh\n', '  - { dense: 4, activation: tanh }\n');
    assert.equal(label(XOR, flow), NO_CHANGE, 'a flow-style layer equals the same block-style layer');
  });

  it('shows short lists, and says a long one changed', () => {
    const w = WORKED_EXAMPLE;
    const changed = w.replace('[[0.1], [0.5], [-0.1]]', '[[0.2], [0.5], [-0.1]]');
    assert.equal(label(w, changed), 'layer 2: weights [[0.1], [0.5], [-0.1]] → [[0.2], [0.5], [-0.1]]');
    const long = w.replace('[[1.0, -1.0, 3.0], [2.0, 2.0, -1.0]]', '[[1.5, -1.0, 3.0], [2.0, 2.0, -1.0]]');
    assert.equal(label(w, long), 'layer 1: weights changed');
    const sample = w.replace('x: [5.0, 3.0], y: 1', 'x: [5.0, 3.0], y: 0');
    assert.equal(label(w, sample), 'samples changed', 'a list of samples is compared whole');
  });

  it('cuts a long value, and a long list of changes', () => {
    const custom = `activations:\n  swish: { f: "x * sigmoid(x)", df: "sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x))" }\n${XOR}`;
    const edited = custom.replace('"x * sigmoid(x)"', '"x * sigmoid(2 * x) + 0 * x"');
    assert.equal(label(custom, edited), 'activations.swish.f "x * sigmoid(x)" → "x * sigmoid(2 * x) + 0…');
    const many = XOR.replace('seed: 0', 'seed: 1')
      .replace('learning_rate: 0.05', 'learning_rate: 0.1')
      .replace('epochs: 300', 'epochs: 30')
      .replace('optimizer: adam', 'optimizer: sgd')
      .replace('points: 50', 'points: 60');
    assert.equal(
      label(XOR, many),
      'seed 0 → 1, generate.points 50 → 60, optimizer adam → sgd and 2 more changes',
      'in document order',
    );
    assert.equal(changeLabel(specChanges(XOR, many), 10).split(', ').length, 5);
  });

  it('a text that does not parse gives no changes, and the label says only that the spec was edited', () => {
    assert.equal(specChanges(XOR, 'layers: [\n'), undefined);
    assert.equal(specChanges('- a list\n', XOR), undefined, 'a spec is a map');
    assert.equal(label(XOR, 'layers: [\n'), 'the spec was edited');
  });

  it('keeps hostile key names as plain data', () => {
    const before = `__proto__: 1\nconstructor: { a: 1 }\n${XOR}`;
    const after = `__proto__: 2\nconstructor: { a: 2 }\n${XOR}`;
    assert.equal(label(before, after), '__proto__ 1 → 2, constructor.a 1 → 2');
    assert.equal(({} as Record<string, unknown>).a, undefined);
  });
});

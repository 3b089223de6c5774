/** Completion contexts in a .nnspec text: section keys by indentation, values by key, the spec's own activations. */
import { strict as assert } from 'node:assert';
import { completionsAt, sectionPath, customActivationNames, keyDocAt } from '../../../src/extension/completionModel';

const SPEC = [
  'name: demo', // 0
  'input: 2', // 1
  'activations:', // 2
  '  swish:', // 3
  '    f: x * sigmoid(x)', // 4
  '    df: sigmoid(x) * (1 + x * (1 - sigmoid(x)))', // 5
  'layers:', // 6
  '  - dense: 3', // 7
  '    activation: ', // 8
  '    ', // 9
  '  - ', // 10
  'data:', // 11
  '  generate:', // 12
  '    kind: ', // 13
  'train:', // 14
  '  optimizer: ', // 15
  '  stop:', // 16
  '    ', // 17
  '', // 18
].join('\n');
const lines = SPEC.split('\n');
const labels = (line: number, character = lines[line].length) =>
  completionsAt(SPEC, line, character).map((e) => e.label);

describe('completion model', () => {
  it('finds the enclosing sections by indentation', () => {
    assert.deepEqual(sectionPath(lines, 9, 4), ['layers']);
    assert.deepEqual(sectionPath(lines, 13, 4), ['data', 'generate']);
    assert.deepEqual(sectionPath(lines, 17, 4), ['train', 'stop']);
    assert.deepEqual(sectionPath(lines, 18, 0), []);
  });

  it("reads the names of the spec's own activations", () => {
    assert.deepEqual(customActivationNames(lines), ['swish']);
  });

  it('offers activations, built-in and the spec\'s own, after "activation:"', () => {
    const got = labels(8);
    for (const name of [
      'sigmoid',
      'tanh',
      'relu',
      'leaky_relu',
      'elu',
      'softplus',
      'step',
      'linear',
      'softmax',
      'swish',
    ])
      assert.ok(got.includes(name), name);
    assert.ok(!got.includes('adam'));
  });

  it('does not offer softmax in a hidden layer (a later layer follows), only in the last one', () => {
    const spec = ['input: 2', 'layers:', '  - dense: 3', '    activation: ', '  - dense: 2', '    activation: ', ''];
    const at = (line: number) => completionsAt(spec.join('\n'), line, spec[line].length).map((e) => e.label);
    assert.ok(!at(3).includes('softmax'), 'hidden layer');
    assert.ok(at(3).includes('tanh'), 'hidden layer still offers the others');
    assert.ok(at(5).includes('softmax'), 'last layer');
    const inline = ['layers:', '  - dense: 3', '  - activation: ', '    dense: 1', '  - dense: 2'];
    assert.ok(!completionsAt(inline.join('\n'), 2, inline[2].length).some((e) => e.label === 'softmax'));
  });

  it('offers the layer keys not yet written in the item', () => {
    const got = labels(9);
    assert.ok(got.includes('bias') && got.includes('init') && got.includes('weights'));
    assert.ok(!got.includes('activation'), 'activation is already there');
    assert.ok(!got.includes('dense') && !got.includes('maxout'), 'the item has its kind');
  });

  it('offers the layer kinds on a new list item', () => {
    const got = labels(10);
    assert.ok(got.includes('dense') && got.includes('maxout'));
  });

  it('offers data set kinds, optimizers and stop rules in their sections', () => {
    assert.deepEqual(labels(13), ['spiral', 'gaussians', 'xor', 'circle', 'moons']);
    assert.deepEqual(labels(15), ['gd', 'sgd', 'momentum', 'nesterov', 'adam']);
    assert.deepEqual(labels(17), ['loss_below', 'weight_change_below']);
  });

  it('offers the missing top-level keys at column 0', () => {
    const got = labels(18);
    assert.ok(got.includes('loss') && got.includes('seed') && got.includes('gradcheck'));
    assert.ok(!got.includes('layers') && !got.includes('name'), 'already written');
  });

  it('documents the key under the cursor by its section', () => {
    assert.match(keyDocAt(SPEC, 8, 6)!.summary, /activation function/);
    assert.equal(keyDocAt(SPEC, 8, 6)!.key, 'activation');
    assert.match(keyDocAt(SPEC, 13, 5)!.summary, /spiral, gaussians/, 'kind under generate');
    assert.match(keyDocAt(SPEC, 15, 3)!.summary, /gd, sgd/, 'optimizer under train');
    assert.match(keyDocAt(SPEC, 4, 4)!.summary, /f\(x\)/, 'f of a custom activation');
    assert.equal(keyDocAt(SPEC, 8, 16), undefined, 'not on the value');
    assert.equal(keyDocAt(SPEC, 3, 3), undefined, 'a custom activation name is not a format key');
  });

  it('offers nothing inside a comment', () => {
    assert.deepEqual(completionsAt('# activation: ', 0, 14), []);
  });
});

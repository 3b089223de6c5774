/**
 * The data section in specs: generated, builtin iris and inline data, what they imply for the input
 * and output widths, their defaults, and their errors at the right place.
 */
import * as assert from 'assert';
import { analyze } from '../../../src/format/analyze';
import { errors, findDiagnostic, positionOf } from '../fixtures/spec';

const softmax3 = '  - dense: 3\n    activation: tanh\n  - dense: 3\n    activation: softmax\n';
const spec = (data: string, layers = softmax3, loss = 'cross_entropy', head = '') =>
  `${head}layers:\n${layers}loss: ${loss}\ndata:\n${data}`;

describe('spec data: generate', () => {
  it('fills defaults and infers 2 inputs', () => {
    const r = analyze(spec('  generate: { kind: spiral, classes: 3 }\n'));
    assert.deepStrictEqual(errors(r), []);
    assert.strictEqual(r.spec!.input, 2);
    assert.deepStrictEqual(r.spec!.data!.source, {
      kind: 'generate',
      generator: 'spiral',
      points: 100,
      classes: 3,
      noise: 0.2,
      std: 1,
    });
    assert.strictEqual(r.spec!.gradcheck.samples, 8);
  });
  it('gaussians with 3 classes need 3 output units', () => {
    const text = spec(
      '  generate: { kind: gaussians, centers: [[0, 0], [3, 3], [0, 4]] }\n',
      '  - dense: 3\n    activation: sigmoid\n  - dense: 2\n    activation: softmax\n',
    );
    const d = findDiagnostic(analyze(text), 'classes');
    assert.strictEqual(
      d.message,
      'layer 2 has 2 units but the data has 3 classes, so cross_entropy needs 3 output units',
    );
    assert.deepStrictEqual(d.range.start, positionOf(text, '2\n    activation: softmax'));
    const ok = analyze(spec('  generate: { kind: gaussians, centers: [[0, 0], [3, 3], [0, 4]], std: 0.5 }\n'));
    assert.deepStrictEqual(ok.spec!.data!.source, {
      kind: 'generate',
      generator: 'gaussians',
      points: 100,
      classes: 3,
      noise: 0,
      std: 0.5,
      centers: [
        [0, 0],
        [3, 3],
        [0, 4],
      ],
    });
  });
  it('xor, circle and moons have 2 classes', () => {
    const text = spec('  generate: { kind: xor, classes: 3 }\n');
    assert.deepStrictEqual(findDiagnostic(analyze(text), 'always has 2 classes').range.start, positionOf(text, '3 }'));
    const bce = analyze(
      spec(
        '  generate: { kind: moons }\n',
        '  - dense: 4\n    activation: relu\n  - dense: 1\n    activation: sigmoid\n',
        'binary_cross_entropy',
      ),
    );
    assert.deepStrictEqual(errors(bce), []);
  });
  it('binary_cross_entropy on 3-class data says what to use', () => {
    const r = analyze(
      spec(
        '  generate: { kind: spiral, classes: 3 }\n',
        '  - dense: 1\n    activation: sigmoid\n',
        'binary_cross_entropy',
      ),
    );
    assert.strictEqual(
      findDiagnostic(r, 'is for 2 classes').message,
      'binary_cross_entropy is for 2 classes but the data has 3; use cross_entropy with a 3-unit softmax last layer',
    );
  });
  it('an input that disagrees with the data', () => {
    const text = spec('  generate: { kind: spiral, classes: 3 }\n', softmax3, 'cross_entropy', 'input: 3\n');
    const d = findDiagnostic(analyze(text), 'input is 3');
    assert.strictEqual(d.message, 'input is 3 but the data has 2 features per sample');
    assert.deepStrictEqual(d.range.start, positionOf(text, '3\n'));
  });
  it('unknown kind with a suggestion, missing kind, keys that only fit gaussians', () => {
    const a = findDiagnostic(analyze(spec('  generate: { kind: spirl }\n')), "unknown data kind 'spirl'");
    assert.strictEqual(a.fix?.newText, 'spiral');
    findDiagnostic(analyze(spec('  generate: { points: 10 }\n')), 'needs kind');
    findDiagnostic(
      analyze(spec('  generate: { kind: spiral, classes: 3, centers: [[0, 0], [1, 1], [2, 2]] }\n')),
      'centers only applies to gaussians',
    );
  });
});

describe('spec data: builtin iris', () => {
  const one = '  - dense: 1\n    activation: sigmoid\n';
  it('setosa vs rest is a 4-input binary problem', () => {
    const r = analyze(spec('  builtin: iris\n  target: setosa\n', one, 'binary_cross_entropy'));
    assert.deepStrictEqual(errors(r), []);
    assert.strictEqual(r.spec!.input, 4);
    assert.strictEqual(r.summary!.totalParams, 5);
    assert.deepStrictEqual(r.spec!.data!.source, { kind: 'builtin', name: 'iris', target: 'setosa' });
  });
  it('features choose the inputs; the three species need 3 outputs', () => {
    const r = analyze(spec('  builtin: iris\n  features: [petal_length, petal_width]\n'));
    assert.deepStrictEqual(errors(r), []);
    assert.strictEqual(r.spec!.input, 2);
    const wrong = analyze(spec('  builtin: iris\n', '  - dense: 2\n    activation: softmax\n'));
    findDiagnostic(wrong, 'the data has 3 classes');
  });
  it('misspelt species and features get suggestions', () => {
    const r = analyze(
      spec('  builtin: iris\n  target: setsa\n  features: [petal_lenght]\n', one, 'binary_cross_entropy'),
    );
    assert.strictEqual(findDiagnostic(r, "'setsa'").fix?.newText, 'setosa');
    assert.strictEqual(findDiagnostic(r, "'petal_lenght'").fix?.newText, 'petal_length');
  });
});

describe('spec data: section rules', () => {
  it('needs exactly one source', () => {
    findDiagnostic(analyze(spec('  normalize: standard\n')), 'data needs one of samples, generate, csv or builtin');
    const text = spec('  builtin: iris\n  generate: { kind: xor }\n');
    assert.deepStrictEqual(findDiagnostic(analyze(text), 'choose one').range.start, positionOf(text, 'generate'));
  });
  it('normalize and test_split', () => {
    const r = analyze(spec('  generate: { kind: spiral, classes: 3 }\n  normalize: minmax\n  test_split: 0.25\n'));
    assert.strictEqual(r.spec!.data!.normalize, 'minmax');
    assert.strictEqual(r.spec!.data!.testSplit, 0.25);
    findDiagnostic(
      analyze(spec('  generate: { kind: spiral, classes: 3 }\n  test_split: 1\n')),
      'test_split (the fraction held out for testing) must be a number of at least 0 and below 1, not 1',
    );
    assert.strictEqual(
      findDiagnostic(analyze(spec('  builtin: iris\n  normalize: standart\n')), "'standart'").fix?.newText,
      'standard',
    );
  });
  it('features and target only with csv and builtin', () => {
    findDiagnostic(
      analyze(spec('  generate: { kind: spiral, classes: 3 }\n  target: a\n')),
      'target only applies to csv and builtin data',
    );
  });
  it('inline samples tell the input; mse targets must match the output width', () => {
    const r = analyze(
      spec('  samples:\n    - { x: [1, 2, 3], y: [0.5, 1] }\n    - { x: [1, 2, 3], y: 2 }\n', '  - dense: 2\n', 'mse'),
    );
    assert.strictEqual(r.summary!.input, 3);
    assert.strictEqual(
      findDiagnostic(r, 'y has 1 number').message,
      'sample 2: y has 1 number but the last layer has 2 units',
    );
  });
  it('one unit is "1 unit", not "1 units"', () => {
    const r = analyze(spec('  samples:\n    - { x: [1, 2], y: [0.5, 1] }\n', '  - dense: 1\n', 'mse'));
    assert.strictEqual(
      findDiagnostic(r, 'y has 2 numbers').message,
      'sample 1: y has 2 numbers but the last layer has 1 unit',
    );
  });
  it('a sample without y, and a y that is not a number', () => {
    const r = analyze(spec('  samples:\n    - { x: [1, 2] }\n    - { x: [1, 2], y: cat }\n', '  - dense: 1\n', 'mse'));
    findDiagnostic(r, 'sample 1 needs y');
    findDiagnostic(r, "sample 2: y must be a number, not 'cat'");
  });
});

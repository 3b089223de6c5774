/**
 * analyze(): the worked example parses to the right spec; parameter counts (arithmetic, not the
 * seeds' slips); each error and warning comes with the right words at the right line/column.
 */
import * as assert from 'assert';
import { analyze } from '../../../src/format/analyze';
import { errors, findDiagnostic, positionOf, warnings, WORKED_EXAMPLE } from '../fixtures/spec';

function net(layers: string, rest = 'loss: mse\n', head = 'input: 2\n'): string {
  return `${head}layers:\n${layers}${rest}`;
}

describe('spec analyze: the worked example (seed 000)', () => {
  const r = analyze(WORKED_EXAMPLE);

  it('has no diagnostics and yields a spec', () => {
    assert.deepStrictEqual(r.diagnostics, []);
    assert.ok(r.spec);
  });

  it('reads every value into the spec', () => {
    const s = r.spec!;
    assert.strictEqual(s.name, 'Backprop by hand');
    assert.strictEqual(s.seed, 0);
    assert.strictEqual(s.input, 2);
    assert.strictEqual(s.loss, 'binary_cross_entropy');
    assert.strictEqual(s.layers.length, 2);
    const [l1, l2] = s.layers;
    assert.deepStrictEqual([l1.index, l1.type, l1.inputs, l1.units, l1.pieces, l1.bias], [1, 'dense', 2, 3, 1, false]);
    assert.deepStrictEqual(l1.activation, { kind: 'sigmoid' });
    assert.deepStrictEqual(Array.from(l1.weights!), [1, -1, 3, 2, 2, -1]);
    assert.strictEqual(l1.biases, undefined);
    assert.deepStrictEqual([l2.inputs, l2.units], [3, 1]);
    assert.deepStrictEqual(Array.from(l2.weights!), [0.1, 0.5, -0.1]);
    assert.deepStrictEqual(s.data?.source, { kind: 'samples', samples: [{ x: [5, 3], y: 1 }] });
    assert.strictEqual(s.data?.testSplit, 0);
    assert.deepStrictEqual(s.train, {
      optimizer: { kind: 'sgd' },
      learningRate: 0.1,
      batchSize: 32,
      epochs: 100,
      shuffle: true,
      stop: {},
    });
    assert.deepStrictEqual(s.regularization, { l1: 0, l2: 0 });
    // gradcheck defaults, samples capped by the single data sample
    assert.deepStrictEqual(s.gradcheck, {
      epsilon: 1e-5,
      samples: 1,
      maxParams: 500,
      tolerance: 1e-6,
      warnTolerance: 1e-3,
    });
  });

  it('gives layer ranges at the list item and the dense key', () => {
    const l1 = r.symbols.find((s) => s.kind === 'layer' && s.layerIndex === 1)!;
    assert.deepStrictEqual(l1.selectionRange.start, positionOf(WORKED_EXAMPLE, 'dense: 3'));
    assert.deepStrictEqual(l1.range.start, positionOf(WORKED_EXAMPLE, 'dense: 3'));
    assert.strictEqual(l1.range.end.line, positionOf(WORKED_EXAMPLE, 'weights: [[1.0').line);
  });

  it('summarises 9 parameters without biases (6 + 3)', () => {
    assert.strictEqual(r.summary?.totalParams, 9);
    assert.deepStrictEqual(
      r.summary?.layers.map((l) => [l.params, l.shapes.W, l.shapes.b]),
      [
        [6, [2, 3], undefined],
        [3, [3, 1], undefined],
      ],
    );
  });

  it('fills symbols: layers, activations with layer index, input, loss, data, train, optimizer, name', () => {
    const kinds = r.symbols.map((s) => s.kind).sort();
    assert.deepStrictEqual(kinds, [
      'activation',
      'activation',
      'data',
      'input',
      'layer',
      'layer',
      'loss',
      'name',
      'optimizer',
      'train',
    ]);
    const act2 = r.symbols.filter((s) => s.kind === 'activation')[1];
    assert.strictEqual(act2.layerIndex, 2);
    assert.strictEqual(act2.name, 'sigmoid');
    assert.deepStrictEqual(act2.range.start, positionOf(WORKED_EXAMPLE, 'sigmoid', 1));
    const loss = r.symbols.find((s) => s.kind === 'loss')!;
    assert.deepStrictEqual(loss.range.start, positionOf(WORKED_EXAMPLE, 'binary_cross_entropy'));
  });
});

describe('spec analyze: parameter counts by arithmetic', () => {
  const count = (layers: string, loss = 'mse') => analyze(net(layers, `loss: ${loss}\n`)).summary?.totalParams;

  it('2-3-1 with biases has 13 (seed 002 says 12)', () => {
    assert.strictEqual(
      count('  - dense: 3\n    activation: sigmoid\n  - dense: 1\n    activation: sigmoid\n', 'binary_cross_entropy'),
      13,
    );
  });
  it('2-3-3 has 21, as seed 002 prints', () => {
    assert.strictEqual(
      count('  - dense: 3\n    activation: sigmoid\n  - dense: 3\n    activation: softmax\n', 'cross_entropy'),
      21,
    );
  });
  it('2-3-3-3 has 33', () => {
    assert.strictEqual(
      count(
        '  - dense: 3\n    activation: sigmoid\n  - dense: 3\n    activation: sigmoid\n  - dense: 3\n    activation: softmax\n',
        'cross_entropy',
      ),
      33,
    );
  });
  it('maxout counts pieces × (inputs·units + units) and has pieces × inputs × units shapes', () => {
    const r = analyze(
      net('  - maxout: 4\n    pieces: 3\n  - dense: 2\n    activation: softmax\n', 'loss: cross_entropy\n'),
    );
    assert.deepStrictEqual(errors(r), []);
    const l1 = r.summary!.layers[0];
    assert.strictEqual(l1.params, 3 * (2 * 4 + 4));
    assert.deepStrictEqual(l1.shapes, { W: [3, 2, 4], b: [3, 4] });
    assert.strictEqual(l1.pieces, 3);
    assert.strictEqual(r.summary!.totalParams, 36 + 4 * 2 + 2);
  });
  it('shows activation parameters in the summary', () => {
    const r = analyze(
      net('  - dense: 3\n    activation: leaky_relu\n  - dense: 3\n    activation: elu(0.5)\n  - dense: 1\n'),
    );
    assert.deepStrictEqual(
      r.summary!.layers.map((l) => l.activation),
      ['leaky_relu(0.01)', 'elu(0.5)', 'linear'],
    );
    assert.deepStrictEqual(r.spec!.layers[0].activation, { kind: 'leaky_relu', alpha: 0.01 });
    assert.deepStrictEqual(r.spec!.layers[1].activation, { kind: 'elu', alpha: 0.5 });
  });
});

describe('spec analyze: errors at the right place', () => {
  it('weights of the wrong shape, in the lecture words', () => {
    const text = net('  - dense: 3\n    weights: [[1, 2], [3, 4]]\n  - dense: 1\n');
    const r = analyze(text);
    const d = findDiagnostic(r, 'weights are');
    assert.strictEqual(
      d.message,
      'layer 1: weights are 2×2 but the layer maps 2 inputs to 3 units, so they must be 2×3',
    );
    assert.deepStrictEqual(d.range.start, positionOf(text, '[[1, 2]'));
    assert.strictEqual(d.code, 'bad-shape');
    assert.strictEqual(r.spec, undefined);
    assert.ok(r.summary, 'the summary survives an error in the weights');
  });

  it('a flat list where a 3×1 matrix is needed', () => {
    const text = net('  - dense: 3\n  - dense: 1\n    weights: [0.1, 0.5, -0.1]\n', 'loss: mse\n');
    const d = findDiagnostic(analyze(text), 'layer 2: weights must be');
    assert.match(d.message, /3×1 matrix/);
    assert.match(d.message, /flat list/);
  });

  it('ragged weight rows', () => {
    const text = net('  - dense: 3\n    weights: [[1, 2, 3], [3, 4]]\n');
    const d = findDiagnostic(analyze(text), 'row 2 has 2 numbers but the first has 3');
    assert.deepStrictEqual(d.range.start, positionOf(text, '[3, 4]'));
  });

  it('maxout weights and biases shapes', () => {
    const text = net('  - maxout: 2\n    pieces: 2\n    weights: [[[1, 2], [3, 4]]]\n    biases: [[0, 0], [0, 0]]\n');
    const r = analyze(text);
    const d = findDiagnostic(r, 'weights are 1×2×2');
    assert.match(d.message, /2 pieces, each mapping 2 inputs to 2 units, so they must be 2×2×2/);
    assert.strictEqual(errors(r).length, 1);
  });

  it('biases of the wrong length, and biases with bias: false', () => {
    const text = net('  - dense: 3\n    biases: [1, 2]\n  - dense: 1\n    bias: false\n    biases: [0]\n');
    const r = analyze(text);
    assert.strictEqual(
      findDiagnostic(r, 'biases are 2').message,
      'layer 1: biases are 2 but the layer has 3 units, so they must be 3',
    );
    const d = findDiagnostic(r, 'bias is false');
    assert.deepStrictEqual(d.range.start, positionOf(text, 'biases', 1));
  });

  it('unknown activation with a suggestion and a quick fix', () => {
    const text = net('  - dense: 3\n    activation: sigmod\n  - dense: 1\n');
    const d = findDiagnostic(analyze(text), 'unknown activation');
    assert.strictEqual(d.message, "layer 1: unknown activation 'sigmod'; did you mean 'sigmoid'?");
    assert.deepStrictEqual(d.fix, { title: "Change to 'sigmoid'", newText: 'sigmoid' });
    assert.deepStrictEqual(d.range.start, positionOf(text, 'sigmod'));
    assert.deepStrictEqual(d.range.end, {
      line: d.range.start.line,
      character: d.range.start.character + 'sigmod'.length,
    });
  });

  it('unknown keys everywhere, with suggestions, at the key', () => {
    const text = `inptu: 2\nlayers:\n  - dense: 1\n    activaton: sigmoid\nloss: mse\ntrain:\n  learning_rat: 0.1\ngradcheck:\n  tolerence: 1e-6\n`;
    const r = analyze(text);
    for (const [typo, right] of [
      ['inptu', 'input'],
      ['activaton', 'activation'],
      ['learning_rat', 'learning_rate'],
      ['tolerence', 'tolerance'],
    ]) {
      const d = findDiagnostic(r, `unknown key '${typo}'`);
      assert.match(d.message, new RegExp(`did you mean '${right}'\\?`));
      assert.strictEqual(d.fix?.newText, right);
      assert.deepStrictEqual(d.range.start, positionOf(text, typo));
    }
  });

  it('unknown key without a near name lists the known ones', () => {
    const d = findDiagnostic(analyze(net('  - dense: 1\n', 'loss: mse\nzzzqqq: 1\n')), "unknown key 'zzzqqq'");
    assert.match(d.message, /known keys: name, seed, input, layers/);
    assert.strictEqual(d.fix, undefined);
  });

  it('missing required keys at the document start or the parent', () => {
    const r = analyze('input: 2\n');
    const layers = findDiagnostic(r, 'needs layers');
    assert.deepStrictEqual(layers.range.start, { line: 0, character: 0 });
    const loss = findDiagnostic(r, 'needs loss');
    assert.deepStrictEqual(loss.range.start, { line: 0, character: 0 });
    const text = net('  - activation: relu\n  - dense: 1\n');
    const kind = findDiagnostic(analyze(text), 'layer 1 needs a kind');
    assert.deepStrictEqual(kind.range.start, positionOf(text, 'activation: relu'));
  });

  it('non-finite numbers in weights, biases and data', () => {
    const text = net(
      '  - dense: 1\n    weights: [[.nan], [1]]\n    biases: [.inf]\n',
      'loss: mse\ndata:\n  samples:\n    - { x: [1, -.inf], y: 0 }\n',
    );
    const r = analyze(text);
    assert.deepStrictEqual(findDiagnostic(r, 'NaN').range.start, positionOf(text, '.nan'));
    assert.deepStrictEqual(findDiagnostic(r, 'biases: Infinity').range.start, positionOf(text, '.inf'));
    assert.deepStrictEqual(findDiagnostic(r, 'sample 1: x: -Infinity').range.start, positionOf(text, '-.inf'));
  });

  it('labels that do not fit the loss', () => {
    const bce = net(
      '  - dense: 1\n    activation: sigmoid\n',
      'loss: binary_cross_entropy\ndata:\n  samples:\n    - { x: [1, 2], y: 7 }\n    - { x: [1, 2], y: 1 }\n',
    );
    const d = findDiagnostic(analyze(bce), 'label 7');
    assert.strictEqual(d.message, 'sample 1: label 7 does not fit binary_cross_entropy, which needs 0 or 1');
    assert.deepStrictEqual(d.range.start, positionOf(bce, '7'));
    const ce = net(
      '  - dense: 3\n    activation: softmax\n',
      'loss: cross_entropy\ndata:\n  samples:\n    - { x: [1, 2], y: 3 }\n    - { x: [1, 2], y: [0, 1] }\n    - { x: [1, 2], y: [0, 1, 0] }\n',
    );
    const r = analyze(ce);
    assert.strictEqual(
      findDiagnostic(r, 'class 3').message,
      'sample 1: class 3 does not exist: the last layer has 3 units, so classes are 0 to 2',
    );
    assert.strictEqual(
      findDiagnostic(r, 'one-hot').message,
      'sample 2: the one-hot label has 2 numbers but the last layer has 3 units',
    );
    assert.strictEqual(errors(r).length, 2);
    const hinge = net('  - dense: 2\n', 'loss: hinge\ndata:\n  samples:\n    - { x: [1, 2], y: 2 }\n');
    assert.match(findDiagnostic(analyze(hinge), 'class 2').message, /classes are 0 to 1/);
  });

  it('samples whose x has the wrong length', () => {
    const text = net(
      '  - dense: 1\n',
      'loss: mse\ndata:\n  samples:\n    - { x: [1, 2], y: 0 }\n    - { x: [1, 2, 3], y: 0 }\n',
    );
    const d = findDiagnostic(analyze(text), 'sample 2');
    assert.strictEqual(d.message, 'sample 2: x has 3 numbers but input is 2');
    assert.deepStrictEqual(d.range.start, positionOf(text, '[1, 2, 3]'));
  });

  it('a loss that does not fit the last layer says what fits', () => {
    const bce = analyze(net('  - dense: 3\n    activation: softmax\n', 'loss: binary_cross_entropy\n'));
    assert.match(
      findDiagnostic(bce, 'binary_cross_entropy needs').message,
      /needs a last layer of 1 sigmoid unit, but the last layer \(1\) has 3 softmax units; for 3 classes use cross_entropy/,
    );
    const ce = analyze(net('  - dense: 3\n    activation: sigmoid\n', 'loss: cross_entropy\n'));
    assert.match(findDiagnostic(ce, 'cross_entropy needs').message, /softmax last layer/);
    const hinge = analyze(net('  - dense: 3\n    activation: softmax\n', 'loss: hinge\n'));
    assert.match(findDiagnostic(hinge, 'hinge needs').message, /linear last layer/);
    const mse = analyze(net('  - dense: 3\n    activation: softmax\n', 'loss: mse\n'));
    assert.deepStrictEqual(errors(mse), []);
    const text = net('  - dense: 3\n    activation: relu\n', 'loss: binary_cross_entropy\n');
    assert.deepStrictEqual(
      findDiagnostic(analyze(text), 'needs a last layer').range.start,
      positionOf(text, 'binary_cross_entropy'),
    );
  });

  it('softmax outside the last layer', () => {
    const text = net(
      '  - dense: 3\n    activation: softmax\n  - dense: 3\n    activation: softmax\n',
      'loss: cross_entropy\n',
    );
    const d = findDiagnostic(analyze(text), 'softmax belongs in the last layer');
    assert.deepStrictEqual(d.range.start, positionOf(text, 'softmax'));
  });

  it('maxout without pieces, pieces on dense', () => {
    const text = net('  - maxout: 3\n  - dense: 1\n    pieces: 2\n');
    const r = analyze(text);
    assert.deepStrictEqual(findDiagnostic(r, 'maxout needs pieces').range.start, positionOf(text, 'maxout'));
    assert.deepStrictEqual(findDiagnostic(r, 'pieces only applies').range.start, positionOf(text, 'pieces'));
  });

  it('init and activation parameter syntax', () => {
    const good = analyze(
      net('  - dense: 3\n    init: normal(0.01)\n    activation: tanh\n  - dense: 1\n    init: uniform(0.5)\n'),
    );
    assert.deepStrictEqual(
      good.spec!.layers.map((l) => l.init),
      [
        { kind: 'normal', std: 0.01 },
        { kind: 'uniform', limit: 0.5 },
      ],
    );
    const text = net(
      '  - dense: 3\n    init: normal\n    activation: leaky_relu(x)\n  - dense: 2\n    init: uniform(-1)\n    activation: sigmoid(2)\n  - dense: 1\n    init: xaviar\n    activation: elu(\n',
    );
    const r = analyze(text);
    assert.deepStrictEqual(findDiagnostic(r, 'normal needs').range.start, positionOf(text, 'normal'));
    assert.match(
      findDiagnostic(r, 'uniform needs').message,
      /uniform needs a limit LIMIT, a number greater than 0, e.g. uniform\(0.1\)/,
    );
    assert.match(
      findDiagnostic(r, 'leaky_relu takes').message,
      /leaky_relu takes a number ALPHA, e.g. leaky_relu\(0.01\), not 'x'/,
    );
    assert.match(findDiagnostic(r, 'sigmoid takes').message, /takes no parameter/);
    assert.strictEqual(findDiagnostic(r, "unknown init 'xaviar'").fix?.newText, 'xavier');
    assert.deepStrictEqual(findDiagnostic(r, "not 'elu('").range.start, positionOf(text, 'elu(\n'));
  });

  it('limits: a network or data over maxNumbers is an error, computed before allocating', () => {
    const text = net('  - dense: 100000\n  - dense: 100000\n  - dense: 1\n');
    // 10 billion parameters: allocating them would crash this process, so getting a report at all shows
    // the limit is computed from the shapes first.
    const r = analyze(text);
    const d = findDiagnostic(r, 'parameters');
    assert.match(d.message, /10,000,\d{3},\d{3} parameters .*at most 20,000,000/);
    assert.deepStrictEqual(d.range.start, positionOf(text, '100000', 1));
    const data = analyze(net('  - dense: 1\n', 'loss: mse\ndata:\n  generate: { kind: xor, points: 4000000 }\n', ''));
    assert.match(findDiagnostic(data, 'the data would take').message, /8,000,000 samples/);
    const small = analyze(net('  - dense: 10\n  - dense: 1\n'), { maxNumbers: 30 });
    assert.match(findDiagnostic(small, 'parameters').message, /the network would have 41 parameters/);
  });

  it('collects all problems at once', () => {
    const text = `input: 0\nlayers:\n  - dense: -1\n    activation: sigmod\nloss: mes\ntrain: { epochs: 1.5, optimizer: adma }\n`;
    const r = analyze(text);
    assert.ok(errors(r).length >= 5, r.diagnostics.map((d) => d.message).join('\n'));
    assert.strictEqual(findDiagnostic(r, "unknown loss 'mes'").fix?.newText, 'mse');
    assert.strictEqual(findDiagnostic(r, "unknown optimizer 'adma'").fix?.newText, 'adam');
    findDiagnostic(r, 'train: epochs must be a whole number of at least 1, not 1.5');
    findDiagnostic(r, 'input (features per sample) must be a whole number of at least 1, not 0');
  });

  it('YAML syntax errors become diagnostics with positions', () => {
    const r = analyze('input: 2\nlayers: [\n');
    assert.ok(errors(r).length > 0);
    assert.ok(
      errors(r).every((d) => d.message.startsWith('YAML')) || errors(r).some((d) => d.message.startsWith('YAML')),
    );
    const dup = analyze('input: 2\ninput: 3\nlayers:\n  - dense: 1\nloss: mse\n');
    assert.strictEqual(dup.spec, undefined);
  });
});

describe('spec analyze: warnings a teacher would give', () => {
  it('step has no useful gradient', () => {
    const text = net('  - dense: 1\n    activation: step\n');
    const r = analyze(text);
    const d = findDiagnostic(r, 'step');
    assert.strictEqual(d.severity, 'warning');
    assert.strictEqual(
      d.message,
      'layer 1: step has no useful gradient: backward passes and training will not change weights before it',
    );
    assert.ok(r.spec, 'a warning does not block the spec');
  });
  it('linear hidden layers, init ignored next to weights, knobs of another optimizer', () => {
    const r = analyze(
      net(
        '  - dense: 3\n    init: he\n    weights: [[1, 2, 3], [4, 5, 6]]\n  - dense: 1\n',
        'loss: mse\ntrain: { optimizer: sgd, beta1: 0.5 }\n',
      ),
    );
    assert.strictEqual(errors(r).length, 0);
    findDiagnostic(r, 'layer 1 is linear');
    findDiagnostic(r, 'init is ignored');
    findDiagnostic(r, 'beta1 only applies to adam');
    assert.strictEqual(warnings(r).length, 3);
  });
});

describe('spec analyze: more teacher warnings', () => {
  it('zeros init in a hidden layer keeps its units identical', () => {
    const text = net('  - dense: 3\n    activation: tanh\n    init: zeros\n  - dense: 1\n    init: zeros\n');
    const r = analyze(text);
    const d = findDiagnostic(r, 'break the symmetry');
    assert.strictEqual(d.severity, 'warning');
    assert.deepStrictEqual(d.range.start, positionOf(text, 'zeros'));
    assert.strictEqual(r.spec!.layers[0].init.kind, 'zeros');
  });
  it('a softmax over one unit', () => {
    assert.strictEqual(
      findDiagnostic(analyze(net('  - dense: 1\n    activation: softmax\n')), 'always outputs 1').severity,
      'warning',
    );
  });
});

describe('spec analyze: defaults and sections', () => {
  it('optimizer knobs and batch size defaults', () => {
    const body = (train: string) => analyze(net('  - dense: 1\n', `loss: mse\ntrain: ${train}\n`)).spec!.train;
    assert.deepStrictEqual(body('{ optimizer: adam }').optimizer, {
      kind: 'adam',
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
    });
    assert.deepStrictEqual(body('{ optimizer: momentum }').optimizer, { kind: 'momentum', momentum: 0.9 });
    assert.deepStrictEqual(body('{ optimizer: nesterov, momentum: 0.5 }').optimizer, {
      kind: 'nesterov',
      momentum: 0.5,
    });
    assert.strictEqual(body('{ optimizer: gd }').batchSize, 'full');
    assert.strictEqual(body('{ optimizer: sgd }').batchSize, 32);
    assert.strictEqual(body('{ batch_size: full }').batchSize, 'full');
    assert.deepStrictEqual(body('{ stop: { loss_below: 0.01, weight_change_below: 1e-6 } }').stop, {
      lossBelow: 0.01,
      weightChangeBelow: 1e-6,
    });
  });
  it('regularization and gradcheck keys', () => {
    const r = analyze(
      net(
        '  - dense: 1\n',
        'loss: mse\nregularization: { l2: 0.001 }\ngradcheck: { epsilon: 1e-6, samples: 4, max_params: 50, tolerance: 1e-7, warn_tolerance: 1e-4 }\n',
      ),
    );
    assert.deepStrictEqual(r.spec!.regularization, { l1: 0, l2: 0.001 });
    assert.deepStrictEqual(r.spec!.gradcheck, {
      epsilon: 1e-6,
      samples: 4,
      maxParams: 50,
      tolerance: 1e-7,
      warnTolerance: 1e-4,
    });
  });
});

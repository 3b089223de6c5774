/**
 * Hostile and careless specs (issue 11): each finding reproduced, refused at its exact place in one
 * clear message, and what `check` accepts the engine runs. Pieces beyond the engine's maximum, user
 * names that would reach object prototypes, duplicate keys (found in linear time), zero features, the
 * document size limit, the cap on listed diagnostics and "one slip, one error" after a YAML slip.
 */
import * as assert from 'assert';
import { analyze } from '../../../src/format/analyze';
import { openSpec } from '../../../src/format/openSpec';
import { MAX_DIAGNOSTICS, MAX_DOCUMENT_CHARS } from '../../../src/format/yamlSource';
import { MAX_PIECES } from '../../../src/engine/shapes';
import { Network } from '../../../src/engine/network';
import { errors, positionOf } from '../fixtures/spec';

const SPIRAL = `name: spiral
seed: 3
layers:
  - dense: 8
    activation: relu
    init: normal(0.01)
  - dense: 3
    activation: softmax
loss: cross_entropy
data:
  generate: { kind: spiral, points: 20, classes: 3 }
train: { optimizer: gd, learning_rate: 1, epochs: 10 }
`;

describe('hostile specs: the format refuses what the engine cannot run', () => {
  it('maxout pieces above the engine maximum are an error at the value; the maximum itself runs', () => {
    const text = (k: number) => `input: 2\nlayers:\n  - maxout: 1\n    pieces: ${k}\nloss: mse\n`;
    const over = analyze(text(MAX_PIECES + 1));
    const [e] = errors(over);
    assert.strictEqual(errors(over).length, 1);
    assert.deepStrictEqual(e.range.start, positionOf(text(MAX_PIECES + 1), String(MAX_PIECES + 1)));
    assert.match(e.message, new RegExp(`pieces must be a whole number of at least 1 and at most ${MAX_PIECES}, not`));
    const at = analyze(text(MAX_PIECES));
    assert.deepStrictEqual(errors(at), []);
    const net = Network.fromSpec(at.spec!);
    const out = net.forward(Float64Array.from([1, 2]), 1);
    assert.ok(Number.isFinite(out[0]));
  });

  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    it(`a custom activation named ${name} is an ordinary name: checked, then run`, () => {
      const text = `input: 1\nactivations:\n  ${name}: { f: 2 * x, df: 2 }\nlayers:\n  - dense: 1\n    activation: ${name}\n    weights: [[3]]\n    biases: [0]\nloss: mse\n`;
      const r = analyze(text);
      assert.deepStrictEqual(errors(r), []);
      assert.deepStrictEqual([...r.spec!.activations.keys()], [name]);
      assert.strictEqual(Object.getPrototypeOf(r.spec!.activations), Map.prototype);
      const layer = r.spec!.layers[0];
      assert.strictEqual(layer.activation.kind, 'custom');
      const out = Network.fromSpec(r.spec!).forward(Float64Array.from([0.5]), 1);
      assert.strictEqual(out[0], 2 * (3 * 0.5), 'f(z) = 2z with z = 3 · 0.5');
    });
  }

  it('an activation named like a prototype member but not defined is unknown, not inherited', () => {
    const text = 'input: 1\nlayers:\n  - dense: 1\n    activation: constructor\nloss: mse\n';
    const [e] = errors(analyze(text));
    assert.match(e.message, /unknown activation 'constructor'/);
  });

  it('a key written twice is one error at the second, naming the first line', () => {
    const text = 'input: 2\nlayers:\n  - dense: 1\nloss: mse\ninput: 3\n';
    const r = analyze(text);
    assert.strictEqual(errors(r).length, 1, JSON.stringify(r.diagnostics));
    const [e] = errors(r);
    assert.deepStrictEqual(e.range.start, positionOf(text, 'input', 1));
    assert.strictEqual(e.message, "the key 'input' is given twice in this mapping (first on line 1)");
  });

  it('duplicate keys in a document at the size limit are found, the listed ones capped', () => {
    let text = 'layers:\n  - dense: 1\nloss: mse\n';
    while (text.length < MAX_DOCUMENT_CHARS - 20) text += 'input: 1\n';
    const r = analyze(text);
    const dup = r.diagnostics.filter((d) => d.code === 'duplicate-key');
    assert.strictEqual(r.diagnostics.length, MAX_DIAGNOSTICS + 1);
    assert.strictEqual(dup.length, MAX_DIAGNOSTICS);
    const more = r.diagnostics[MAX_DIAGNOSTICS];
    const count = Math.floor((text.length - 30) / 9) - 1;
    assert.strictEqual(more.message, `${count - MAX_DIAGNOSTICS} more problems not listed; fix these first`);
    assert.strictEqual(r.spec, undefined);
  });

  it('x: [] is an error at the x, not a network of zero inputs', () => {
    const text = 'layers:\n  - dense: 1\nloss: mse\ndata:\n  samples:\n    - { x: [], y: 1 }\n';
    const r = analyze(text);
    assert.strictEqual(r.spec, undefined);
    assert.strictEqual(errors(r).length, 1, JSON.stringify(r.diagnostics));
    assert.deepStrictEqual(errors(r)[0].range.start, positionOf(text, '[]'));
    assert.match(errors(r)[0].message, /sample 1: x is empty/);
  });

  it('a document one character over the size limit is refused before parsing', () => {
    const ok = '#'.repeat(MAX_DOCUMENT_CHARS);
    assert.ok(!analyze(ok).diagnostics.some((d) => d.code === 'too-large'));
    const r = analyze(ok + '#');
    assert.deepStrictEqual(
      r.diagnostics.map((d) => d.code),
      ['too-large'],
    );
  });
});

describe('hostile specs: one slip, one error', () => {
  const lines = SPIRAL.split('\n');
  const edit = (at: number, line: string | undefined, insert = false): string => {
    const copy = lines.slice();
    if (insert) copy.splice(at, 0, line!);
    else copy[at] = line!;
    return copy.join('\n');
  };

  it('the base spec is valid', () => {
    assert.deepStrictEqual(errors(analyze(SPIRAL)), []);
  });

  const slips: [string, string, number][] = [
    ['an activation dedented by two', edit(4, 'activation: relu'), 4],
    ['a stray word inside the layers', edit(3, '  oops', true), 3],
    ['a stray word before loss', edit(8, 'stray', true), 8],
    ['a stray word at the end of a value line', edit(1, 'seed: 3 4\n  x'), 1],
    ['a list item dedented', edit(6, '- dense: 3'), 6],
    ['a tab indenting a key', edit(5, '\tinit: normal(0.01)'), 5],
  ];
  for (const [what, text, line] of slips) {
    it(`${what}: one or two diagnostics, on the slip's line`, () => {
      const r = analyze(text);
      const shown = r.diagnostics.filter((d) => d.severity !== 'info');
      assert.ok(shown.length >= 1 && shown.length <= 2, shown.map((d) => d.message).join('\n'));
      assert.ok(
        shown.every((d) => Math.abs(d.range.start.line - line) <= 1),
        shown.map((d) => `${d.range.start.line}: ${d.message}`).join('\n'),
      );
      assert.strictEqual(r.spec, undefined);
    });
  }

  it('a real mistake above the slip is still reported', () => {
    const text = edit(7, '    activation: sofmax').replace('stray', '');
    const broken = text.split('\n');
    broken.splice(9, 0, 'stray');
    const r = analyze(broken.join('\n'));
    assert.ok(r.diagnostics.some((d) => /unknown activation 'sofmax'/.test(d.message)));
    assert.ok(r.diagnostics.some((d) => d.code === 'yaml'));
    assert.ok(!r.diagnostics.some((d) => d.code === 'missing-key'), 'no "the spec needs …" after the slip');
  });
});

describe('hostile specs: every resource bounded at the value that asks for it', () => {
  const wide = (train: string, data = 'generate: { kind: xor, points: 30000 }', extra = '') =>
    `layers:\n  - dense: 2000\n    activation: tanh\n  - dense: 2\n    activation: softmax\nloss: cross_entropy\ndata:\n  ${data}\ntrain: ${train}\n${extra}`;

  it('mini-batches of a wide network on 60,000 samples are accepted (buffers hold a batch, not the data set)', () => {
    assert.deepStrictEqual(errors(analyze(wide('{ optimizer: sgd, batch_size: 32 }'))), []);
  });

  it('the full batch of gd over the same data is an error at the optimizer, saying what would fit', () => {
    const text = wide('{ optimizer: gd }');
    const [e] = errors(analyze(text));
    assert.strictEqual(e.code, 'too-big');
    assert.deepStrictEqual(e.range.start, positionOf(text, 'gd'));
    assert.match(e.message, /training on all 60,000 samples at once .* takes 480,720,000 numbers .*mini-batches/);
  });

  it('a huge batch_size is an error at the batch_size', () => {
    const text = wide('{ batch_size: 50000 }');
    const [e] = errors(analyze(text));
    assert.deepStrictEqual(e.range.start, positionOf(text, '50000'));
    assert.match(e.message, /training in batches of 50,000 samples .*use a smaller batch_size/);
  });

  it('gradient-check samples or max_params beyond its work bound are errors at the value', () => {
    const big = (gc: string) =>
      `input: 1\nlayers:\n  - dense: 4000\n    activation: tanh\n  - dense: 4000\n    activation: tanh\n  - dense: 1\nloss: mse\ndata:\n  samples:\n${'    - { x: [1], y: 0 }\n'.repeat(300)}gradcheck: ${gc}\n`;
    const s = big('{ samples: 300 }');
    const [es] = errors(analyze(s));
    assert.deepStrictEqual(es?.range.start, positionOf(s, '300 }'));
    assert.match(es.message, /gradcheck: 300 samples of a network of 16,016,001 parameters is more work .*at most \d+/);
    const m = big('{ max_params: 100000 }');
    const [em] = errors(analyze(m));
    assert.deepStrictEqual(em?.range.start, positionOf(m, '100000'));
    assert.match(em.message, /checking 100,000 parameters on 8 samples .* at most \d+ parameters/);
    assert.deepStrictEqual(errors(analyze(big('{ epsilon: 1e-5 }'))), [], 'the defaults are planned, not refused');
  });

  it('too much generated data is an error at points', () => {
    const text = 'layers:\n  - dense: 3\nloss: mse\ndata:\n  generate: { kind: spiral, classes: 3, points: 9000000 }\n';
    const [e, ...more] = errors(analyze(text));
    assert.deepStrictEqual(more, []);
    assert.match(e.message, /the data would take 135,000,000 numbers \(27,000,000 samples\)/);
    assert.deepStrictEqual(e.range.start, positionOf(text, '9000000'));
  });

  it('gaussians in three dimensions: the input is the centers’ length and the data has three features', () => {
    const text =
      'layers:\n  - dense: 3\n    activation: softmax\nloss: cross_entropy\ndata:\n  generate: { kind: gaussians, points: 5, centers: [[0, 0, 0], [3, 3, 3], [0, 4, -2]] }\n';
    const r = openSpec(text);
    assert.deepStrictEqual(errors(r.analysis), []);
    assert.strictEqual(r.config!.input, 3);
    assert.strictEqual(r.data!.train.inputs, 3);
    assert.deepStrictEqual(r.data!.train.featureNames, ['x1', 'x2', 'x3']);
    assert.strictEqual(r.data!.train.n, 15);
  });

  it('a broken centers: is the one error (no class count guessed after it)', () => {
    const text =
      'layers:\n  - dense: 3\n    activation: softmax\nloss: cross_entropy\ndata:\n  generate: { kind: gaussians, centers: [[0, 0], [1]] }\n';
    const r = analyze(text);
    assert.strictEqual(errors(r).length, 1, r.diagnostics.map((d) => d.message).join('\n'));
    assert.match(errors(r)[0].message, /centers/);
  });
});

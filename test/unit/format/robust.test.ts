/**
 * analyze() never throws and never hangs: fast-check properties over random text and random
 * mutations of valid specs, and the refusal of alias bombs, absurd nesting and huge documents.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { analyze } from '../../../src/format/analyze';
import type { AnalyzeResult } from '../../../src/format/types';
import { WORKED_EXAMPLE } from '../fixtures/spec';

const SPIRAL = `name: spiral
seed: 3
layers:
  - dense: 100
    activation: sigmoid
    init: normal(0.01)
  - dense: 3
    activation: softmax
loss: cross_entropy
regularization: { l2: 0.001 }
activations:
  swish: { f: x * sigmoid(x), df: "sigmoid(x) * (1 + x * (1 - sigmoid(x)))" }
data:
  generate: { kind: spiral, points: 100, classes: 3 }
  normalize: standard
  test_split: 0.2
train: { optimizer: gd, learning_rate: 1, epochs: 10000, stop: { loss_below: 0.01 } }
gradcheck: { samples: 4 }
`;

/** Every diagnostic has a well-formed range inside the text, and a spec comes only without errors. */
function assertWellFormed(text: string, r: AnalyzeResult): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of r.diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      assert.ok(
        Number.isInteger(p.line) && p.line >= 0 && p.line < Math.max(lines.length, 1),
        `line ${p.line} in ${JSON.stringify(d)}`,
      );
      assert.ok(
        Number.isInteger(p.character) &&
          p.character >= 0 &&
          p.character <= lines[p.line].length + (p.line < lines.length - 1 ? 1 : 0),
        `character ${p.character} in ${JSON.stringify(d)}`,
      );
    }
    assert.ok(d.message.length > 0);
    assert.notStrictEqual(d.code, 'internal', d.message);
  }
  const hasErrors = r.diagnostics.some((d) => d.severity === 'error');
  assert.strictEqual(r.spec === undefined, hasErrors);
}

describe('spec robustness: analyze never throws', () => {
  it('the spiral example is valid (a second reference spec)', () => {
    const r = analyze(SPIRAL);
    assert.deepStrictEqual(
      r.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.strictEqual(r.spec!.input, 2, 'input inferred from generated data');
    assert.strictEqual(r.summary!.totalParams, 2 * 100 + 100 + 100 * 3 + 3);
    assert.strictEqual(r.diagnostics.length, 1, 'only the unused-activation warning');
  });

  it('on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (text) => {
        assertWellFormed(text, analyze(text));
      }),
      { numRuns: 400 },
    );
  });

  it('on random YAML-ish text', () => {
    const token = fc.constantFrom(
      'layers:',
      '- ',
      'dense: ',
      'input: ',
      '3',
      '[',
      ']',
      '{',
      '}',
      ',',
      ':',
      '\n',
      '  ',
      '&a ',
      '*a',
      '.nan',
      'loss: ',
      'mse',
      'data:',
      'samples:',
      'x: ',
      'y: ',
      '"',
      "'",
      '#',
      '|',
      '>',
      '?',
      '!!str ',
      'activation: ',
      'leaky_relu(',
      ')',
      'maxout: ',
      'weights: ',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        const text = tokens.join('');
        assertWellFormed(text, analyze(text));
      }),
      { numRuns: 400 },
    );
  });

  it('on random mutations of valid specs', () => {
    const base = fc.constantFrom(WORKED_EXAMPLE, SPIRAL);
    const mutation = fc.record({
      at: fc.nat(),
      del: fc.nat({ max: 8 }),
      insert: fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.constantFrom('\n', '  ', '- ', ':', '[', ']', '{', '0', '-1', '.inf', 'x', '*', '&', 'softmax', 'maxout'),
      ),
    });
    fc.assert(
      fc.property(base, fc.array(mutation, { minLength: 1, maxLength: 4 }), (text, muts) => {
        let t = text;
        for (const m of muts) {
          const at = m.at % (t.length + 1);
          t = t.slice(0, at) + m.insert + t.slice(at + m.del);
        }
        assertWellFormed(t, analyze(t));
      }),
      { numRuns: 600 },
    );
  });

  it('with a readFile that throws or returns garbage', () => {
    const text =
      'layers:\n  - dense: 2\n    activation: softmax\nloss: cross_entropy\ndata:\n  csv: a.csv\n  target: t\n';
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.boolean(), (content, fail) => {
        const r = analyze(text, {
          readFile: () => {
            if (fail) throw new Error('boom');
            return content;
          },
        });
        assertWellFormed(text, r);
      }),
      { numRuns: 200 },
    );
  });
});

describe('spec robustness: limits', () => {
  const quick = (text: string, ms = 2000) => {
    const t0 = Date.now();
    const r = analyze(text);
    const took = Date.now() - t0;
    assert.ok(took < ms, `took ${took} ms`);
    return r;
  };

  it('refuses an alias bomb (billion laughs) quickly', () => {
    const lines = ['a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]'];
    for (let i = 1; i <= 12; i++) lines.push(`a${i}: &a${i} [${new Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const r = quick(lines.join('\n') + '\nlayers:\n  - dense: 1\n    weights: *a12\nloss: mse\ninput: 1\n');
    assert.ok(
      r.diagnostics.some((d) => d.code === 'alias-bomb'),
      JSON.stringify(r.diagnostics),
    );
    assert.strictEqual(r.spec, undefined);
  });

  it('accepts modest aliases and resolves them', () => {
    const r = analyze(
      'input: 2\nlayers:\n  - dense: 2\n    weights: &w [[1, 2], [3, 4]]\n  - dense: 2\n    weights: *w\nloss: mse\n',
    );
    assert.deepStrictEqual(
      r.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.deepStrictEqual(Array.from(r.spec!.layers[1].weights!), [1, 2, 3, 4]);
  });

  it('refuses absurd nesting of flow and block collections quickly', () => {
    for (const text of [
      'layers: ' + '['.repeat(100000),
      'layers: ' + '['.repeat(200) + ']'.repeat(200),
      '- '.repeat(100000) + 'x',
      'a:\n' + Array.from({ length: 100 }, (_, i) => ' '.repeat(i + 1) + `k${i}:`).join('\n'),
    ]) {
      const r = quick(text);
      assert.ok(
        r.diagnostics.some((d) => d.code === 'too-deep'),
        `${text.slice(0, 30)}: ${r.diagnostics.map((d) => d.message).join('; ')}`,
      );
    }
  });

  it('refuses a huge document without parsing it', () => {
    const r = quick('# ' + 'x'.repeat(3_000_000), 1000);
    assert.ok(r.diagnostics.some((d) => d.code === 'too-large'));
  });

  it('an alias that contains itself is an error, not a loop', () => {
    const r = quick('input: 2\nlayers: &l\n  - dense: *l\nloss: mse\n');
    assert.ok(r.diagnostics.some((d) => d.severity === 'error'));
  });
});

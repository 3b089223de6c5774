/**
 * Graph specs in the format layer: the checked GraphConfig and summary of a clean spec, and every
 * problem at its exact place — shapes that do not fit (the wording), unknown names with a
 * did-you-mean, cycles and uses above a definition, names that shadow functions or repeat, an output
 * that is not a number, layers and graph together, train params; unused inputs and nodes as warnings.
 * And the parser never throws, whatever the text (fuzzed with fast-check).
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { analyze } from '../../../src/format/analyze';
import { parseExpression } from '../../../src/format/expression';
import type { Range } from '../../../src/format/types';
import { errors, findDiagnostic, positionOf, warnings } from '../fixtures/spec';
import { SEED004_ADD_MUL, SEED004_NORM } from '../fixtures/graph';

/** The range of `needle` (its `occurrence`-th appearance) in `text`. */
function rangeOf(text: string, needle: string, occurrence = 0): Range {
  const start = positionOf(text, needle, occurrence);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

const graph = (nodes: string, inputs = '{ x: -2, y: 5, z: -4 }', extra = '') =>
  `graph:\n  inputs: ${inputs}\n  nodes:\n${nodes}${extra}`;

describe('format: graph specs', () => {
  it("seed 004's (x + y)·z: the config, symbols and summary", () => {
    const r = analyze(`name: f(x, y, z) = (x + y) · z\nseed: 3\n${SEED004_ADD_MUL}`);
    assert.deepStrictEqual(r.diagnostics, []);
    assert.strictEqual(r.spec, undefined, 'a graph spec is not a network');
    const g = r.graph!;
    assert.deepStrictEqual([g.name, g.seed, g.output], ['f(x, y, z) = (x + y) · z', 3, 'f']);
    assert.deepStrictEqual(
      g.inputs.map((i) => [i.name, i.value.shape, Array.from(i.value.data)]),
      [
        ['x', [], [-2]],
        ['y', [], [5]],
        ['z', [], [-4]],
      ],
    );
    assert.deepStrictEqual(
      g.nodes.map((n) => [n.name, n.text]),
      [
        ['q', 'x + y'],
        ['f', 'q * z'],
      ],
    );
    assert.deepStrictEqual(r.graphSummary, {
      output: 'f',
      gates: 2,
      nodes: [
        { name: 'x', op: 'input', inputs: [], shape: [] },
        { name: 'y', op: 'input', inputs: [], shape: [] },
        { name: 'z', op: 'input', inputs: [], shape: [] },
        { name: 'q', op: '+', inputs: ['x', 'y'], shape: [] },
        { name: 'f', op: '*', inputs: ['q', 'z'], shape: [] },
      ],
      name: 'f(x, y, z) = (x + y) · z',
    });
    assert.deepStrictEqual(
      r.symbols.map((s) => `${s.kind}:${s.name}`),
      [
        'name:f(x, y, z) = (x + y) · z',
        'graph:graph',
        'graph-input:x',
        'graph-input:y',
        'graph-input:z',
        'graph-node:q',
        'graph-node:f',
      ],
    );
  });

  it('vectors and matrices: shapes in the summary; the output defaults to the last node', () => {
    const r = analyze(SEED004_NORM);
    assert.deepStrictEqual(r.diagnostics, []);
    assert.deepStrictEqual(
      r.graphSummary!.nodes.map((n) => `${n.name} ${n.op} ${JSON.stringify(n.shape)}`),
      ['W input [2,2]', 'x input [2]', 'q @ [2]', 's0 ^ [2]', 'f sum []'],
    );
    assert.strictEqual(r.graph!.output, 'f');
  });

  it('a shape mismatch is an error at the operation, in the issue’s words', () => {
    const text = SEED004_NORM.replace('x: [0.2, 0.4]', 'x: [0.2, 0.4, 0.6]');
    const d = findDiagnostic(analyze(text), 'W @ x is undefined');
    assert.strictEqual(d.message, 'W is 2×2 and x has 3 entries, so W @ x is undefined');
    assert.deepStrictEqual(d.range, rangeOf(text, 'W @ x'));
    assert.strictEqual(analyze(text).graph, undefined);
  });

  it('unknown names get a did-you-mean and a quick fix at the name', () => {
    const text = graph('    q: x + y\n    f: qq * zz + w00\n', '{ x: -2, y: 5, z: -4, w0: 1 }');
    const r = analyze(text);
    const d = findDiagnostic(r, "unknown name 'w00'");
    assert.strictEqual(d.message, "unknown name 'w00'; did you mean 'w0'?");
    assert.deepStrictEqual(d.range, rangeOf(text, 'w00'));
    assert.deepStrictEqual(d.fix, { title: "Change to 'w0'", newText: 'w0' });
    assert.match(findDiagnostic(r, "unknown name 'qq'").message, /the inputs and nodes above are x, y, z, w0, q/);
  });

  it('a cycle, a node used above its definition, and a node that uses itself', () => {
    const text = graph('    a: b + x\n    b: a * 2\n    c: d + 1\n    d: y\n    e: e + a + c\n');
    const r = analyze(text);
    const cycle = findDiagnostic(r, 'a cycle');
    assert.strictEqual(cycle.message, 'a cycle: a → b → a (each uses the next); a graph has no cycles');
    assert.deepStrictEqual(cycle.range, rangeOf(text.replace('b + x', 'B + x'), 'B'), "at the b of 'b + x'");
    const below = findDiagnostic(r, 'is defined below');
    assert.strictEqual(
      below.message,
      'd is defined below c; a node may use only inputs and the nodes above it (move d up)',
    );
    assert.deepStrictEqual(below.range, rangeOf(text.replace('d + 1', 'D + 1'), 'D'));
    assert.strictEqual(findDiagnostic(r, 'uses itself').message, 'e uses itself; a graph has no cycles');
  });

  it('names that shadow functions or repeat, and bad names', () => {
    const text = graph('    exp: x + 1\n    x: y\n    2a: y\n    f: y * z\n');
    const r = analyze(text);
    assert.strictEqual(
      findDiagnostic(r, "'exp' is a function").message,
      "'exp' is a function of the expression language; give the node another name",
    );
    assert.deepStrictEqual(findDiagnostic(r, "'exp' is a function").range, rangeOf(text, 'exp'));
    assert.strictEqual(
      findDiagnostic(r, "'x' is already").message,
      "'x' is already an input; give the node another name",
    );
    findDiagnostic(r, "node names are letters, digits and _, starting with a letter, not '2a'");
    findDiagnostic(analyze(graph('    f: sum + 1\n')), 'sum is a function: write sum(v)');
  });

  it('unused inputs and nodes that do not reach the output are warnings; the graph still runs', () => {
    const text = graph('    q: x + y\n    k: z * 2\n    f: q * 3\n');
    const r = analyze(text);
    assert.deepStrictEqual(errors(r), []);
    assert.deepStrictEqual(
      warnings(r).map((w) => w.message),
      ["input 'z' does not lead to the output f, so its gradient is 0", "node 'k' does not lead to the output f"],
    );
    assert.deepStrictEqual(warnings(r)[0].range, rangeOf(text, 'z'));
    assert.ok(r.graph);
    const unused = analyze(graph('    f: x * y\n'));
    assert.strictEqual(warnings(unused)[0].message, "input 'z' is not used by any node");
  });

  it('the output must be a node whose value is a number', () => {
    const vector = analyze(graph('    f: v * 2\n', '{ v: [1, 2] }'));
    assert.strictEqual(
      findDiagnostic(vector, 'the output').message,
      'the output f is a vector of 2 entries; the output must be a number: end with a node such as sum(f) or mean(f)',
    );
    const text = graph('    q: x + y\n    loss: q * z\n', undefined, '  output: los\n');
    const unknown = findDiagnostic(analyze(text), "unknown node 'los'");
    assert.deepStrictEqual(unknown.fix?.newText, 'loss');
    assert.deepStrictEqual(unknown.range, rangeOf(text.replace('output: los', 'output: LOS'), 'LOS'));
    findDiagnostic(
      analyze(graph('    f: x * y * z\n', undefined, '  output: x\n')),
      'output must be a node, not the input x',
    );
  });

  it('layers: and graph: never together; the keys of layered networks do not apply', () => {
    const text = `input: 2\nlayers:\n  - dense: 1\nloss: mse\n${SEED004_ADD_MUL}`;
    const r = analyze(text);
    assert.deepStrictEqual(findDiagnostic(r, 'either layers: or graph:').range, rangeOf(text, 'layers'));
    findDiagnostic(r, 'loss belongs to layered networks');
    findDiagnostic(r, 'input belongs to layered networks');
    assert.strictEqual(r.graph, undefined);
    assert.strictEqual(r.spec, undefined);
  });

  it('inputs: numbers, vectors and matrices; ragged, deeper, empty or non-numeric values are errors at the value', () => {
    const r = analyze(graph('    f: x * 2\n', "{ x: 1, m: [[1, 2], [3]], d: [[[1]]], e: [], s: 'a' }"));
    findDiagnostic(r, "input 'm': row 2 has 1 numbers but the first has 2");
    findDiagnostic(r, "input 'd' must be a number, a vector [..] or a matrix [[..], [..]], not a list nested 3 deep");
    findDiagnostic(r, "input 'e' is empty");
    findDiagnostic(r, "input 's': 'a' is not a number");
    findDiagnostic(analyze('graph:\n  inputs: { x: 1 }\n'), 'graph needs nodes');
    findDiagnostic(analyze('graph:\n  nodes: { f: 1 }\n'), 'graph needs inputs');
    findDiagnostic(
      analyze(graph('    f: x\n', '{ x: 1 }', '  outputs: f\n')),
      "unknown key 'outputs' in graph; did you mean 'output'?",
    );
  });

  it('an expression error is at its exact column, prefixed by the node', () => {
    const text = graph('    f: x * (y +\n');
    const d = findDiagnostic(analyze(text), 'node f:');
    assert.match(d.message, /^node f: the expression ends where/);
    assert.strictEqual(d.range.start.line, positionOf(text, 'x * (y +').line);
    const misspelt = graph('    f: sigmod(x)\n');
    const m = findDiagnostic(analyze(misspelt), 'sigmod');
    assert.strictEqual(m.message, "node f: unknown function 'sigmod'; did you mean 'sigmoid'?");
    assert.deepStrictEqual(m.range, rangeOf(misspelt, 'sigmod'));
  });

  it('train: params names the inputs to change, with the optimizer keys of networks', () => {
    const ok = analyze(
      graph('    f: (x * y - z) ^ 2\n', undefined, 'train:\n  params: [x, y]\n  learning_rate: 0.01\n  epochs: 20\n'),
    );
    assert.deepStrictEqual(errors(ok), []);
    assert.deepStrictEqual(ok.graph!.train, {
      params: ['x', 'y'],
      optimizer: { kind: 'sgd' },
      learningRate: 0.01,
      epochs: 20,
      stop: {},
    });
    const bad = analyze(
      graph(
        '    q: x + alpha\n    f: q * z\n',
        '{ x: 1, alpha: 2, z: 3 }',
        'train:\n  params: [q, alpah]\n  batch_size: 4\n',
      ),
    );
    findDiagnostic(bad, 'train: q is a node, computed from the inputs; params must be inputs');
    assert.strictEqual(findDiagnostic(bad, "unknown input 'alpah'").fix?.newText, 'alpha');
    findDiagnostic(bad, "unknown key 'batch_size' in train");
    findDiagnostic(analyze(graph('    f: x * y * z\n', undefined, 'train:\n  epochs: 3\n')), 'needs params');
  });

  it('a graph too big to compute is refused before anything is allocated', () => {
    const r = analyze(graph('    q: transpose(v) @ v\n    f: sum(q)\n', '{ v: [[1, 2, 3]] }'), { maxNumbers: 10 });
    findDiagnostic(r, 'the graph would compute');
    assert.ok(analyze(graph('    q: transpose(v) @ v\n    f: sum(q)\n', '{ v: [[1, 2, 3]] }')).graph);
  });
});

describe('format: graph specs never throw', () => {
  const TOKENS = [
    'x',
    'y',
    'q',
    'W',
    'f',
    '@',
    '+',
    '-',
    '*',
    '/',
    '^',
    '(',
    ')',
    ',',
    ' ',
    '1',
    '2.5',
    'e3',
    '.',
    'sum',
    'max',
    'transpose',
    'exp',
    'sigmoid',
    'relu',
    '#',
    ':',
    '"',
    '[',
    ']',
    '\n',
  ];

  it('the expression parser returns an expression or an error for any text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((t) => t.join('')),
        ),
        (text) => {
          const r = parseExpression(text, { tensors: true });
          assert.ok(r.expr !== undefined || (r.error && r.error.offset >= 0 && r.error.offset <= text.length));
        },
      ),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('analyze() gives diagnostics, never an internal error, for any node text and any document', () => {
    const nodeText = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }).map((t) => t.join('')),
    );
    fc.assert(
      fc.property(nodeText, nodeText, (a, b) => {
        const text = `graph:\n  inputs: { x: 1, y: [1, 2], W: [[1, 2], [3, 4]] }\n  nodes:\n    q: ${JSON.stringify(a)}\n    f: ${JSON.stringify(b)}\n`;
        const r = analyze(text);
        assert.ok(!r.diagnostics.some((d) => d.code === 'internal'), r.diagnostics.map((d) => d.message).join('; '));
      }),
      { numRuns: 1000, seed: 11 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (tail) => {
        const r = analyze(`graph:\n  inputs: { x: 1 }\n  nodes:\n    f: x\n${tail}`);
        assert.ok(!r.diagnostics.some((d) => d.code === 'internal'), r.diagnostics.map((d) => d.message).join('; '));
      }),
      { numRuns: 500, seed: 13 },
    );
  });
});

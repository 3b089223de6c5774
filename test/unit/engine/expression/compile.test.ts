/**
 * The expression compiler against independent references (the same formulas written in JavaScript),
 * over buffers longer than one chunk and in place; and the one table of functions: the arity the
 * parser accepts is the arity the compiler evaluates, for every function, as the README documents.
 */
import * as assert from 'assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Expr } from '../../../../src/engine/config';
import { compileExpr } from '../../../../src/engine/expression/compile';
import { ELEMENTWISE_NAMES, FUNCTION_NAMES, FUNCTIONS, hasCorners } from '../../../../src/engine/expression/functions';
import { Graph } from '../../../../src/engine/graph/graph';
import { parseExpression } from '../../../../src/engine/expression/parse';
import { relDiff } from '../../fixtures/engine';
import { makeGraphConfig } from '../../fixtures/graph';

function parsed(text: string): Expr {
  const r = parseExpression(text, { variables: ['x'] });
  assert.ok(!r.error, `${text}: ${r.error?.message}`);
  return r.expr;
}

/** Equal to 14 digits, or both the same infinity, or both NaN. */
const same = (a: number, b: number) => a === b || relDiff(a, b) < 1e-14 || (Number.isNaN(a) && Number.isNaN(b));

const sig = (v: number) => 1 / (1 + Math.exp(-v));
const REFERENCES: [string, (x: number) => number][] = [
  ['x * sigmoid(x)', (x) => x * sig(x)],
  ['-x^2 + 3*x - 1/(1 + abs(x))', (x) => -(x * x) + 3 * x - 1 / (1 + Math.abs(x))],
  ['max(0, x) - 0.5 * min(x, 2) + exp(-x^2)', (x) => Math.max(0, x) - 0.5 * Math.min(x, 2) + Math.exp(-(x * x))],
  [
    'log(1 + exp(x)) * cos(x) + sin(2*x) - sqrt(abs(x)) + tanh(x)^3',
    (x) => Math.log(1 + Math.exp(x)) * Math.cos(x) + Math.sin(2 * x) - Math.sqrt(Math.abs(x)) + Math.tanh(x) ** 3,
  ],
  ['2^x', (x) => 2 ** x],
  ['x^x^0.5 - (x - 1) * (x + 1) / (2 - x)', (x) => x ** (x ** 0.5) - ((x - 1) * (x + 1)) / (2 - x)],
  ['x', (x) => x],
  ['3', () => 3],
];

describe('engine expression: the compiler', () => {
  it('agrees with the formulas written in JavaScript, point by point', () => {
    for (const [text, ref] of REFERENCES) {
      const program = compileExpr(parsed(text));
      for (const x of [-3, -0.5, 0, 0.25, 1.7, 4]) {
        const want = ref(x);
        const got = program.at(x);
        assert.ok(same(got, want), `${text} at ${x}: ${got} vs ${want}`);
      }
    }
  });

  it('runs over buffers of several chunks, in place, and scaled', () => {
    const n = 1000;
    const x = Float64Array.from({ length: n }, (_, i) => -5 + (10 * i) / n);
    for (const [text, ref] of REFERENCES) {
      const program = compileExpr(parsed(text));
      const out = new Float64Array(n);
      program.run(x, out, n);
      const inPlace = Float64Array.from(x);
      program.run(inPlace, inPlace, n);
      const scale = Float64Array.from({ length: n }, (_, i) => 1 + i);
      program.run(x, scale, n, scale);
      for (let i = 0; i < n; i++) {
        const want = ref(x[i]);
        assert.ok(same(out[i], want), `${text} at ${x[i]}: ${out[i]} vs ${want}`);
        assert.ok(same(inPlace[i], want), `${text} in place at ${x[i]}`);
        assert.ok(same(scale[i], want * (1 + i)), `${text} scaled at ${x[i]}`);
      }
    }
  });

  it('a long chain needs no more registers than a short one (no stack overflow, no huge buffers)', () => {
    const terms = 1200;
    const text = Array.from({ length: terms }, (_, i) => `${i % 7}*x`).join('+');
    const program = compileExpr(parsed(text));
    const want = Array.from({ length: terms }, (_, i) => i % 7).reduce((s, c) => s + c, 0) * 1.5;
    assert.ok(relDiff(program.at(1.5), want) < 1e-12, `${program.at(1.5)} vs ${want}`);
    assert.strictEqual(program.registerCount, 1 + 7 + 2, 'x, the constants 0…6, two temporaries');
  });

  it('knows which functions have corners', () => {
    assert.strictEqual(hasCorners(parsed('x * sigmoid(x)')), false);
    assert.strictEqual(hasCorners(parsed('x / (1 + abs(x))')), true);
    assert.strictEqual(hasCorners(parsed('2 * max(0, x)')), true);
  });
});

describe('engine expression: one table of functions', () => {
  const callWith = (fn: string, count: number) => `${fn}(${Array.from({ length: count }, () => 'x').join(', ')})`;
  const tree = (fn: string, count: number): Expr =>
    ({ type: 'call', fn, args: Array.from({ length: count }, () => ({ type: 'var', name: 'x' })) }) as Expr;
  /** A graph whose one node is `expr` over a 2×2 matrix x, summed to a number. */
  const graphOf = (expr: Expr) => {
    const config = makeGraphConfig(
      {
        x: [
          [0.5, 0.25],
          [0.75, 0.125],
        ],
      },
      [['v', 'x']],
    );
    config.nodes = [
      { name: 'v', expr, text: '' },
      { name: 'f', expr: { type: 'call', fn: 'sum', args: [{ type: 'var', name: 'v' }] }, text: 'sum(v)' },
    ];
    config.output = 'f';
    return new Graph(config);
  };

  for (const fn of FUNCTION_NAMES) {
    const entry = FUNCTIONS[fn];
    const arity = entry.arity;
    const where = entry.kind === 'elementwise' ? 'activations and graphs' : 'graphs';
    it(`${fn}: validation and evaluation agree that it takes ${arity} argument${arity === 1 ? '' : 's'} (${where})`, () => {
      for (let count = 0; count <= 3; count++) {
        const activation = parseExpression(callWith(fn, count), { variables: ['x'] });
        const graph = parseExpression(callWith(fn, count), { tensors: true });
        if (count === arity) {
          assert.ok(!graph.error, `${callWith(fn, count)} in a graph: ${graph.error?.message}`);
          assert.ok(Number.isFinite(graphOf(graph.expr).forward()), `${fn} evaluates in a graph`);
          if (entry.kind === 'elementwise') {
            assert.ok(!activation.error, `${callWith(fn, count)}: ${activation.error?.message}`);
            assert.ok(!Number.isNaN(compileExpr(activation.expr).at(0.5)), `${fn} evaluates`);
          } else {
            assert.match(activation.error?.message ?? '', /graph specs/, `${fn} is refused in an activation`);
            assert.throws(() => compileExpr(tree(fn, count)), /graph values only/);
          }
        } else {
          for (const r of [activation, graph]) {
            assert.ok(r.error, `${callWith(fn, count)} is refused by validation`);
            assert.match(r.error.message, new RegExp(`${fn} (takes ${arity} argument|works on)`));
          }
          assert.throws(() => graphOf(tree(fn, count)), /takes/, `${fn} with ${count} is refused by the graph`);
          if (entry.kind === 'elementwise')
            assert.throws(() => compileExpr(tree(fn, count)), /takes/, `${fn} with ${count} is refused by evaluation`);
        }
      }
    });
  }

  it('the README lists exactly the functions of the table', () => {
    const readme = readFileSync(join(__dirname, '../../../../../README.md'), 'utf8').replace(/\n/g, ' ');
    const activations = /`\+ - \* \/ \^`, parentheses, and `([a-z ]+)`/.exec(readme);
    assert.ok(activations, 'the README names the functions of the activation language');
    assert.deepStrictEqual(activations[1].split(' '), ELEMENTWISE_NAMES);
  });
});

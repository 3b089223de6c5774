/**
 * Every gate against finite differences: each operation (elementwise with broadcasting, the four
 * shapes of @, transpose, sum, mean, the identity) inside a graph whose output weighs every entry
 * differently, so every entry of every gradient is checked; and the gate patterns, the edges'
 * upstream × local products, fan-out through copies, generated names and constant folding.
 */
import * as assert from 'assert';
import { Graph } from '../../../../src/engine/graph/graph';
import { graphBackward } from '../../../../src/engine/graph/passes';
import { makeGraph, type Value } from '../../fixtures/graph';

/** ∂output/∂every input entry by central differences, against the backward pass. */
function checkAgainstFiniteDifferences(graph: Graph, what: string): void {
  graph.forward();
  graph.backward();
  for (const w of graph.inputs) {
    const analytic = Float64Array.from(w.grad);
    for (let i = 0; i < w.value.length; i++) {
      const v = w.value[i];
      const h = 1e-6;
      w.value[i] = v + h;
      const plus = graph.forward();
      w.value[i] = v - h;
      const minus = graph.forward();
      w.value[i] = v;
      const numeric = (plus - minus) / (2 * h);
      assert.ok(
        Math.abs(analytic[i] - numeric) <= 1e-6 * Math.max(1, Math.abs(numeric)),
        `${what}: ∂/∂${w.name}[${i}] backward ${analytic[i]}, finite differences ${numeric}`,
      );
    }
  }
}

const INPUTS: Record<string, Value> = {
  s: 0.7,
  t: -1.3,
  x: [0.5, -1.2, 2.1],
  y: [1.5, 0.4, -0.8],
  p: [0.6, 1.7, 2.4],
  W: [
    [0.2, -0.5, 1.1],
    [0.9, 0.3, -0.7],
  ],
  V: [
    [0.4, -1.0],
    [0.25, 0.8],
    [-0.6, 0.1],
  ],
  u: [0.3, -0.9],
};

/** Weights that make every entry of the result matter differently. */
const WEIGHT: Record<string, Value> = {
  c0: 1.3,
  c2: [1.1, -0.7],
  c3: [0.9, -1.4, 0.6],
  c23: [
    [0.5, -1.2, 0.8],
    [1.5, 0.3, -0.4],
  ],
  c32: [
    [0.5, -1.2],
    [0.8, 1.5],
    [0.3, -0.4],
  ],
  c22: [
    [0.5, -1.2],
    [0.8, 1.5],
  ],
};

const CASES: [string, string, string][] = [
  // expression, its weight, what it shows
  ['x + y', 'c3', 'add of two vectors'],
  ['x - y', 'c3', 'subtraction'],
  ['x * y', 'c3', 'elementwise product'],
  ['x / p', 'c3', 'division'],
  ['s * x', 'c3', 'a number broadcast over a vector (its gradient is a sum)'],
  ['x - t', 'c3', 'a number broadcast on the right'],
  ['W * s + 1', 'c23', 'a number broadcast over a matrix, a constant folded in'],
  ['x ^ 2', 'c3', 'square'],
  ['p ^ 0.5', 'c3', 'a fractional power'],
  ['2 ^ x', 'c3', 'a number to a vector power'],
  ['p ^ y', 'c3', 'a vector power of a vector'],
  ['-x', 'c3', 'negation'],
  ['exp(x)', 'c3', 'exp'],
  ['log(p)', 'c3', 'log'],
  ['sqrt(p)', 'c3', 'sqrt'],
  ['abs(x)', 'c3', 'abs away from 0'],
  ['sin(x) + cos(y)', 'c3', 'sin and cos'],
  ['tanh(x)', 'c3', 'tanh'],
  ['sigmoid(x)', 'c3', 'sigmoid'],
  ['relu(x)', 'c3', 'relu away from 0'],
  ['min(x, y)', 'c3', 'min routes'],
  ['max(x, y)', 'c3', 'max routes'],
  ['max(s, x)', 'c3', 'max against a broadcast number'],
  ['W @ x', 'c2', 'matrix @ vector'],
  ['u @ W', 'c3', 'vector @ matrix'],
  ['W @ V', 'c22', 'matrix @ matrix'],
  ['V @ W', 'c0', 'matrix @ matrix, summed (3×3)'],
  ['x @ y', 'c0', 'vector @ vector (a dot product)'],
  ['transpose(W)', 'c32', 'transpose'],
  ['sum(W) * s', 'c0', 'sum'],
  ['mean(x * y)', 'c0', 'mean'],
  ['x * x', 'c3', 'a copy: one value on both inputs of a gate'],
];

describe('engine graph: every gate against finite differences', () => {
  for (const [expr, weight, what] of CASES) {
    it(`${what}: ${expr}`, () => {
      const weighted = weight === 'c0' ? `sum(${expr}) * c0` : `sum((${expr}) * ${weight})`;
      const graph = makeGraph({ ...INPUTS, [weight]: WEIGHT[weight] }, [
        ['v', expr],
        ['f', weighted.replace(expr, 'v')],
      ]);
      checkAgainstFiniteDifferences(graph, expr);
    });
  }
});

describe('engine graph: gates, edges and names', () => {
  it('names unnamed gates s0, s1, … skipping names in use, and a named node labels its top gate', () => {
    const g = makeGraph({ s0: 1, x: 2 }, [['f', 'exp(s0 * x) + x']]);
    assert.deepStrictEqual(
      g.gates.map((gate) => `${gate.output.name}=${gate.op}`),
      ['s1=*', 's2=exp', 'f=+'],
    );
  });

  it('folds constant parts into the gate that reads them, and passes a name through an identity gate', () => {
    const g = makeGraph({ x: 2 }, [
      ['a', 'x * (2 ^ -1 + 1)'],
      ['b', 'a'],
    ]);
    assert.deepStrictEqual(
      g.gates.map((gate) => [gate.op, gate.operands.map((o) => o.text)]),
      [
        ['*', ['x', '1.5']],
        ['=', ['a']],
      ],
    );
    assert.strictEqual(g.forward(), 3);
  });

  it('an edge carries upstream × local, and a value read twice collects both (the copy gate adds)', () => {
    const r = graphBackward(makeGraph({ x: 3 }, [['f', 'x * x']]));
    const edges = r.edges!.filter((e) => e.from === 'x');
    assert.deepStrictEqual(
      edges.map((e) => [e.operand, e.upstream[0], e.local![0], e.product[0]]),
      [
        [0, 1, 3, 3],
        [1, 1, 3, 3],
      ],
    );
    const x = r.nodes.find((n) => n.name === 'x')!;
    assert.deepStrictEqual([x.grad![0], x.uses, x.pattern], [6, 2, 'adds']);
    assert.deepStrictEqual(r.code.backward, ['grad_f = 1.0', 'grad_x = grad_f * x', 'grad_x += grad_f * x']);
  });

  it('the max gate routes the whole gradient to the larger input; add distributes; mul swaps', () => {
    const r = graphBackward(makeGraph({ x: 3, y: -4, z: 2, w: -1 }, [['f', '2 * (x * y + max(z, w))']]));
    const grad = (n: string) => r.nodes.find((x) => x.name === n)!.grad![0];
    assert.deepStrictEqual(['x', 'y', 'z', 'w'].map(grad), [-8, 6, 2, 0]);
    assert.strictEqual(r.value, -20);
    assert.deepStrictEqual(
      r.nodes.filter((n) => n.op !== 'input').map((n) => `${n.op}:${n.pattern ?? ''}`),
      ['*:swaps', 'max:routes', '+:distributes', '*:swaps'],
    );
  });

  it('reports are copies: a later pass does not change an earlier report', () => {
    const g = makeGraph({ x: 3 }, [['f', 'x * x']]);
    const first = graphBackward(g);
    g.inputs[0].value[0] = 5;
    const second = graphBackward(g);
    assert.deepStrictEqual([first.value, second.value], [9, 25]);
    assert.strictEqual(first.nodes[0].grad![0], 6);
  });

  it('refuses an output that is not a number', () => {
    assert.throws(() => makeGraph({ x: [1, 2] }, [['f', 'x * 2']]), /must be a node whose value is a number/);
  });
});

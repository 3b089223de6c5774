/**
 * Every graph example in examples/graphs/: it teaches (opens with comments that say what to try), is
 * clean (no errors, no warnings), passes the gradient check, and shows the numbers its comments
 * promise: seed 001's e = 6, ∂e/∂a = 2, ∂e/∂b = 5; seed 004's −12, −4, −4, 3 and the neuron's slide
 * numbers; ‖W·x‖²; the max gate routing; the copy gate adding; training lowering the cost.
 */
import * as assert from 'assert';
import { graphGradcheckMessage } from '../../../src/text/graph';
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../../src/format/analyze';
import { Graph } from '../../../src/engine/graph/graph';
import { graphGradcheck } from '../../../src/engine/graph/gradcheck';
import { graphBackward } from '../../../src/engine/graph/passes';
import { GraphTrainer } from '../../../src/engine/graph/train';
import type { GraphConfig } from '../../../src/engine/config';

const dir = path.join(__dirname, '../../../../examples/graphs');
const read = (file: string): string => fs.readFileSync(path.join(dir, file), 'utf8');

function load(file: string): GraphConfig {
  const r = analyze(read(file));
  assert.deepStrictEqual(
    r.diagnostics.map((d) => `${file}:${d.range.start.line + 1}: ${d.severity}: ${d.message}`),
    [],
    `${file} is not clean`,
  );
  assert.ok(r.graph, `${file} has no graph`);
  return r.graph;
}

function backward(file: string) {
  const r = graphBackward(new Graph(load(file)));
  const grad = (n: string) => Array.from(r.nodes.find((x) => x.name === n)!.grad!);
  return { r, grad, node: (n: string) => r.nodes.find((x) => x.name === n)! };
}

const round = (v: number, digits = 2) => Number(v.toFixed(digits));

describe('examples/graphs/', () => {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.nnspec'))
    .sort();

  it('has the examples the issue calls for', () => {
    for (const name of [
      'total-derivative',
      'add-then-multiply',
      'sigmoid-neuron',
      'vector-norm',
      'max-gate',
      'copy-gate',
      'least-squares',
    ])
      assert.ok(files.includes(`${name}.nnspec`), `examples/graphs/${name}.nnspec is missing`);
  });

  for (const file of files) {
    it(`${file}: opens with teaching comments, is clean and passes the gradient check`, () => {
      const lines = read(file).split('\n');
      assert.ok(
        lines.slice(0, 5).every((l) => l.startsWith('#')),
        'the first lines are comments',
      );
      assert.match(lines.slice(0, 20).join('\n'), /Try:/, 'the comments say what to try');
      const report = graphGradcheck(new Graph(load(file)));
      assert.ok(report.passed, `${file}: ${graphGradcheckMessage(report)}`);
      assert.ok(
        report.entries.every((e) => e.status === 'ok'),
        `${file}: ${graphGradcheckMessage(report)}`,
      );
    });
  }

  it("total-derivative: seed 001's e = 6, ∂e/∂a = 2, ∂e/∂b = 5", () => {
    const { r, grad } = backward('total-derivative.nnspec');
    assert.deepStrictEqual([r.value, grad('a')[0], grad('b')[0]], [6, 2, 5]);
  });

  it("add-then-multiply: seed 004's f = −12, ∂f/∂x = −4, ∂f/∂y = −4, ∂f/∂z = 3", () => {
    const { r, grad } = backward('add-then-multiply.nnspec');
    assert.deepStrictEqual([r.value, grad('x')[0], grad('y')[0], grad('z')[0]], [-12, -4, -4, 3]);
  });

  it("sigmoid-neuron: the slide's 0.73; −0.20, 0.39, −0.39, −0.59, 0.20; training makes f smaller", () => {
    const { r, grad } = backward('sigmoid-neuron.nnspec');
    assert.strictEqual(round(r.value), 0.73);
    assert.deepStrictEqual(
      ['w0', 'x0', 'w1', 'x1', 'w2'].map((n) => round(grad(n)[0])),
      [-0.2, 0.39, -0.39, -0.59, 0.2],
    );
    const config = load('sigmoid-neuron.nnspec');
    const graph = new Graph(config);
    const trainer = new GraphTrainer(graph, config.train!);
    while (trainer.step());
    assert.strictEqual(trainer.result().reason, 'completed');
    assert.ok(trainer.result().final.loss < 0.01, `f after training: ${trainer.result().final.loss}`);
    assert.deepStrictEqual(
      [graph.wire('x0')!.value[0], graph.wire('x1')!.value[0]],
      [-1, -2],
      'only the params change',
    );
  });

  it('vector-norm: q = (0.22, 0.26), f = 0.116, ∇_W f = 2q·xᵀ, ∇_x f = 2Wᵀq', () => {
    const { r, grad, node } = backward('vector-norm.nnspec');
    assert.deepStrictEqual(
      Array.from(node('q').value).map((v) => round(v, 12)),
      [0.22, 0.26],
    );
    assert.strictEqual(round(r.value, 12), 0.116);
    assert.deepStrictEqual(
      grad('W').map((v) => round(v, 12)),
      [0.088, 0.176, 0.104, 0.208],
    );
    assert.deepStrictEqual(
      grad('x').map((v) => round(v, 12)),
      [-0.112, 0.636],
    );
  });

  it('max-gate: the max routes the gradient to z alone; f = −20', () => {
    const { r, grad, node } = backward('max-gate.nnspec');
    assert.deepStrictEqual([r.value, grad('x')[0], grad('y')[0], grad('z')[0], grad('w')[0]], [-20, -8, 6, 2, 0]);
    assert.ok(r.nodes.some((n) => n.op === 'max' && n.pattern === 'routes'));
    assert.strictEqual(node('w').grad![0], 0);
  });

  it('copy-gate: x is read twice and its gradients add, 3 + 3 = 6', () => {
    const { r, node } = backward('copy-gate.nnspec');
    assert.deepStrictEqual([r.value, node('x').grad![0], node('x').uses, node('x').pattern], [9, 6, 2, 'adds']);
    assert.ok(r.code.backward.includes('grad_x += grad_f * x'));
  });

  it('least-squares: training reaches the least-squares line y = 1.94x + 1.09', () => {
    const config = load('least-squares.nnspec');
    const graph = new Graph(config);
    const trainer = new GraphTrainer(graph, config.train!);
    while (trainer.step());
    assert.deepStrictEqual([round(graph.wire('w')!.value[0], 3), round(graph.wire('b')!.value[0], 3)], [1.94, 1.09]);
  });
});

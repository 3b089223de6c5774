/**
 * The built CLI on computational-graph specs, run as a user runs it: every example through check, summary,
 * forward, backward and gradcheck; the seeds' numbers through the JSON (001's total derivative, 004's
 * (x + y)·z, the sigmoid neuron to the slide's digits, ‖W·x‖² against 2q and 2q·xᵀ computed here); the
 * JSON shapes; training lowers the output; options for layered networks refused at the graph: key.
 */
import { strict as assert } from 'node:assert';
import { NEURON_SLIDE_GRADIENTS } from '../fixtures/graph';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli } from '../fixtures/cli';

const GRAPHS = join(ROOT, 'examples', 'graphs');
const example = (name: string): string => join(GRAPHS, name);

interface NodeJson {
  name: string;
  op: string;
  inputs: (string | number)[];
  shape: number[];
  value: number | number[] | number[][];
  grad?: number | number[] | number[][];
}
interface PassJson {
  output: string;
  value: number;
  nodes: NodeJson[];
}

function ok(args: string[]): string {
  const r = runCli(args);
  assert.equal(r.code, 0, `nnspec ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  return r.stdout;
}

function pass(command: 'forward' | 'backward', file: string): PassJson {
  return JSON.parse(ok([command, file, '--json'])) as PassJson;
}

function node(p: PassJson, name: string): NodeJson {
  const n = p.nodes.find((x) => x.name === name);
  assert.ok(n, `no node ${name}`);
  return n;
}

function tmpSpec(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'nnspec-graph-cli-')), 'g.nnspec');
  writeFileSync(file, text);
  return file;
}

describe('CLI on graph specs', () => {
  const files = readdirSync(GRAPHS).filter((f) => f.endsWith('.nnspec'));

  it('has graph examples to run', () => assert.ok(files.length >= 6, files.join(', ')));

  for (const f of files)
    it(`${f}: check, summary, forward, backward and gradcheck succeed`, () => {
      const file = example(f);
      assert.match(ok(['check', file]), /: ok · graph · \d+ inputs? · \d+ gates? · output \w+/);
      const summary = JSON.parse(ok(['summary', file, '--json'])) as { gates: number; nodes: unknown[] };
      assert.ok(summary.gates > 0 && summary.nodes.length > summary.gates);
      assert.match(ok(['forward', file]), /Flat code, forward:\n\s+1 {2}\S/);
      const backward = ok(['backward', file]);
      assert.match(backward, /Flat code, backward:\n\s+1 {2}grad_/);
      assert.match(backward, /\[upstream gradient\] × \[local gradient\]/);
      assert.match(ok(['gradcheck', file]), /✔ gradient check passed/);
    });

  it("seed 001's total derivative: e = 6, ∂e/∂a = 2, ∂e/∂b = 5 (b copied: its gradients add)", () => {
    const p = pass('backward', example('total-derivative.nnspec'));
    assert.equal(p.value, 6);
    assert.equal(node(p, 'a').grad, 2);
    assert.equal(node(p, 'b').grad, 5);
    const backward = ok(['backward', example('total-derivative.nnspec')]);
    assert.match(backward, /∂e\/∂b = 3 \+ 2 = 5 \(copy gate: the gradients add\)/);
  });

  it("seed 004's (x + y)·z: the issue's JSON, f = −12, ∂f/∂x = ∂f/∂y = −4, ∂f/∂z = 3", () => {
    const p = pass('backward', example('add-then-multiply.nnspec'));
    assert.deepEqual(p, {
      output: 'f',
      value: -12,
      nodes: [
        { name: 'x', op: 'input', inputs: [], shape: [], value: -2, grad: -4 },
        { name: 'y', op: 'input', inputs: [], shape: [], value: 5, grad: -4 },
        { name: 'z', op: 'input', inputs: [], shape: [], value: -4, grad: 3 },
        { name: 'q', op: '+', inputs: ['x', 'y'], shape: [], value: 3, grad: -4 },
        { name: 'f', op: '*', inputs: ['q', 'z'], shape: [], value: -12, grad: 1 },
      ],
    });
    const forward = pass('forward', example('add-then-multiply.nnspec'));
    assert.ok(
      forward.nodes.every((n) => !('grad' in n)),
      'forward --json has no gradients',
    );
    assert.deepEqual(
      forward.nodes.map((n) => n.value),
      p.nodes.map((n) => n.value),
    );
  });

  it('the sigmoid neuron gives the slide: 0.73; −0.20, 0.39, −0.39, −0.59, 0.20; unnamed gates as s0…', () => {
    const p = pass('backward', example('sigmoid-neuron.nnspec'));
    assert.equal(p.value.toFixed(2), '0.73');
    for (const [name, digits] of NEURON_SLIDE_GRADIENTS)
      assert.equal((node(p, name).grad as number).toFixed(2), digits, name);
    const gates = p.nodes.filter((n) => n.op !== 'input');
    assert.equal(gates.length, 8);
    assert.ok(
      gates.slice(0, -1).every((g) => /^s\d+$/.test(g.name)),
      gates.map((g) => g.name).join(' '),
    );
    assert.deepEqual(
      gates.map((g) => g.op),
      ['*', '*', '+', '+', 'neg', 'exp', '+', '/'],
    );
  });

  it('‖W·x‖²: matrices as rows, vectors as lists; ∂/∂W = 2q·xᵀ and ∂/∂x = 2Wᵀq computed here', () => {
    const p = pass('backward', example('vector-norm.nnspec'));
    const W = node(p, 'W').value as number[][];
    const x = node(p, 'x').value as number[];
    assert.deepEqual(node(p, 'W').shape, [2, 2]);
    assert.deepEqual(node(p, 'x').shape, [2]);
    assert.deepEqual(W, [
      [0.1, 0.5],
      [-0.3, 0.8],
    ]);
    const q = W.map((row) => row[0] * x[0] + row[1] * x[1]);
    assert.ok(Math.abs(p.value - (q[0] ** 2 + q[1] ** 2)) < 1e-15);
    const gW = node(p, 'W').grad as number[][];
    const gx = node(p, 'x').grad as number[];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) assert.ok(Math.abs(gW[i][j] - 2 * q[i] * x[j]) < 1e-15, `W[${i},${j}]`);
      assert.ok(Math.abs(gx[i] - 2 * (W[0][i] * q[0] + W[1][i] * q[1])) < 1e-15, `x[${i}]`);
    }
  });

  it('gradcheck --json: the layered keys, param naming the input, index counted from 1', () => {
    const r = JSON.parse(ok(['gradcheck', example('vector-norm.nnspec'), '--json'])) as {
      passed: boolean;
      message: string;
      entries: { param: string; index: number[]; analytic: number; numeric: number; status: string }[];
      groups: { param: string }[];
    };
    assert.equal(r.passed, true);
    assert.match(r.message, /^gradient check passed/);
    assert.deepEqual(
      r.groups.map((g) => g.param),
      ['W', 'x'],
    );
    assert.deepEqual(
      r.entries.filter((e) => e.param === 'W').map((e) => e.index),
      [
        [1, 1],
        [1, 2],
        [2, 1],
        [2, 2],
      ],
    );
    for (const e of r.entries) assert.ok(Math.abs(e.analytic - e.numeric) < 1e-8, `${e.param}[${e.index}]`);
  });

  it('a max gate at its corner is reported as a kink, not a failure', () => {
    const file = tmpSpec('graph:\n  inputs: { a: 1, b: 1 }\n  nodes:\n    m: max(a, b)\n');
    const r = runCli(['gradcheck', file, '--json']);
    const report = JSON.parse(r.stdout) as { entries: { status: string }[] };
    assert.ok(
      report.entries.some((e) => e.status === 'kink'),
      r.stdout,
    );
  });

  it('a wrong graph is an error at its place, exit 2, for every command', () => {
    const file = tmpSpec(
      'graph:\n  inputs: { W: [[1, 2], [3, 4]], x: [1, 2, 3] }\n  nodes:\n    q: W @ x\n    f: sum(q)\n',
    );
    for (const command of ['check', 'summary', 'forward', 'backward', 'gradcheck', 'train']) {
      const r = runCli([command, file]);
      assert.equal(r.code, 2, command);
      assert.match(r.stderr, /g\.nnspec:4:8: error: .*W is 2×2 and x has 3 entries/, `${command}: ${r.stderr}`);
      assert.equal(r.stdout, '', command);
    }
  });

  it('train minimises the output over train: params, one JSON line per epoch naming the output', () => {
    const lines = ok(['train', example('least-squares.nnspec'), '--epochs', '40', '--json'])
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { epoch: number; output: string; value: number; reason?: string; params?: unknown });
    assert.equal(lines.length, 41);
    const epochs = lines.slice(0, -1);
    assert.deepEqual(
      epochs.map((l) => l.epoch),
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    assert.ok(epochs.every((l) => l.output === 'cost' && !('loss' in l)));
    assert.ok(epochs[39].value < epochs[0].value / 10, `${epochs[0].value} → ${epochs[39].value}`);
    const end = lines[40];
    assert.equal(end.reason, 'completed');
    assert.equal(end.value, epochs[39].value);
    const params = end.params as { w: number[]; b: number };
    assert.equal(params.w.length, 1);
    assert.equal(typeof params.b, 'number');
    const human = ok(['train', example('least-squares.nnspec'), '--epochs', '40']);
    assert.match(human, /final: epoch 40 · cost \d/);
    assert.match(human, /trained: w = \(\S+\), b = \S+/);
  });

  it('train without train: params, and options for layered networks, are refused at the graph: key', () => {
    const noTrain = runCli(['train', example('add-then-multiply.nnspec')]);
    assert.equal(noTrain.code, 2);
    assert.match(noTrain.stderr, /add-then-multiply\.nnspec:\d+:1: error: the graph has no train: section/);
    const refused: string[][] = [
      ['forward', '--sample', '1'],
      ['backward', '--weights', 'w.json'],
      ['train', '--save', 'w.json'],
      ['export', '--to', 'onnx'],
    ];
    for (const [command, ...flags] of refused) {
      const r = runCli([command, example('sigmoid-neuron.nnspec'), ...flags]);
      assert.equal(r.code, 2, `${command} ${flags.join(' ')}`);
      assert.match(r.stderr, /sigmoid-neuron\.nnspec:\d+:1: error: \S+ is not for graph specs: /, r.stderr);
    }
  });
});

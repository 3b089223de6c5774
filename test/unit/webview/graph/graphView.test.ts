/**
 * The graph panel's view model, on every graph example through the real engine: the layout (inputs
 * first, every wire left to right, nothing overlapping, all inside the drawing), gate labels with
 * folded constants, and the stepper (forward steps one flat-code line each in order; backward steps
 * cover every backward line exactly once, every edge's gradient shown by the end; captions with the
 * operands' values and upstream × local); the pass payload survives VS Code's JSON transport and its
 * guard refuses a wrong shape; the panel state keeps a graph pass until the graph changes.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../../src/format/analyze';
import { Graph } from '../../../../src/engine/graph/graph';
import { graphBackward, graphForward } from '../../../../src/engine/graph/passes';
import type { GraphConfig, GraphSummary } from '../../../../src/engine/config';
import { graphPassPayload, isGraphPassPayload, isGraphSummary } from '../../../../src/protocol/graphPayload';
import { isToWebview, type ToWebview } from '../../../../src/protocol/messages';
import { graphPassCaption } from '../../../../webview/viewModel/labels';
import { formatNumber } from '../../../../src/text/numbers';
import {
  gateLabel,
  GATE_RADIUS,
  labelWidth,
  layoutGraph,
  wireLabelSpots,
  type LabelSpot,
} from '../../../../webview/graph/graphLayout';
import { edgeKey, stepCount, stepView } from '../../../../webview/graph/graphSteps';
import { initialState, reduce } from '../../../../webview/state';
import { isDrawable } from '../../../../webview/validate';

const GRAPHS = join(__dirname, '..', '..', '..', '..', '..', 'examples', 'graphs');
const examples = readdirSync(GRAPHS).filter((f) => f.endsWith('.nnspec'));

function load(file: string): { config: GraphConfig; summary: GraphSummary } {
  const r = analyze(readFileSync(join(GRAPHS, file), 'utf8'));
  assert.ok(r.graph && r.graphSummary, file);
  return { config: r.graph, summary: r.graphSummary };
}

describe('graph panel view model', () => {
  it('labels gates with their constants folded in, as the slides draw them', () => {
    assert.equal(gateLabel('+', ['s5', 1]), '+1');
    assert.equal(gateLabel('+', [1, 's5']), '+1');
    assert.equal(gateLabel('/', [1, 's6']), '1/x');
    assert.equal(gateLabel('*', ['x', 2]), '×2');
    assert.equal(gateLabel('-', [1, 'x']), '1−');
    assert.equal(gateLabel('^', ['r', 2]), 'x²');
    assert.equal(gateLabel('neg', ['s3']), '−x');
    assert.equal(gateLabel('sigmoid', ['s']), 'σ');
    assert.equal(gateLabel('*', ['a', 'b']), '×');
  });

  for (const file of examples)
    describe(file, () => {
      const { config, summary } = load(file);
      const forward = graphPassPayload(graphForward(new Graph(config)));
      const backward = graphPassPayload(graphBackward(new Graph(config)));

      it('lays out inputs first and every wire left to right, inside the drawing, nothing overlapping', () => {
        const L = layoutGraph(summary);
        assert.equal(L.nodes.length, summary.nodes.length);
        for (const n of L.nodes) {
          assert.equal(n.kind === 'input', n.column === 0, n.name);
          assert.ok(n.x - GATE_RADIUS >= 0 && n.x + GATE_RADIUS <= L.width, `${n.name} x`);
          assert.ok(n.y - GATE_RADIUS >= 0 && n.y + GATE_RADIUS <= L.height, `${n.name} y`);
        }
        for (const e of L.edges) assert.ok(e.x1 < e.x2, `${e.from} → ${e.to} goes right`);
        for (const a of L.nodes)
          for (const b of L.nodes)
            if (a !== b) assert.ok(Math.hypot(a.x - b.x, a.y - b.y) >= 2 * GATE_RADIUS, `${a.name} / ${b.name}`);
        assert.ok(L.output.x2 <= L.width);
        const wires = summary.nodes.flatMap((n) => n.inputs.filter((i) => typeof i === 'string'));
        assert.equal(L.edges.length, wires.length, 'one wire per operand that is a value');
      });

      it('puts every wire’s value on its upper side and its gradient on its lower side, clear of the wire', () => {
        const L = layoutGraph(summary);
        const TEXT = 40; // a number's width, about
        const CAP = 9; // baseline to cap height, as wireLabelSpots assumes
        for (const e of [...L.edges, L.output]) {
          const lineY = (x: number): number => e.y1 + ((x - e.x1) * (e.y2 - e.y1)) / (e.x2 - e.x1);
          // The x extent a text covers from its anchor.
          const span = (at: LabelSpot): number[] =>
            at.anchor === 'start'
              ? [at.x, at.x + TEXT]
              : at.anchor === 'end'
                ? [at.x - TEXT, at.x]
                : [at.x - TEXT / 2, at.x + TEXT / 2];
          const { value, grad } = wireLabelSpots(e, 6, CAP);
          const name = `${'from' in e ? e.from : e.name} → ${'to' in e ? e.to : 'output'}`;
          for (const x of span(value)) assert.ok(value.y < lineY(x), `${name}: value above the wire at x ${x}`);
          for (const x of span(grad)) assert.ok(grad.y - CAP > lineY(x), `${name}: gradient below the wire at x ${x}`);
        }
      });

      it('steps forward one gate and one flat-code line at a time, with the operands’ values', () => {
        const count = stepCount(forward);
        assert.equal(count, summary.gates);
        const inputs = summary.nodes.filter((n) => n.op === 'input').length;
        for (let k = 0; k <= count; k++) {
          const v = stepView(forward, 'forward', k);
          assert.equal(v.values.size, inputs + k);
          assert.equal(v.grads.size, 0);
          assert.deepEqual(v.code.lines, k === 0 ? [] : [k]);
          if (k > 0) assert.ok(v.caption[0].startsWith(`${forward.code.forward[k - 1]} = `), v.caption[0]);
        }
      });

      it('steps backward through every backward line exactly once, every edge’s gradient shown at the end', () => {
        const count = stepCount(backward);
        const lines: number[] = [];
        for (let k = 0; k <= count; k++) {
          const v = stepView(backward, 'backward', k);
          assert.equal(v.values.size, summary.nodes.length, 'every value is known going back');
          assert.equal(v.code.pass, 'backward');
          lines.push(...v.code.lines);
          if (k > 0)
            assert.ok(
              v.caption.some((c) => c.includes(' ← ')),
              v.caption.join('\n'),
            );
        }
        assert.deepEqual(
          lines,
          backward.code.backward.map((_, i) => i + 1),
        );
        const end = stepView(backward, 'backward', count);
        for (const e of backward.edges!) assert.ok(end.grads.has(edgeKey(e)), edgeKey(e));
        assert.equal(stepView(backward, 'backward', 0).grads.size, 1, 'only ∂f/∂f = 1 at the start');
      });

      it('the payload survives the JSON transport and passes the guard; a wrong length does not', () => {
        const sent = JSON.parse(JSON.stringify(backward)) as unknown;
        assert.ok(isGraphPassPayload(sent));
        assert.ok(isGraphSummary(JSON.parse(JSON.stringify(summary))));
        const broken = JSON.parse(JSON.stringify(backward)) as typeof backward;
        broken.nodes[0].value.push(1);
        assert.equal(isGraphPassPayload(broken), false);
        const stray = JSON.parse(JSON.stringify(backward)) as typeof backward;
        stray.edges![0].from = 'nowhere';
        assert.equal(isGraphPassPayload(stray), false);
      });
    });

  it("the neuron's backward steps say upstream × local with the slide's numbers and the gate's pattern", () => {
    const { config } = load('sigmoid-neuron.nnspec');
    const p = graphPassPayload(graphBackward(new Graph(config)));
    const last = stepView(p, 'backward', stepCount(p));
    assert.deepEqual(last.caption, [
      '∂f/∂w0 ← [0.197] × [−1] = −0.197',
      '∂f/∂x0 ← [0.197] × [2] = 0.393',
      '(mul gate: swaps)',
    ]);
    const first = stepView(graphPassPayload(graphForward(new Graph(config))), 'forward', 1);
    assert.deepEqual(first.caption, ['s0 = w0 * x0 = 2 × −1 = −2']);
  });

  it('a copied value says its gradients add once all of them are back (seed 001)', () => {
    const { config } = load('total-derivative.nnspec');
    const p = graphPassPayload(graphBackward(new Graph(config)));
    const texts = Array.from({ length: stepCount(p) + 1 }, (_, k) => stepView(p, 'backward', k).caption.join('\n'));
    assert.ok(
      texts.some((t) => t.includes('b is copied to 2 gates: its gradients add up to 5 (copy gate: adds)')),
      texts.join('\n---\n'),
    );
  });

  it('x * x: the two wires of one value into one gate have their labels apart along them (copy gate)', () => {
    const L = layoutGraph(load('copy-gate.nnspec').summary);
    const twins = L.edges.filter((e) => e.from === 'x');
    assert.equal(twins.length, 2);
    const [a, b] = twins.map((e) => wireLabelSpots(e).value);
    assert.ok(Math.abs(a.x - b.x) >= 30, `${a.x} / ${b.x}`);
  });

  it('a column is as far from the one before as the widest value on a wire into it needs (‖W·x‖²)', () => {
    const L = layoutGraph(load('vector-norm.nnspec').summary);
    const at = new Map(L.nodes.map((n) => [n.name, n]));
    for (const e of L.edges) {
      const from = at.get(e.from)!;
      const shape = load('vector-norm.nnspec').summary.nodes.find((n) => n.name === e.from)!.shape;
      assert.ok(e.x2 - e.x1 >= labelWidth(shape), `${e.from} → ${e.to}: ${e.x2 - e.x1} for ${from.label}`);
    }
  });

  it('a graph pass says which input values it used, in the toolbar caption; a non-string label is refused', () => {
    const { config, summary } = load('sigmoid-neuron.nnspec');
    const SIGMA_1 = formatNumber(1 / (1 + Math.exp(-1))); // the slide's neuron: σ(w0·x0 + w1·x1 + w2) = σ(1)
    const report = graphPassPayload(graphBackward(new Graph(config)));
    const uri = 'file:///work/n.nnspec';
    const spec: ToWebview = {
      type: 'spec',
      uri,
      fileName: 'n.nnspec',
      diagnostics: [],
      layerLines: {},
      sampleCount: 0,
    };
    const shown = reduce(initialState(), { ...spec, graph: summary });
    const msg = { type: 'graphPass', uri, pass: 'backward', report, weights: 'trained · epoch 200 · f 0.01' };
    assert.ok(isToWebview(msg) && isDrawable(msg));
    assert.equal(isToWebview({ ...msg, weights: 200 }), false);
    const s = reduce(shown, msg);
    assert.equal(s.graphPass?.weights, 'trained · epoch 200 · f 0.01');
    assert.equal(graphPassCaption(s.graphPass), `backward · f = ${SIGMA_1} · trained · epoch 200 · f 0.01`);
    const { weights: _, ...plain } = msg;
    assert.equal(graphPassCaption(reduce(shown, plain as ToWebview).graphPass), `backward · f = ${SIGMA_1}`);
  });

  it('the panel keeps a graph pass across an edit that keeps the graph, and drops it when the graph changes', () => {
    const { config, summary } = load('add-then-multiply.nnspec');
    const uri = 'file:///work/g.nnspec';
    const spec = (graph: GraphSummary): ToWebview => ({
      type: 'spec',
      uri,
      fileName: 'g.nnspec',
      diagnostics: [],
      layerLines: {},
      sampleCount: 0,
      graph,
    });
    const pass: ToWebview = {
      type: 'graphPass',
      uri,
      pass: 'backward',
      report: graphPassPayload(graphBackward(new Graph(config))),
    };
    assert.ok(isDrawable(spec(summary)) && isDrawable(pass));
    let s = reduce(reduce(initialState(), spec(summary)), pass);
    assert.equal(s.graphPass?.seq, 1);
    assert.equal(s.graphPass?.pass, 'backward');
    s = reduce(s, spec(summary));
    assert.ok(s.graphPass, 'the same graph keeps its pass');
    const changed = { ...summary, nodes: summary.nodes.map((n) => (n.name === 'z' ? { ...n, shape: [2] } : n)) };
    s = reduce(s, spec(changed));
    assert.equal(s.graphPass, undefined, 'a changed graph drops it');
    assert.equal(s.summary, undefined, 'a graph has no network summary');
  });
});

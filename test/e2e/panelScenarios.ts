/**
 * Message sequences for the panel harness, produced by the real engine from real specs (no
 * hand-made reports): the lecture example's forward/backward/gradient check, a spiral training
 * run with progress snapshots and decision grids as the worker sends them, a 784-128-10 network
 * for the collapsed drawing, a broken spec for the error banner, and three XOR runs with different
 * learning rates told through the host's own document record; seed 004's sigmoid neuron as a graph spec. Every message names its document (the
 * spec's uri) and a training run's messages its run id, as the host sends them.
 * Bundled and run by panelHarness.mjs in Node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ToWebview } from '../../src/protocol/messages';
import { openSpec, type OpenedSpec } from '../../src/format/openSpec';
import type { NetworkConfig } from '../../src/engine/config';
import { Network } from '../../src/engine/network';
import { backwardReport, forwardReport, withUpdates } from '../../src/engine/passes';
import { Model } from '../../src/engine/model';
import { formatCompact } from '../../src/text/numbers';
import { gradcheck } from '../../src/engine/gradcheck';
import { Trainer } from '../../src/engine/trainer';
import { decisionGrid } from '../../src/engine/predict';
import type { EpochMetrics, TrainTestData } from '../../src/engine/types';
import { DocumentRecords } from '../../src/extension/documentRecord';
import { changeMessages, replayMessages } from '../../src/extension/recordMessages';
import { Graph } from '../../src/engine/graph/graph';
import { graphBackward, graphForward } from '../../src/engine/graph/passes';
import { graphGradcheck } from '../../src/engine/graph/gradcheck';
import { GraphTrainer } from '../../src/engine/graph/train';
import { graphPassPayload } from '../../src/protocol/graphPayload';
import { wireValue } from '../../webview/graph/graphSteps';

type Spec = Extract<ToWebview, { type: 'spec' }>;

function specMessage(fileName: string, text: string): { msg: Spec; opened: OpenedSpec } {
  const opened = openSpec(text);
  const analysis = opened.analysis;
  const layerLines: Record<number, number> = {};
  for (const s of analysis.symbols)
    if (s.kind === 'layer' && s.layerIndex !== undefined) layerLines[s.layerIndex] = s.range.start.line;
  let points: Spec['points'],
    classes: number | undefined,
    sampleCount = 0;
  if (opened.data) {
    const train = opened.data.train;
    sampleCount = train.n;
    classes = train.classes;
    if (train.inputs === 2 && train.labels) {
      points = [];
      for (let i = 0; i < train.n; i++)
        points.push({ x: train.x[2 * i], y: train.x[2 * i + 1], label: train.labels[i] });
    }
  }
  return {
    opened,
    msg: {
      type: 'spec',
      uri: `file:///work/${fileName}`,
      fileName,
      summary: analysis.summary,
      diagnostics: analysis.diagnostics,
      layerLines,
      points,
      classes,
      sampleCount,
    },
  };
}

/** The opened spec's configuration and data; a broken spec fails the scenario with its first diagnostics. */
function runnable(opened: OpenedSpec): { config: NetworkConfig; data: TrainTestData } {
  const { config, data, analysis } = opened;
  if (!config || !data) throw new Error(JSON.stringify(analysis.diagnostics.slice(0, 3)));
  return { config, data };
}

export function lecture(root: string): ToWebview[] {
  const text = readFileSync(join(root, 'examples/backprop-by-hand.nnspec'), 'utf8');
  const { msg, opened } = specMessage('backprop-by-hand.nnspec', text);
  const {
    config,
    data: { train: data },
  } = runnable(opened);
  const net = Network.fromSpec(config);
  const uri = msg.uri;
  return [
    msg,
    { type: 'forward', uri, report: forwardReport(net, data, [0]), sample: 0 },
    { type: 'backward', uri, report: backwardReport(net, data, [0]), sample: 0 },
    { type: 'gradcheck', uri, report: gradcheck(net, data) },
  ];
}

/**
 * A Step on the lecture example, as the host sends it: the backward pass at the new weights over sample 1, each
 * parameter with its update, and where training stands; with the edge labels the Updates view should show.
 */
export function lectureStep(root: string): { spec: ToWebview; step: ToWebview; labels: string[]; weights: string[] } {
  const text = readFileSync(join(root, 'examples/backprop-by-hand.nnspec'), 'utf8');
  const { msg, opened } = specMessage('backprop-by-hand.nnspec', text);
  const { config, data } = runnable(opened);
  const model = new Model(config, data);
  const s = model.step();
  const report = withUpdates(backwardReport(model.net, data.train, [0]), model.net, s.updates);
  const position = { epoch: s.epoch, batch: s.batch, batches: s.batches, batchLoss: s.loss };
  const labels = s.updates.flatMap((u) => Array.from(u, formatCompact));
  const weights = model.net.params().flatMap((p) => Array.from(p.value, formatCompact));
  return {
    spec: msg,
    step: { type: 'backward', uri: msg.uri, report, sample: 0, weights: 'trained · epoch 1', step: position },
    labels,
    weights,
  };
}

const SPIRAL = `name: spiral (seed 003)
seed: 3
input: 2
layers:
  - dense: 24
    activation: relu
  - dense: 3
    activation: softmax
loss: cross_entropy
regularization: { l2: 0.001 }
data:
  generate: { kind: spiral, points: 100, classes: 3 }
train:
  optimizer: gd
  learning_rate: 1
  epochs: 2000
`;

/** A spiral run as the worker reports it: progress every `every` epochs with a snapshot and a grid, then the end. */
export function spiral(every = 200): ToWebview[] {
  const { msg, opened } = specMessage('spiral.nnspec', SPIRAL);
  const { config, data } = runnable(opened);
  const net = Network.fromSpec(config);
  const trainer = new Trainer(net, data);
  const { uri } = msg;
  const runId = 1;
  const out: ToWebview[] = [msg, { type: 'trainStart', uri, runId, epochs: trainer.epochs }];
  let batch: EpochMetrics[] = [];
  for (;;) {
    const m = trainer.step();
    if (m) batch.push(m);
    if ((m && m.epoch % every === 0) || !m || trainer.done) {
      const snap = { snapshot: backwardReport(net, data.train, [0, 1, 2, 3]), grid: decisionGrid(net, data.train, 48) };
      if (!m || trainer.done) {
        out.push({ type: 'trainEnd', uri, runId, result: trainer.result(), ...snap });
        break;
      }
      out.push({ type: 'trainProgress', uri, runId, metrics: batch, ...snap });
      batch = [];
    }
  }
  out.push({ type: 'gradcheck', uri, report: gradcheck(net, data.train) });
  return out;
}

/** The MNIST-sized 784-128-10 network (three patterned 784-pixel samples): collapsed layers and heatmaps. */
export function big(): ToWebview[] {
  const text = `name: mnist-sized
seed: 7
input: 784
layers:
  - dense: 128
    activation: relu
  - dense: 10
    activation: softmax
loss: cross_entropy
data:
  samples:
${Array.from({ length: 3 }, (_, k) => `    - { x: [${Array.from({ length: 784 }, (_, j) => (((j * 7 + k * 13) % 11) / 11).toFixed(2)).join(', ')}], y: ${k} }`).join('\n')}
`;
  const { msg, opened } = specMessage('mnist-sized.nnspec', text);
  const {
    config,
    data: { train: data },
  } = runnable(opened);
  const net = Network.fromSpec(config);
  return [
    { ...msg, points: undefined },
    { type: 'backward', uri: msg.uri, report: backwardReport(net, data, [0]), sample: 0 },
  ];
}

/** A spec with a typo (as the host sends it: errors, and the summary as far as it could be inferred): the banner with a link, the drawing dimmed. */
export function broken(root: string): ToWebview[] {
  const good = lecture(root);
  const text = readFileSync(join(root, 'examples/backprop-by-hand.nnspec'), 'utf8').replace(
    'activation: sigmoid',
    'activation: sigmoidd',
  );
  const { msg } = specMessage('backprop-by-hand.nnspec', text);
  return [...good.slice(0, 3), msg];
}

const DIVERGING = `name: diverging xor
seed: 1
input: 2
layers:
  - dense: 4
    activation: relu
  - dense: 1
    activation: linear
loss: mse
data:
  generate: { kind: xor, points: 100 }
train:
  optimizer: sgd
  learning_rate: 1000
  epochs: 50
`;

/**
 * A run that diverges (loss Infinity, then NaN weights), as the worker reports it; the harness sends it
 * through JSON as VS Code's webview transport does, which turns every non-finite number into null.
 */
export function diverged(): ToWebview[] {
  const { msg, opened } = specMessage('diverging.nnspec', DIVERGING);
  const { config, data } = runnable(opened);
  const net = Network.fromSpec(config);
  const trainer = new Trainer(net, data);
  const metrics: EpochMetrics[] = [];
  for (let m = trainer.step(); m; m = trainer.step()) {
    metrics.push(m);
    if (trainer.done) break;
  }
  const result = trainer.result();
  if (result.reason !== 'diverged') throw new Error(`expected a divergence, got ${JSON.stringify(result)}`);
  const snap = { snapshot: backwardReport(net, data.train, [0, 1, 2, 3]), grid: decisionGrid(net, data.train, 32) };
  const run = { uri: msg.uri, runId: 1 };
  return [
    msg,
    { type: 'trainStart', ...run, epochs: trainer.epochs },
    { type: 'trainProgress', ...run, metrics, ...snap },
    { type: 'trainEnd', ...run, result, ...snap },
  ];
}

/**
 * XOR trained three times, at learning rates 0.05, 0.5 and 0.005, as the host tells the panel: each
 * run written into a real document record (progress every 100 epochs, then its end) and sent as the
 * record's change messages; `replay` is what the host sends when the panel comes back to the document.
 */
export function runs(root: string): { messages: ToWebview[]; replay: ToWebview[]; uri: string } {
  const text = readFileSync(join(root, 'examples/xor.nnspec'), 'utf8');
  const rates = ['0.05', '0.5', '0.005'];
  const records = new DocumentRecords();
  let uri = '';
  const messages: ToWebview[] = [];
  rates.forEach((rate, i) => {
    const edited = text.replace(/learning_rate: [\d.]+/, `learning_rate: ${rate}`);
    const { msg, opened } = specMessage('xor.nnspec', edited);
    uri = msg.uri;
    const record = records.record(uri);
    if (i === 0) record.onDidChange((c) => messages.push(...changeMessages(uri, c)));
    messages.push(msg);
    const { config, data } = runnable(opened);
    const trainer = new Trainer(Network.fromSpec(config), data);
    const runId = i + 1;
    record.startRun(runId, trainer.epochs, i + 1, edited);
    let batch: EpochMetrics[] = [];
    for (let m = trainer.step(); m; m = trainer.step()) {
      batch.push(m);
      if (m.epoch % 100 === 0 || trainer.done) {
        record.progress(runId, batch, trainer.epochs);
        batch = [];
      }
      if (trainer.done) break;
    }
    record.endRun(runId, trainer.result());
  });
  return {
    messages,
    replay: [messages.filter((m) => m.type === 'spec').at(-1)!, ...replayMessages(records.get(uri))],
    uri,
  };
}

/**
 * Seed 004's sigmoid neuron as a graph spec: its structure, then the forward and backward passes, the
 * gradient check and a short training run, all from the real engine; `expected` holds the gradients the
 * backward pass puts on the inputs' wires, as the panel writes them.
 */
/** Any graph example's spec and its Backward pass, from the real engine. */
export function graphExample(root: string, fileName: string): { spec: ToWebview; backward: ToWebview } {
  const text = readFileSync(join(root, 'examples/graphs', fileName), 'utf8');
  const { msg } = specMessage(fileName, text);
  const { analysis } = openSpec(text);
  const config = analysis.graph;
  if (!config || !analysis.graphSummary) throw new Error(`${fileName} is not a clean graph spec`);
  return {
    spec: { ...msg, summary: undefined, graph: analysis.graphSummary, graphTrains: !!config.train },
    backward: {
      type: 'graphPass',
      uri: msg.uri,
      pass: 'backward',
      report: graphPassPayload(graphBackward(new Graph(config))),
    },
  };
}

export function graphNeuron(root: string): {
  spec: ToWebview;
  forward: ToWebview;
  backward: ToWebview;
  gradcheck: ToWebview;
  training: ToWebview[];
  expected: { input: string; value: string; grad: string }[];
} {
  const fileName = 'sigmoid-neuron.nnspec';
  const text = readFileSync(join(root, 'examples/graphs', fileName), 'utf8');
  const { msg } = specMessage(fileName, text);
  const { analysis } = openSpec(text);
  const config = analysis.graph;
  if (!config || !analysis.graphSummary) throw new Error('the neuron is not a clean graph spec');
  const uri = msg.uri;
  const spec: ToWebview = { ...msg, summary: undefined, graph: analysis.graphSummary, graphTrains: true };
  const back = graphBackward(new Graph(config));
  const trainer = new GraphTrainer(new Graph(config), config.train!, { epochs: 40 });
  while (trainer.step()) {
    /* all epochs */
  }
  const result = trainer.result();
  return {
    spec,
    forward: { type: 'graphPass', uri, pass: 'forward', report: graphPassPayload(graphForward(new Graph(config))) },
    backward: { type: 'graphPass', uri, pass: 'backward', report: graphPassPayload(back) },
    gradcheck: { type: 'graphGradcheck', uri, report: graphGradcheck(new Graph(config)) },
    training: [
      { type: 'trainStart', uri, runId: 1, epochs: 40, ordinal: 1, label: 'first run', earlier: [], lossName: 'f' },
      { type: 'trainProgress', uri, runId: 1, metrics: result.history.slice(0, 20) },
      { type: 'trainEnd', uri, runId: 1, result },
    ],
    expected: back.nodes
      .filter((n) => n.op === 'input')
      .map((n) => ({ input: n.name, value: wireValue([n.value[0]], []), grad: wireValue([n.grad![0]], []) })),
  };
}

/**
 * The CLI on computational-graph specs (`graph:` instead of `layers:`): `check`, `summary`, `forward`,
 * `backward` (with the flat code), `gradcheck` and `train` (gradient descent on the output over
 * `train: params`), in words (text/graph.ts) or as JSON (text/json.ts). Options that only make sense
 * for layered networks are refused at the spec's `graph:` key, never ignored.
 */
import { Graph } from '../engine/graph/graph';
import { graphBackward, graphForward, graphSummary } from '../engine/graph/passes';
import { graphGradcheck } from '../engine/graph/gradcheck';
import { GraphTrainer } from '../engine/graph/train';
import type { EpochMetrics } from '../engine/types';
import type { OpenedSpec } from '../format/openSpec';
import type { AnalyzeResult } from '../format/types';
import {
  describeGraphBackward,
  describeGraphForward,
  describeGraphGradcheck,
  describeGraphSummary,
  graphValueText,
} from '../text/graph';
import { graphGradcheckJson, graphPassJson, graphValueJson, trainEndJson } from '../text/json';
import { plural } from '../text/notation';
import { formatMetrics, stopMessage } from '../text/training';
import type { CliArgs } from './args';
import { err, fileError, json, location, out } from './print';
import { ProgressBar } from './progress';

/** Thrown after the reason was printed: exit code 2. */
export class GraphSpecInvalid extends Error {}

const EXIT_INVALID = 2;

/** FILE:LINE:COL of the `graph:` key (the first line when there is none). */
function graphLocation(file: string, analysis: AnalyzeResult): string {
  const range = analysis.symbols.find((s) => s.kind === 'graph')?.selectionRange;
  return range ? location(file, range) : `${file}:1:1`;
}

/** The layered-network options a graph spec has no use for, refused with why. */
function refuseNetworkOptions(args: CliArgs, where: string): void {
  const why = (flag: string, reason: string): never => {
    err(`${where}: error: ${flag} is not for graph specs: ${reason}`);
    throw new GraphSpecInvalid();
  };
  if (args.sample !== undefined) why('--sample', 'a graph has one value per input, not samples');
  if (args.weights !== undefined)
    why('--weights', 'a graph has no layers to load weights into; its inputs are in the spec');
  if (args.save !== undefined) why('--save', 'a graph has no layers whose weights could be saved');
  if (args.command === 'export') why('export', 'only layered networks export to PyTorch or ONNX');
}

/** Runs `args.command` on the opened graph spec; returns the exit code. */
export function runGraph(args: CliArgs, opened: OpenedSpec): number {
  const { file } = args;
  const { analysis } = opened;
  const config = analysis.graph;
  if (!config || !analysis.graphSummary) return EXIT_INVALID; // its diagnostics were printed
  const where = graphLocation(file, analysis);
  refuseNetworkOptions(args, where);
  const warnings = analysis.diagnostics.filter((d) => d.severity === 'warning').length;
  const summary = analysis.graphSummary;
  switch (args.command) {
    case 'check': {
      const inputs = summary.nodes.filter((n) => n.op === 'input').length;
      out(
        `${file}: ok${warnings ? ` (${plural(warnings, 'warning')})` : ''} · graph · ${plural(inputs, 'input')} · ${plural(summary.gates, 'gate')} · output ${summary.output}`,
      );
      return 0;
    }
    case 'summary':
      out(args.json ? json(graphSummary(new Graph(config))) : describeGraphSummary(summary));
      return 0;
    case 'forward':
    case 'backward': {
      const graph = new Graph(config);
      const report = args.command === 'forward' ? graphForward(graph) : graphBackward(graph);
      if (args.json) out(json(graphPassJson(report)));
      else
        out(
          args.command === 'forward'
            ? describeGraphForward(report, config.name)
            : describeGraphBackward(report, config.name),
        );
      return 0;
    }
    case 'gradcheck': {
      const report = graphGradcheck(new Graph(config));
      out(args.json ? json(graphGradcheckJson(report)) : describeGraphGradcheck(report));
      return report.passed ? 0 : 1;
    }
    case 'train':
      return trainGraph(args, opened, where);
    default:
      return EXIT_INVALID; // export, refused above
  }
}

/** `train` on a graph: minimise the output over `train: params`, one step per epoch. */
function trainGraph(args: CliArgs, opened: OpenedSpec, where: string): number {
  const config = opened.analysis.graph!;
  if (!config.train) {
    err(`${where}: error: the graph has no train: section naming the inputs to train (params: [w, b])`);
    throw new GraphSpecInvalid();
  }
  const name = config.output;
  const trainer = new GraphTrainer(new Graph(config), config.train, { epochs: args.epochs ?? config.train.epochs });
  const epochs = trainer.epochs;
  const tty = !args.json && process.stderr.isTTY;
  const bar = tty ? new ProgressBar(process.stderr, epochs, name) : undefined;
  const every = Math.max(1, Math.round(epochs / 10));
  let m: EpochMetrics | undefined;
  while ((m = trainer.step()) !== undefined) {
    if (args.json) out(json({ epoch: m.epoch, output: name, value: m.loss }));
    else if (bar) bar.update(m);
    else if (m.epoch % every === 0 || m.epoch === 1) out(`epoch ${m.epoch}/${epochs} · ${formatMetrics(m, name)}`);
  }
  const result = trainer.result();
  if (bar) {
    bar.update(result.final, true);
    bar.finish();
  }
  const message = stopMessage(result, name);
  if (args.json) {
    const { loss, ...end } = trainEndJson(result, name) as { loss: number };
    out(json({ ...end, output: name, value: loss, params: paramsJson(trainer, config.train.params) }));
  } else {
    out(`${message}\nfinal: epoch ${result.final.epoch} · ${formatMetrics(result.final, name)}`);
    out(`trained: ${paramsText(trainer, config.train.params)}`);
  }
  if (result.reason === 'diverged') {
    fileError(args.file, message);
    return 1;
  }
  return 0;
}

/** The trained inputs' values by name, by their shapes (prototype-free: the names are the user's). */
function paramsJson(trainer: GraphTrainer, names: readonly string[]): unknown {
  const values: Record<string, unknown> = Object.create(null);
  for (const w of trainer.graph.inputs) if (names.includes(w.name)) values[w.name] = graphValueJson(w.value, w.shape);
  return values;
}

/** "w = (1.97), b = 1.06": the trained inputs in words. */
function paramsText(trainer: GraphTrainer, names: readonly string[]): string {
  return trainer.graph.inputs
    .filter((w) => names.includes(w.name))
    .map((w) => `${w.name} = ${graphValueText(w.value, w.shape)}`)
    .join(', ');
}

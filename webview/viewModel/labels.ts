/**
 * The panel's words, as pure functions in the notation and number format of src/text (W¹[1,2] from 1,
 * a¹₂, ŷ the prediction, y the target, samples from 1): the tooltips of edges and nodes, the column
 * titles, the output box beside the network and the toolbar's caption of the last pass.
 */
import type { EpochMetrics, PassReport } from '../../src/engine/types';
import type { StepPosition } from '../../src/protocol/messages';
import { formatLoss, formatNumber } from '../../src/text/numbers';
import {
  classLabel,
  gradientSymbol,
  inputLabel,
  layerLabel,
  LOSS,
  nodeName,
  paramEntryName,
  PREDICTION,
  preActivationSymbol,
  samplesLabel,
  subscript,
  TARGET,
  unitLabel,
  type NodeRole,
} from '../../src/text/notation';
import { columnMeans } from './params';

export type { NodeRole };

/** What an edge's tooltip needs; each of weight and grad is one number (dense) or one per maxout piece. */
export interface EdgeInfo {
  layer: number;
  /** 0-based input index and unit index. */
  input: number;
  unit: number;
  weight?: number | number[];
  grad?: number | number[];
  /** The last Step's change of the weight (new − old). */
  update?: number | number[];
}

/** "W¹[1,2] = −1 · ∂J/∂W¹[1,2] = −0.20134" (one line per piece for maxout), then the last Step's Δ if any. */
export function edgeTooltip(e: EdgeInfo): string {
  const ws = e.weight === undefined ? undefined : Array.isArray(e.weight) ? e.weight : [e.weight];
  const gs = e.grad === undefined ? undefined : Array.isArray(e.grad) ? e.grad : [e.grad];
  const us = e.update === undefined ? undefined : Array.isArray(e.update) ? e.update : [e.update];
  const pieces = Math.max(ws?.length ?? 0, gs?.length ?? 0, 1);
  const multi = Array.isArray(e.weight) || Array.isArray(e.grad);
  const lines: string[] = [];
  for (let p = 0; p < pieces; p++) {
    const name = paramEntryName(e.layer, 'W', multi ? [p, e.input, e.unit] : [e.input, e.unit]);
    let line = ws && ws[p] !== undefined ? `${name} = ${formatNumber(ws[p])}` : name;
    if (gs && gs[p] !== undefined) line += ` · ${gradientSymbol(name)} = ${formatNumber(gs[p])}`;
    if (us && us[p] !== undefined) line += ` · last step Δ = ${formatNumber(us[p])}`;
    lines.push(line);
  }
  return lines.join('\n');
}

/** What a node's tooltip needs; values absent until the pass that computes them. */
export interface NodeInfo {
  role: NodeRole;
  /** 0 for inputs, else the 1-based layer. */
  layer: number;
  /** 0-based unit (or input feature). */
  unit: number;
  /** Units of the node's column. */
  units: number;
  /** The layer's activation as the spec writes it ("sigmoid", "maxout×2"); absent for inputs. */
  activation?: string;
  z?: number;
  a?: number;
  dA?: number;
  bias?: number;
  biasGrad?: number;
  /** Number of samples the values are averaged over (1 = one sample). */
  samples: number;
}

/** "layer 1, unit 2 · sigmoid", or "input 1". */
export function nodeDescription(n: Pick<NodeInfo, 'role' | 'layer' | 'unit' | 'activation'>): string {
  if (n.role === 'input') return inputLabel(n.unit);
  return `${layerLabel(n.layer)}, ${unitLabel(n.unit)}${n.activation ? ` · ${n.activation}` : ''}`;
}

/** Multi-line node tooltip: name and place, then z, a, ∂J/∂a, the bias and ∂J/∂b as far as known. */
export function nodeTooltip(n: NodeInfo): string {
  const name = nodeName(n.role, n.layer, n.unit, n.units);
  const lines = [`${name} — ${nodeDescription(n)}`];
  if (n.samples > 1) lines.push(`mean over ${n.samples} samples`);
  const single = n.role === 'output' && n.units === 1;
  if (n.z !== undefined)
    lines.push(`${preActivationSymbol(n.layer)}${single ? '' : subscript(n.unit + 1)} = ${formatNumber(n.z)}`);
  if (n.a !== undefined) lines.push(`${name} = ${formatNumber(n.a)}`);
  if (n.dA !== undefined) lines.push(`${gradientSymbol(name)} = ${formatNumber(n.dA)}`);
  if (n.role !== 'input') {
    const b = paramEntryName(n.layer, 'b', [n.unit]);
    if (n.bias !== undefined)
      lines.push(
        `bias ${b} = ${formatNumber(n.bias)}${n.biasGrad !== undefined ? ` · ${gradientSymbol(b)} = ${formatNumber(n.biasGrad)}` : ''}`,
      );
    else lines.push('no bias');
  }
  return lines.join('\n');
}

/** Column heading: "Input · 2", "Layer 1 · sigmoid · 3", "Output · softmax · 10", maxout with its pieces. */
export function columnTitle(
  role: NodeRole,
  layer: number,
  units: number,
  activation?: string,
  pieces?: number,
): string {
  if (role === 'input') return `Input · ${units}`;
  const act = pieces && pieces > 1 ? `maxout×${pieces}` : (activation ?? '');
  const head = role === 'output' ? 'Output' : `Layer ${layer}`;
  return [head, act, String(units)].filter((s) => s !== '').join(' · ');
}

/** The target of one sample: "y = 1", "y = class 2 of 10" for a one-hot row, "y = (0.5, 2)" for a short vector, else its width. */
export function targetText(t: readonly number[]): string {
  if (t.length === 1) return `${TARGET} = ${formatNumber(t[0])}`;
  const ones = t.filter((v) => v === 1).length,
    zeros = t.filter((v) => v === 0).length;
  if (ones === 1 && zeros === t.length - 1) return `${TARGET} = ${classLabel(t.indexOf(1))} of ${t.length}`;
  if (t.length <= 3) return `${TARGET} = (${t.map((v) => formatNumber(v)).join(', ')})`;
  return `${TARGET}: ${t.length} values`;
}

export type PassKind = 'forward' | 'backward' | 'snapshot';

/**
 * The three lines of the output box beside the drawing: the target y (or the batch size), the loss J,
 * and ∂J/∂ŷ after a backward pass of a single-output network (`gradient`), else the data loss when
 * there is regularization.
 */
export function outputBox(report: PassReport, kind: PassKind): { lines: [string, string, string]; gradient: boolean } {
  const n = report.samples.length;
  const first =
    n === 1
      ? `target ${targetText(report.targets[0] ?? [])}`
      : kind === 'snapshot'
        ? `trained · ${n} samples`
        : `batch · ${n} samples`;
  const dy = columnMeans(report.layers[report.layers.length - 1]?.dA);
  const gradient = !!dy && dy.length === 1 && kind !== 'forward';
  const third = gradient
    ? `${gradientSymbol(PREDICTION)} = ${formatNumber(dy[0])}`
    : report.loss !== report.dataLoss
      ? `data loss ${formatLoss(report.dataLoss)}`
      : '';
  return { lines: [first, `${LOSS} = ${formatLoss(report.loss)}`, third], gradient };
}

/** The toolbar's caption: "backward · sample 1 · J = 0.526992", or the training progress. */
export function passCaption(
  pass: { kind: PassKind; report: PassReport; weights?: string; step?: StepPosition } | undefined,
  training?: { latest?: EpochMetrics; epochs?: number },
): string {
  if (training) {
    const last = training.latest;
    return last
      ? `training · epoch ${last.epoch}${training.epochs ? ` / ${training.epochs}` : ''} · loss ${formatLoss(last.loss)}`
      : 'training…';
  }
  if (!pass) return '';
  const which = pass.step ? 'step' : pass.kind === 'snapshot' ? 'after training' : pass.kind;
  const weights = pass.weights ? ` · ${pass.weights}` : '';
  return `${which} · ${samplesLabel(pass.report.samples)} · ${LOSS} = ${formatLoss(pass.report.loss)}${weights}`;
}

/** The toolbar's caption for a graph's pass: "backward · f = 0.731059 · initial values". */
export function graphPassCaption(
  pass: { pass: 'forward' | 'backward'; report: { output: string; value: number }; weights?: string } | undefined,
): string {
  if (!pass) return '';
  const weights = pass.weights ? ` · ${pass.weights}` : '';
  return `${pass.pass} · ${pass.report.output} = ${formatNumber(pass.report.value)}${weights}`;
}

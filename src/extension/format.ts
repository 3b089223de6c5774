/**
 * Pure text for the editor features: CodeLens titles, hover Markdown and status-bar text built from the
 * core's plain-data summaries and reports. No `vscode` here, so it is unit-tested in Node.
 */
import type { LayerSummary } from '../engine/config';
import type { NetworkSummary } from '../engine/config';
import type { EpochMetrics, LayerReport, ParamReport } from '../engine/types';
import { shapeSize } from '../engine/shapes';

/** A number in a few significant digits, the way the CLI prints them (0.52699, -0.40962, 3.1e-10). */
export function fmt(x: number, digits = 5): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const ax = Math.abs(x);
  if (ax < 1e-4 || ax >= 1e6) return x.toExponential(Math.max(0, digits - 3)).replace('e+', 'e');
  return String(Number(x.toPrecision(digits)));
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
}

/** "2×3" for a shape [2, 3]. */
export function shapeText(shape: number[]): string {
  return shape.join('×');
}

/** "2 → 3": the layer's inputs to units. */
export function arrow(layer: Pick<LayerSummary, 'inputs' | 'units'>): string {
  return `${layer.inputs} → ${layer.units}`;
}

/** The per-layer CodeLens: "dense 2 → 3 · 9 params" (maxout adds its pieces). */
export function layerLensTitle(layer: LayerSummary): string {
  const pieces = layer.type === 'maxout' && layer.pieces ? ` · ${layer.pieces} pieces` : '';
  return `${layer.type} ${arrow(layer)}${pieces} · ${plural(layer.params, 'param')}`;
}

/** "W 2×3, 6 parameters" and "b 3, 3 parameters" for a layer's parameter groups. */
export function paramLines(layer: LayerSummary): string[] {
  const lines = [`W ${shapeText(layer.shapes.W)}, ${plural(shapeSize(layer.shapes.W), 'parameter')}`];
  if (layer.shapes.b) lines.push(`b ${shapeText(layer.shapes.b)}, ${plural(shapeSize(layer.shapes.b), 'parameter')}`);
  return lines;
}

/** Markdown for hovering a layer: index, type, activation, shapes, parameters, output per batch. */
export function layerHoverMarkdown(layer: LayerSummary, layerCount: number): string {
  const pieces = layer.type === 'maxout' && layer.pieces ? ` (max over ${plural(layer.pieces, 'piece')})` : '';
  const role = layer.index === layerCount ? 'output layer' : 'hidden layer';
  return [
    `**Layer ${layer.index}** of ${layerCount} · ${role} · \`${layer.type}\`${pieces} · activation \`${layer.activation}\``,
    '',
    `${arrow(layer)} (inputs → units)`,
    '',
    ...paramLines(layer).map((l) => `- ${l}`),
    `- ${plural(layer.params, 'parameter')} in this layer`,
    '',
    `Output per batch: \`(batch, ${layer.units})\``,
  ].join('\n');
}

/** Markdown for hovering `input:`. */
export function inputHoverMarkdown(summary: NetworkSummary): string {
  const first = summary.layers[0];
  return [
    `**Input** · ${plural(summary.input, 'feature')} per sample`,
    '',
    `Shape per batch: \`(batch, ${summary.input})\``,
    first ? `\nFeeds layer 1 (${first.type} ${arrow(first)}).` : '',
    `\nThe network has ${plural(summary.layers.length, 'layer')} and ${plural(summary.totalParams, 'parameter')}.`,
  ].join('\n');
}

function frobenius(v: ParamReport['grad']): number {
  let s = 0;
  const walk = (x: unknown): void => {
    if (typeof x === 'number') s += x * x;
    else if (Array.isArray(x)) for (const e of x) walk(e);
  };
  walk(v);
  return Math.sqrt(s);
}

/** Euclidean norm of a nested array of numbers (a gradient or an activation matrix). */
export function norm(v: ParamReport['grad'] | number[][]): number {
  return frobenius(v as ParamReport['grad']);
}

function vector(row: number[] | undefined, max = 8): string {
  if (!row) return '[]';
  const shown = row.slice(0, max).map((x) => fmt(x));
  return `[${shown.join(', ')}${row.length > max ? `, … ${row.length - max} more` : ''}]`;
}

/** Markdown for a layer's numbers after the last forward or backward run. */
export function layerRunMarkdown(
  layer: LayerReport,
  kind: 'forward' | 'backward' | 'training',
  sampleCount: number,
): string {
  const which = sampleCount === 1 ? 'the sample' : `the first of ${sampleCount} samples`;
  const title = kind === 'training' ? 'Latest training snapshot' : `Last ${kind} pass`;
  const lines = [`**${title}** (${which}):`, '', `- z = \`${vector(layer.z[0])}\``, `- a = \`${vector(layer.a[0])}\``];
  if (layer.dA) lines.push(`- ∂J/∂a = \`${vector(layer.dA[0])}\``);
  if (layer.params.W.grad) lines.push(`- ‖∂J/∂W‖ = ${fmt(norm(layer.params.W.grad))}`);
  if (layer.params.b?.grad) lines.push(`- ‖∂J/∂b‖ = ${fmt(norm(layer.params.b.grad))}`);
  return lines.join('\n');
}

/** Status-bar and notification text for a training epoch: "epoch 12/100 · loss 0.1234". */
export function trainingText(m: EpochMetrics | undefined, epochs: number): string {
  if (!m) return `epoch 0/${epochs}`;
  const acc = m.accuracy !== undefined ? ` · acc ${(m.accuracy * 100).toFixed(1)}%` : '';
  return `epoch ${m.epoch}/${epochs} · loss ${fmt(m.loss, 4)}${acc}`;
}

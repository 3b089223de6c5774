/**
 * Text for the editor features: CodeLens titles, hover Markdown and document-symbol details, built from
 * the plain-data summaries and reports in the notation of src/text/notation.ts. No `vscode` here.
 */
import type { LayerSummary, NetworkSummary } from '../engine/config';
import type { LayerReport, ParamReport } from '../engine/types';
import { shapeSize } from '../engine/shapes';
import { formatNumber } from './numbers';
import { activationSymbol, gradientSymbol, paramSymbol, plural, preActivationSymbol, sampleLabel } from './notation';
import { vectorText } from './reports';
import { graphShapeText, graphValueText } from './graph';

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

/** "W¹ 2×3, 6 parameters" and "b¹ 3, 3 parameters" for a layer's parameter groups. */
export function paramLines(layer: LayerSummary): string[] {
  const line = (param: 'W' | 'b', shape: number[]): string =>
    `${paramSymbol(param, layer.index)} ${shapeText(shape)}, ${plural(shapeSize(shape), 'parameter')}`;
  const lines = [line('W', layer.shapes.W)];
  if (layer.shapes.b) lines.push(line('b', layer.shapes.b));
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

/** The document-symbol detail of a layer: "dense 2 → 3 · sigmoid · 9 params". */
export function layerSymbolDetail(layer: LayerSummary): string {
  return `${layer.type} ${arrow(layer)} · ${layer.activation} · ${plural(layer.params, 'param')}`;
}

/** Euclidean norm of a nested array of numbers (a gradient or an activation matrix). */
export function norm(v: ParamReport['grad'] | number[][]): number {
  let s = 0;
  const walk = (x: unknown): void => {
    if (typeof x === 'number') s += x * x;
    else if (Array.isArray(x)) for (const e of x) walk(e);
  };
  walk(v);
  return Math.sqrt(s);
}

/**
 * Markdown for a layer's numbers after the last forward or backward pass or training snapshot: its z, a
 * (ŷ for the last of `layers`) and ∂J/∂a for the first sample of the batch (0-based `samples`), and the
 * norms of its parameters' gradients over the batch.
 */
export function layerRunMarkdown(
  layer: LayerReport,
  kind: 'forward' | 'backward' | 'training',
  samples: readonly number[],
  layers: number,
): string {
  const first = samples.length > 0 ? sampleLabel(samples[0]) : 'no sample';
  const which = samples.length === 1 ? first : `${first}, the first of ${plural(samples.length, 'sample')}`;
  const title = kind === 'training' ? 'Latest training snapshot' : `Last ${kind} pass`;
  const a = activationSymbol(layer.index, layers);
  const vec = (row: number[] | undefined): string => (row ? vectorText(row) : '()');
  const lines = [
    `**${title}** (${which}):`,
    '',
    `- ${preActivationSymbol(layer.index)} = \`${vec(layer.z[0])}\``,
    `- ${a} = \`${vec(layer.a[0])}\``,
  ];
  if (layer.dA) lines.push(`- ${gradientSymbol(a)} = \`${vec(layer.dA[0])}\``);
  const { W, b } = layer.params;
  if (W.grad) lines.push(`- ‖${gradientSymbol(paramSymbol('W', layer.index))}‖ = ${formatNumber(norm(W.grad))}`);
  if (b?.grad) lines.push(`- ‖${gradientSymbol(paramSymbol('b', layer.index))}‖ = ${formatNumber(norm(b.grad))}`);
  return lines.join('\n');
}

/** What a hover says of a graph's input or node: its expression and shape, and after a pass its value and gradient. */
export interface GraphHover {
  name: string;
  /** The node's expression as written (absent for an input). */
  expression?: string;
  shape: readonly number[];
  /** The graph's output name (for ∂output/∂name). */
  output: string;
  /** After a pass: the value, the gradient (backward only), which pass, and whether the text changed since. */
  pass?: { kind: 'forward' | 'backward'; value: ArrayLike<number>; grad?: ArrayLike<number>; stale: boolean };
}

export function graphHoverMarkdown(h: GraphHover): string {
  const head = h.expression === undefined ? `**Input \`${h.name}\`**` : `**Node \`${h.name}\`** = \`${h.expression}\``;
  const lines = [`${head} · ${graphShapeText(h.shape)}`];
  if (h.pass) {
    lines.push('', `- value: ${graphValueText(h.pass.value, h.shape)}`);
    if (h.pass.grad) lines.push(`- ∂${h.output}/∂${h.name}: ${graphValueText(h.pass.grad, h.shape)}`);
    lines.push('', `_(last ${h.pass.kind} pass${h.pass.stale ? ', from before the last edit' : ''})_`);
  } else lines.push('', 'Run Forward or Backward to see its value and gradient.');
  return lines.join('\n');
}

/** The outline's detail of a graph input or node: "= x + y · number", "2×2" (what is known of it). */
export function graphSymbolDetail(expression: string | undefined, shape: readonly number[] | undefined): string {
  const parts = [];
  if (expression !== undefined) parts.push(`= ${expression}`);
  if (shape) parts.push(graphShapeText(shape));
  return parts.join(' · ');
}

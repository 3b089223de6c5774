/**
 * The CLI's and the Output channel's text of a forward pass, a backward pass and the network summary —
 * the lecture's story told in numbers, in the notation of src/text/notation.ts (x, z¹, a¹, ŷ, y, W¹, b¹,
 * ∂J/∂W¹ …, samples from 1). Large batches and matrices are elided (first rows and columns, then "…").
 */
import { nonFiniteText } from './nonFinite';
import type { NetworkSummary } from '../engine/config';
import type { LayerReport, PassReport } from '../engine/types';
import { formatLoss, formatNumber } from './numbers';
import {
  activationName,
  activationSymbol,
  gradientSymbol,
  INPUT,
  layerLabel,
  LOSS,
  paramSymbol,
  plural,
  preActivationSymbol,
  sampleLabel,
  samplesLabel,
  TARGET,
} from './notation';
import { table } from './table';

const MAX_SAMPLES = 5;
const MAX_ROWS = 8;
const MAX_COLS = 8;

/** "(0.99998, 0.73106, 0.99999)", elided beyond MAX_COLS. */
export function vectorText(v: readonly number[], max = MAX_COLS): string {
  const shown = v.slice(0, max).map((x) => formatNumber(x));
  return `(${shown.join(', ')}${v.length > max ? `, … ${v.length - max} more` : ''})`;
}

/** A matrix as aligned rows, elided beyond MAX_ROWS × MAX_COLS. */
function matrix(m: number[][], indent: string): string {
  const rows = m.slice(0, MAX_ROWS).map((r) => r.slice(0, MAX_COLS).map((x) => formatNumber(x)));
  const width = Math.max(1, ...rows.flat().map((s) => s.length));
  const lines = rows.map((r, i) => {
    const cells = r.map((s) => s.padStart(width)).join('  ');
    const more = m[i].length > MAX_COLS ? `  … ${m[i].length - MAX_COLS} more` : '';
    return `${indent}[ ${cells} ]${more}`;
  });
  if (m.length > MAX_ROWS) lines.push(`${indent}… ${m.length - MAX_ROWS} more rows`);
  return lines.join('\n');
}

/** A parameter value of any rank ([n], [r, c], [p, r, c]). */
function param(value: number[] | number[][] | number[][][], indent: string): string {
  if (value.length === 0) return `${indent}(empty)`;
  if (typeof value[0] === 'number') return `${indent}${vectorText(value as number[])}`;
  if (typeof (value as number[][])[0][0] === 'number') return matrix(value as number[][], indent);
  return (value as number[][][]).map((m, k) => `${indent}piece ${k + 1}:\n${matrix(m, indent + '  ')}`).join('\n');
}

/** Per-sample rows of a layer quantity ("[sample 3] a¹ = (…)" when there are several), at most MAX_SAMPLES. */
function perSample(r: PassReport, rows: number[][], label: string): string[] {
  const out: string[] = [];
  const n = Math.min(rows.length, MAX_SAMPLES);
  for (let i = 0; i < n; i++) {
    const tag = rows.length === 1 ? '' : `[${sampleLabel(r.samples[i])}] `;
    out.push(`  ${tag}${label} = ${vectorText(rows[i])}`);
  }
  if (rows.length > MAX_SAMPLES) out.push(`  … ${rows.length - MAX_SAMPLES} more samples`);
  return out;
}

/** "layer 1 (dense, sigmoid)". */
function layerTitle(l: LayerReport): string {
  return `${layerLabel(l.index)} (${l.type}, ${activationName(l.activation)})`;
}

/** "loss J = 0.526992", with the data and regularization parts when they differ, and where a NaN comes from. */
export function lossLine(r: PassReport): string {
  const reg = !Object.is(r.loss, r.dataLoss)
    ? ` (data ${formatLoss(r.dataLoss)} + regularization ${formatLoss(r.loss - r.dataLoss)})`
    : '';
  const cause = r.nonFinite ? ` — ${nonFiniteText(r.nonFinite)}` : '';
  return `loss ${LOSS} = ${formatLoss(r.loss)}${reg}${cause}`;
}

/** The forward pass: the input x, each layer's z¹ and a¹ (the last layer's a is the prediction ŷ), the target y, the loss J. */
export function describeForward(r: PassReport): string {
  const L = r.layers.length;
  const lines = [`Forward pass · ${samplesLabel(r.samples)}`];
  lines.push(...perSample(r, r.input, INPUT));
  for (const l of r.layers) {
    const a = activationSymbol(l.index, L);
    const z = preActivationSymbol(l.index);
    lines.push(`${layerTitle(l)}: ${a} = ${activationName(l.activation)}(${z})`);
    lines.push(...perSample(r, l.z, z));
    lines.push(...perSample(r, l.a, a));
  }
  lines.push(...perSample(r, r.targets, `target ${TARGET}`));
  lines.push(lossLine(r));
  return lines.join('\n');
}

/** The backward pass, output to input: ∂J/∂ŷ, ∂J/∂W², ∂J/∂a¹, ∂J/∂W¹ … */
export function describeBackward(r: PassReport): string {
  const L = r.layers.length;
  const lines = [`Backward pass · ${samplesLabel(r.samples)} · ${lossLine(r)}`];
  for (let i = L - 1; i >= 0; i--) {
    const l = r.layers[i];
    lines.push(layerTitle(l));
    if (l.dA) lines.push(...perSample(r, l.dA, gradientSymbol(activationSymbol(l.index, L))));
    const { W, b } = l.params;
    if (W.grad)
      lines.push(`  ${gradientSymbol(paramSymbol('W', l.index))} (${W.shape.join('×')}) =`, param(W.grad, '    '));
    if (b?.grad)
      lines.push(`  ${gradientSymbol(paramSymbol('b', l.index))} (${b.shape.join('×')}) =`, param(b.grad, '    '));
  }
  return lines.join('\n');
}

/** Keras-style summary: layer, type, activation, input → output, parameter shapes (W¹ 2×3, b¹ 3) and counts, total. */
export function describeSummary(s: NetworkSummary): string {
  const rows = s.layers.map((l) => [
    `${l.index}`,
    l.type === 'maxout' ? `maxout×${l.pieces ?? 1}` : l.type,
    l.activation,
    `${l.inputs} → ${l.units}`,
    [
      `${paramSymbol('W', l.index)} ${l.shapes.W.join('×')}`,
      ...(l.shapes.b ? [`${paramSymbol('b', l.index)} ${l.shapes.b.join('×')}`] : []),
    ].join(', '),
    `${l.params}`,
  ]);
  const lines = [];
  if (s.name) lines.push(`Model: ${s.name}`);
  lines.push(`Input: ${plural(s.input, 'feature')}`);
  lines.push(table(['layer', 'type', 'activation', 'input → output', 'parameter shapes', 'params'], rows));
  lines.push(`Total params: ${s.totalParams}`);
  return lines.join('\n');
}

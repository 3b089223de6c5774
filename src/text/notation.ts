/**
 * The notation of every surface, written down once (README, "Notation"): layer l's parameters are W^l and
 * b^l (W¹ b¹ W² b² …, a superscript layer number from 1), its pre-activation z^l and activation a^l
 * (a⁰ = x), the last layer's output is the prediction ŷ, the target is y, the loss J, gradients ∂J/∂W¹ ….
 * Samples, layers and units are numbered from 1; a parameter entry W¹[i,j] joins input i to unit j.
 * Classes are the labels as the data writes them (class indices from 0). The engine counts from 0
 * internally; the conversions to the numbers people read happen here only.
 */
import type { ActivationConfig } from '../engine/config';

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';

export const INPUT = 'x';
export const PREDICTION = 'ŷ';
export const TARGET = 'y';
export const LOSS = 'J';

function digits(n: number, table: string): string {
  return String(n)
    .split('')
    .map((c) => (c >= '0' && c <= '9' ? table[+c] : c))
    .join('');
}

/** "¹²" for 12. */
export function superscript(n: number): string {
  return digits(n, SUPERSCRIPT);
}

/** "₁₂" for 12. */
export function subscript(n: number): string {
  return digits(n, SUBSCRIPT);
}

/** "W¹", "b²": a parameter of layer `layer` (1-based). */
export function paramSymbol(param: 'W' | 'b', layer: number): string {
  return `${param}${superscript(layer)}`;
}

/**
 * One entry of a parameter, from its 0-based index in the engine's arrays: dense W[i][j] → "W¹[i+1,j+1]",
 * maxout W[p][i][j] → "W¹[i+1,j+1] piece p+1", b[j] → "b¹[j+1]", maxout b[p][j] → "b¹[j+1] piece p+1".
 */
export function paramEntryName(layer: number, param: 'W' | 'b', index: readonly number[]): string {
  const symbol = paramSymbol(param, layer);
  const one = index.map((i) => i + 1);
  const pieces = param === 'W' ? 3 : 2;
  if (one.length === pieces) return `${symbol}[${one.slice(1).join(',')}] piece ${one[0]}`;
  return `${symbol}[${one.join(',')}]`;
}

/** "z¹": layer `layer`'s pre-activation. */
export function preActivationSymbol(layer: number): string {
  return `z${superscript(layer)}`;
}

/** "a¹" for a hidden layer, "ŷ" for the last of `layers` (its output is the prediction), "x" for layer 0. */
export function activationSymbol(layer: number, layers: number): string {
  if (layer === 0) return INPUT;
  return layer === layers ? PREDICTION : `a${superscript(layer)}`;
}

/** "∂J/∂W¹", "∂J/∂ŷ". */
export function gradientSymbol(of: string): string {
  return `∂${LOSS}/∂${of}`;
}

/** The number people read for a 0-based sample index: the first sample is sample 1. */
export function sampleNumber(index: number): number {
  return index + 1;
}

/** The 0-based index of the sample people call `number` (sample 1 is index 0). */
export function sampleIndex(number: number): number {
  return number - 1;
}

/** "sample 1" for the first sample (a 0-based index). */
export function sampleLabel(index: number): string {
  return `sample ${sampleNumber(index)}`;
}

/** "the training set has 5 samples (1 to 5)": the sample numbers there are, for an out-of-range message. */
export function trainingSetRange(n: number): string {
  return `the training set has ${plural(n, 'sample')} (${n === 0 ? 'none' : `${sampleNumber(0)} to ${sampleNumber(n - 1)}`})`;
}

/** "sample 3" for a batch of one, else "12 samples". */
export function samplesLabel(indices: readonly number[]): string {
  return indices.length === 1 ? sampleLabel(indices[0]) : plural(indices.length, 'sample');
}

/** "layer 2" (layers are numbered from 1 everywhere already). */
export function layerLabel(layer: number): string {
  return `layer ${layer}`;
}

/** "unit 1" for a 0-based unit index. */
export function unitLabel(unit: number): string {
  return `unit ${unit + 1}`;
}

/** "input 1" for a 0-based feature index. */
export function inputLabel(feature: number): string {
  return `input ${feature + 1}`;
}

/** "class 0": classes are the labels as the data writes them. */
export function classLabel(index: number): string {
  return `class ${index}`;
}

export type NodeRole = 'input' | 'hidden' | 'output';

/** A unit's short name: inputs x₁ x₂ …, hidden units a¹₁ a¹₂ …, the output ŷ (ŷ₁ ŷ₂ … when several). `unit` is 0-based. */
export function nodeName(role: NodeRole, layer: number, unit: number, units: number): string {
  if (role === 'input') return `${INPUT}${subscript(unit + 1)}`;
  if (role === 'output') return units === 1 ? PREDICTION : `${PREDICTION}${subscript(unit + 1)}`;
  return `a${superscript(layer)}${subscript(unit + 1)}`;
}

/** An activation as a spec writes it: "sigmoid", "leaky_relu(0.01)", "elu(1)", or the custom name. */
export function activationName(a: ActivationConfig): string {
  if (a.kind === 'leaky_relu' || a.kind === 'elu') return `${a.kind}(${a.alpha})`;
  if (a.kind === 'custom') return a.name;
  return a.kind;
}

/** "1 param", "13 parameters", "3 classes". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
}

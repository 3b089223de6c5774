/**
 * The weights file (`NAME.weights.json`): a network's parameters saved as documented JSON, written
 * by `nnspec train --save`, by the exported PyTorch program and by the editor, and read by a spec's
 * `weights_file:` and by `--weights`.
 *
 *   format   "nnspec-weights"           what the file is
 *   version  1                          the format's version (a newer one is refused with a clear message)
 *   name     "XOR (2-4-1)"              the spec's name (information only)
 *   network  { input, layers: [{ type, inputs, units, pieces (maxout), bias }] }
 *                                       the fingerprint of the network the weights fit (not its init)
 *   epoch    300                        epochs trained to get these weights (0: initial weights)
 *   loss     0.0123                     the training loss J at these weights (null when unknown)
 *   layers   [{ W: { shape, values }, b: { shape, values } }]
 *                                       per layer, first to last: W is inputs × units (maxout: pieces ×
 *                                       inputs × units) and b is units (maxout: pieces × units), nested
 *                                       lists as in a spec's `weights:`; no b when the layer has no bias.
 *
 * Reading never trusts the text: its size is bounded before parsing, only known keys are copied
 * out of the parsed JSON (no object is built from the file's keys), every shape is checked against
 * the fingerprint and every value must be a finite number. Pure: no file access here.
 */
import type { LayerConfig, LayerType, NetworkConfig } from '../engine/config';
import { layerShapes, piecesOf, shapeSize, type LayerDims } from '../engine/shapes';

export const WEIGHTS_FORMAT = 'nnspec-weights';
export const WEIGHTS_VERSION = 1;
/** The file name suffix, as in `xor.weights.json` beside `xor.nnspec`. */
export const WEIGHTS_SUFFIX = '.weights.json';

/** One layer's parameters, flattened row-major as the engine holds them. */
export interface LayerParams {
  W: Float64Array;
  /** Absent when the layer has no bias. */
  b?: Float64Array;
}

/** The network a weights file fits: what its shapes depend on, nothing else. */
export interface Fingerprint {
  input: number;
  layers: LayerDims[];
}

export interface WeightsFile {
  version: number;
  name?: string;
  network: Fingerprint;
  epoch: number;
  /** The training loss at these weights, when known. */
  loss?: number;
  layers: LayerParams[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** The fingerprint of a configured network. */
export function fingerprintOf(config: Pick<NetworkConfig, 'input' | 'layers'>): Fingerprint {
  return {
    input: config.input,
    layers: config.layers.map((l) => ({
      type: l.type,
      inputs: l.inputs,
      units: l.units,
      pieces: piecesOf(l),
      bias: l.bias,
    })),
  };
}

/** The largest text a weights file of `params` parameters can need (generous: 64 characters per number). */
export function maxWeightsFileChars(params: number): number {
  return 1024 * 1024 + 64 * params;
}

// ---------------------------------------------------------------- writing

/** The file's JSON text for these parameters of the configured network. */
export function formatWeightsFile(
  config: Pick<NetworkConfig, 'name' | 'input' | 'layers'>,
  params: readonly LayerParams[],
  info: { epoch: number; loss?: number },
): string {
  const network = fingerprintOf(config);
  if (params.length !== network.layers.length)
    throw new Error(`${params.length} layers of parameters for a network of ${network.layers.length}`);
  const layers = network.layers.map((dims, i) => {
    const shapes = layerShapes(dims);
    const p = params[i];
    if (p.W.length !== shapeSize(shapes.W)) throw new Error(`layer ${i + 1}: W has ${p.W.length} values`);
    const entry: Record<string, unknown> = { W: { shape: shapes.W, values: nest(p.W, shapes.W) } };
    if (shapes.b) {
      if (!p.b || p.b.length !== shapeSize(shapes.b)) throw new Error(`layer ${i + 1}: b does not fit`);
      entry.b = { shape: shapes.b, values: nest(p.b, shapes.b) };
    }
    return entry;
  });
  for (const [i, p] of params.entries()) {
    if (!allFinite(p.W) || (p.b && !allFinite(p.b)))
      throw new Error(`layer ${i + 1} has weights that are NaN or Infinity; there is nothing worth saving`);
  }
  const doc = {
    format: WEIGHTS_FORMAT,
    version: WEIGHTS_VERSION,
    ...(config.name !== undefined ? { name: config.name } : {}),
    network: {
      input: network.input,
      layers: network.layers.map((l) => ({
        type: l.type,
        inputs: l.inputs,
        units: l.units,
        ...(l.type === 'maxout' ? { pieces: l.pieces } : {}),
        bias: l.bias,
      })),
    },
    epoch: info.epoch,
    loss: info.loss !== undefined && Number.isFinite(info.loss) ? info.loss : null,
    layers,
  };
  return pretty(doc, '') + '\n';
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/** A flat row-major array as nested lists of the given shape. */
export function nest(flat: ArrayLike<number>, shape: readonly number[]): unknown {
  const build = (dim: number, offset: number): unknown => {
    const n = shape[dim];
    if (dim === shape.length - 1) return Array.from({ length: n }, (_, i) => flat[offset + i]);
    const stride = shapeSize(shape.slice(dim + 1));
    return Array.from({ length: n }, (_, i) => build(dim + 1, offset + i * stride));
  };
  return build(0, 0);
}

/** JSON on one line with a space after each comma and colon. */
function inline(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`)
      .join(', ')}}`;
  return JSON.stringify(v);
}

/** JSON with two-space indentation; short values and lists of numbers stay on one line. */
function pretty(v: unknown, indent: string): string {
  const line = inline(v);
  if (
    line.length <= 100 ||
    v === null ||
    typeof v !== 'object' ||
    (Array.isArray(v) && v.every((x) => typeof x === 'number'))
  )
    return line;
  const inner = indent + '  ';
  if (Array.isArray(v)) return `[\n${v.map((x) => inner + pretty(x, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(v as Record<string, unknown>);
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${pretty(x, inner)}`).join(',\n')}\n${indent}}`;
}

// ---------------------------------------------------------------- reading

type Json = unknown;

function own(obj: Json, key: string): Json {
  return obj !== null && typeof obj === 'object' && Object.prototype.hasOwnProperty.call(obj, key)
    ? (obj as Record<string, Json>)[key]
    : undefined;
}

function isObject(v: Json): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isCount(v: Json, min: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
}

class Invalid extends Error {}

function fail(message: string): never {
  throw new Invalid(message);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function shapeText(shape: readonly number[]): string {
  return shape.join('×');
}

/** Describes one layer as "dense 2 → 3 (W 2×3, b 3)" for messages. */
export function describeLayer(l: LayerDims): string {
  const s = layerShapes(l);
  const kind =
    l.type === 'maxout' ? `maxout ${l.inputs} → ${l.units} with ${l.pieces} pieces` : `dense ${l.inputs} → ${l.units}`;
  return `${kind} (W ${shapeText(s.W)}${s.b ? `, b ${shapeText(s.b)}` : ', no bias'})`;
}

function readFingerprint(v: Json): Fingerprint {
  if (!isObject(v)) fail('it has no "network": { input, layers } saying which network the weights fit');
  const input = own(v, 'input');
  if (!isCount(input, 1)) fail('its "network" has no "input" (a whole number ≥ 1)');
  const list = own(v, 'layers');
  if (!Array.isArray(list) || list.length === 0) fail('its "network" has no "layers" list');
  let inputs = input;
  const layers = list.map((l: Json, i: number): LayerDims => {
    const at = `"network" layer ${i + 1}`;
    if (!isObject(l)) fail(`${at} is not a { type, inputs, units, bias } object`);
    const type = own(l, 'type');
    if (type !== 'dense' && type !== 'maxout') fail(`${at} has type ${JSON.stringify(type)}, not dense or maxout`);
    const ins = own(l, 'inputs');
    const units = own(l, 'units');
    if (!isCount(ins, 1) || !isCount(units, 1)) fail(`${at} needs whole numbers "inputs" and "units" ≥ 1`);
    if (ins !== inputs) fail(`${at} takes ${ins} inputs but the layer before it gives ${inputs}`);
    const pieces = own(l, 'pieces');
    if (type === 'maxout' && !isCount(pieces, 1)) fail(`${at} is maxout and needs "pieces" (a whole number ≥ 1)`);
    const bias = own(l, 'bias');
    if (typeof bias !== 'boolean') fail(`${at} needs "bias": true or false`);
    inputs = units;
    return { type: type as LayerType, inputs: ins, units, pieces: type === 'maxout' ? (pieces as number) : 1, bias };
  });
  return { input, layers };
}

/** Flattens nested lists of exactly this shape into a Float64Array, or fails naming `what`. */
function readValues(v: Json, shape: readonly number[], what: string): Float64Array {
  const out = new Float64Array(shapeSize(shape));
  let k = 0;
  const walk = (node: Json, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (typeof node !== 'number' || !Number.isFinite(node))
        fail(`${what}${path} is ${JSON.stringify(node) ?? 'missing'}, not a finite number`);
      out[k++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[dim])
      fail(
        `${what}${path} must be a list of ${shape[dim]} (the shape is ${shapeText(shape)}), not ${Array.isArray(node) ? `a list of ${node.length}` : (JSON.stringify(node) ?? 'missing')}`,
      );
    for (let i = 0; i < node.length; i++) walk(node[i], dim + 1, `${path}[${i}]`);
  };
  walk(v, 0, '');
  return out;
}

function readParam(entry: Json, name: 'W' | 'b', shape: readonly number[], layer: number): Float64Array {
  const what = `layer ${layer} ${name}`;
  const p = own(entry, name);
  if (!isObject(p)) fail(`${what} is missing (it should be { "shape": [${shape.join(', ')}], "values": … })`);
  const s = own(p, 'shape');
  if (!Array.isArray(s) || s.length !== shape.length || s.some((d, i) => d !== shape[i]))
    fail(`${what} has shape ${JSON.stringify(s)} but its "network" entry makes it ${shapeText(shape)}`);
  return readValues(own(p, 'values'), shape, `${what} values`);
}

/** Parses and checks a weights file's text (`maxChars` bounds it before parsing). */
export function parseWeightsFile(text: string, maxChars = maxWeightsFileChars(20_000_000)): Parsed<WeightsFile> {
  if (text.length > maxChars)
    return {
      ok: false,
      message: `it is ${text.length.toLocaleString('en-US')} characters long, more than a weights file can need (${maxChars.toLocaleString('en-US')})`,
    };
  let root: Json;
  try {
    root = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `it is not valid JSON (${(e as Error).message})` };
  }
  try {
    if (!isObject(root) || own(root, 'format') !== WEIGHTS_FORMAT)
      fail(`it is not an nnspec weights file (it has no "format": "${WEIGHTS_FORMAT}")`);
    const version = own(root, 'version');
    if (!isCount(version, 1)) fail('its "version" is not a whole number ≥ 1');
    if (version > WEIGHTS_VERSION)
      fail(
        `it was written in weights format version ${version}, newer than this nnspec reads (${WEIGHTS_VERSION}); update nnspec`,
      );
    const network = readFingerprint(own(root, 'network'));
    const epochV = own(root, 'epoch');
    if (epochV !== undefined && !isCount(epochV, 0)) fail('its "epoch" is not a whole number ≥ 0');
    const lossV = own(root, 'loss');
    if (lossV !== undefined && lossV !== null && (typeof lossV !== 'number' || !Number.isFinite(lossV)))
      fail('its "loss" is not a number');
    const nameV = own(root, 'name');
    const list = own(root, 'layers');
    if (!Array.isArray(list) || list.length !== network.layers.length)
      fail(
        `its "layers" must list the parameters of the ${plural(network.layers.length, 'layer')} its "network" names${Array.isArray(list) ? `, not ${list.length}` : ''}`,
      );
    const layers = network.layers.map((dims, i): LayerParams => {
      const shapes = layerShapes(dims);
      const entry = list[i];
      if (!isObject(entry)) fail(`layer ${i + 1} of "layers" is not a { W, b } object`);
      const W = readParam(entry, 'W', shapes.W, i + 1);
      if (!shapes.b) {
        if (own(entry, 'b') !== undefined && own(entry, 'b') !== null)
          fail(`layer ${i + 1} has b values but its "network" entry says it has no bias`);
        return { W };
      }
      return { W, b: readParam(entry, 'b', shapes.b, i + 1) };
    });
    return {
      ok: true,
      value: {
        version,
        ...(typeof nameV === 'string' ? { name: nameV } : {}),
        network,
        epoch: (epochV as number | undefined) ?? 0,
        ...(typeof lossV === 'number' ? { loss: lossV } : {}),
        layers,
      },
    };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, message: e.message };
    throw e;
  }
}

/**
 * The file's parameters for a network of this input width and these layers, or why they do not fit:
 * the first layer that differs, both as the file has it and as the network needs it.
 */
export function fitWeights(file: WeightsFile, input: number, layers: readonly LayerDims[]): Parsed<LayerParams[]> {
  const theirs = file.network;
  if (theirs.input !== input)
    return {
      ok: false,
      message: `the weights are for a network of ${theirs.input} inputs, but this one has ${input}`,
    };
  const n = Math.min(theirs.layers.length, layers.length);
  for (let i = 0; i < n; i++) {
    const a = theirs.layers[i];
    const b = { ...layers[i], pieces: piecesOf(layers[i]) };
    if (a.type !== b.type || a.inputs !== b.inputs || a.units !== b.units || a.pieces !== b.pieces || a.bias !== b.bias)
      return {
        ok: false,
        message: `layer ${i + 1} is ${describeLayer(a)} in the weights file but ${describeLayer(b)} in this network`,
      };
  }
  if (theirs.layers.length !== layers.length)
    return {
      ok: false,
      message: `the weights file has ${plural(theirs.layers.length, 'layer')} but this network has ${layers.length}`,
    };
  return { ok: true, value: file.layers };
}

/** The configuration with each layer's initial weights and biases replaced by these (already fitted) parameters. */
export function withWeights(config: NetworkConfig, params: readonly LayerParams[]): NetworkConfig {
  const layers = config.layers.map((l, i): LayerConfig => ({
    ...l,
    weights: Float64Array.from(params[i].W),
    ...(params[i].b ? { biases: Float64Array.from(params[i].b!) } : {}),
  }));
  return { ...config, layers };
}

/** Parses the text and fits it to the configured network: the configuration that starts from these weights. */
export function loadWeightsInto(
  config: NetworkConfig,
  text: string,
): Parsed<{ config: NetworkConfig; file: WeightsFile }> {
  const params = config.layers.reduce((s, l) => s + layerShapes(l).params, 0);
  const parsed = parseWeightsFile(text, maxWeightsFileChars(params));
  if (!parsed.ok) return parsed;
  const fitted = fitWeights(parsed.value, config.input, config.layers);
  if (!fitted.ok) return fitted;
  return { ok: true, value: { config: withWeights(config, fitted.value), file: parsed.value } };
}

/** The current parameters of a network's layers (copies), for `formatWeightsFile`. */
export function paramsOf(layers: readonly { W: Float64Array; b: Float64Array; hasBias: boolean }[]): LayerParams[] {
  return layers.map((l) => (l.hasBias ? { W: l.W.slice(), b: l.b.slice() } : { W: l.W.slice() }));
}

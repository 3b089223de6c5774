/**
 * A network's weights written into its spec: the text edits that set each layer's `weights:` and
 * `biases:` inline, formatted as in the lecture's example (`weights: [[1.0, -1.0, 3.0], [2.0, 2.0,
 * -1.0]]`), and remove a top-level `weights_file:` (whose weights would otherwise replace them). A
 * value already there is replaced in place; a missing key is added after the layer's last key, at its
 * indentation (inside the braces for a `{ … }` layer). Numbers are written so they read back as the
 * same doubles, so the edited spec computes exactly what the weights do. Only for small networks
 * (MAX_INLINE_PARAMS); pure, so the edits are unit-tested without an editor.
 */
import { layerShapes, shapeSize, type LayerDims } from '../engine/shapes';
import type { Range } from './types';
import { nest, type LayerParams } from './weightsFile';
import { Diagnostics, isMap, isPair, isScalar, isSeq, parseSource, type Source, type YNode } from './yamlSource';
import type { Pair, YAMLMap } from 'yaml';

/** The largest network whose weights are written into the spec; bigger ones belong in a weights file. */
export const MAX_INLINE_PARAMS = 200;
/** A value longer than this is written one row per line (a block-style layer only). */
const LINE_CHARS = 120;

export interface TextEdit {
  range: Range;
  newText: string;
}

export type InlineResult = { ok: true; edits: TextEdit[] } | { ok: false; message: string };

/** A weight as the spec writes it: the shortest text that reads back as the same double, "1.0" for a whole number. */
export function formatWeight(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`${v} cannot be written into a spec`);
  if (Object.is(v, -0)) return '-0.0';
  return Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(1) : String(v);
}

/** Nested lists of numbers on one line: "[[1.0, -1.0], [2.0, 2.0]]". */
function flow(v: unknown): string {
  return Array.isArray(v) ? `[${v.map(flow).join(', ')}]` : formatWeight(v as number);
}

/** The value of a parameter as the spec writes it; a long one row per line, aligned at `column` (block layers). */
export function formatParam(values: ArrayLike<number>, shape: readonly number[], column?: number): string {
  const nested = nest(values, shape) as unknown[];
  const line = flow(nested);
  if (column === undefined || shape.length < 2 || column + line.length <= LINE_CHARS) return line;
  const pad = ' '.repeat(column + 1);
  return `[${nested.map(flow).join(`,\n${pad}`)}]`;
}

/**
 * The edits that write `params` (one per layer, first to last, flat row-major as the engine holds
 * them) into the spec `text`, whose layers are `layers`; or why not.
 */
export function inlineWeightsEdits(
  text: string,
  layers: readonly LayerDims[],
  params: readonly LayerParams[],
): InlineResult {
  const total = layers.reduce((s, l) => s + layerShapes(l).params, 0);
  if (total > MAX_INLINE_PARAMS)
    return {
      ok: false,
      message: `this network has ${total} parameters; weights are written into the spec for at most ${MAX_INLINE_PARAMS} (save them to a weights file instead)`,
    };
  if (params.length !== layers.length)
    return { ok: false, message: `${params.length} layers of weights for a network of ${layers.length}` };
  for (const [i, p] of params.entries()) {
    const s = layerShapes(layers[i]);
    if (p.W.length !== shapeSize(s.W) || (s.b ? p.b?.length !== shapeSize(s.b) : p.b !== undefined))
      return { ok: false, message: `layer ${i + 1}: the weights do not fit the layer (the spec changed?)` };
    if (![...p.W, ...(p.b ?? [])].every(Number.isFinite))
      return {
        ok: false,
        message: `layer ${i + 1} has weights that are NaN or infinite; there is nothing worth writing`,
      };
  }
  const diagnostics = new Diagnostics();
  const { source, root } = parseSource(text, diagnostics);
  const top = source.deref(root);
  if (diagnostics.errorCount > 0 || !top || !isMap(top)) return { ok: false, message: 'the spec does not parse' };
  const pairs = pairsOf(top, source);
  const layersNode = source.deref(pairs.get('layers')?.value);
  if (!layersNode || !isSeq(layersNode) || layersNode.items.length !== layers.length)
    return { ok: false, message: 'the spec’s layers do not match the network (the spec changed?)' };
  const edits: TextEdit[] = [];
  for (const [i, item] of layersNode.items.entries()) {
    const node = item as YNode;
    if (!isMap(node))
      return { ok: false, message: `layer ${i + 1} is not written out (an alias?): write it as a map first` };
    const layerEdits = layerEditsOf(source, node, layers[i], params[i]);
    edits.push(...layerEdits);
  }
  const file = pairs.get('weights_file');
  if (file) edits.push({ range: wholeLines(source, file), newText: '' });
  return { ok: true, edits };
}

/** A map's pairs by key text (a Map: no key reaches an object prototype). */
function pairsOf(map: YAMLMap, source: Source): Map<string, Pair> {
  const out = new Map<string, Pair>();
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const key = source.deref(item.key);
    if (key && isScalar(key) && !out.has(String(key.value))) out.set(String(key.value), item as Pair);
  }
  return out;
}

function layerEditsOf(source: Source, map: YAMLMap, dims: LayerDims, p: LayerParams): TextEdit[] {
  const shapes = layerShapes(dims);
  const pairs = pairsOf(map, source);
  const flowStyle = map.flow === true;
  const keyColumn = firstKeyColumn(source, map);
  const params: { key: string; shape: number[]; values: Float64Array }[] = [
    { key: 'weights', shape: shapes.W, values: p.W },
  ];
  if (shapes.b && p.b) params.push({ key: 'biases', shape: shapes.b, values: p.b });
  const edits: TextEdit[] = [];
  const added: string[] = [];
  for (const { key, shape, values } of params) {
    const existing = pairs.get(key);
    if (existing) {
      const range = source.valueRange(existing);
      edits.push({ range, newText: formatParam(values, shape, flowStyle ? undefined : range.start.character) });
    } else {
      const column = flowStyle ? undefined : keyColumn + key.length + 2;
      added.push(`${key}: ${formatParam(values, shape, column)}`);
    }
  }
  if (added.length === 0) return edits;
  const last = map.items[map.items.length - 1] as Pair;
  const value = last.value as YNode | null;
  const end = value?.range ? source.nodeRange(value).end : source.keyRange(last).end;
  if (flowStyle) {
    edits.push({ range: { start: end, end }, newText: added.map((a) => `, ${a}`).join('') });
  } else {
    const at = lineEnd(source, end.line);
    const indent = ' '.repeat(keyColumn);
    edits.push({ range: { start: at, end: at }, newText: added.map((a) => `\n${indent}${a}`).join('') });
  }
  return edits;
}

/** The column of a block map's first key (its keys' indentation). */
function firstKeyColumn(source: Source, map: YAMLMap): number {
  const first = map.items[0] as Pair | undefined;
  return first ? source.keyRange(first).start.character : 0;
}

/** The end of line `line` (before its line break). */
function lineEnd(source: Source, line: number): Range['start'] {
  const lines = source.text.split(/\r\n|\r|\n/);
  return { line, character: (lines[line] ?? '').length };
}

/** The whole lines a pair covers, its line break included, to delete it. */
function wholeLines(source: Source, pair: Pair): Range {
  const r = source.pairRange(pair);
  return { start: { line: r.start.line, character: 0 }, end: { line: r.end.line + 1, character: 0 } };
}

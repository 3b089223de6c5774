/**
 * Typed readers for YAML values: mappings with known keys (unknown ones reported with a did-you-mean
 * quick fix), numbers with bounds, integers, booleans, names from a list, and nested number lists
 * (weights, data) with their shapes. Each reader reports its own problem at the value and returns
 * undefined instead of throwing.
 */
import { clip, isMap, isScalar, isSeq, Diagnostics, Pair, Source, YAMLMap, YNode } from './yamlSource';
import { didYouMean, suggest } from './suggest';
import {
  DATA_KEYS,
  GENERATE_KEYS,
  GRADCHECK_KEYS,
  GRAPH_KEYS,
  LAYER_KEYS,
  REGULARIZATION_KEYS,
  STOP_KEYS,
  TOP_LEVEL_KEYS,
  TRAIN_KEYS,
} from './keys';
import type { Range, SpecSymbol } from './types';

export interface Ctx {
  src: Source;
  diag: Diagnostics;
  /** Sections left empty by a slip (their first key moved out of them; by value node, or name): not reported as empty. */
  emptiedBySlip?: Set<unknown>;
  /** A key was found in the wrong section (an indentation slip): what depends on the sections' contents is unknown. */
  slipped?: boolean;
}

/** No value at all: a key with nothing after its colon. */
function isEmpty(n: YNode | undefined): boolean {
  return !n || (isScalar(n) && (n.value === null || n.value === undefined));
}

/** Every section's keys, to tell a key indented into the wrong section from a misspelt one. */
const KEY_HOMES: readonly [string, Readonly<Record<string, unknown>>][] = [
  ['the spec', TOP_LEVEL_KEYS],
  ['a layer', LAYER_KEYS],
  ['data', DATA_KEYS],
  ['data: generate', GENERATE_KEYS],
  ['train', TRAIN_KEYS],
  ['train: stop', STOP_KEYS],
  ['regularization', REGULARIZATION_KEYS],
  ['gradcheck', GRADCHECK_KEYS],
  ['graph', GRAPH_KEYS],
];

/** The other sections that have the key `name` (not `where` itself: a graph's train: is not a network's). */
function homesOf(name: string, allowed: Readonly<Record<string, unknown>>, where: string): string[] {
  return KEY_HOMES.filter(
    ([w, t]) => t !== allowed && w !== where && Object.prototype.hasOwnProperty.call(t, name),
  ).map(([w]) => w);
}

/** The pairs of a mapping by key, after reporting unknown, non-text and duplicate keys. */
export interface Fields {
  map: YAMLMap;
  pairs: Map<string, Pair>;
}

/** Human description of a YAML value for messages: "the list [...]", "'abc'", "nothing". */
export function describeValue(ctx: Ctx, node: YNode | undefined): string {
  const n = ctx.src.deref(node);
  if (!n) return 'nothing';
  if (isMap(n)) return 'a mapping';
  if (isSeq(n)) return 'a list';
  if (isScalar(n)) {
    if (n.value === null) return 'nothing';
    if (typeof n.value === 'string') return `'${clip(n.value)}'`;
    return String(n.value);
  }
  return 'an alias';
}

/** The mapping at `node`, or undefined (with an error saying `what` must be a mapping). */
export function asMap(
  ctx: Ctx,
  node: YNode | undefined,
  what: string,
  at: Range,
  example?: string,
): YAMLMap | undefined {
  const n = ctx.src.deref(node);
  if (n && isMap(n)) return n;
  if (isEmpty(n) && (ctx.emptiedBySlip?.has(n) || ctx.emptiedBySlip?.has(what))) return undefined;
  ctx.diag.error(
    n?.range ? ctx.src.nodeRange(n) : at,
    'not-a-mapping',
    `${what} must be a mapping of keys to values${example ? `, e.g. ${example}` : ''}, not ${describeValue(ctx, n)}`,
  );
  return undefined;
}

/** The list at `node`, or undefined (with an error). */
export function asSeq(
  ctx: Ctx,
  node: YNode | undefined,
  what: string,
  at: Range,
  example?: string,
): YNode[] | undefined {
  const n = ctx.src.deref(node);
  if (n && isSeq(n)) return n.items as YNode[];
  ctx.diag.error(
    n?.range ? ctx.src.nodeRange(n) : at,
    'not-a-list',
    `${what} must be a list${example ? `, e.g. ${example}` : ''}, not ${describeValue(ctx, n)}`,
  );
  return undefined;
}

/** A top-level section (train, gradcheck, …): records its symbol and reads its keys; undefined when it is not a mapping. */
export function readSection(
  ctx: Ctx,
  pair: Pair,
  kind: 'train' | 'gradcheck',
  allowed: Readonly<Record<string, unknown>>,
  example: string,
  symbols: SpecSymbol[],
): Fields | undefined {
  symbols.push({ kind, name: kind, range: ctx.src.pairRange(pair), selectionRange: ctx.src.keyRange(pair) });
  const map = asMap(ctx, pair.value as YNode, kind, ctx.src.keyRange(pair), example);
  return map ? fields(ctx, map, allowed, kind) : undefined;
}

/** The non-empty list under a key; an empty list is an error at the key saying `emptyAdvice`. */
export function readNonEmptyList(
  ctx: Ctx,
  pair: Pair,
  what: string,
  example: string,
  emptyAdvice: string,
): YNode[] | undefined {
  const items = asSeq(ctx, pair.value as YNode, what, ctx.src.keyRange(pair), example);
  if (!items) return undefined;
  if (items.length === 0) {
    ctx.diag.error(ctx.src.keyRange(pair), 'empty-list', `${what} is empty; ${emptyAdvice}`);
    return undefined;
  }
  return items;
}

/** The number under `key` of a section read by `fields` (undefined when absent or wrong; wrong is reported). */
export function numberField(
  ctx: Ctx,
  f: Fields,
  key: string,
  section: string,
  rule: NumberRule = {},
): number | undefined {
  const p = f.pairs.get(key);
  return p ? readNumber(ctx, p.value as YNode, `${section}: ${key}`, ctx.src.valueRange(p), rule) : undefined;
}

/**
 * Reads the keys of a mapping against `allowed`; unknown keys are errors with a suggestion (and a
 * quick fix) drawn from `allowed` and `extraCandidates`. `where` names the section, e.g. "train". A
 * top-level key found inside a section was indented by a slip: one 'misplaced-key' error at it, and the
 * keys after it in the section (its own, moved with it) are not reported again.
 */
export function fields(ctx: Ctx, map: YAMLMap, allowed: Readonly<Record<string, unknown>>, where: string): Fields {
  const pairs = new Map<string, Pair>();
  /** A top-level key indented into this section: the keys after it came with it, one error says so. */
  let misplaced = false;
  for (const item of map.items) {
    const pair = item as Pair;
    const key = ctx.src.deref(pair.key as YNode);
    if (
      !key ||
      !isScalar(key) ||
      (typeof key.value !== 'string' && typeof key.value !== 'number' && typeof key.value !== 'boolean')
    ) {
      ctx.diag.error(ctx.src.keyRange(pair), 'bad-key', `${where}: keys must be plain names`);
      continue;
    }
    const name = String(key.value);
    if (!Object.prototype.hasOwnProperty.call(allowed, name)) {
      if (misplaced) continue;
      const homes = homesOf(name, allowed, where);
      if (homes.length > 0) {
        misplaced = true;
        ctx.slipped = true;
        const message =
          allowed !== TOP_LEVEL_KEYS && homes.includes('the spec')
            ? `'${name}:' is indented under ${where}, so it and the lines after it read as keys of ${where}; a top-level key starts in the first column`
            : `'${name}:' is a key of ${homes.join(' or ')}, not of ${where}: check its indentation`;
        ctx.diag.error(ctx.src.keyRange(pair), 'misplaced-key', message);
        // A section's first key dedented out of it leaves the section above empty: that follows from this slip.
        const index = map.items.indexOf(item);
        const before = index > 0 ? (map.items[index - 1] as Pair) : undefined;
        const prevKey = before && ctx.src.deref(before.key as YNode);
        const emptied = before && ctx.src.deref(before.value as YNode);
        if (before && isEmpty(emptied) && prevKey && isScalar(prevKey))
          (ctx.emptiedBySlip ??= new Set()).add(emptied ?? String(prevKey.value));
        continue;
      }
      if (ctx.diag.full) {
        ctx.diag.skip('error');
        continue;
      }
      const s = suggest(name, Object.keys(allowed));
      const known = Object.keys(allowed).join(', ');
      ctx.diag.error(
        ctx.src.keyRange(pair),
        'unknown-key',
        `unknown key '${name}' in ${where}${didYouMean(s)}${s ? '' : ` (known keys: ${known})`}`,
        s ? { title: `Change to '${s}'`, newText: s } : undefined,
      );
      continue;
    }
    pairs.set(name, pair);
  }
  return { map, pairs };
}

export interface NumberRule {
  integer?: boolean;
  min?: number;
  /** min is exclusive. */
  above?: number;
  max?: number;
  /** max is exclusive. */
  below?: number;
}

/** The rule in words; a whole number's upper bound is named only when `withMax` (the value went over it). */
function ruleText(rule: NumberRule, withMax = false): string {
  const parts: string[] = [];
  if (rule.integer) {
    const least = rule.min === 1 || rule.above === 0 ? 1 : rule.min === 0 ? 0 : undefined;
    const most = withMax && rule.max !== undefined ? ` and at most ${rule.max}` : '';
    if (least !== undefined) return `a whole number of at least ${least}${most}`;
    parts.push('a whole number');
  } else parts.push('a number');
  if (rule.min !== undefined) parts.push(`of at least ${rule.min}`);
  if (rule.above !== undefined) parts.push(`greater than ${rule.above}`);
  if (rule.max !== undefined) parts.push(`${parts.length > 1 ? 'and ' : ''}at most ${rule.max}`);
  if (rule.below !== undefined) parts.push(`${parts.length > 1 ? 'and ' : ''}below ${rule.below}`);
  return parts.join(' ');
}

/** A number obeying `rule`, or undefined with an error at the value ("train: learning_rate must be a number greater than 0, not 'fast'"). */
export function readNumber(
  ctx: Ctx,
  node: YNode | undefined | null,
  what: string,
  at: Range,
  rule: NumberRule = {},
): number | undefined {
  const n = ctx.src.deref(node);
  const range = n?.range && !(isScalar(n) && n.value === null) ? ctx.src.nodeRange(n) : at;
  const v = n && isScalar(n) ? n.value : undefined;
  if (typeof v !== 'number') {
    ctx.diag.error(range, 'not-a-number', `${what} must be ${ruleText(rule)}, not ${describeValue(ctx, n)}`);
    return undefined;
  }
  if (!Number.isFinite(v)) {
    ctx.diag.error(range, 'not-finite', `${what} must be a finite number, not ${v}`);
    return undefined;
  }
  const tooBig = (rule.max !== undefined && v > rule.max) || (rule.below !== undefined && v >= rule.below);
  const bad =
    tooBig ||
    (rule.integer && !Number.isInteger(v)) ||
    (rule.min !== undefined && v < rule.min) ||
    (rule.above !== undefined && v <= rule.above);
  if (bad) {
    ctx.diag.error(range, 'out-of-range', `${what} must be ${ruleText(rule, tooBig)}, not ${v}`);
    return undefined;
  }
  return v;
}

export function readBool(ctx: Ctx, node: YNode | undefined | null, what: string, at: Range): boolean | undefined {
  const n = ctx.src.deref(node);
  const v = n && isScalar(n) ? n.value : undefined;
  if (typeof v === 'boolean') return v;
  ctx.diag.error(
    n?.range && v !== null ? ctx.src.nodeRange(n) : at,
    'not-a-boolean',
    `${what} must be true or false, not ${describeValue(ctx, n)}`,
  );
  return undefined;
}

export function readString(ctx: Ctx, node: YNode | undefined | null, what: string, at: Range): string | undefined {
  const n = ctx.src.deref(node);
  const v = n && isScalar(n) ? n.value : undefined;
  if (typeof v === 'string' && v.trim() !== '') return v;
  if (typeof v === 'number' && n?.range) return ctx.src.sourceText(n);
  ctx.diag.error(
    n?.range && v !== null ? ctx.src.nodeRange(n) : at,
    'not-a-string',
    `${what} must be a text, not ${describeValue(ctx, n)}`,
  );
  return undefined;
}

/** One of `names`; a misspelling gets a suggestion and a quick fix. `kind` e.g. "loss", "optimizer". */
export function readName<T extends string>(
  ctx: Ctx,
  node: YNode | undefined | null,
  kind: string,
  names: readonly T[],
  at: Range,
  prefix = '',
): T | undefined {
  const n = ctx.src.deref(node);
  const v = n && isScalar(n) ? n.value : undefined;
  const range = n?.range && v !== null ? ctx.src.nodeRange(n) : at;
  if (typeof v !== 'string') {
    ctx.diag.error(
      range,
      `unknown-${kind.replace(/ /g, '-')}`,
      `${prefix}${kind} must be one of ${names.join(', ')}, not ${describeValue(ctx, n)}`,
    );
    return undefined;
  }
  if ((names as readonly string[]).includes(v)) return v as T;
  const s = suggest(v, names);
  ctx.diag.error(
    range,
    `unknown-${kind.replace(/ /g, '-')}`,
    `${prefix}unknown ${kind} '${v}'${s ? didYouMean(s) : ` (use one of ${names.join(', ')})`}`,
    s ? { title: `Change to '${s}'`, newText: s } : undefined,
  );
  return undefined;
}

/** A nested list of numbers of a fixed rank, flattened row-major, with the shape read from it. */
export interface Tensor {
  shape: number[];
  data: number[];
}

const PLACE_WORDS: Record<number, string[]> = { 1: ['item'], 2: ['row', 'column'], 3: ['piece', 'row', 'column'] };

/**
 * Reads a rank-`rank` nested list of finite numbers. Reports non-numbers, non-finite numbers (.nan,
 * .inf) at the number itself, and ragged rows ("row 2 has 2 numbers but row 1 has 3"). Returns
 * undefined when anything is wrong. `what` prefixes messages, e.g. "layer 1: weights".
 */
export function readTensor(
  ctx: Ctx,
  node: YNode | undefined | null,
  rank: number,
  what: string,
  at: Range,
): Tensor | undefined {
  const data: number[] = [];
  let ok = true;
  const shape: (number | undefined)[] = new Array(rank).fill(undefined);
  const rec = (nd: YNode | undefined | null, level: number, path: number[]): void => {
    const n = ctx.src.deref(nd);
    const range = n?.range ? ctx.src.nodeRange(n) : at;
    const place = path.length
      ? ` (${path.map((p, i) => `${(PLACE_WORDS[rank] ?? [])[i] ?? 'item'} ${p + 1}`).join(', ')})`
      : '';
    if (level === rank) {
      const v = n && isScalar(n) ? n.value : undefined;
      if (typeof v !== 'number') {
        ctx.diag.error(range, 'not-a-number', `${what}: ${describeValue(ctx, n)}${place} is not a number`);
        ok = false;
      } else if (!Number.isFinite(v)) {
        ctx.diag.error(range, 'not-finite', `${what}: ${v}${place} is not a finite number; use an ordinary number`);
        ok = false;
      } else data.push(v);
      return;
    }
    if (!n || !isSeq(n)) {
      const levelsLeft = rank - level;
      ctx.diag.error(
        range,
        'bad-shape',
        `${what} must be ${levelsLeft === 1 ? 'a list of numbers' : levelsLeft === 2 ? 'a list of rows, each a list of numbers' : 'a list of matrices (lists of rows)'}${place ? ` at${place}` : ''}, not ${describeValue(ctx, n)}`,
      );
      ok = false;
      return;
    }
    const len = n.items.length;
    if (shape[level] === undefined) shape[level] = len;
    else if (shape[level] !== len) {
      const unit = rank - level === 1 ? 'numbers' : 'rows';
      ctx.diag.error(
        range,
        'ragged',
        `${what}: ${place.slice(2, -1) || 'this list'} has ${len} ${unit} but the first has ${shape[level]}`,
      );
      ok = false;
      return;
    }
    n.items.forEach((item, i) => rec(item as YNode, level + 1, [...path, i]));
  };
  rec(node, 0, []);
  if (!ok) return undefined;
  return { shape: shape.map((s) => s ?? 0), data };
}

/** How deep the first items of a nested list go: 0 for a number, 1 for [1, 2], 2 for [[1], [2]] (at most 8). */
export function nestingOf(ctx: Ctx, node: YNode | undefined): number {
  let depth = 0;
  let n = ctx.src.deref(node);
  while (n && isSeq(n) && depth < 8) {
    depth++;
    n = n.items.length ? ctx.src.deref(n.items[0] as YNode) : undefined;
  }
  return depth;
}

/** "2×3" */
export function shapeText(shape: readonly number[]): string {
  return shape.join('×');
}

/**
 * What changed between two versions of a spec, key by key in the spec's own key names, for the
 * labels of the loss chart's earlier runs ("learning_rate 0.1 → 1"). Both texts are parsed behind the
 * format's safety limits and compared as YAML trees, so comments, spacing and key order do not count
 * and values are shown as they are written.
 *
 * Naming: a key inside `train:`, `data:` or `regularization:` is named alone or by its path below the
 * section (`learning_rate`, `generate.noise`, `l2`); a key inside a layer is "layer N: KEY" (1-based);
 * any other key by its path from the top (`seed`, `gradcheck.epsilon`, `activations.swish.f`). Maps
 * are compared key by key; a list (weights, samples, …) is compared whole. Pure; never throws.
 */
import { Diagnostics, isMap, isScalar, isSeq, parseSource, type Source, type YNode } from './yamlSource';
import type { Pair, YAMLMap, YAMLSeq } from 'yaml';

export interface SpecChange {
  /** The key in the spec's own names, e.g. 'learning_rate', 'layer 2: activation', 'generate.noise'. */
  readonly key: string;
  readonly kind: 'changed' | 'added' | 'removed';
  /** The value before and after as written (shortened), when it is short enough to show. */
  readonly before?: string;
  readonly after?: string;
}

/** Sections whose keys are named without the section's name. */
const UNNAMED_SECTIONS: ReadonlySet<string> = new Set(['train', 'data', 'regularization']);
/** Longest value shown in a label; a longer one is cut with an ellipsis, a longer list or map is just "changed". */
const MAX_VALUE_CHARS = 24;

/** The label of a run whose spec is the same as the run before it. */
export const NO_CHANGE = 'no change to the spec';

/** The changes from `before` to `after`, in the order of `after` (removed keys last); undefined when either does not parse. */
export function specChanges(before: string, after: string): SpecChange[] | undefined {
  const a = parse(before);
  const b = parse(after);
  if (!a || !b) return undefined;
  const out: SpecChange[] = [];
  compareMaps(a, b, [], out);
  return out;
}

/** A short label: the first `max` changes joined by ", ", then how many more. */
export function changeLabel(changes: readonly SpecChange[] | undefined, max = 3): string {
  if (!changes) return 'the spec was edited';
  if (changes.length === 0) return NO_CHANGE;
  const shown = changes.slice(0, max).map(describeChange);
  const more = changes.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more change${more === 1 ? '' : 's'}` : shown.join(', ');
}

/** One change in words: "learning_rate 0.1 → 1", "momentum added (0.9)", "layer 3 removed", "weights changed". */
export function describeChange(c: SpecChange): string {
  if (c.kind === 'added') return c.after !== undefined ? `${c.key} added (${c.after})` : `${c.key} added`;
  if (c.kind === 'removed') return `${c.key} removed`;
  return c.before !== undefined && c.after !== undefined ? `${c.key} ${c.before} → ${c.after}` : `${c.key} changed`;
}

// ---------------------------------------------------------------- comparing trees

interface Side {
  source: Source;
  node: YNode | undefined;
}

function parse(text: string): Side | undefined {
  const diagnostics = new Diagnostics();
  const { source, root } = parseSource(text, diagnostics);
  if (diagnostics.errorCount > 0 || !root) return undefined;
  const node = source.deref(root);
  return node && isMap(node) ? { source, node } : undefined;
}

/** The pairs of a map by key text, in order (a Map, so no key reaches an object prototype). */
function entries(side: Side): Map<string, Side> {
  const out = new Map<string, Side>();
  for (const item of (side.node as YAMLMap).items as Pair[]) {
    const key = side.source.deref(item.key);
    const name = key && isScalar(key) ? String(key.value) : key ? side.source.sourceText(key) : '';
    if (!out.has(name)) out.set(name, { source: side.source, node: side.source.deref(item.value) });
  }
  return out;
}

/** The name of the key at `path` (see the module comment). */
function keyName(path: readonly string[]): string {
  if (path.length > 1 && UNNAMED_SECTIONS.has(path[0])) return path.slice(1).join('.');
  return path.join('.');
}

function compareMaps(a: Side, b: Side, path: readonly string[], out: SpecChange[]): void {
  const before = entries(a);
  const after = entries(b);
  for (const [key, value] of after) {
    const old = before.get(key);
    const at = [...path, key];
    if (!old) out.push({ key: keyName(at), kind: 'added', after: shown(value) });
    else compareValues(old, value, at, out);
  }
  for (const [key] of before) if (!after.has(key)) out.push({ key: keyName([...path, key]), kind: 'removed' });
}

function compareValues(a: Side, b: Side, path: readonly string[], out: SpecChange[]): void {
  if (same(a, b)) return;
  if (path.length === 1 && path[0] === 'layers' && isSeq(a.node) && isSeq(b.node)) return compareLayers(a, b, out);
  if (isMap(a.node) && isMap(b.node)) return compareMaps(a, b, path, out);
  const before = shown(a);
  const after = shown(b);
  out.push({
    key: keyName(path),
    kind: 'changed',
    ...(before !== undefined && after !== undefined ? { before, after } : {}),
  });
}

/** Layers item by item: "layer 2: activation tanh → relu", "layer 3 added", "layer 3 removed". */
function compareLayers(a: Side, b: Side, out: SpecChange[]): void {
  const before = (a.node as YAMLSeq).items;
  const after = (b.node as YAMLSeq).items;
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    const name = `layer ${i + 1}`;
    if (i >= before.length) out.push({ key: name, kind: 'added' });
    else if (i >= after.length) out.push({ key: name, kind: 'removed' });
    else {
      const x: Side = { source: a.source, node: a.source.deref(before[i]) };
      const y: Side = { source: b.source, node: b.source.deref(after[i]) };
      if (same(x, y)) continue;
      const changes: SpecChange[] = [];
      if (isMap(x.node) && isMap(y.node)) compareMaps(x, y, [], changes);
      else changes.push({ key: '', kind: 'changed' });
      for (const c of changes) out.push({ ...c, key: c.key ? `${name}: ${c.key}` : name });
    }
  }
}

/** Whether two values are equal as YAML data (aliases followed; 1 and 1.0 are equal). */
function same(a: Side, b: Side): boolean {
  const x = a.node;
  const y = b.node;
  if (!x || !y) return !x && !y;
  if (isScalar(x) && isScalar(y)) return Object.is(x.value, y.value) || x.value === y.value;
  if (isSeq(x) && isSeq(y)) {
    if (x.items.length !== y.items.length) return false;
    return x.items.every((item, i) =>
      same({ source: a.source, node: a.source.deref(item) }, { source: b.source, node: b.source.deref(y.items[i]) }),
    );
  }
  if (isMap(x) && isMap(y)) {
    const p = entries(a);
    const q = entries(b);
    if (p.size !== q.size) return false;
    for (const [key, value] of p) {
      const other = q.get(key);
      if (!other || !same(value, other)) return false;
    }
    return true;
  }
  return false;
}

/** A value as written, on one line and shortened; undefined for a list or map too long to read in a label. */
function shown(side: Side): string | undefined {
  const node = side.node;
  const text = node ? side.source.sourceText(node).replace(/\s+/g, ' ').trim() : '';
  if (!node || text === '') return '(empty)';
  if (isScalar(node)) return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
  return text.length <= MAX_VALUE_CHARS ? text : undefined;
}

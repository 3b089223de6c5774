/**
 * What to complete at a place in a .nnspec text: the keys allowed in the enclosing section (found by
 * indentation), or the values a key takes (layer kinds, activations including the spec's own, losses,
 * optimizers, initialisers, data set kinds…); and the doc of the key under the cursor, for hovers.
 * Pure; unit-tested in Node.
 */
import { FUNCTION_NAMES, FUNCTIONS } from '../engine/expression/functions';
import {
  TOP_LEVEL_KEYS,
  LAYER_KEYS,
  LAYER_KINDS,
  ACTIVATION_DOCS,
  ACTIVATION_NAMES,
  LOSS_DOCS,
  LOSS_NAMES,
  REGULARIZATION_KEYS,
  INIT_DOCS,
  OPTIMIZER_DOCS,
  OPTIMIZER_NAMES,
  TRAIN_KEYS,
  GRAPH_KEYS,
  GRAPH_TRAIN_KEYS,
  STOP_KEYS,
  GRADCHECK_KEYS,
  DATA_KEYS,
  SAMPLE_KEYS,
  GENERATE_KEYS,
  GENERATOR_DOCS,
  GENERATOR_KINDS,
  BUILTIN_DATASETS,
  NORMALIZE_KINDS,
  ownEntry,
  type KeyDoc,
} from '../format/keys';
import { IRIS_CLASSES } from '../engine/data/iris';

export type CompletionKind =
  'key' | 'activation' | 'custom-activation' | 'loss' | 'optimizer' | 'init' | 'dataset' | 'value';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert when it differs from the label ("dense: ", "normal(0.01)"). */
  insertText?: string;
}

const KEY_RE = /^(\s*)(-\s+)?([A-Za-z_][\w]*)\s*:(.*)$/;

/** Column of a line's key (after an optional "- "); undefined for blank and comment lines. */
function keyColumn(line: string): { column: number; key?: string; dash: boolean } | undefined {
  if (/^\s*(#.*)?$/.test(line)) return undefined;
  const m = /^(\s*)(-\s+)?([A-Za-z_][\w]*)?/.exec(line)!;
  return { column: m[1].length + (m[2]?.length ?? 0), key: m[3], dash: !!m[2] };
}

/** The keys of the sections enclosing a key at `column` on line `lineIndex`, outermost first. */
export function sectionPath(lines: readonly string[], lineIndex: number, column: number): string[] {
  const path: string[] = [];
  let col = column;
  for (let i = lineIndex - 1; i >= 0 && col > 0; i--) {
    const k = keyColumn(lines[i]);
    if (!k || k.column >= col) continue;
    col = k.column;
    const m = KEY_RE.exec(lines[i]);
    if (m && m[4].replace(/#.*$/, '').trim() === '') path.unshift(m[3]);
  }
  return path;
}

function fromKeys(
  table: Readonly<Record<string, KeyDoc>>,
  exclude: ReadonlySet<string> = new Set(),
): CompletionEntry[] {
  return Object.entries(table)
    .filter(([k]) => !exclude.has(k))
    .map(([label, doc]) => ({
      label,
      kind: 'key' as const,
      detail: doc.required ? 'required' : undefined,
      documentation: doc.summary,
      insertText: `${label}: `,
    }));
}

const CUSTOM_ACTIVATION_KEYS: Readonly<Record<string, KeyDoc>> = {
  f: {
    summary: `The activation f(x), an expression in x: numbers, x, + - * / ^, ${FUNCTION_NAMES.join(' ')}.`,
  },
  df: {
    summary: 'Its derivative f′(x), in the same language; the gradient check compares it with finite differences.',
  },
};

/** The keys allowed in the section at `path` (outermost first), with their docs. */
export function keyTable(
  path: readonly string[],
  customNames: readonly string[],
  graphSpec = false,
): Readonly<Record<string, KeyDoc>> | undefined {
  const last = path[path.length - 1];
  if (path.length === 0) return TOP_LEVEL_KEYS;
  if (path[path.length - 2] === 'activations' && customNames.includes(last)) return CUSTOM_ACTIVATION_KEYS;
  switch (last) {
    case 'layers':
      return LAYER_KEYS;
    case 'data':
      return DATA_KEYS;
    case 'generate':
      return GENERATE_KEYS;
    case 'samples':
      return SAMPLE_KEYS;
    case 'train':
      return path.length === 1 && graphSpec ? GRAPH_TRAIN_KEYS : TRAIN_KEYS;
    case 'graph':
      return GRAPH_KEYS;
    case 'stop':
      return STOP_KEYS;
    case 'regularization':
      return REGULARIZATION_KEYS;
    case 'gradcheck':
      return GRADCHECK_KEYS;
    default:
      return undefined;
  }
}

function keysFor(path: readonly string[], customNames: readonly string[], graphSpec = false): CompletionEntry[] {
  const table = keyTable(path, customNames, graphSpec);
  return table ? fromKeys(table) : [];
}

/** The key under (line, character) and its one-line doc, for hovers on keys. */
export function keyDocAt(text: string, line: number, character: number): { key: string; summary: string } | undefined {
  const lines = text.split(/\r?\n/);
  const m = /^(\s*)(-\s+)?([A-Za-z_]\w*)\s*:/.exec(lines[line] ?? '');
  if (!m) return undefined;
  const column = m[1].length + (m[2]?.length ?? 0);
  if (character < column || character > column + m[3].length) return undefined;
  const table = keyTable(sectionPath(lines, line, column), customActivationNames(lines));
  const doc = table && ownEntry(table, m[3]);
  return doc && { key: m[3], summary: doc.summary };
}

/** Whether a later item with a key follows, in the list whose items' keys sit at `column` (a hidden layer). */
function laterItemFollows(lines: readonly string[], lineIndex: number, column: number): boolean {
  for (let i = lineIndex + 1; i < lines.length; i++) {
    const k = keyColumn(lines[i]);
    if (!k) continue;
    if (k.dash && k.column === column && k.key) return true;
    if (k.column < column) return false;
  }
  return false;
}

function valuesFor(
  key: string,
  path: readonly string[],
  customNames: readonly string[],
  hiddenLayer: boolean,
): CompletionEntry[] {
  const section = path[path.length - 1];
  switch (key) {
    case 'activation':
      return [
        // softmax belongs in the last layer only (the format refuses it in a hidden one).
        ...ACTIVATION_NAMES.filter((label) => !(hiddenLayer && label === 'softmax')).map((label): CompletionEntry => {
          const d = ACTIVATION_DOCS[label];
          return {
            label,
            kind: 'activation',
            detail: d.formula,
            documentation: `${d.summary}\n\nDerivative: ${d.derivative}`,
            insertText: d.parameter ? `${label}(${d.parameter.default})` : undefined,
          };
        }),
        ...customNames.map((label): CompletionEntry => ({
          label,
          kind: 'custom-activation',
          detail: 'defined in this spec',
        })),
      ];
    case 'loss':
      return LOSS_NAMES.map((label) => ({
        label,
        kind: 'loss',
        detail: LOSS_DOCS[label].formula,
        documentation: `${LOSS_DOCS[label].summary} Fits ${LOSS_DOCS[label].fits}.`,
      }));
    case 'optimizer':
      return OPTIMIZER_NAMES.map((label) => ({
        label,
        kind: 'optimizer',
        documentation: OPTIMIZER_DOCS[label].summary,
      }));
    case 'init':
      return Object.entries(INIT_DOCS).map(([label, d]) => ({
        label,
        kind: 'init',
        documentation: d.summary,
        insertText: d.example,
      }));
    case 'kind':
      return section === 'generate'
        ? GENERATOR_KINDS.map((label) => ({ label, kind: 'dataset', documentation: GENERATOR_DOCS[label] }))
        : [];
    case 'builtin':
      return BUILTIN_DATASETS.map((label) => ({ label, kind: 'dataset', documentation: DATA_KEYS.builtin.summary }));
    case 'target':
      return IRIS_CLASSES.map((label) => ({ label, kind: 'value', detail: 'iris: one class against the rest' }));
    case 'normalize':
      return NORMALIZE_KINDS.map((label) => ({ label, kind: 'value', documentation: DATA_KEYS.normalize.summary }));
    case 'batch_size':
      return [{ label: 'full', kind: 'value', documentation: 'The whole training set in every step.' }];
    case 'bias':
    case 'shuffle':
      return ['true', 'false'].map((label) => ({ label, kind: 'value' }));
    default:
      return [];
  }
}

/** Names of the spec's own activations: the keys directly under `activations:`. */
export function customActivationNames(lines: readonly string[]): string[] {
  const names: string[] = [];
  let inside = false;
  let childColumn = -1;
  for (const line of lines) {
    const k = keyColumn(line);
    if (!k) continue;
    if (k.column === 0) {
      inside = k.key === 'activations';
      childColumn = -1;
      continue;
    }
    if (!inside || !k.key) continue;
    if (childColumn < 0) childColumn = k.column;
    if (k.column === childColumn) names.push(k.key);
  }
  return names;
}

/** The completions at (line, character) of `text`. */
export function completionsAt(text: string, line: number, character: number): CompletionEntry[] {
  const lines = text.split(/\r?\n/);
  const before = (lines[line] ?? '').slice(0, character);
  if (/#/.test(before.replace(/'[^']*'|"[^"]*"/g, ''))) return [];
  const customNames = customActivationNames(lines);
  const graphSpec = lines.some((l) => /^graph\s*:/.test(l));
  const node = /^(\s*)([A-Za-z_]\w*)\s*:\s+(.*)$/.exec(before);
  if (graphSpec && node) {
    const path = sectionPath(lines, line, node[1].length);
    if (path.length === 2 && path[0] === 'graph' && path[1] === 'nodes') return expressionEntries(lines, line);
  }
  const value = /^(\s*)(-\s+)?([A-Za-z_][\w]*)\s*:\s+([\w().-]*)$/.exec(before);
  if (value) {
    const column = value[1].length + (value[2]?.length ?? 0);
    const path = sectionPath(lines, line, column);
    const hiddenLayer = path[path.length - 1] === 'layers' && laterItemFollows(lines, line, column);
    return valuesFor(value[3], path, customNames, hiddenLayer);
  }
  const key = /^(\s*)(-\s+)?([A-Za-z_]\w*)?$/.exec(before);
  if (key) {
    const column = key[1].length + (key[2]?.length ?? 0);
    const path = sectionPath(lines, line, column);
    // Keys already written in this section (same column, same block) are not offered again.
    const taken = siblingKeys(lines, line, column, !!key[2]);
    const hasKind = LAYER_KINDS.some((k) => taken.has(k));
    return keysFor(path, customNames, graphSpec).filter(
      (e) => !taken.has(e.label) && !(hasKind && (LAYER_KINDS as readonly string[]).includes(e.label)),
    );
  }
  return [];
}

/**
 * What a graph node's expression on line `lineIndex` may use: the inputs and the nodes above it (by the
 * keys written under `inputs:` — block or flow style — and `nodes:`), then the function table.
 */
function expressionEntries(lines: readonly string[], lineIndex: number): CompletionEntry[] {
  const names: CompletionEntry[] = [];
  const seen = new Set<string>();
  const add = (name: string, detail: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    names.push({ label: name, kind: 'value', detail });
  };
  for (let i = 0; i < lineIndex; i++) {
    const k = keyColumn(lines[i]);
    if (!k?.key) continue;
    const path = sectionPath(lines, i, k.column);
    if (path.length === 1 && path[0] === 'graph' && k.key === 'inputs') {
      const flow = lines[i].slice(lines[i].indexOf(':') + 1);
      for (const m of flow.matchAll(/([A-Za-z_]\w*)\s*:/g)) add(m[1], 'input');
    } else if (path.length === 2 && path[0] === 'graph') add(k.key, path[1] === 'inputs' ? 'input' : 'node');
  }
  const functions: CompletionEntry[] = FUNCTION_NAMES.map((f) => ({
    label: f,
    kind: 'value',
    detail: 'function',
    documentation: FUNCTIONS[f].summary,
    insertText: `${f}(`,
  }));
  return [...names, ...functions];
}

/** Keys at `column` in the same mapping as `lineIndex` (a "- " line starts a new list item). */
function siblingKeys(lines: readonly string[], lineIndex: number, column: number, startsItem: boolean): Set<string> {
  const keys = new Set<string>();
  if (!startsItem) {
    for (let i = lineIndex - 1; i >= 0; i--) {
      const k = keyColumn(lines[i]);
      if (!k) continue;
      if (k.column < column) break;
      if (k.column === column && k.key) keys.add(k.key);
      if (k.dash && k.column === column) break;
    }
  }
  for (let i = lineIndex + 1; i < lines.length; i++) {
    const k = keyColumn(lines[i]);
    if (!k) continue;
    if (k.column < column || (k.dash && k.column === column)) break;
    if (k.column === column && k.key) keys.add(k.key);
  }
  return keys;
}

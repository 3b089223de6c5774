/**
 * The YAML side of the analyzer: parses the text with the `yaml` package behind safety limits
 * (document size, nesting depth, alias expansion), maps offsets to 0-based line/character ranges,
 * resolves aliases, and collects diagnostics.
 */
import {
  Alias,
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Node,
  Pair,
  parseDocument,
  Scalar,
  YAMLMap,
  YAMLSeq,
} from 'yaml';
import type { Position, Range, SpecDiagnostic } from './types';
import { visible } from '../text/visible';

/**
 * Largest document accepted, in characters: 128 KiB, thirty times the biggest example. The `yaml`
 * package parses about 1 MB/s, and the editor checks the document as the user types, so every accepted
 * document must parse in a small fraction of a second; bigger data belongs in a csv file.
 */
export const MAX_DOCUMENT_CHARS = 128 * 1024;
/** Deepest nesting of YAML collections accepted (a real spec needs about 6). */
export const MAX_NESTING = 64;

export type YNode = Node;

/** A user's text as a message quotes it: at most `max` characters, then an ellipsis. */
export function clip(text: string, max = 40): string {
  return text.length > max ? text.slice(0, max) + '…' : text;
}

/** Most diagnostics kept for one document; beyond it they are counted, not listed (a student reads the first few). */
export const MAX_DIAGNOSTICS = 100;

/**
 * Collects diagnostics; identical ones (same place and message, e.g. reached twice through an alias)
 * are kept once, and after MAX_DIAGNOSTICS only counted (`dropped`).
 */
export class Diagnostics {
  readonly list: SpecDiagnostic[] = [];
  private readonly seen = new Set<string>();
  private errors = 0;
  /** Diagnostics beyond MAX_DIAGNOSTICS, not kept. */
  dropped = 0;

  /** Adds `d`, its message made one line of visible characters (user text may hold control characters). */
  add(diagnostic: SpecDiagnostic): void {
    const d = { ...diagnostic, message: visible(diagnostic.message) };
    const key = `${d.range.start.line}:${d.range.start.character}:${d.range.end.line}:${d.range.end.character}:${d.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (d.severity === 'error') this.errors++;
    if (this.list.length >= MAX_DIAGNOSTICS) this.dropped++;
    else this.list.push(d);
  }

  error(range: Range, code: string, message: string, fix?: { title: string; newText: string }): void {
    this.add({ severity: 'error', range, code, message, ...(fix ? { fix } : {}) });
  }

  warning(range: Range, code: string, message: string): void {
    this.add({ severity: 'warning', range, code, message });
  }

  /** True once MAX_DIAGNOSTICS are listed: a caller may count a problem (`skip`) instead of wording it. */
  get full(): boolean {
    return this.list.length >= MAX_DIAGNOSTICS;
  }

  /** Counts a problem that would not be listed anyway. */
  skip(severity: SpecDiagnostic['severity']): void {
    if (severity === 'error') this.errors++;
    this.dropped++;
  }

  /** Errors reported, listed or not. */
  get errorCount(): number {
    return this.errors;
  }
}

/** Positions and alias resolution for one parsed document. */
export class Source {
  /** Offsets where lines start; line breaks are \n, \r\n and a lone \r, as editors count them. */
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly text: string,
    readonly doc: Document | undefined,
    private readonly aliasTargets: Map<Alias, Node>,
  ) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** Range of a node's value (without trailing comments); a zero-width range at the start of the document when unknown. */
  nodeRange(node: Node | null | undefined): Range {
    const r = node?.range;
    if (!r) return this.range(0, 0);
    let end = r[1];
    while (end > r[0] && /\s/.test(this.text[end - 1])) end--;
    return this.range(r[0], end);
  }

  /** Range of a pair's key, or of its value when the key has no position. */
  keyRange(pair: Pair): Range {
    const k = pair.key as Node | null;
    if (k && k.range) return this.nodeRange(k);
    return this.nodeRange(pair.value as Node | null);
  }

  /** Range of the value of a pair; a `key:` without value gets the range just after the key. */
  valueRange(pair: Pair): Range {
    const v = pair.value as Node | null;
    if (v && v.range && !(isScalar(v) && v.value === null && v.range[0] === v.range[1])) return this.nodeRange(v);
    const k = pair.key as Node | null;
    if (k?.range) return this.range(k.range[1], k.range[1] + 1);
    return this.range(0, 0);
  }

  /** From the start of the key to the end of the value. */
  pairRange(pair: Pair): Range {
    const k = (pair.key as Node | null)?.range;
    const v = (pair.value as Node | null)?.range;
    const start = k ? k[0] : v ? v[0] : 0;
    const end = v ? Math.max(v[1], start) : k ? k[1] : start;
    return this.range(start, end);
  }

  /** The node an alias stands for (the node itself when it is not an alias). */
  deref(node: unknown): Node | undefined {
    if (node === null || node === undefined) return undefined;
    if (isAlias(node)) return this.aliasTargets.get(node);
    return node as Node;
  }

  /** The raw source text of a node. */
  sourceText(node: Node): string {
    const r = node.range;
    return r ? this.text.slice(r[0], r[1]) : '';
  }
}

export interface ParsedSource {
  source: Source;
  root: Node | undefined;
  /**
   * Where the YAML first breaks (a stray word, an indentation slip), when it does. Only that first
   * error is reported: the parser's later complaints, and what the tree looks like after the slip,
   * follow from it.
   */
  brokenAt?: Position;
}

/** Cheap scan before parsing: refuses absurd flow-bracket depth, sequence-marker chains and indentation. */
function prescan(text: string): { message: string; offset: number } | undefined {
  let depth = 0;
  let quote: string | null = null;
  let lineStart = true;
  let dashes = 0;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      quote = null; // an approximation: multi-line quoted scalars are rare in a spec
      lineStart = true;
      dashes = 0;
      indent = 0;
      continue;
    }
    if (quote === '#') continue;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"') i++;
      continue;
    }
    const atStart = lineStart;
    if (lineStart) {
      if (ch === ' ') {
        if (++indent > 1000) return { message: 'the document is indented more than 1000 columns deep', offset: i };
        continue;
      }
      if ((ch === '-' || ch === '?') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        if (++dashes > MAX_NESTING)
          return { message: `the document nests more than ${MAX_NESTING} levels deep`, offset: i };
        i++;
        continue;
      }
      lineStart = false;
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]))) quote = '#';
    else if ((ch === '"' || ch === "'") && (atStart || /[\s[{,:]/.test(text[i - 1]))) quote = ch;
    else if (ch === '[' || ch === '{') {
      if (++depth > MAX_NESTING)
        return { message: `the document nests brackets more than ${MAX_NESTING} levels deep`, offset: i };
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  return undefined;
}

/**
 * Reports a key written twice in one mapping, at the second one (the `yaml` package's own check
 * compares every pair with every other: minutes for a document of many keys). Linear: one Map per mapping.
 */
function checkDuplicateKeys(map: YAMLMap, anchors: Map<string, Node>, source: Source, diagnostics: Diagnostics): void {
  if (map.items.length < 2) return;
  const seen = new Map<string, Node>();
  for (const item of map.items) {
    let key = item.key as Node | null;
    if (key && isAlias(key)) key = anchors.get(key.source) ?? null;
    if (!key || !isScalar(key) || key.value === null || typeof key.value === 'object') continue;
    const name = `${typeof key.value}:${String(key.value)}`;
    const first = seen.get(name);
    if (!first) {
      seen.set(name, key);
      continue;
    }
    const at = source.nodeRange(item.key as Node);
    const line = source.nodeRange(first).start.line + 1;
    diagnostics.error(
      at,
      'duplicate-key',
      `the key '${clip(String(key.value))}' is given twice in this mapping (first on line ${line})`,
    );
  }
}

/**
 * Visits the tree in document order without following aliases: records anchors and what each alias
 * points to, reports duplicate keys, measures nesting depth, and computes the size the document would
 * have with every alias expanded — an "alias bomb" (a few lines that expand to billions of nodes) is
 * refused here.
 */
function inspect(root: Node, source: Source, aliasTargets: Map<Alias, Node>, diagnostics: Diagnostics): boolean {
  const anchors = new Map<string, Node>();
  const size = new Map<Node, number>();
  let direct = 0;
  let expanded = 0;
  type Frame = { node: Node; depth: number; children?: Node[]; next: number; total: number };
  const stack: Frame[] = [{ node: root, depth: 1, next: 0, total: 1 }];
  let tooDeep: Node | undefined;
  const childrenOf = (n: Node): Node[] => {
    const out: Node[] = [];
    if (isMap(n) || isSeq(n)) {
      for (const item of (n as YAMLMap | YAMLSeq).items) {
        if (isPair(item)) {
          if (item.key && typeof item.key === 'object') out.push(item.key as Node);
          if (item.value && typeof item.value === 'object') out.push(item.value as Node);
        } else if (item && typeof item === 'object') out.push(item as Node);
      }
    }
    return out;
  };
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (!frame.children) {
      direct++;
      if (frame.depth > MAX_NESTING && !tooDeep) tooDeep = frame.node;
      const anchor = (frame.node as { anchor?: string }).anchor;
      if (anchor) anchors.set(anchor, frame.node);
      if (isAlias(frame.node)) {
        const target = anchors.get(frame.node.source);
        if (target) aliasTargets.set(frame.node, target);
        const s = target ? size.get(target) : 1;
        if (s === undefined) {
          diagnostics.error(
            source.nodeRange(frame.node),
            'alias-cycle',
            `the alias *${frame.node.source} refers to a value that contains it`,
          );
          return false;
        }
        frame.total = s;
        frame.children = [];
      } else {
        if (isMap(frame.node)) checkDuplicateKeys(frame.node, anchors, source, diagnostics);
        frame.children = tooDeep ? [] : childrenOf(frame.node);
      }
    }
    if (frame.next < frame.children.length) {
      stack.push({ node: frame.children[frame.next++], depth: frame.depth + 1, next: 0, total: 1 });
      continue;
    }
    stack.pop();
    size.set(frame.node, frame.total);
    if (stack.length > 0) stack[stack.length - 1].total += frame.total;
    else expanded = frame.total;
    if (frame.total > Math.max(100_000, 10 * direct) + 1_000_000) {
      diagnostics.error(
        source.nodeRange(frame.node),
        'alias-bomb',
        'the aliases (*name) in this document expand to far too many values; write the values out instead',
      );
      return false;
    }
  }
  if (tooDeep) {
    diagnostics.error(source.nodeRange(tooDeep), 'too-deep', `the document nests more than ${MAX_NESTING} levels deep`);
    return false;
  }
  if (expanded > Math.max(100_000, 10 * direct)) {
    diagnostics.error(
      source.range(0, 0),
      'alias-bomb',
      'the aliases (*name) in this document expand to far too many values; write the values out instead',
    );
    return false;
  }
  return true;
}

/** Parses the text behind the safety limits; `root` is undefined when the document was refused or is empty. */
export function parseSource(text: string, diagnostics: Diagnostics): ParsedSource {
  const aliasTargets = new Map<Alias, Node>();
  const tooLarge = text.length > MAX_DOCUMENT_CHARS;
  // Positions are only ever needed in the part of a document that could be accepted.
  const accepted = tooLarge ? text.slice(0, MAX_DOCUMENT_CHARS) : text;
  const refused = prescan(accepted);
  if (refused || tooLarge) {
    const source = new Source(accepted, undefined, aliasTargets);
    if (refused) diagnostics.error(source.range(refused.offset, refused.offset + 1), 'too-deep', refused.message);
    else
      diagnostics.error(
        source.range(0, 0),
        'too-large',
        `the document has ${text.length} characters; at most ${MAX_DOCUMENT_CHARS} are accepted (put large data in a csv file)`,
      );
    return { source, root: undefined };
  }
  let doc: Document;
  try {
    doc = parseDocument(text, { keepSourceTokens: true, prettyErrors: false, uniqueKeys: false, strict: true });
  } catch (e) {
    const source = new Source(text, undefined, aliasTargets);
    diagnostics.error(source.range(0, 0), 'yaml', `cannot read the document as YAML: ${(e as Error).message}`);
    return { source, root: undefined };
  }
  const source = new Source(text, doc, aliasTargets);
  const first = doc.errors.reduce<(typeof doc.errors)[number] | undefined>(
    (a, e) => (a === undefined || e.pos[0] < a.pos[0] ? e : a),
    undefined,
  );
  let brokenAt: Position | undefined;
  if (first) {
    const [start, end] = first.pos;
    const range = source.range(start, Math.max(end, start + 1));
    diagnostics.error(range, 'yaml', yamlMessage(first.code, first.message));
    brokenAt = range.start;
  }
  for (const w of doc.warnings) {
    const [start, end] = w.pos;
    diagnostics.warning(source.range(start, Math.max(end, start + 1)), 'yaml', yamlMessage(w.code, w.message));
  }
  const root = doc.contents as Node | null;
  if (!root) return { source, root: undefined, brokenAt };
  if (!inspect(root, source, aliasTargets, diagnostics)) return { source, root: undefined, brokenAt };
  return { source, root, brokenAt };
}

/** The commonest YAML slips in a student's words (the parser's own wording follows in parentheses). */
const YAML_SLIPS: Partial<Record<string, string>> = {
  BAD_INDENT:
    'this line is indented differently from the lines above it; the keys of one mapping start in the same column',
  MULTILINE_IMPLICIT_KEY: 'a line that is not `key: value`: a stray word, or a key without its colon',
  BLOCK_AS_IMPLICIT_KEY: 'a list item where a key was expected; check the indentation of this line',
  UNEXPECTED_TOKEN: 'unexpected text here; check the indentation of this line and the line above',
  TAB_AS_INDENT: 'a tab indents this line; YAML indents with spaces only',
  BAD_SCALAR_START: 'a value cannot start with this character; put the value in quotes',
};

/** One line: the slip in plain words when it is a common one, with the parser's message. */
function yamlMessage(code: string, message: string): string {
  const plain = Object.prototype.hasOwnProperty.call(YAML_SLIPS, code) ? YAML_SLIPS[code] : undefined;
  return plain ? `YAML: ${plain} (${firstLine(message)})` : `YAML: ${firstLine(message)}`;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export { isAlias, isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq };

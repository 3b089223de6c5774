/**
 * Each open .nnspec document's current text (saved or not) opened by `openSpec` with the user's
 * settings: diagnostics, symbols, summary and, when clean, the checked configuration and its loaded
 * data; cached per document version, nnspec.maxNumbers and the modification times of the data files it
 * read. CSV paths resolve relative to the spec's folder; untitled documents cannot read files.
 */
import * as vscode from 'vscode';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openSpec, type OpenedSpec } from '../format/openSpec';
import type { AnalyzeResult } from '../format/types';
import { readSettings } from './settings';
import { Disposable } from './dispose';

/** Largest data file the extension reads for a spec (the core's number limit applies after parsing). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

export const LANGUAGE_ID = 'nnspec';

export function isSpecDocument(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && doc.languageId === LANGUAGE_ID;
}

interface Entry {
  version: number;
  /** The setting nnspec.maxNumbers the spec was opened with. */
  maxNumbers: number;
  opened: OpenedSpec;
  /** Files the spec read (csv), with their modification times: a change makes the entry stale. */
  files: Map<string, number>;
}

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

export class SpecStore extends Disposable {
  private readonly cache = new Map<string, Entry>();

  constructor() {
    super();
    this._register(vscode.workspace.onDidCloseTextDocument((doc) => this.cache.delete(doc.uri.toString())));
  }

  /** Reads a file named relative to the spec, or undefined where the spec has no folder (untitled, virtual). */
  private readFileFor(
    doc: vscode.TextDocument,
    seen: Map<string, number>,
  ): ((relativePath: string) => string) | undefined {
    if (doc.uri.scheme !== 'file') return undefined;
    const base = dirname(doc.uri.fsPath);
    return (relativePath: string) => {
      const file = resolve(base, relativePath);
      seen.set(file, mtime(file));
      const st = statSync(file);
      if (!st.isFile()) throw new Error(`${relativePath} is not a regular file`); // a FIFO would block the editor
      if (st.size > MAX_FILE_BYTES)
        throw new Error(`${relativePath} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
      return readFileSync(file, 'utf8');
    };
  }

  /** The document's current text opened: analysis, and when clean its configuration and data (cached until the next edit). */
  open(doc: vscode.TextDocument): OpenedSpec {
    const key = doc.uri.toString();
    const { maxNumbers } = readSettings(doc.uri);
    const cached = this.cache.get(key);
    if (
      cached &&
      cached.version === doc.version &&
      cached.maxNumbers === maxNumbers &&
      [...cached.files].every(([f, t]) => mtime(f) === t)
    )
      return cached.opened;
    const files = new Map<string, number>();
    const opened = openSpec(doc.getText(), { readFile: this.readFileFor(doc, files), maxNumbers });
    this.cache.set(key, { version: doc.version, maxNumbers, opened, files });
    return opened;
  }

  /** The analysis of the document's current text: `open(doc).analysis`. */
  analyze(doc: vscode.TextDocument): AnalyzeResult {
    return this.open(doc).analysis;
  }

  override dispose(): void {
    super.dispose();
    this.cache.clear();
  }
}

/**
 * The analysis of each open .nnspec document's current text (saved or not), cached per document
 * version and the modification times of the data files it read: diagnostics, symbols, summary and
 * the validated spec. CSV paths resolve relative to the
 * spec's folder; untitled documents cannot read files. Also loads a spec's data on demand.
 */
import * as vscode from 'vscode';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { analyze } from '../format/analyze';
import type { NetworkConfig } from '../engine/config';
import type { AnalyzeResult } from '../format/types';
import { loadData, DataError } from '../engine/data/load';
import type { TrainTestData } from '../engine/types';
import { readSettings } from './settings';
import { Disposable } from './dispose';

/** Largest data file the extension reads for a spec (the core's number limit applies after parsing). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

export const LANGUAGE_ID = 'nnspec';

export function isSpecDocument(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && doc.languageId === LANGUAGE_ID;
}

/** The data of a valid spec, or the reason it could not be loaded. */
export type DataResult = { data: TrainTestData } | { error: string };

interface Entry {
  version: number;
  result: AnalyzeResult;
  data?: DataResult;
  /** Files the analysis read (csv), with their modification times: a change makes the entry stale. */
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
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('nnspec.maxNumbers')) this.cache.clear();
      }),
    );
  }

  /** Reads a file named relative to the spec, or undefined where the spec has no folder (untitled, virtual). */
  readFileFor(doc: vscode.TextDocument, seen?: Map<string, number>): ((relativePath: string) => string) | undefined {
    if (doc.uri.scheme !== 'file') return undefined;
    const base = dirname(doc.uri.fsPath);
    return (relativePath: string) => {
      const file = resolve(base, relativePath);
      seen?.set(file, mtime(file));
      if (statSync(file).size > MAX_FILE_BYTES)
        throw new Error(`${relativePath} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
      return readFileSync(file, 'utf8');
    };
  }

  /** The analysis of the document's current text (cached until the next edit). */
  analyze(doc: vscode.TextDocument): AnalyzeResult {
    return this.entry(doc).result;
  }

  /** The spec's training/test data, loaded once per document version; only for valid specs. */
  data(doc: vscode.TextDocument, spec: NetworkConfig): DataResult {
    const entry = this.entry(doc);
    if (!entry.data) {
      try {
        entry.data = { data: loadData(spec, this.readFileFor(doc)) };
      } catch (e) {
        if (!(e instanceof DataError) && !(e instanceof Error)) throw e;
        entry.data = { error: e.message };
      }
    }
    return entry.data;
  }

  /** The files a spec reads (its csv), relative path → contents, for the training worker. */
  filesFor(doc: vscode.TextDocument, spec: NetworkConfig): Record<string, string> {
    const source = spec.data?.source;
    const read = this.readFileFor(doc);
    if (source?.kind !== 'csv' || !read) return {};
    return { [source.path]: read(source.path) };
  }

  private entry(doc: vscode.TextDocument): Entry {
    const key = doc.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === doc.version && [...cached.files].every(([f, t]) => mtime(f) === t)) return cached;
    const files = new Map<string, number>();
    const result = analyze(doc.getText(), {
      readFile: this.readFileFor(doc, files),
      maxNumbers: readSettings(doc.uri).maxNumbers,
    });
    const entry: Entry = { version: doc.version, result, files };
    this.cache.set(key, entry);
    return entry;
  }

  override dispose(): void {
    super.dispose();
    this.cache.clear();
  }
}

/**
 * Each open .nnspec document's current text (saved or not) opened by `openSpec` with the user's
 * settings: diagnostics, symbols, summary and, when clean, the checked configuration and its loaded
 * data; cached per document version, nnspec.maxNumbers and the modification times of the data files it
 * read. CSV paths resolve relative to the spec's folder; untitled documents cannot read files.
 */
import * as vscode from 'vscode';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileReader } from '../format/userFiles';
import { openSpec, type OpenedSpec } from '../format/openSpec';
import type { AnalyzeResult } from '../format/types';
import { readSettings } from './settings';
import { Disposable } from './dispose';

export const LANGUAGE_ID = 'nnspec';

export function isSpecDocument(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && doc.languageId === LANGUAGE_ID;
}

interface Entry {
  version: number;
  /** The settings nnspec.maxNumbers and nnspec.files.allowOutsideWorkspace the spec was opened with. */
  maxNumbers: number;
  filesOutsideWorkspace: boolean;
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

  /**
   * Reads a file named relative to the spec (format/userFiles.ts: regular files only, opened without
   * blocking, bounded in size), inside the spec's workspace folder — or its own folder when it is in
   * none — unless nnspec.files.allowOutsideWorkspace; undefined where the spec has no folder (untitled, virtual).
   */
  private readFileFor(
    doc: vscode.TextDocument,
    seen: Map<string, number>,
    outside: boolean,
  ): ((relativePath: string) => string) | undefined {
    if (doc.uri.scheme !== 'file') return undefined;
    const base = dirname(doc.uri.fsPath);
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    const root = folder?.uri.scheme === 'file' ? folder.uri.fsPath : base;
    return fileReader(
      {
        base,
        ...(outside ? {} : { roots: [root], rootsText: folder ? 'the workspace folder' : "the spec's folder" }),
      },
      (file) => seen.set(file, mtime(file)),
    );
  }

  /** The document's current text opened: analysis, and when clean its configuration and data (cached until the next edit). */
  open(doc: vscode.TextDocument): OpenedSpec {
    const key = doc.uri.toString();
    const { maxNumbers, filesOutsideWorkspace } = readSettings(doc.uri);
    const cached = this.cache.get(key);
    if (
      cached &&
      cached.version === doc.version &&
      cached.maxNumbers === maxNumbers &&
      cached.filesOutsideWorkspace === filesOutsideWorkspace &&
      [...cached.files].every(([f, t]) => mtime(f) === t)
    )
      return cached.opened;
    const files = new Map<string, number>();
    const opened = openSpec(doc.getText(), {
      readFile: this.readFileFor(doc, files, filesOutsideWorkspace),
      maxNumbers,
    });
    this.cache.set(key, { version: doc.version, maxNumbers, filesOutsideWorkspace, opened, files });
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

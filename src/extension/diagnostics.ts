/**
 * Publishes the core's errors and warnings for every open .nnspec document to the Problems panel
 * (source 'nnspec', exact ranges), immediately on open and debounced as the user types. A document's
 * problems leave with its last tab (VS Code closes the document itself only later, or never while
 * something holds it), and a spec saved with no tab showing it (from the close prompt) is not listed.
 */
import * as vscode from 'vscode';
import type { SpecDiagnostic } from '../format/types';
import { SpecStore, isSpecDocument } from './specStore';
import { toRange } from './ranges';
import { readSettings } from './settings';
import { Disposable } from './dispose';
import { shownInTab, tabUri } from './tabs';

export const DIAGNOSTIC_SOURCE = 'nnspec';

const SEVERITY: Record<SpecDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(d: SpecDiagnostic): vscode.Diagnostic {
  const diag = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity]);
  diag.source = DIAGNOSTIC_SOURCE;
  diag.code = d.code;
  return diag;
}

export class Diagnostics extends Disposable {
  readonly collection = this._register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly store: SpecStore) {
    super();
    const refreshAll = (): void => {
      for (const doc of vscode.workspace.textDocuments) if (shownInTab(doc.uri)) this.refresh(doc);
    };
    // A spec's csv changed on disk: the store notices the new modification time and analyzes again.
    const csv = this._register(vscode.workspace.createFileSystemWatcher('**/*.csv'));
    this._register(csv.onDidChange(refreshAll));
    this._register(csv.onDidCreate(refreshAll));
    this._register(csv.onDidDelete(refreshAll));
    this._register(vscode.workspace.onDidOpenTextDocument((doc) => this.refresh(doc)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this._register(vscode.workspace.onDidCloseTextDocument((doc) => this.clear(doc.uri)));
    this._register(
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (shownInTab(doc.uri)) this.refresh(doc);
        else this.clear(doc.uri);
      }),
    );
    this._register(
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const tab of e.closed) {
          const uri = tabUri(tab);
          if (uri && !shownInTab(uri)) this.clear(uri);
        }
        for (const tab of e.opened) {
          const uri = tabUri(tab)?.toString();
          const doc = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
          if (doc) this.refresh(doc);
        }
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('nnspec')) refreshAll();
      }),
    );
    refreshAll();
  }

  /** Analyzes the document now and publishes its diagnostics. */
  refresh(doc: vscode.TextDocument): void {
    if (!isSpecDocument(doc)) return;
    this.cancel(doc);
    this.collection.set(doc.uri, this.store.analyze(doc).diagnostics.map(toDiagnostic));
  }

  private clear(uri: vscode.Uri): void {
    this.cancelKey(uri.toString());
    this.collection.delete(uri);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!isSpecDocument(doc)) return;
    this.cancel(doc);
    const key = doc.uri.toString();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.refresh(doc);
      }, readSettings(doc.uri).diagnosticsDelayMs),
    );
  }

  private cancel(doc: vscode.TextDocument): void {
    this.cancelKey(doc.uri.toString());
  }

  private cancelKey(key: string): void {
    const t = this.timers.get(key);
    if (t !== undefined) {
      clearTimeout(t);
      this.timers.delete(key);
    }
  }

  override dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    super.dispose();
  }
}

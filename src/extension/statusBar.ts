/**
 * The status-bar item for the active spec: its parameter count (or its error count) and, while it
 * trains, "epoch N/M · loss x". Clicking it opens the network panel.
 */
import * as vscode from 'vscode';
import { posix } from 'node:path';
import { SpecStore, isSpecDocument } from './specStore';
import type { DocumentRecords } from './documentRecord';
import { Disposable } from './dispose';
import { COMMANDS } from './commandIds';
import { plural } from '../text/notation';
import { trainingText } from '../text/training';

export class SpecStatusBar extends Disposable {
  private readonly item = this._register(
    vscode.window.createStatusBarItem('nnspec.status', vscode.StatusBarAlignment.Right, 100),
  );
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly store: SpecStore,
    private readonly records: DocumentRecords,
  ) {
    super();
    this.item.name = 'nnspec';
    this.item.command = COMMANDS.showNetwork;
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.schedule();
      }),
    );
    this._register(
      records.onDidChange(({ change }) => {
        if (change.type.startsWith('train') || change.type === 'closed') this.update();
      }),
    );
    this.update();
  }

  /** The text shown now (for tests and the API). */
  get text(): string {
    return this.item.text;
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, 300);
  }

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const training = this.records.training();
    const run = training?.run;
    if (training && run && (!isSpecDocument(doc) || training.uri === doc.uri.toString())) {
      const fileName = posix.basename(vscode.Uri.parse(training.uri).path);
      this.item.text = `$(sync~spin) ${trainingText(run.history[run.history.length - 1], run.epochs, run.lossName)}`;
      this.item.tooltip = `Training ${fileName} — click to show the network; "nnspec: Stop Training" to stop`;
      this.item.show();
      return;
    }
    if (!isSpecDocument(doc)) {
      this.item.hide();
      return;
    }
    const analysis = this.store.analyze(doc);
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
    const graph = analysis.graphSummary;
    if (errors === 0 && !analysis.summary && !graph) {
      this.item.hide();
      return;
    }
    if (graph && errors === 0) {
      const inputs = graph.nodes.filter((n) => n.op === 'input').length;
      this.item.text = `$(type-hierarchy) ${plural(graph.gates, 'gate')}`;
      this.item.tooltip = `Graph: ${plural(inputs, 'input')}, ${plural(graph.gates, 'gate')}, output ${graph.output} — click to show the graph`;
    } else if (analysis.summary && errors === 0) {
      this.item.text = `$(type-hierarchy) ${plural(analysis.summary.totalParams, 'param')}`;
      this.item.tooltip = `${analysis.summary.layers.length} layers, ${plural(analysis.summary.totalParams, 'parameter')} — click to show the network`;
    } else {
      this.item.text = `$(error) nnspec: ${plural(errors, 'error')}`;
      this.item.tooltip = 'The spec has errors: see the Problems panel';
    }
    this.item.show();
  }

  override dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    super.dispose();
  }
}

/**
 * CodeLens for .nnspec documents: at the top, "Forward", "Backward", "Gradient check", "Train" (or
 * "Stop" while this spec trains, as its record says) and "Show network"; above each layer,
 * "dense 2 → 3 · 9 params".
 */
import * as vscode from 'vscode';
import { SpecStore } from './specStore';
import { isRunning, type DocumentRecords } from './documentRecord';
import { Disposable } from './dispose';
import { toRange } from './ranges';
import { layerLensTitle } from '../text/editor';
import { plural } from '../text/notation';
import { COMMANDS } from './commandIds';

export class SpecCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly store: SpecStore,
    private readonly records: DocumentRecords,
  ) {
    super();
    // Train becomes Stop and back as a run starts and ends.
    this._register(
      records.onDidChange(({ change }) => {
        if (change.type === 'trainStart' || change.type === 'trainEnd' || change.type === 'trainFailed')
          this.changed.fire();
      }),
    );
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const analysis = this.store.analyze(doc);
    const top = new vscode.Range(0, 0, 0, 0);
    const args = [doc.uri];
    const lenses: vscode.CodeLens[] = [];
    const lens = (range: vscode.Range, title: string, command: string, tooltip?: string, a: unknown[] = args): void => {
      lenses.push(new vscode.CodeLens(range, { title, command, tooltip, arguments: a }));
    };
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors > 0)
      lens(
        top,
        `$(error) ${plural(errors, 'problem')}`,
        'workbench.actions.view.problems',
        'Show the Problems panel',
        [],
      );
    lens(top, 'Forward', COMMANDS.forward, 'Run a forward pass on the training data and show h and y');
    lens(top, 'Backward', COMMANDS.backward, 'Run a backward pass and show every gradient');
    lens(top, 'Gradient check', COMMANDS.gradcheck, 'Compare the analytic gradients with finite differences');
    if (isRunning(this.records.get(doc.uri.toString())?.run))
      lens(top, 'Stop', COMMANDS.stopTraining, 'Stop the training run');
    else lens(top, 'Train', COMMANDS.train, 'Train the network in the background');
    lens(top, 'Show network', COMMANDS.showNetwork, 'Open the network panel beside the editor');

    const summary = analysis.summary;
    if (summary) {
      for (const sym of analysis.symbols) {
        if (sym.kind !== 'layer') continue;
        const layer = summary.layers.find((l) => l.index === sym.layerIndex);
        if (!layer) continue;
        const where = toRange(sym.selectionRange);
        lens(
          new vscode.Range(where.start, where.start),
          layerLensTitle(layer),
          COMMANDS.showNetwork,
          `Layer ${layer.index}: show it in the network panel`,
        );
      }
    }
    return lenses;
  }
}

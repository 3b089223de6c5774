/**
 * CodeLens for .nnspec documents: at the top, "Forward", "Backward", "Gradient check", "Train" (or
 * "Stop" while this spec trains) and "Show network"; above each layer, "dense 2 → 3 · 9 params".
 */
import * as vscode from 'vscode';
import { SpecStore } from './specStore';
import { toRange } from './ranges';
import { layerLensTitle, plural } from './format';
import { COMMANDS } from './commandIds';

export class SpecCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  /** `isTraining(uri)` tells whether that spec is training now; call `refresh()` when it changes. */
  constructor(
    private readonly store: SpecStore,
    private readonly isTraining: (uri: vscode.Uri) => boolean,
  ) {}

  refresh(): void {
    this.changed.fire();
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
    if (this.isTraining(doc.uri)) lens(top, 'Stop', COMMANDS.stopTraining, 'Stop the training run');
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

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * CodeLens for .nnspec documents: at the top, "Forward", "Backward", "Gradient check", "Train" (or
 * "Stop" while this spec trains, as its record says) and "Show network" — for a graph spec the same, with
 * "Train" only when it has `train:`; above each layer,
 * "dense 2 → 3 · 9 params". While the text does not parse, the layer lenses of the last good version stay,
 * on the lines that now start its layers (the k-th layer lens on the k-th `- dense:`/`- maxout:` line).
 */
import * as vscode from 'vscode';
import { SpecStore } from './specStore';
import { isGraphSpec } from '../format/openSpec';
import { isRunning, type DocumentRecords } from './documentRecord';
import { Disposable } from './dispose';
import { toRange } from './ranges';
import { layerLensTitle } from '../text/editor';
import { plural } from '../text/notation';
import { COMMANDS } from './commandIds';
import type { LayerSummary } from '../engine/config';

/** A layer lens: the layer and the line of its kind key. */
interface LayerLens {
  layer: LayerSummary;
  line: number;
  character: number;
}

const LAYER_LINE = /^(\s*-\s*)(dense|maxout)\s*:/;

export class SpecCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Per document (URI string): the layer lenses of its last version that analysed with a summary. */
  private readonly lastGood = new Map<string, LayerLens[]>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly store: SpecStore,
    private readonly records: DocumentRecords,
  ) {
    super();
    this._register(vscode.workspace.onDidCloseTextDocument((doc) => this.lastGood.delete(doc.uri.toString())));
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
    const graph = isGraphSpec(analysis);
    if (graph) {
      lens(top, 'Forward', COMMANDS.forward, 'Run the forward pass: the value on every wire');
      lens(top, 'Backward', COMMANDS.backward, 'Run the backward pass: ∂output/∂v on every wire, upstream × local');
      lens(top, 'Gradient check', COMMANDS.gradcheck, 'Compare the gradients with central differences');
    } else {
      lens(top, 'Forward', COMMANDS.forward, 'Run a forward pass on the training data and show h and y');
      lens(top, 'Backward', COMMANDS.backward, 'Run a backward pass and show every gradient');
      lens(top, 'Gradient check', COMMANDS.gradcheck, 'Compare the analytic gradients with finite differences');
    }
    if (isRunning(this.records.get(doc.uri.toString())?.run))
      lens(top, 'Stop', COMMANDS.stopTraining, 'Stop the training run');
    else if (!graph) {
      lens(top, 'Train', COMMANDS.train, 'Train the network in the background');
      lens(
        top,
        'Step',
        COMMANDS.step,
        'One optimizer update on the next mini-batch: see what it changed on every edge',
      );
    } else if (analysis.graph?.train) lens(top, 'Train', COMMANDS.train, 'Minimise the output over train: params');
    lens(top, 'Show network', COMMANDS.showNetwork, 'Open the network panel beside the editor');

    for (const { layer, line, character } of this.layerLenses(doc, analysis)) {
      const at = new vscode.Position(line, character);
      lens(
        new vscode.Range(at, at),
        layerLensTitle(layer),
        COMMANDS.showNetwork,
        `Layer ${layer.index}: show it in the network panel`,
        [{ uri: doc.uri, layer: layer.index }],
      );
    }
    return lenses;
  }

  /** This version's layer lenses, or, when it has no summary (broken YAML), the last good version's. */
  private layerLenses(doc: vscode.TextDocument, analysis: ReturnType<SpecStore['analyze']>): LayerLens[] {
    const key = doc.uri.toString();
    const summary = analysis.summary;
    if (summary) {
      const found: LayerLens[] = [];
      for (const sym of analysis.symbols) {
        if (sym.kind !== 'layer') continue;
        const layer = summary.layers.find((l) => l.index === sym.layerIndex);
        if (!layer) continue;
        const where = toRange(sym.selectionRange).start;
        found.push({ layer, line: where.line, character: where.character });
      }
      this.lastGood.set(key, found);
      return found;
    }
    const kept = this.lastGood.get(key) ?? [];
    const lines: { line: number; character: number }[] = [];
    for (let i = 0; i < doc.lineCount; i++) {
      const m = LAYER_LINE.exec(doc.lineAt(i).text);
      if (m) lines.push({ line: i, character: m[1].length });
    }
    return kept.flatMap((l, k) => (lines[k] ? [{ layer: l.layer, ...lines[k] }] : []));
  }
}

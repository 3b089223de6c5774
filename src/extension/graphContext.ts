/**
 * Keeps the `nnspec.graphSpec` context key true while the spec in the active editor is a computational
 * graph, so the commands a graph has no use for (Save Weights, Write Weights into the Spec, the exports)
 * leave the Command Palette and the editor menus. When focus moves to the panel the key keeps the last
 * spec's value; a command run anyway still refuses with a message.
 */
import * as vscode from 'vscode';
import { Disposable } from './dispose';
import { GRAPH_CONTEXT } from './commandIds';
import { isSpecDocument, type SpecStore } from './specStore';
import { isGraphSpec } from '../format/openSpec';

export class GraphContext extends Disposable {
  private value: boolean | undefined;

  constructor(private readonly store: SpecStore) {
    super();
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.update();
      }),
    );
    this.update();
  }

  private update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!isSpecDocument(doc)) return;
    const graph = isGraphSpec(this.store.analyze(doc));
    if (graph === this.value) return;
    this.value = graph;
    void vscode.commands.executeCommand('setContext', GRAPH_CONTEXT, graph);
  }
}

/** Quick fixes from the core's suggested corrections (`SpecDiagnostic.fix`), e.g. 'sigmod' → 'sigmoid'. */
import * as vscode from 'vscode';
import { SpecStore } from './specStore';
import { toRange } from './ranges';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

export class QuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(private readonly store: SpecStore) {}

  provideCodeActions(
    doc: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of this.store.analyze(doc).diagnostics) {
      if (!d.fix) continue;
      const where = toRange(d.range);
      if (!where.intersection(range) && !where.contains(range)) continue;
      const action = new vscode.CodeAction(d.fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, where, d.fix.newText);
      action.diagnostics = context.diagnostics.filter(
        (c) => c.source === DIAGNOSTIC_SOURCE && c.code === d.code && c.range.isEqual(where),
      );
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}

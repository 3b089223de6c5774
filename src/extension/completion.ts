/** Completion in .nnspec documents: section keys and the values of keys (see completionModel.ts). */
import * as vscode from 'vscode';
import { completionsAt, type CompletionKind } from './completionModel';

const KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
  key: vscode.CompletionItemKind.Property,
  activation: vscode.CompletionItemKind.Function,
  'custom-activation': vscode.CompletionItemKind.Function,
  loss: vscode.CompletionItemKind.Function,
  optimizer: vscode.CompletionItemKind.EnumMember,
  init: vscode.CompletionItemKind.EnumMember,
  dataset: vscode.CompletionItemKind.EnumMember,
  value: vscode.CompletionItemKind.Value,
};

export const TRIGGER_CHARACTERS = [' ', ':'];

export class SpecCompletionProvider implements vscode.CompletionItemProvider {
  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const entries = completionsAt(doc.getText(), position.line, position.character);
    const word = doc.getWordRangeAtPosition(position, /[\w().-]+/);
    const range = word && word.end.isEqual(position) ? word : new vscode.Range(position, position);
    return entries.map((e, i) => {
      const item = new vscode.CompletionItem({ label: e.label, description: e.detail }, KIND[e.kind]);
      if (e.documentation) item.documentation = new vscode.MarkdownString(e.documentation);
      item.insertText = e.insertText ?? e.label;
      item.filterText = e.label;
      item.range = range;
      item.sortText = String(i).padStart(3, '0');
      if (e.kind === 'key') item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest values' };
      return item;
    });
  }
}

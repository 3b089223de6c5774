/** Which documents the editor tabs show (a document stays open in VS Code after its last tab closes). */
import * as vscode from 'vscode';

/** The document a text editor tab shows (a diff shows its modified side). */
export function tabUri(tab: vscode.Tab): vscode.Uri | undefined {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return input.uri;
  if (input instanceof vscode.TabInputTextDiff) return input.modified;
  return undefined;
}

/** Whether some tab in some editor group shows the document. */
export function shownInTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => tabUri(t)?.toString() === key));
}

/** Converts the format's 0-based ranges to VS Code's. */
import * as vscode from 'vscode';
import type { Range } from '../format/types';

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

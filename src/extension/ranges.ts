/** Converts the core's 0-based ranges and positions to VS Code's. */
import * as vscode from 'vscode';
import type { Position, Range } from '../format/types';

export function toPosition(p: Position): vscode.Position {
  return new vscode.Position(p.line, p.character);
}

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

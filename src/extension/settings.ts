/** Reads the extension's settings (`nnspec.*`) from VS Code, by the one table of keys, defaults and bounds. */
import * as vscode from 'vscode';
import { settingsFrom, type Settings } from './settingsTable';

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('nnspec', scope);
  return settingsFrom((key) => c.get<unknown>(key));
}

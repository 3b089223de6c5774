/**
 * Helpers for the nnspec integration suites running inside VS Code: the extension's API, the examples,
 * temporary spec files, positions of text, and waiting for a condition.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NnspecApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'nnspec.nnspec';
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const EXAMPLES = path.join(REPO_ROOT, 'examples');
/** The lecture's worked example (seed 000): 2-3-1 sigmoid, no biases, one sample, loss 0.52699. */
export const WORKED = path.join(EXAMPLES, 'backprop-by-hand.nnspec');

export async function api(): Promise<NnspecApi> {
  const ext = vscode.extensions.getExtension<NnspecApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export function exampleFiles(): string[] {
  return fs
    .readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.nnspec'))
    .sort()
    .map((f) => path.join(EXAMPLES, f));
}

/** The example whose file name contains `part` (e.g. 'spiral'). */
export function example(part: string): string {
  const found = exampleFiles().find((f) => path.basename(f).includes(part));
  if (!found)
    throw new Error(
      `no example named like '${part}' in ${EXAMPLES}: ${exampleFiles()
        .map((f) => path.basename(f))
        .join(', ')}`,
    );
  return found;
}

let tmpDir: string | undefined;

/** Writes `text` to a fresh .nnspec file in a temporary folder (beside copies of the examples' data files). */
export function tmpSpec(name: string, text: string): vscode.Uri {
  tmpDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'nnspec-vscode-'));
  const file = path.join(tmpDir, name.endsWith('.nnspec') ? name : `${name}.nnspec`);
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

export async function open(fileOrUri: string | vscode.Uri): Promise<vscode.TextEditor> {
  const uri = typeof fileOrUri === 'string' ? vscode.Uri.file(fileOrUri) : fileOrUri;
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
}

/** The position of the `nth` occurrence (0-based) of `needle` in the document, plus `offset` characters. */
export function positionOf(doc: vscode.TextDocument, needle: string, offset = 0, nth = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' (occurrence ${nth}) not in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(at + offset);
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

export function completionLabels(list: vscode.CompletionList): string[] {
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

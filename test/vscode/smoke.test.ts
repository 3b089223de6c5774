/**
 * Smoke test inside a real VS Code extension host: the right VS Code runs, the
 * extension under test is loaded, and it activates.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'nnspec.nnspec';

describe('VS Code smoke', () => {
  it('runs VS Code 1.100', () => {
    assert.match(vscode.version, /^1\.100\./);
  });

  it('knows the nnspec extension', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
    assert.equal(ext.packageJSON.name, 'nnspec');
  });

  it('activates the nnspec extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('opens the examples workspace folder', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'exactly one workspace folder');
  });
});

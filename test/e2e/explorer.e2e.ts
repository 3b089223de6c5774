/**
 * E2E: the packaged extension in a real workbench. A person clicks an example in the
 * Explorer; its editor tab opens, the file is recognised as nnspec, and a screenshot
 * are saved to test-results/e2e/explorer-*.png.
 */
import * as assert from 'node:assert/strict';
import { openWorkbench, Workbench } from './workbench';

describe('e2e: Explorer', () => {
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench();
  });

  after(async () => {
    await wb?.close();
  });

  it('opens an example clicked in the Explorer in an editor tab', async () => {
    const files = wb.filesInWorkspace();
    const file = files.find((f) => f.endsWith('.nnspec')) ?? files[0];
    assert.ok(file, `the workspace ${wb.folder} has no files (is examples/ empty?)`);

    await wb.openFile(file);
    assert.equal(await wb.activeTabName(), file);
    const text = await wb.editorText();
    assert.ok(text.trim().length > 0, 'the editor shows the file');
    await wb.screenshot('explorer-open-example');
  });

  it('shows the nnspec language mode for a .nnspec file (the .vsix is installed)', async function () {
    if (!(await wb.activeTabName()).endsWith('.nnspec')) this.skip();
    const mode = wb.page.locator('.statusbar-item[id="status.editor.mode"]');
    await mode.filter({ hasText: /nnspec|Neural Network Spec/ }).waitFor({ state: 'visible', timeout: 60_000 });
    await wb.screenshot('explorer-nnspec-language');
  });
});

/**
 * E2E: the language features of the packaged extension, used as a person would in code-server.
 * Opens the lecture example (backprop-by-hand.nnspec) from the Explorer and checks the CodeLens
 * above the spec and each layer, the hover on `dense: 3` ("2 → 3", "W¹ 2×3"), and that a
 * misspelt activation (`sigmod`) is underlined, explained in the hover and the Problems panel
 * ("did you mean 'sigmoid'"), and repaired by the quick fix (Ctrl+.). The file is reverted at the
 * end, never saved. Screenshots: test-results/e2e/language-*.png.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openWorkbench, waitUntil, Workbench } from './workbench';

const SPEC = 'backprop-by-hand.nnspec';

describe('e2e: nnspec language features', () => {
  let wb: Workbench;
  let original = '';

  /** The box of the line-number gutter cell of a 1-based line. */
  const lineNumberBox = (line: number) =>
    wb
      .activeEditor()
      .locator('.margin-view-overlays .line-numbers', { hasText: new RegExp(`^${line}$`) })
      .first()
      .boundingBox();
  /** Width of one column in the editor's monospace font. */
  const columnWidth = () =>
    wb
      .activeEditor()
      .locator('.view-lines')
      .evaluate((el) => {
        const probe = document.createElement('span');
        probe.textContent = 'x'.repeat(100);
        el.appendChild(probe);
        const w = probe.getBoundingClientRect().width / 100;
        probe.remove();
        return w;
      });

  before(async () => {
    wb = await openWorkbench();
    original = fs.readFileSync(path.join(wb.folder, SPEC), 'utf8');
    await wb.openFile(SPEC);
  });

  after(async () => {
    // Whatever happened, the next test file finds the example as it was.
    const file = wb && path.join(wb.folder, SPEC);
    if (file && original && fs.readFileSync(file, 'utf8') !== original) fs.writeFileSync(file, original);
    await wb?.close();
  });

  it('shows the action CodeLens above the spec and a shape lens above each layer', async () => {
    // The layer lenses come with the analysis; wait until both are there.
    const lenses = await waitUntil('the layer CodeLens', async () => {
      const t = await wb.codeLensTexts();
      return t.some((l) => l.startsWith('dense 3 → 1')) ? t : undefined;
    });
    const top = lenses.find((l) => l.includes('Forward'));
    assert.ok(top, `no action lens in ${JSON.stringify(lenses)}`);
    // Lens order as the user sees it, separated by VS Code's " | ".
    assert.deepEqual(top.split(' | '), ['Forward', 'Backward', 'Gradient check', 'Train', 'Step', 'Show network']);
    // The lecture's 2-3-1 network without biases: W¹ 2×3 = 6 and W² 3×1 = 3 parameters (its W and V).
    assert.ok(lenses.includes('dense 2 → 3 · 6 params'), JSON.stringify(lenses));
    assert.ok(lenses.includes('dense 3 → 1 · 3 params'), JSON.stringify(lenses));
    assert.ok(!lenses.some((l) => /problem/.test(l)), `a clean spec shows no problem lens: ${JSON.stringify(lenses)}`);
    await wb.screenshot('language-codelens');
  });

  it('hovering the `dense: 3` layer shows its shapes and parameters', async () => {
    const text = await wb.hover('dense');
    assert.match(text, /Layer 1\b/);
    assert.match(text, /2 → 3/);
    assert.match(text, /W¹ 2×3, 6 parameters/);
    assert.match(text, /\(batch, 3\)/);
    assert.doesNotMatch(text, /\bb 3\b/, 'bias: false, so no b');
    await wb.screenshot('language-hover-layer');
    await wb.page.keyboard.press('Escape');
  });

  it('underlines a misspelt activation and says "did you mean \'sigmoid\'"', async () => {
    const editor = wb.activeEditor();
    assert.equal(await editor.locator('.squiggly-error').count(), 0, 'the example starts without errors');

    // Select the first `sigmoid` (layer 1's activation) by double-clicking it and type over it.
    await editor
      .locator('.view-lines .view-line span span', { hasText: /^sigmoid$/ })
      .first()
      .dblclick();
    await wb.page.keyboard.type('sigmod');
    await waitUntil('the edit in the editor', async () => (await wb.editorText()).includes('activation: sigmod '));

    // Typing opens the completion list, which offers the right name; dismiss it as a person would.
    const suggestion = wb.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row').first();
    await suggestion.waitFor({ state: 'visible' });
    assert.match(await suggestion.innerText(), /^sigmoid\b/);
    await wb.page.keyboard.press('Escape');
    await suggestion.waitFor({ state: 'hidden' });
    const squiggle = editor.locator('.squiggly-error').first();
    await squiggle.waitFor({ state: 'attached', timeout: 30_000 });
    // The squiggle sits under the misspelt word: on line 19, from the column where `sigmod` starts.
    // Diagnostics follow typing after a pause, so a squiggle drawn for a partly typed word ('sigmo') can
    // come first on a slow machine: wait for the one under the whole word before measuring it.
    const charWidth = await columnWidth();
    await waitUntil('the squiggle under the whole word', async () => {
      const box = await squiggle.boundingBox();
      return box && Math.abs(box.width - 6 * charWidth) < charWidth;
    }).catch(() => undefined); // the assertion below reports the width it found
    const [lineBox, sBox] = [await lineNumberBox(19), await squiggle.boundingBox()];
    assert.ok(lineBox && sBox, 'both line 19 and the squiggle are on screen');
    assert.ok(
      Math.abs(sBox.y + sBox.height / 2 - (lineBox.y + lineBox.height / 2)) < lineBox.height,
      `squiggle ${JSON.stringify(sBox)} is on line 19 ${JSON.stringify(lineBox)}`,
    );
    assert.ok(
      Math.abs(sBox.width - 6 * charWidth) < charWidth,
      `the squiggle is as wide as 'sigmod' (${sBox.width} px, ${charWidth} px a column)`,
    );

    const lenses = await waitUntil('the problem lens', async () =>
      (await wb.codeLensTexts()).find((l) => /1 problem/.test(l)),
    );
    assert.match(lenses, /1 problem/);

    const hover = await wb.hoverOver(squiggle);
    assert.match(hover, /did you mean 'sigmoid'/);
    await wb.screenshot('language-misspelt-hover');
    await wb.page.keyboard.press('Escape');

    const problems = await wb.problems(/did you mean 'sigmoid'/);
    assert.match(problems, /sigmod/);
    assert.match(problems, /\[Ln 19, Col 17\]/, 'the problem points at line 19, where `sigmod` is');
    await wb.screenshot('language-misspelt-problems');
  });

  it('the quick fix (Ctrl+.) repairs the misspelling', async () => {
    const editor = wb.activeEditor();
    // Put the cursor into the underlined word (click it) and ask for the quick fixes.
    const box = await editor.locator('.squiggly-error').first().boundingBox();
    assert.ok(box, 'the squiggle is still there');
    await wb.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2 - 3);
    await wb.page.keyboard.press('Control+.');
    const fix = wb.page.locator('.action-widget .monaco-list-row', { hasText: "Change to 'sigmoid'" }).first();
    await fix.waitFor({ state: 'visible' });
    await wb.screenshot('language-quick-fix');
    // The preferred fix is the focused row: Enter applies it, as from the keyboard.
    assert.match((await fix.getAttribute('class')) ?? '', /\bfocused\b/, 'the fix is preselected');
    await wb.page.keyboard.press('Enter');

    await waitUntil('the repaired line', async () => (await wb.editorText()).includes('activation: sigmoid '));
    await editor.locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: 30_000 });
    const lenses = await waitUntil('the lenses without a problem', async () => {
      const t = await wb.codeLensTexts();
      return t.some((l) => l.includes('Forward')) && !t.some((l) => /problem/.test(l)) ? t : undefined;
    });
    assert.ok(lenses.includes('dense 2 → 3 · 6 params'));
    await wb.screenshot('language-fixed');

    // Leave the file as it was (code-server auto-saves by default, so the disk copy is checked too).
    if (await wb.activeTab().evaluate((t) => t.classList.contains('dirty'))) await wb.runCommand('File: Revert File');
    await waitUntil(
      'the original file on disk',
      async () => fs.readFileSync(path.join(wb.folder, SPEC), 'utf8') === original,
      10_000,
    );
  });
});

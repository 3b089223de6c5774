/**
 * E2E: issue 9's scenario in the packaged extension, through code-server's UI as a person would: Train XOR
 * from its CodeLens; Forward on the whole batch in the panel gives J equal to the training's final loss, on
 * the trained weights; Step makes one more update (the panel opens its Updates view); nnspec: Save Weights
 * writes them beside the spec; then a new window ("tomorrow") opens a spec that loads them with
 * `weights_file:` and its Forward gives the same J, on "initial weights (weights file, epoch 201)".
 */
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { openWorkbench, waitUntil, Workbench } from './workbench';

/** Written by runE2E.ts beside the examples: XOR for 200 epochs, and the same spec loading its saved weights. */
const KEPT = 'xor-kept.nnspec';
const RELOAD = 'xor-kept-reload.nnspec';

describe('e2e: a network that lives on', function () {
  this.timeout(180_000);
  let wb: Workbench | undefined;

  after(async () => {
    await wb?.close();
  });

  /** The panel's status line once it matches `pattern`. */
  const status = async (panel: FrameLocator, pattern: RegExp): Promise<string> =>
    waitUntil(`the panel's status line to match ${pattern}`, async () => {
      const text = await panel.locator('.toolbar .status').innerText();
      return pattern.test(text) ? text : undefined;
    });

  it('train, look at the trained Forward, Step, save the weights, reopen them in a new window', async () => {
    wb = await openWorkbench();
    await wb.openFile(KEPT);
    await waitUntil('the CodeLens', async () => (await wb!.codeLensTexts()).some((l) => l.includes('Train')));
    await wb.clickCodeLens('Train');
    const finished = await waitUntil('the "finished" notification', async () =>
      (await wb!.notifications()).find((n) => /Training finished/.test(n)),
    );
    assert.match(finished, /xor-kept\.nnspec/);
    const panel = wb.webview();
    await panel.locator('#arch-title', { hasText: KEPT }).waitFor({ state: 'visible' });
    await panel.locator('#sample-mode').selectOption('all');
    await panel.getByRole('button', { name: /^Forward pass/ }).click();
    const trained = await status(panel, /^forward · .* · J = \S+ · trained · epoch 200 · loss \S+$/);
    const [, j, loss] = trained.match(/J = (\S+) · trained · epoch 200 · loss (\S+)$/)!;
    assert.equal(j, loss, `J on the whole batch is the training's final loss: ${trained}`);

    await panel.getByRole('button', { name: /^One optimizer update/ }).click();
    const stepped = await status(panel, /^step · .* · J = \S+ · trained · epoch 201 · loss \S+$/);
    const [, jStep, lossStep] = stepped.match(/J = (\S+) · trained · epoch 201 · loss (\S+)$/)!;
    assert.equal(jStep, lossStep);
    assert.notEqual(jStep, j, 'the step changed J');
    assert.equal(await panel.locator('#view-updates').isChecked(), true, 'a Step opens the Updates view');
    await wb.screenshot('model-step');

    // From the panel (it has the focus): the command acts on the spec the panel follows.
    await wb.runCommand('nnspec: Save Weights');
    await waitUntil('the "saved" notification', async () =>
      (await wb!.notifications()).find((n) =>
        /Saved the weights \(trained · epoch 201 · loss .*xor-kept\.weights\.json/.test(n),
      ),
    );

    // Tomorrow: a new window, nothing in memory; the spec loads the saved file.
    await wb.close();
    wb = await openWorkbench();
    await wb.openFile(RELOAD);
    await waitUntil('the CodeLens', async () => (await wb!.codeLensTexts()).some((l) => l.includes('Forward')));
    await wb.clickCodeLens('Forward');
    const again = wb.webview();
    const reopened = await status(again, /^forward · .* · J = \S+ · initial weights \(weights file, epoch 201\)$/);
    assert.equal(reopened.match(/J = (\S+) ·/)![1], jStep, 'the saved weights give the J they had');
  });
});

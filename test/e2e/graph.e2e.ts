/**
 * E2E: seed 004's sigmoid neuron as a graph spec in the packaged extension, as a student meets it: the
 * CodeLens row, "Backward" opens the panel with the graph of gates, each input's wire carrying its value
 * above and the slide's gradient below (−0.197, 0.393, −0.393, −0.59, 0.197: the slides' −0.20, 0.39,
 * −0.39, −0.59, 0.20), then stepping back to the start and one gate on shows "[1] × [local] = …" with
 * its line of the flat code. A screenshot goes to test-results/e2e/graph-neuron.png.
 */
import * as assert from 'node:assert/strict';
import { openWorkbench, waitUntil, Workbench } from './workbench';

const NEURON = 'sigmoid-neuron.nnspec';

describe('e2e: computational graph', function () {
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench();
    await wb.openFile(NEURON);
  });

  after(async () => {
    await wb?.close();
  });

  it('the CodeLens row of a graph spec', async () => {
    await waitUntil('the CodeLens', async () => (await wb.codeLensTexts()).some((l) => l.includes('Backward')));
    const lenses = (await wb.codeLensTexts()).join(' | ');
    for (const title of ['Forward', 'Backward', 'Gradient check', 'Train', 'Show network'])
      assert.ok(lenses.includes(title), `${title} in ${lenses}`);
  });

  it("'Backward' draws the neuron with the slide's gradients below its input wires, and steps gate by gate", async () => {
    await wb.clickCodeLens('Backward');
    const panel = wb.webview();
    await panel.locator('#graph-title', { hasText: NEURON }).waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await panel.locator('svg.graph g.gate circle').count(), 8);
    await panel.getByRole('button', { name: 'To the end of the pass' }).click();
    const gradOf = async (input: string): Promise<string> => {
      const keys = await panel
        .locator('svg.graph line.wire-hit')
        .evaluateAll((ls) => ls.map((l) => l.getAttribute('data-edge') ?? ''));
      const key = keys.find((k) => k.startsWith(`${input}→`));
      assert.ok(key, `a wire from ${input}`);
      return (await panel.locator(`svg.graph text.wire-grad[data-edge="${key}"]`).textContent()) ?? '';
    };
    await waitUntil('the gradients on the input wires', async () => (await gradOf('w0')) === '−0.197');
    const drawn = await Promise.all(['w0', 'x0', 'w1', 'x1', 'w2'].map(gradOf));
    assert.deepEqual(drawn, ['−0.197', '0.393', '−0.393', '−0.59', '0.197']);
    await wb.hideBottomPanel();
    await wb.screenshot('graph-neuron');

    await panel.getByRole('button', { name: 'To the start of the pass' }).click();
    await panel.getByRole('button', { name: 'One gate on' }).click();
    assert.match(
      (await panel.locator('.graph-caption').textContent()) ?? '',
      /∂f\/∂s6 ← \[1\] × \[−0\.534\] = −0\.534/,
    );
    assert.match((await panel.locator('.flat-code li.current').textContent()) ?? '', /^grad_s6 = /);
  });
});

/**
 * E2E: the network panel of the packaged extension, driven through code-server's UI as a person
 * would. On the lecture example (backprop-by-hand.nnspec) the "Backward" CodeLens opens the panel
 * beside the editor with the 2-3-1 network and every ∂J/∂w on its edge, J and ∂J/∂ŷ as the lecture
 * prints them; "Gradient check" lays out an all-ok report. On spiral.nnspec "Train" draws the loss
 * falling and the decision boundary; Stop ends a run early. Screenshots in a dark and a light theme
 * go to test-results/e2e/panel-*.png.
 */
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { openWorkbench, waitUntil, Workbench } from './workbench';

const LECTURE = 'backprop-by-hand.nnspec';
const SPIRAL = 'spiral.nnspec';
/** The spiral with 1,000,000 epochs, written by runE2E.ts beside the examples, for the run stopped by hand. */
const SPIRAL_LONG = 'spiral-long.nnspec';
/** The themes' labels in the theme picker (settings ids 'Default Dark Modern', 'Default Light Modern'). */
const DARK = 'Dark Modern';
const LIGHT = 'Light Modern';

/** Numbers as the panel draws them ('−0.201', '1.26e−6'): U+2212 minus signs. */
const parseDrawn = (s: string): number => Number(s.replace(/\u2212/g, '-').replace(/[^0-9eE+\-.]/g, ''));

/** Relative luminance (0 black … 1 white) of a CSS rgb()/rgba() colour. */
function luminance(css: string): number {
  const m = css.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/);
  if (!m) throw new Error(`not an rgb colour: ${css}`);
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(+m[1]) + 0.7152 * lin(+m[2]) + 0.0722 * lin(+m[3]);
}

describe('e2e: network panel', function () {
  let wb: Workbench;
  let panel: FrameLocator;
  let startTheme: string;

  const texts = (selector: string) => panel.locator(selector).allTextContents();
  const panelBackground = () => panel.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
  /** The panel's part of the screen: the webview's outer iframe, which VS Code lays over the editor group. */
  const panelBox = () => wb.page.locator('iframe.webview.ready').first().boundingBox();
  /** Makes room for the panel in screenshots: no side bar, no bottom panel (each run reveals the Output). */
  const tidy = async () => {
    await wb.hideBottomPanel();
    await wb.setSideBarVisible(false);
    if (await wb.page.locator('.notification-toast').count())
      await wb.runCommand('Notifications: Clear All Notifications');
    await wb.page.mouse.move(400, 845); // below the spec's last line: no hover, no tooltip
  };
  /** Scrolls the panel to its top (the architecture), or SELECTOR's bottom edge into view above the status bar. */
  const scrollPanel = (selector?: string) =>
    selector
      ? panel.locator(selector).evaluate((el) => el.scrollIntoView({ block: 'end' }))
      : panel.locator('body').evaluate(() => window.scrollTo(0, 0));
  /** Waits until the panel follows FILE (its architecture card is titled after it). */
  const panelFollows = (file: string) => panel.locator('#arch-title', { hasText: file }).waitFor({ state: 'visible' });

  before(async () => {
    wb = await openWorkbench();
    startTheme = (await wb.page.locator('.monaco-workbench').getAttribute('class')) ?? '';
    await wb.openFile(LECTURE);
    await waitUntil('the CodeLens', async () => (await wb.codeLensTexts()).some((l) => l.includes('Backward')));
    await wb.setColorTheme(DARK);
    await wb.setSideBarVisible(false);
  });

  after(async () => {
    // Leave the user settings as they were for any later test file.
    if (wb && /\bvs\b/.test(startTheme) && !(await wb.page.locator('.monaco-workbench.vs').count()))
      await wb.setColorTheme(LIGHT).catch(() => undefined);
    if (wb && /\bvs-dark\b/.test(startTheme) && !(await wb.page.locator('.monaco-workbench.vs-dark').count()))
      await wb.setColorTheme(DARK).catch(() => undefined);
    await wb?.close();
  });

  it('"Backward" opens the panel beside the editor with the lecture\'s gradients on the edges', async () => {
    await wb.clickCodeLens('Backward');
    panel = wb.webview();
    await panelFollows(LECTURE);

    // Beside the editor: a second editor group, the webview to the right of the spec's text.
    assert.equal(
      await wb.page.locator('.part.editor .editor-group-container').count(),
      2,
      'the panel opened in a second group',
    );
    const [editorBox, webBox] = [await wb.activeEditor().boundingBox(), await panelBox()];
    assert.ok(
      editorBox && webBox && webBox.x >= editorBox.x + editorBox.width - 2,
      `the panel ${JSON.stringify(webBox)} is right of the editor ${JSON.stringify(editorBox)}`,
    );
    assert.ok(webBox.width > 300 && webBox.height > 300, `the panel has room: ${JSON.stringify(webBox)}`);

    // The 2-3-1 network: one edge per weight, 2·3 + 3·1 = 9; 2 + 3 + 1 units.
    assert.equal(await panel.locator('svg.arch line.edge').count(), 9);
    assert.equal(await panel.locator('svg.arch g.node').count(), 6);

    // The backward story plays layer by layer; wait for the first layer's gradient to be told.
    const w12 = panel.locator('svg.arch text.edge-label[data-param="W¹[1,2]"]');
    await waitUntil(
      '∂J/∂W¹[1,2] on its edge',
      async () => (await panel.locator('svg.arch .pending').count()) === 0 && (await w12.textContent()) === '−0.201',
    );
    assert.equal(await panel.locator('#view-gradients').isChecked(), true, 'Backward shows the gradients view');

    // The seed's numbers: ∂J/∂W = [[−3.4e−6, −0.2013, 1.3e−6], [−2.1e−6, −0.1208, 7.6e−7]], ∂J/∂V = (−0.40962, −0.29946, −0.40962).
    const lecture: Record<string, number> = {
      'W¹[1,1]': -3.4e-6,
      'W¹[1,2]': -0.2013,
      'W¹[1,3]': 1.3e-6,
      'W¹[2,1]': -2.1e-6,
      'W¹[2,2]': -0.1208,
      'W¹[2,3]': 7.6e-7,
      'W²[1,1]': -0.40962,
      'W²[2,1]': -0.29946,
      'W²[3,1]': -0.40962,
    };
    const drawn = await panel
      .locator('svg.arch text.edge-label')
      .evaluateAll((els) =>
        Object.fromEntries(els.map((e) => [e.getAttribute('data-param') ?? '', e.textContent ?? ''])),
      );
    assert.deepEqual(Object.keys(drawn).sort(), Object.keys(lecture).sort(), 'one gradient label per weight');
    for (const [param, expected] of Object.entries(lecture)) {
      const got = parseDrawn(drawn[param]);
      assert.ok(
        Math.abs(got - expected) <= Math.abs(expected) * 0.06,
        `${param}: drawn ${drawn[param]}, lecture ${expected}`,
      );
    }

    // a¹ = (0.99998, 0.73106, 0.99999) and ŷ = 0.590378 on the units (the lecture's h and y); J and ∂J/∂ŷ = −1/ŷ at the output.
    const values = await texts('svg.arch .node-value');
    for (const v of ['5', '3', '0.99998', '0.73106', '0.99999', '0.59038'])
      assert.ok(values.includes(v), `unit value ${v} in ${values.join(' ')}`);
    const out = await texts('svg.arch .out-line');
    assert.ok(out.includes('J = 0.526992'), out.join(' | '));
    assert.ok(out.includes(`∂J/∂ŷ = −${(1 / 0.590378).toFixed(4)}`), out.join(' | '));

    await tidy();
    await scrollPanel();
    // Hovering the edge x₁ → a¹₂ reads out its weight (−1 in the spec) and its gradient.
    const edge = await panel.locator('svg.arch line.edge[data-param="W¹[1,2]"]').boundingBox();
    assert.ok(edge, 'the edge is on screen');
    await wb.page.mouse.move(edge.x + edge.width * 0.62, edge.y + edge.height * 0.62);
    await wb.page.mouse.move(edge.x + edge.width * 0.6, edge.y + edge.height * 0.6);
    const tip = panel.locator('.tooltip');
    await tip.waitFor({ state: 'visible' });
    assert.equal(await tip.textContent(), 'W¹[1,2] = −1 · ∂J/∂W¹[1,2] = −0.20134');
    await wb.screenshot('panel-lecture-backward-dark');
    await wb.page.mouse.move(5, 300);
  });

  it('"Gradient check" shows a report where every parameter group is ok', async () => {
    await wb.clickCodeLens('Gradient check');
    const rows = panel.locator('.gc-table tr.group');
    await rows.first().waitFor({ state: 'visible' });
    assert.deepEqual(await texts('.gc-table tr.group th'), ['Layer 1 · W¹', 'Layer 2 · W²']);
    assert.deepEqual(await texts('.gc-table tr.group .badge'), ['ok', 'ok']);
    assert.match(
      await panel.locator('.gc-headline').innerText(),
      /^Gradient check passed — worst relative error .* 9 parameters\)$/,
    );
    // Each row links back to the layer's line in the spec (layer 1 starts on line 18).
    assert.deepEqual(await texts('.gc-table tr.group button.link'), ['line 18', 'line 22']);
    await tidy();
    await scrollPanel('.gc-card');
    await wb.screenshot('panel-lecture-gradcheck-dark');
  });

  it('"Train" on the spiral draws the loss falling and the decision boundary; Stop ends a run', async function () {
    this.timeout(150_000);
    await wb.openFile(SPIRAL);
    await panelFollows(SPIRAL);
    await waitUntil('the spiral CodeLens', async () => (await wb.codeLensTexts()).some((l) => l.includes('Train')));
    await tidy();
    await scrollPanel();
    const trainButton = panel.locator('.toolbar button', { hasText: /^(Train|Stop)$/ });
    const caption = panel.locator('.chart-card .caption');

    // A first run, stopped from the panel while it trains (a long one, so the click cannot race its end).
    await wb.openFile(SPIRAL_LONG);
    await panelFollows(SPIRAL_LONG);
    await waitUntil('the long spiral CodeLens', async () =>
      (await wb.codeLensTexts()).some((l) => l.includes('Train')),
    );
    await wb.clickCodeLens('Train');
    await panel.locator('.toolbar button[aria-label="Stop training"]').waitFor({ state: 'visible' });
    await waitUntil('a first epoch', async () => /epoch \d+/.test(await panel.locator('.toolbar .status').innerText()));
    await wb.screenshot('panel-spiral-training-dark');
    await panel.locator('.toolbar button[aria-label="Stop training"]').click();
    await waitUntil('the Train button back', async () => (await trainButton.innerText()) === 'Train');
    const stopped = await caption.innerText();
    const stoppedAt = Number(stopped.match(/^epoch (\d+)/)?.[1]);
    assert.ok(stoppedAt >= 1 && stoppedAt < 1_000_000, `stopped early: ${stopped}`);
    await waitUntil('the "stopped" notification', async () =>
      (await wb.notifications()).find((n) => /Training stopped/.test(n)),
    );

    // A full run of the example itself, opened in the editor group beside the panel (not over it).
    await wb.runCommand('View: Focus First Editor Group');
    await wb.openFile(SPIRAL);
    await panelFollows(SPIRAL);
    await waitUntil('the spiral CodeLens again', async () =>
      (await wb.codeLensTexts()).some((l) => l.includes('Train')),
    );

    // A full run: watch the loss while it trains.
    await wb.clickCodeLens('Train');
    await panel.locator('.toolbar button[aria-label="Stop training"]').waitFor({ state: 'visible' });
    const seen: Array<{ epoch: number; loss: number }> = [];
    const finalCaption = await waitUntil(
      'epoch 2000',
      async () => {
        const status = await panel.locator('.toolbar .status').innerText();
        const m = status.match(/epoch (\d+) \/ 2000 · loss ([\d.e−-]+)/);
        if (m && seen[seen.length - 1]?.epoch !== +m[1]) seen.push({ epoch: +m[1], loss: parseDrawn(m[2]) });
        const c = await caption.innerText();
        return (await trainButton.innerText()) === 'Train' && /^epoch 2000 /.test(c) ? c : undefined;
      },
      120_000,
      150,
    );
    // The status changed while the run went on (the run takes about a second, so only a few reads fall in it).
    assert.ok(
      seen.length >= 2 && seen.some((s) => s.epoch < 2000),
      `live updates while training: ${JSON.stringify(seen)}`,
    );
    // With W = 0.01·randn the softmax starts near uniform: loss ≈ ln 3 = 1.0986 at first.
    assert.ok(seen[0].loss <= Math.log(3) + 0.01, `first loss ${seen[0].loss} ≤ ln 3`);
    const finalLoss = parseDrawn(finalCaption.match(/loss ([\d.e−-]+)/)?.[1] ?? 'NaN');
    const accuracy = Number(finalCaption.match(/accuracy ([\d.]+)%/)?.[1]);
    assert.ok(
      // Against the known start (ln 3, checked above): the first status read can come late in a fast run.
      finalLoss < Math.log(3) / 2 && finalLoss < 0.4,
      `the loss fell: ln 3 = ${Math.log(3)} (first read ${seen[0].loss}) → ${finalLoss} (${finalCaption})`,
    );
    assert.ok(accuracy >= 95, `the lecture's network learns the arms: ${finalCaption}`);

    // The chart is drawn (the canvas shown and painted), the boundary covers the plane in three classes.
    const chart = panel.locator('.chart-box canvas');
    assert.equal(await chart.evaluate((c) => c.classList.contains('invisible')), false, 'the loss chart is shown');
    const chartInk = await chart.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n / (d.length / 4);
    });
    assert.ok(chartInk > 0.01, `the loss chart has ink on ${(chartInk * 100).toFixed(1)}% of its canvas`);
    const boundary = await panel.locator('canvas.boundary').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const colours = new Map<string, number>();
      let painted = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] === 0) continue;
        painted++;
        const key = `${d[i] >> 5},${d[i + 1] >> 5},${d[i + 2] >> 5}`;
        colours.set(key, (colours.get(key) ?? 0) + 1);
      }
      const total = d.length / 4;
      return { painted: painted / total, major: [...colours.values()].filter((n) => n > total * 0.03).length };
    });
    assert.ok(
      boundary.painted > 0.9,
      `decision boundary painted over ${(boundary.painted * 100).toFixed(0)}% of its canvas`,
    );
    assert.ok(boundary.major >= 3, `three class regions (${boundary.major} major colours)`);
    await waitUntil('the "finished" notification', async () =>
      (await wb.notifications()).find((n) => /Training finished/.test(n)),
    );
    await tidy();
    await scrollPanel('.chart-card');
    await wb.screenshot('panel-spiral-trained-dark');
    await scrollPanel('.boundary-card');
    await wb.screenshot('panel-spiral-boundary-dark');
  });

  it('follows the colour theme: the same panel in a light theme', async () => {
    const darkBg = luminance(await panelBackground());
    assert.ok(darkBg < 0.2, `dark theme: a dark panel (luminance ${darkBg.toFixed(2)})`);
    await wb.setColorTheme(LIGHT);
    await waitUntil('a light panel', async () => luminance(await panelBackground()) > 0.6);
    // Text stays readable: the panel's text is dark on the light background.
    const fg = luminance(await panel.locator('body').evaluate((b) => getComputedStyle(b).color));
    assert.ok(fg < 0.2, `dark text on light (luminance ${fg.toFixed(2)})`);
    // The spiral's drawing survives the theme change.
    assert.match(await panel.locator('.chart-card .caption').innerText(), /^epoch 2000 /);
    await tidy();
    await scrollPanel('.chart-card');
    await wb.screenshot('panel-spiral-trained-light');
    await scrollPanel('.boundary-card');
    await wb.screenshot('panel-spiral-boundary-light');

    // Back to the lecture's tab: the panel follows it.
    await wb.page.locator('.part.editor .tabs-container .tab', { hasText: LECTURE }).first().click();
    await panelFollows(LECTURE);
    assert.equal(await panel.locator('svg.arch line.edge').count(), 9);
    await wb.clickCodeLens('Backward');
    await waitUntil(
      '∂J/∂W¹[1,2] on its edge',
      async () =>
        (await panel.locator('svg.arch .pending').count()) === 0 &&
        (await panel.locator('svg.arch text.edge-label[data-param="W¹[1,2]"]').textContent()) === '−0.201',
    );
    await tidy();
    await scrollPanel();
    await wb.screenshot('panel-lecture-backward-light');
  });
});

// Drives the network panel in headless Chromium outside VS Code: serves the repository, opens
// test/e2e/fixtures/panel.html (the webview shell with the same CSP and a stubbed acquireVsCodeApi)
// in light, dark and high-contrast themes, posts message sequences the real engine produced
// (test/e2e/panelScenarios.ts), checks the drawing (edges, gradient labels, node values, chart,
// decision boundary, banner, earlier runs on the loss chart, saved state, no CSP violations) and saves
// screenshots to test-results/.
// Run after `npm run build`: node test/e2e/panelHarness.mjs [--theme light|dark|hc] [--only lecture|step|spiral|big|broken|diverged|runs|graph|graphs|contrast]
import { createServer } from 'node:http';
import { readFile, readdir, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strict as assert } from 'node:assert';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = join(root, 'test-results');
const args = process.argv.slice(2);
const argOf = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const themes = argOf('--theme') ? [argOf('--theme')] : ['light', 'dark', 'hc'];
const only = argOf('--only');

await mkdir(outDir, { recursive: true });
const bundle = join(outDir, 'panelScenarios.cjs');
await build({
  entryPoints: [join(root, 'test/e2e/panelScenarios.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: bundle,
  logLevel: 'warning',
});
const scenarios = createRequire(import.meta.url)(bundle);

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.png': 'image/png',
};
const server = createServer(async (req, res) => {
  const path = normalize(join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  if (!path.startsWith(root) || path.split(sep).includes('node_modules')) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(path);
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/test/e2e/fixtures/panel.html`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

const failures = [];
let passed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`  ✔ ${name}`);
  } catch (e) {
    failures.push(`${name}: ${e.message}`);
    console.log(`  ✘ ${name}\n    ${e.message.split('\n').join('\n    ')}`);
  }
}

async function openPanel(theme, opts = {}) {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1100, height: opts.height ?? 900 },
    deviceScaleFactor: 1,
    reducedMotion: opts.reducedMotion ?? 'no-preference',
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${base}?theme=${theme}`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  return { page, context, errors };
}

const post = (page, messages) =>
  page.evaluate((ms) => {
    for (const m of ms) window.postMessage(m, '*');
  }, messages);
const shot = async (page, name) => {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
};
const texts = (page, sel) => page.$$eval(sel, (els) => els.map((e) => e.textContent));

/** Checks that no text of the network drawing passes the panel's left or right edge, at three widths. */
async function noLabelClipped(page, what) {
  await check(`${what}: no label of the drawing passes the panel's edges`, async () => {
    for (const width of [1100, 700, 520]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(150);
      const out = await page.evaluate(() => {
        const svg = document.querySelector('svg.arch').getBoundingClientRect();
        const host = document.querySelector('.arch-card').getBoundingClientRect();
        const right = Math.min(svg.right, host.right);
        const left = Math.max(svg.left, host.left);
        return [...document.querySelectorAll('svg.arch text')]
          .map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() }))
          .filter((t) => t.box.width > 0 && (t.box.right > right + 0.5 || t.box.left < left - 0.5))
          .map(
            (t) =>
              `${t.text} [${Math.round(t.box.left)}, ${Math.round(t.box.right)}] in [${Math.round(left)}, ${Math.round(right)}]`,
          );
      });
      assert.deepEqual(out, [], `at ${width} px`);
    }
    await page.setViewportSize({ width: 1100, height: 900 });
  });
}

async function lecture(theme) {
  const msgs = scenarios.lecture(root);
  const [spec, forward, backward, gc] = msgs;
  const { page, context, errors } = await openPanel(theme);
  await post(page, [spec]);
  await check(`${theme} lecture: 2+3+1 nodes and 6+3 edges`, async () => {
    assert.equal(await page.locator('svg.arch line.edge').count(), 9);
    assert.equal(await page.locator('svg.arch g.node').count(), 6);
  });
  await post(page, [forward]);
  await page.waitForTimeout(2200);
  await noLabelClipped(page, `${theme} lecture after Forward`);
  await check(`${theme} lecture: a per-layer CodeLens rings its layer's units`, async () => {
    await post(page, [{ type: 'highlightLayer', uri: spec.uri, layer: 1 }]);
    await page.waitForTimeout(100);
    const ringed = await page.$$eval('svg.arch g.node.highlight', (gs) => gs.map((g) => g.getAttribute('data-column')));
    assert.deepEqual(ringed, ['1', '1', '1'], 'the three hidden units of layer 1');
  });
  await shot(page, `panel-lecture-forward-${theme}`);
  await check(`${theme} lecture: the activations view fills nodes by a`, async () => {
    await page.locator('label[for="view-activations"]').click();
    const fill = await page.$eval('svg.arch g.node.hidden circle', (c) => c.style.fill);
    assert.equal(fill, 'var(--vscode-charts-blue)');
    await shot(page, `panel-lecture-activations-${theme}`);
  });
  await post(page, [backward]);
  await page.waitForTimeout(650);
  await check(`${theme} lecture: the backward story is being told (some gradients still hidden)`, async () => {
    assert.ok((await page.locator('svg.arch .pending').count()) > 0);
    assert.ok((await page.locator('button.skip:not([hidden])').count()) === 1, 'Skip is offered');
  });
  await shot(page, `panel-lecture-backward-midway-${theme}`);
  await page.keyboard.press('Escape');
  await check(
    `${theme} lecture: every ∂J/∂w on its edge, a¹ (the lecture's h), ŷ (its y), the loss and ∂J/∂ŷ as in the lecture`,
    async () => {
      assert.equal(await page.locator('svg.arch .pending').count(), 0, 'Escape skipped the animation');
      const labels = await texts(page, 'svg.arch .edge-label');
      for (const v of ['−3.42e−6', '−0.201', '1.26e−6', '−2.05e−6', '−0.121', '7.55e−7', '−0.41', '−0.299'])
        assert.ok(labels.includes(v), `edge label ${v} in ${labels.join(' ')}`);
      const values = await texts(page, 'svg.arch .node-value');
      for (const v of ['5', '3', '0.99998', '0.73106', '0.99999', '0.59038'])
        assert.ok(values.includes(v), `node value ${v} in ${values.join(' ')}`);
      const grads = await texts(page, 'svg.arch .node-grad');
      assert.ok(grads.includes('∂J/∂a −0.20481'), grads.join(' | '));
      const out = await texts(page, 'svg.arch .out-line');
      assert.deepEqual(out, ['target y = 1', 'J = 0.526992', '∂J/∂ŷ = −1.6938']);
      assert.equal(await page.locator('#view-gradients').isChecked(), true, 'Backward switches to the gradients view');
      assert.equal(await page.locator('svg.arch text.edge-label[data-param="W¹[1,2]"]').textContent(), '−0.201');
      assert.equal(
        await page.locator('svg.arch line.edge[data-param="W¹[1,2]"]').evaluate((l) => l.style.stroke),
        'var(--vscode-charts-orange)',
      );
    },
  );
  await noLabelClipped(page, `${theme} lecture after Backward`);
  await check(`${theme} lecture: a replay is drawn without animating, another document's pass is dropped`, async () => {
    await post(page, [{ ...backward, replay: true }]);
    await page.waitForTimeout(100);
    assert.equal(await page.locator('svg.arch .pending').count(), 0, 'a replayed pass does not animate');
    await post(page, [{ ...forward, uri: 'file:///work/other.nnspec' }]);
    await page.waitForTimeout(100);
    assert.equal(await page.locator('#view-gradients').isChecked(), true, "another document's pass changes nothing");
    assert.ok((await texts(page, 'svg.arch .edge-label')).includes('−0.201'));
    await post(page, [backward]);
    await page.waitForTimeout(100);
    assert.ok((await page.locator('svg.arch .pending').count()) > 0, 'the same pass sent again as new animates');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('svg.arch .pending').count(), 0);
  });
  await check(`${theme} lecture: hovering W¹[1,2] shows its weight and gradient`, async () => {
    const hit = page.locator('svg.arch line.edge-hit').nth(1); // edges are ordered by input, then unit: x₁→a¹₂
    const box = await hit.boundingBox();
    await page.mouse.move(box.x + box.width * 0.62, box.y + box.height * 0.62);
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6);
    const tip = await page.locator('.tooltip').textContent();
    assert.equal(tip, 'W¹[1,2] = −1 · ∂J/∂W¹[1,2] = −0.20134');
    await shot(page, `panel-lecture-tooltip-${theme}`);
    await page.mouse.move(5, 5);
  });
  await check(`${theme} lecture: units are reachable with the keyboard and read out their numbers`, async () => {
    await page.locator('svg.arch g.node.hidden').nth(1).focus();
    const tip = await page.locator('.tooltip').textContent();
    assert.equal(tip, 'a¹₂ — layer 1, unit 2 · sigmoid\nz¹₂ = 1\na¹₂ = 0.73106\n∂J/∂a¹₂ = −0.20481\nno bias');
    assert.equal(await page.locator('svg.arch g.node.hidden').nth(1).getAttribute('aria-label'), tip);
    await shot(page, `panel-lecture-focus-${theme}`);
    await page.locator('svg.arch g.node.hidden').nth(1).blur();
  });
  await post(page, [gc]);
  await page.locator('.gc-table button.icon-button').first().click();
  await page.waitForTimeout(300);
  await shot(page, `panel-lecture-backward-${theme}`);
  await check(`${theme} lecture: gradient check rows, expandable, with a link to the layer's line`, async () => {
    const rows = await texts(page, '.gc-table tr.group th');
    assert.deepEqual(rows, ['Layer 1 · W¹', 'Layer 2 · W²']);
    assert.ok((await page.locator('tr.detail:not([hidden]) table.entries tbody tr').count()) === 6);
    await page.locator('.gc-table button.link').first().click();
    const last = await page.evaluate(() => window.__posted[window.__posted.length - 1]);
    assert.deepEqual(last, { type: 'reveal', uri: spec.uri, line: spec.layerLines[1] });
  });
  await check(`${theme} lecture: toolbar posts run messages with the sample`, async () => {
    await page.getByRole('button', { name: /^Backward pass/ }).click();
    await page.getByRole('button', { name: /^Compare backpropagation/ }).click();
    await page.selectOption('#sample-mode', 'all');
    await page.getByRole('button', { name: /^Forward pass/ }).click();
    const posted = await page.evaluate(() => window.__posted.filter((m) => m.type === 'run'));
    assert.deepEqual(posted, [
      { type: 'run', uri: spec.uri, action: 'backward', sample: 0 },
      { type: 'run', uri: spec.uri, action: 'gradcheck' },
      { type: 'run', uri: spec.uri, action: 'forward', sample: 'all' },
    ]);
  });
  await check(`${theme} lecture: state survives a reload (no messages needed)`, async () => {
    await page.waitForTimeout(1200); // state saves are throttled to one a second
    await page.reload();
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
    assert.equal(await page.locator('svg.arch line.edge').count(), 9);
    assert.ok((await texts(page, 'svg.arch .edge-label')).includes('−0.201'));
    assert.equal(await page.locator('#view-gradients').isChecked(), true);
  });
  await check(`${theme} lecture: no CSP violations, no errors`, async () => {
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.deepEqual(errors, []);
  });
  await context.close();
}

async function step(theme) {
  const { spec, step: stepped, labels, weights } = scenarios.lectureStep(root);
  const { page, context, errors } = await openPanel(theme);
  await post(page, [spec, stepped]);
  await page.waitForTimeout(300);
  await page.keyboard.press('Escape');
  await shot(page, `panel-lecture-step-${theme}`);
  await check(`${theme} step: the Updates view shows every edge's Δw, then the new weights`, async () => {
    assert.equal(await page.locator('#view-updates').isChecked(), true, 'a Step opens the Updates view');
    const shown = await texts(page, 'svg.arch .edge-label');
    assert.equal(shown.length, labels.length);
    assert.deepEqual([...shown].sort(), [...labels].sort(), 'each edge is labelled with its update');
    assert.match(await page.locator('.toolbar .status').textContent(), /^step · sample 1 · J = /);
    assert.ok(
      (await texts(page, '.legend .legend-item')).includes('width = |Δw| of the last Step'),
      'the legend says so',
    );
    await page.locator('label[for="view-weights"]').click();
    assert.ok((await texts(page, '.legend .legend-item')).includes('width = |w|'));
    assert.deepEqual([...(await texts(page, 'svg.arch .edge-label'))].sort(), [...weights].sort(), 'the new weights');
  });
  await noLabelClipped(page, `${theme} step`);
  await check(
    `${theme} step: an edit of the network marks the results stale, plainly, until the next run`,
    async () => {
      await post(page, [{ ...spec, staleResults: ['layers'] }]);
      await page.waitForTimeout(100);
      assert.equal(
        await page.locator('.banner .stale-results').textContent(),
        'ⓘThe results shown are from before the last edit (layers changed): run again for the edited network.',
      );
      assert.equal(await page.locator('svg.arch.stale').count(), 1, 'the drawing is dimmed');
      await post(page, [spec]);
      await page.waitForTimeout(100);
      assert.equal(await page.locator('.banner .stale-results').count(), 0);
      assert.equal(await page.locator('svg.arch.stale').count(), 0);
    },
  );
  await check(`${theme} step: the Step button posts a run with the sample`, async () => {
    await page.getByRole('button', { name: /^One optimizer update/ }).click();
    const posted = await page.evaluate(() => window.__posted.filter((m) => m.type === 'run'));
    assert.deepEqual(posted.at(-1), { type: 'run', uri: spec.uri, action: 'step', sample: 0 });
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.deepEqual(errors, []);
  });
  await context.close();
}

async function spiral(theme) {
  const msgs = scenarios.spiral(200);
  const { page, context, errors } = await openPanel(theme);
  await post(page, msgs.slice(0, 2));
  const chartBox = await page.locator('.chart-box').boundingBox();
  for (const m of msgs.slice(2, -2)) {
    await post(page, [m]);
    await page.waitForTimeout(120);
  }
  await page.waitForTimeout(400);
  await shot(page, `panel-spiral-training-${theme}`);
  await check(`${theme} spiral: live training keeps the layout still and shows Stop`, async () => {
    const after = await page.locator('.chart-box').boundingBox();
    assert.deepEqual(after, chartBox, 'the chart box did not move or resize');
    assert.equal(await page.locator('.toolbar button.danger').textContent(), 'Stop');
  });
  await post(page, msgs.slice(-2));
  await page.waitForTimeout(600);
  await shot(page, `panel-spiral-${theme}`);
  await noLabelClipped(page, `${theme} spiral after training`);
  await check(`${theme} spiral: loss chart, decision boundary, collapsed hidden layer`, async () => {
    const caption = await page.locator('.chart-card .caption').textContent();
    assert.match(caption, /^epoch 2000 · loss 0\.\d+ · accuracy 9\d\.\d%/);
    assert.equal(await page.locator('.boundary-card').isVisible(), true);
    const painted = await page.$eval('canvas.boundary', (c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n / (d.length / 4);
    });
    assert.ok(painted > 0.9, `boundary painted over ${(painted * 100).toFixed(0)}% of the canvas`);
    assert.equal(await page.locator('svg.arch g.node.more').count(), 1, 'the 24-unit layer is collapsed');
    assert.equal(await page.locator('svg.arch canvas.heatmap').count(), 2);
    assert.deepEqual(errors, []);
  });
  await page.locator('#log-scale').check();
  await page.waitForTimeout(400);
  await shot(page, `panel-spiral-log-${theme}`);
  await check(
    `${theme} spiral: closing the spec mid-run leaves the panel idle, not training with a dead Stop`,
    async () => {
      const uri = msgs[0].uri;
      await post(page, [{ type: 'trainStart', uri, runId: 99, epochs: 5000 }]);
      await page.waitForTimeout(300);
      assert.equal(await page.locator('.toolbar button.danger').textContent(), 'Stop');
      await post(page, [{ type: 'closed', uri }]);
      await page.waitForTimeout(300);
      assert.equal(await page.locator('.toolbar button.danger').count(), 0, 'no Stop left');
      assert.match(await page.locator('.banner').textContent(), /was closed: open a \.nnspec file/);
      assert.deepEqual(errors, []);
    },
  );
  await context.close();
}

async function big(theme) {
  const msgs = scenarios.big();
  const { page, context, errors } = await openPanel(theme);
  await page.waitForTimeout(200);
  const ms = await page.evaluate(async (m) => {
    const t0 = performance.now();
    for (const x of m) window.postMessage(x, '*');
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => requestAnimationFrame(() => r()));
    return performance.now() - t0;
  }, msgs);
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  await shot(page, `panel-784-128-10-${theme}`);
  await check(`${theme} 784-128-10: collapsed drawing, heatmaps (drawn in ${ms.toFixed(0)} ms)`, async () => {
    assert.ok((await page.locator('svg.arch line.edge').count()) <= 200);
    assert.deepEqual(await texts(page, 'svg.arch .more-count'), ['776 more', '120 more']);
    assert.equal(await page.locator('svg.arch canvas.heatmap').count(), 2);
    assert.deepEqual(errors, []);
  });
  await context.close();
}

async function broken(theme) {
  const msgs = scenarios.broken(root);
  const { page, context, errors } = await openPanel(theme);
  await post(page, msgs);
  await page.waitForTimeout(100);
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  await shot(page, `panel-broken-${theme}`);
  await check(`${theme} broken spec: a banner with a link, the network still drawn`, async () => {
    assert.match(await page.locator('.banner').textContent(), /unknown activation 'sigmoidd'/);
    await page.locator('.banner button.link').click();
    const last = await page.evaluate(() => window.__posted[window.__posted.length - 1]);
    assert.equal(last.type, 'reveal');
    assert.equal(last.uri, msgs.at(-1).uri, 'the link names the shown document');
    assert.equal(await page.locator('svg.arch line.edge').count(), 9);
    assert.equal(await page.locator('svg.arch.stale').count(), 1, 'dimmed');
    assert.equal(
      await page.getByRole('button', { name: /^Backward pass/ }).isDisabled(),
      true,
      'a broken spec cannot run',
    );
    assert.deepEqual(errors, []);
  });
  await context.close();
}

async function highContrastLight() {
  const [spec, forward, backward] = scenarios.lecture(root);
  const { page, context, errors } = await openPanel('hclight');
  await post(page, [spec, forward, backward]);
  await page.waitForTimeout(300);
  await page.keyboard.press('Escape');
  await shot(page, 'panel-lecture-backward-hclight');
  await check(
    'Light High Contrast: positive and negative edges differ (the theme draws charts.orange blue)',
    async () => {
      const edges = await page.$$eval('svg.arch line.edge', (ls) =>
        ls.map((l) => ({ sign: l.style.stroke, rgb: getComputedStyle(l).stroke })),
      );
      const pos = edges.find((e) => e.sign === 'var(--vscode-charts-blue)');
      const neg = edges.find((e) => e.sign === 'var(--vscode-charts-orange)');
      assert.ok(pos && neg, `both signs drawn: ${JSON.stringify(edges)}`);
      assert.equal(pos.rgb, 'rgb(26, 133, 255)', 'positive: the theme blue');
      const [r, , b] = neg.rgb.match(/\d+/g).map(Number);
      assert.ok(r > b, `negative is not blue: ${neg.rgb}`);
      assert.deepEqual(errors, []);
    },
  );
  await context.close();
}

async function diverged(theme) {
  const msgs = scenarios.diverged().map((m) => JSON.parse(JSON.stringify(m)));
  const { page, context, errors } = await openPanel(theme);
  await post(page, msgs);
  await page.waitForTimeout(600);
  await shot(page, `panel-diverged-${theme}`);
  await check(`${theme} diverged run (non-finite numbers arrive as null): the run ends with its message`, async () => {
    assert.ok(
      msgs.at(-1).result.history.some((m) => m.loss === null),
      'the transport really turned a loss into null',
    );
    assert.match(
      await page.locator('.chart-card .caption').textContent(),
      /loss became (NaN|infinite) at epoch \d+; the learning rate 1000 is likely too large/,
    );
    assert.equal(await page.locator('.toolbar button.danger').count(), 0, 'no Stop button: the run is over');
    assert.equal(await page.getByRole('button', { name: /^Train/ }).isDisabled(), false, 'Train again is possible');
    assert.ok((await page.locator('svg.arch line.edge').count()) > 0, 'the network is still drawn');
    assert.deepEqual(errors, []);
  });
  await context.close();
}

/** The chart canvas's pixels, to tell whether a line was drawn or taken away. */
const chartPixels = (page) =>
  page.$eval('.chart-card canvas', (c) => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data));
const samePixels = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

async function runs(theme) {
  const { messages, replay, uri } = scenarios.runs(root);
  const { page, context, errors } = await openPanel(theme);
  await post(page, messages);
  await page.waitForTimeout(600);
  await shot(page, `panel-runs-${theme}`);
  await check(
    `${theme} runs: the two earlier runs are listed, labelled with what changed, behind the last`,
    async () => {
      assert.deepEqual(await texts(page, '.runs li.earlier .run-name'), [
        'run 1 · first run',
        'run 2 · learning_rate 0.05 → 0.5',
      ]);
      assert.deepEqual(await texts(page, '.runs li.current .run-name'), [
        'run 3 · learning_rate 0.5 → 0.005 (last run)',
      ]);
      const losses = await texts(page, '.runs li.earlier .run-loss');
      assert.ok(
        losses.every((l) => /^loss \d/.test(l)),
        losses.join(', '),
      );
      assert.equal(await page.locator('.runs input[type=checkbox]:checked').count(), 2, 'both shown');
      assert.match(await page.locator('.chart-card .caption').textContent(), /^epoch 300 · loss /);
    },
  );
  await check(`${theme} runs: a run is hidden and shown again with its checkbox`, async () => {
    const all = await chartPixels(page);
    await page.locator('.runs li.earlier input').first().uncheck();
    await page.waitForTimeout(400);
    const without = await chartPixels(page);
    assert.ok(!samePixels(all, without), 'hiding run 1 takes its line away');
    await page.waitForTimeout(1200); // state saves are throttled to one a second
    await page.reload();
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
    await page.waitForTimeout(400);
    assert.equal(await page.locator('.runs li.earlier').count(), 2, 'the runs survive a reload');
    assert.equal(await page.locator('.runs li.earlier input').first().isChecked(), false, 'and so does the choice');
    await page.locator('.runs li.earlier input').first().check();
    await page.waitForTimeout(400);
    assert.ok(samePixels(all, await chartPixels(page)), 'showing it again gives back the same picture');
  });
  await check(`${theme} runs: the panel follows another document and comes back to its runs`, async () => {
    const other = { ...messages[0], uri: 'file:///work/other.nnspec', fileName: 'other.nnspec' };
    await post(page, [other]);
    await page.waitForTimeout(300);
    assert.equal(await page.locator('.runs').isHidden(), true, 'another document has no runs');
    await post(page, replay);
    await page.waitForTimeout(400);
    assert.deepEqual(await texts(page, '.runs li.earlier .run-name'), [
      'run 1 · first run',
      'run 2 · learning_rate 0.05 → 0.5',
    ]);
  });
  await check(`${theme} runs: Clear asks the host to forget the earlier runs, and they go`, async () => {
    await page.getByRole('button', { name: 'Clear' }).click();
    const last = await page.evaluate(() => window.__posted[window.__posted.length - 1]);
    assert.deepEqual(last, { type: 'clearRuns', uri });
    await post(page, [{ type: 'runsCleared', uri }]);
    await page.waitForTimeout(300);
    assert.equal(await page.locator('.runs').isHidden(), true);
    assert.match(await page.locator('.chart-card .caption').textContent(), /^epoch 300 · loss /, 'the last run stays');
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.deepEqual(errors, []);
  });
  await context.close();
}

/** Every graph example after Backward: the stepper reaches its end, no two wire labels overlap, none leaves the drawing. */
async function graphExamples(theme) {
  const files = (await readdir(join(root, 'examples/graphs'))).filter((f) => f.endsWith('.nnspec'));
  const { page, context, errors } = await openPanel(theme);
  for (const file of files) {
    const g = scenarios.graphExample(root, file);
    await post(page, [g.spec, g.backward]);
    const toEnd = page.getByRole('button', { name: 'To the end of the pass' });
    if (await toEnd.isEnabled()) await toEnd.click();
    await check(`${theme} graph ${file}: the stepper goes to the last gate of this pass`, async () => {
      const at = await page.locator('.graph-position').textContent();
      assert.match(at, /^backward · gate (\d+) of \1$/);
    });
    await check(
      `${theme} graph ${file}: after Backward no two wire labels overlap, all inside the drawing`,
      async () => {
        const boxes = await page.$$eval('svg.graph text', (ts) => {
          const svg = document.querySelector('svg.graph').getBoundingClientRect();
          const inside = (r) =>
            r.left >= svg.left - 0.5 &&
            r.right <= svg.right + 0.5 &&
            r.top >= svg.top - 0.5 &&
            r.bottom <= svg.bottom + 0.5;
          return ts.map((t) => {
            const r = t.getBoundingClientRect();
            return {
              text: t.textContent,
              cls: t.getAttribute('class'),
              l: r.left,
              r: r.right,
              t: r.top,
              b: r.bottom,
              inside: inside(r),
            };
          });
        });
        const outside = boxes.filter((b) => !b.inside).map((b) => b.text);
        assert.deepEqual(outside, [], 'labels outside the drawing');
        const clash = [];
        const shrink = 1; // antialiasing slack
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i];
            const b = boxes[j];
            if (a.l + shrink < b.r && b.l + shrink < a.r && a.t + shrink < b.b && b.t + shrink < a.b)
              clash.push(`${a.text} (${a.cls}) / ${b.text} (${b.cls})`);
          }
        // Known: in least-squares a long wire (y into r = s1 − y) crosses the @ → + wire where both have their labels.
        assert.deepEqual(clash, [], 'overlapping labels');
      },
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await page
      .locator('.graph-card')
      .screenshot({ path: join(outDir, `panel-graph-${file.replace('.nnspec', '')}-${theme}.png`) });
  }
  await check(`${theme} graph examples: no errors`, async () => assert.deepEqual(errors, []));
  await context.close();
}

async function graph(theme) {
  const g = scenarios.graphNeuron(root);
  const { page, context, errors } = await openPanel(theme);
  await post(page, [g.spec]);
  await check(`${theme} graph: the neuron's 8 gates as circles and its 5 inputs, no network drawing`, async () => {
    assert.equal(await page.locator('svg.graph g.gate circle').count(), 8);
    assert.deepEqual((await texts(page, 'svg.graph .input-name')).sort(), ['w0', 'w1', 'w2', 'x0', 'x1']);
    assert.deepEqual(await texts(page, 'svg.graph .gate-op'), ['×', '×', '+', '+', '−x', 'exp', '+1', '1/x']);
    assert.equal(await page.locator('.arch-card').isHidden(), true);
    assert.equal(await page.locator('.toolbar .sample').isHidden(), true, 'no sample picker for a graph');
  });
  await post(page, [g.backward]);
  await page.getByRole('button', { name: 'To the end of the pass' }).click();
  await check(
    `${theme} graph: after Backward every input wire has the slide's value above and gradient below`,
    async () => {
      for (const e of g.expected) {
        const key = (await page.$$eval(`svg.graph .wire-hit`, (ls) => ls.map((l) => l.getAttribute('data-edge')))).find(
          (k) => k.startsWith(`${e.input}→`),
        );
        assert.ok(key, `a wire from ${e.input}`);
        assert.equal(
          await page.locator(`svg.graph text.wire-value[data-edge="${key}"]`).textContent(),
          e.value,
          e.input,
        );
        assert.equal(await page.locator(`svg.graph text.wire-grad[data-edge="${key}"]`).textContent(), e.grad, e.input);
      }
      assert.deepEqual(
        g.expected.map((e) => e.grad),
        ['−0.197', '0.393', '−0.393', '−0.59', '0.197'],
        "the slide's −0.20, 0.39, −0.39, −0.59, 0.20",
      );
      assert.equal(await page.locator('svg.graph text.wire-grad[data-edge="output"]').textContent(), '1');
    },
  );
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('.graph-card').screenshot({ path: join(outDir, `panel-graph-neuron-${theme}.png`) });
  await check(`${theme} graph: hovering w0's wire tells upstream × local`, async () => {
    const title = await page.locator('svg.graph line.wire-hit[data-edge="w0→s0#0"] title').textContent();
    assert.match(title, /upstream 0\.197 × local −1 = −0\.197/);
  });
  await check(`${theme} graph: stepping back through the gates, the flat code follows`, async () => {
    await page.getByRole('button', { name: 'To the start of the pass' }).click();
    assert.match(await page.locator('.graph-caption').textContent(), /∂f\/∂f = 1 on the output/);
    assert.equal(await page.locator('svg.graph text.wire-grad').count(), 1, 'only the output has its gradient');
    await page.getByRole('button', { name: 'One gate on' }).click();
    const caption = await page.locator('.graph-caption').textContent();
    assert.match(caption, /∂f\/∂s6 ← \[1\] × \[−0\.534\] = −0\.534/);
    const current = await texts(page, '.flat-code li.current');
    assert.equal(current.length, 1);
    assert.match(current[0], /^grad_s6 = /, 'the second line of the backward flat code');
    assert.equal(await page.locator('svg.graph g.gate.current').getAttribute('data-node'), 'f');
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'One gate on' }).click();
    assert.match(await page.locator('.graph-caption').textContent(), /add gate: distributes/);
    assert.match(await page.locator('.graph-position').textContent(), /backward · gate 5 of 8/);
  });
  await post(page, [g.forward]);
  await check(`${theme} graph: Forward steps gate by gate with the operands' values`, async () => {
    await page.getByRole('button', { name: 'To the start of the pass' }).click();
    await page.getByRole('button', { name: 'One gate on' }).click();
    assert.match(await page.locator('.graph-caption').textContent(), /s0 = w0 \* x0 = 2 × −1 = −2/);
    assert.equal(await page.locator('.flat-code li.current').textContent(), 's0 = w0 * x0');
    assert.equal(await page.locator('svg.graph text.wire-grad').count(), 0);
  });
  await post(page, [g.gradcheck, ...g.training]);
  await page.waitForTimeout(500);
  await check(`${theme} graph: the gradient-check card and the loss chart named for the output`, async () => {
    assert.match(await page.locator('.graph-gradcheck .verdict').textContent(), /^✔ gradient check passed/);
    assert.equal(await page.locator('.graph-gradcheck tbody tr').count(), 5);
    assert.equal(await page.locator('#loss-title').textContent(), 'Output f');
    assert.match(await page.locator('.chart-card .caption').textContent(), /^epoch 40 · f 0\.\d+/);
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.deepEqual(errors, []);
  });
  await context.close();
}

try {
  for (const theme of themes) {
    console.log(`theme ${theme}`);
    if (!only || only === 'lecture') await lecture(theme);
    if (!only || only === 'step') await step(theme);
    if (!only || only === 'spiral') await spiral(theme);
    if (!only || only === 'big') await big(theme);
    if (!only || only === 'broken') await broken(theme);
    if (!only || only === 'diverged') await diverged(theme);
    if (!only || only === 'runs') await runs(theme);
    if (!only || only === 'graph') await graph(theme);
    if (!only || only === 'graph' || only === 'graphs') await graphExamples(theme);
  }
  if (!only || only === 'contrast') await highContrastLight();
} finally {
  await browser.close();
  server.close();
}
console.log(`screenshots in ${outDir}`);
console.log(`panel: ${passed} passed, ${failures.length} failed`);
if (failures.length) process.exit(1);

/** Unit tests of the panel's payload checks (webview/validate.ts) and its throttle (webview/throttle.ts). */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ToWebview } from '../../../src/protocol/messages';
import { isToWebview, nullsToNaN } from '../../../src/protocol/messages';
import { isDrawable, isPassReport } from '../../../webview/validate';
import { throttle } from '../../../webview/throttle';

const root = join(__dirname, '..', '..', '..', '..');
const messages = JSON.parse(readFileSync(join(root, 'test/e2e/fixtures/lecture-messages.json'), 'utf8')) as ToWebview[];
const backward = messages.find((m) => m.type === 'backward') as Extract<ToWebview, { type: 'backward' }>;

describe('webview payload checks', () => {
  it('accepts the lecture messages', () => {
    for (const m of messages) assert.ok(isToWebview(m) && isDrawable(m), m.type);
  });

  it('drops reports with broken arrays that the envelope guard lets through', () => {
    const bad = (f: (r: any) => void): ToWebview => {
      const r = JSON.parse(JSON.stringify(backward.report));
      f(r);
      return { type: 'backward', uri: backward.uri, report: r, sample: 0 };
    };
    for (const m of [
      bad((r) => {
        r.layers[0].a = [['0.5']];
      }),
      bad((r) => {
        r.layers[0].params.W = { shape: [2, 3] };
      }),
      bad((r) => {
        r.layers[0].params.W.shape = [2, -3];
      }),
      bad((r) => {
        r.layers[0].params.W.grad = [1, 2, 3];
      }),
      bad((r) => {
        r.loss = 'low';
      }),
      bad((r) => {
        r.input = 5;
      }),
    ]) {
      assert.ok(isToWebview(m), 'passes the envelope');
      assert.equal(isDrawable(m), false);
    }
    assert.equal(isPassReport(null), false);
  });

  it('reads the nulls JSON makes of NaN and Infinity back as NaN, so a diverged run still arrives', () => {
    const report = JSON.parse(JSON.stringify(backward.report));
    report.loss = Infinity;
    report.layers[0].params.W.value[0][1] = NaN;
    const end: ToWebview = {
      type: 'trainEnd',
      uri: backward.uri,
      runId: 1,
      snapshot: report,
      result: {
        reason: 'diverged',
        epoch: 2,
        cause: 'infinite-loss',
        learningRate: 10,
        history: [
          { epoch: 1, loss: 2 },
          { epoch: 2, loss: Infinity },
        ],
        final: { epoch: 2, loss: Infinity },
      },
    };
    const wire = JSON.parse(JSON.stringify(end)) as ToWebview;
    assert.equal((wire as any).result.history[1].loss, null, 'JSON turned Infinity into null');
    assert.equal(isDrawable(wire), false, 'as it comes off the wire the payload is not drawable');
    const read = nullsToNaN(wire) as ToWebview;
    assert.ok(isToWebview(read) && isDrawable(read));
    assert.ok(
      read.type === 'trainEnd' && Number.isNaN(read.result.history[1].loss) && read.result.history[0].loss === 2,
    );
    const w = (r: unknown): number[][] =>
      (r as { layers: { params: { W: { value: number[][] } } }[] }).layers[0].params.W.value;
    assert.ok(
      read.type === 'trainEnd' &&
        Number.isNaN(w(read.snapshot)[0][1]) &&
        w(read.snapshot)[0][0] === w(backward.report)[0][0],
    );
    assert.ok(Number.isNaN(nullsToNaN(null) as number));
    assert.equal(nullsToNaN('text'), 'text');
  });

  it('checks training progress, grids and spec summaries', () => {
    const run = { uri: backward.uri, runId: 1 };
    assert.ok(isDrawable({ type: 'trainProgress', ...run, metrics: [{ epoch: 1, loss: 0.5 }] }));
    assert.equal(isDrawable({ type: 'trainProgress', ...run, metrics: [{ epoch: 1 } as never] }), false);
    const grid = { xMin: 0, xMax: 1, yMin: 0, yMax: 1, resolution: 2, classes: [0, 1, 1, 0], confidence: [1, 1, 1, 1] };
    assert.ok(isDrawable({ type: 'trainProgress', ...run, metrics: [], grid }));
    assert.equal(isDrawable({ type: 'trainProgress', ...run, metrics: [], grid: { ...grid, classes: [0] } }), false);
    const spec = messages[0] as Extract<ToWebview, { type: 'spec' }>;
    assert.equal(isDrawable({ ...spec, summary: { ...spec.summary!, layers: [{ units: -1 } as never] } }), false);
    assert.equal(isDrawable({ ...spec, points: [{ x: 0, y: '1' } as never] }), false);
  });
});

describe('webview throttle', () => {
  it('runs at once, then coalesces a burst into one trailing call', async () => {
    let calls = 0;
    const t = throttle(() => {
      calls++;
    }, 40);
    t();
    assert.equal(calls, 1);
    for (let i = 0; i < 50; i++) t();
    assert.equal(calls, 1);
    await new Promise((r) => setTimeout(r, 70));
    assert.equal(calls, 2);
    t();
    t.flush();
    assert.equal(calls, 3, 'flush runs a pending call now');
    t();
    t.cancel();
    await new Promise((r) => setTimeout(r, 70));
    assert.equal(calls, 3, 'cancel drops the pending call');
  });
});

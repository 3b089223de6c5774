/** Unit tests of the loss chart's series (webview/viewModel/chartSeries.ts), the earlier runs' faint lines included. */
import { strict as assert } from 'node:assert';
import type { EpochMetrics } from '../../../../src/engine/types';
import { RUNS_KEPT } from '../../../../src/extension/documentRecord';
import {
  EARLIER_RUN_COLORS,
  downsample,
  earlierRunColor,
  earlierRunSeries,
  latestCaption,
  lossChartSeries,
  runName,
} from '../../../../webview/viewModel/chartSeries';

describe('webview chart series', () => {
  it('makes train/test loss and accuracy series on their axes', () => {
    const metrics: EpochMetrics[] = [
      { epoch: 1, loss: 1.1, accuracy: 0.4, testLoss: 1.2, testAccuracy: 0.35 },
      { epoch: 2, loss: 0.7, accuracy: 0.6, testLoss: 0.9, testAccuracy: 0.5 },
    ];
    const s = lossChartSeries(metrics);
    assert.deepEqual(
      s.map((x) => [x.id, x.axis]),
      [
        ['loss', 'loss'],
        ['testLoss', 'loss'],
        ['accuracy', 'accuracy'],
        ['testAccuracy', 'accuracy'],
      ],
    );
    assert.deepEqual(s[0].points, [
      { x: 1, y: 1.1 },
      { x: 2, y: 0.7 },
    ]);
    assert.deepEqual(
      s[3].points.map((p) => p.y),
      [0.35, 0.5],
    );
    for (const x of s) assert.match(x.colorVar, /^--vscode-charts-/);
  });

  it('regression runs have only the loss series', () => {
    const s = lossChartSeries([
      { epoch: 1, loss: 3 },
      { epoch: 2, loss: 2 },
    ]);
    assert.deepEqual(
      s.map((x) => x.id),
      ['loss'],
    );
  });

  it('drops non-finite values, and non-positive losses on a log scale', () => {
    const m: EpochMetrics[] = [
      { epoch: 1, loss: 0.5 },
      { epoch: 2, loss: NaN },
      { epoch: 3, loss: Infinity },
      { epoch: 4, loss: 0 },
    ];
    assert.deepEqual(
      lossChartSeries(m)[0].points.map((p) => p.x),
      [1, 4],
    );
    assert.deepEqual(
      lossChartSeries(m, { logScale: true })[0].points.map((p) => p.x),
      [1],
    );
  });

  it('downsamples long runs, keeping the ends and every bucket’s extremes', () => {
    const pts = Array.from({ length: 100000 }, (_, i) => ({ x: i, y: Math.exp(-i / 20000) + (i === 54321 ? 5 : 0) }));
    const d = downsample(pts, 500);
    assert.ok(d.length <= 500 && d.length >= 250, `${d.length} points`);
    assert.deepEqual(d[0], pts[0]);
    assert.deepEqual(d[d.length - 1], pts[pts.length - 1]);
    assert.ok(
      d.some((p) => p.x === 54321),
      'the spike survives',
    );
    for (let i = 1; i < d.length; i++) assert.ok(d[i].x > d[i - 1].x, 'x stays increasing');
    assert.equal(downsample(pts.slice(0, 10), 500).length, 10);
  });

  it('captions the latest epoch', () => {
    assert.equal(
      latestCaption([{ epoch: 120, loss: 0.0412, accuracy: 0.987 }]),
      'epoch 120 · loss 0.0412 · accuracy 98.7%',
    );
    assert.match(latestCaption([]), /Train/);
  });

  it("draws each shown earlier run's train loss, faint, named by its number and what changed", () => {
    const history = (scale: number): EpochMetrics[] =>
      [1, 2, 3].map((epoch) => ({ epoch, loss: scale / epoch, accuracy: 0.5, testLoss: scale }));
    const runs = [
      { runId: 11, ordinal: 1, label: 'first run', history: history(1) },
      { runId: 12, ordinal: 2, label: 'learning_rate 0.1 → 1', history: history(2) },
      { runId: 13, ordinal: 3, label: 'no change to the spec', history: [] },
    ];
    const s = earlierRunSeries(runs, []);
    assert.deepEqual(
      s.map((x) => [x.id, x.label, x.axis, x.faint]),
      [
        ['run-11', 'run 1 · first run', 'loss', true],
        ['run-12', 'run 2 · learning_rate 0.1 → 1', 'loss', true],
      ],
      'only the train loss; a run without epochs draws nothing',
    );
    assert.deepEqual(
      s[1].points.map((p) => p.y),
      [2, 1, 2 / 3],
    );
    assert.deepEqual(
      earlierRunSeries(runs, [11]).map((x) => x.id),
      ['run-12'],
      'a hidden run is left out',
    );
    assert.notEqual(s[0].colorVar, s[1].colorVar, 'runs are told apart by colour');
    for (const x of s)
      assert.ok(!lossChartSeries(history(1)).some((own) => own.colorVar === x.colorVar && !own.dashed));
    const log = earlierRunSeries(
      [
        {
          ...runs[0],
          history: [
            { epoch: 1, loss: 0 },
            { epoch: 2, loss: NaN },
          ],
        },
      ],
      [],
      {
        logScale: true,
      },
    );
    assert.deepEqual(log, [], 'the same rules as the last run: no zero on a log scale, no NaN');
  });

  it('gives a run the same colour whatever runs come before it, and names the last run', () => {
    assert.equal(earlierRunColor(1), EARLIER_RUN_COLORS[0]);
    assert.equal(earlierRunColor(1 + EARLIER_RUN_COLORS.length), EARLIER_RUN_COLORS[0]);
    const kept = Array.from({ length: RUNS_KEPT - 1 }, (_, i) => earlierRunColor(i + 4));
    assert.equal(new Set(kept).size, kept.length, 'the earlier runs kept have a colour each');
    assert.equal(runName(3, 'learning_rate 1 → 0.5'), 'run 3 · learning_rate 1 → 0.5');
    assert.equal(runName(undefined, undefined), 'this run');
  });
});

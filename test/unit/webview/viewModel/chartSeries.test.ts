/** Unit tests of the loss chart's series (webview/viewModel/chartSeries.ts). */
import { strict as assert } from 'node:assert';
import type { EpochMetrics } from '../../../../src/engine/types';
import { downsample, latestCaption, lossChartSeries } from '../../../../webview/viewModel/chartSeries';

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
});

/** Unit tests of the gradient-check report's rows and scatter data (webview/viewModel/gradcheckTable.ts). */
import { strict as assert } from 'node:assert';
import type { GradcheckReport } from '../../../../src/engine/types';
import {
  diagonal,
  formatRelError,
  gradcheckHeadline,
  gradcheckRows,
  gradcheckScatter,
  STATUS_VARS,
} from '../../../../webview/viewModel/gradcheckTable';

const report: GradcheckReport = {
  passed: false,
  maxRelativeError: 0.3,
  maxAbsoluteError: 0.32,
  epsilon: 1e-5,
  groups: [
    { layer: 2, param: 'W', maxRelativeError: 0.3, maxAbsoluteError: 0.32, status: 'fail', checked: 2 },
    { layer: 1, param: 'b', maxRelativeError: 2e-9, maxAbsoluteError: 2e-10, status: 'ok', checked: 1 },
    { layer: 1, param: 'W', maxRelativeError: 3e-9, maxAbsoluteError: 3.6e-10, status: 'ok', checked: 2 },
  ],
  entries: [
    {
      layer: 1,
      param: 'W',
      index: [0, 1],
      analytic: -0.201341,
      numeric: -0.201341,
      relativeError: 1e-9,
      absoluteError: 2e-10,
      status: 'ok',
    },
    {
      layer: 1,
      param: 'W',
      index: [1, 1],
      analytic: -0.1208,
      numeric: -0.1208,
      relativeError: 3e-9,
      absoluteError: 3.6e-10,
      status: 'ok',
    },
    {
      layer: 1,
      param: 'b',
      index: [0],
      analytic: 0.1,
      numeric: 0.1,
      relativeError: 2e-9,
      absoluteError: 2e-10,
      status: 'ok',
    },
    {
      layer: 2,
      param: 'W',
      index: [0, 0],
      analytic: 0.5,
      numeric: 0.5,
      relativeError: 1e-10,
      absoluteError: 5e-11,
      status: 'ok',
    },
    {
      layer: 2,
      param: 'W',
      index: [1, 0],
      analytic: 0.7,
      numeric: 0.38,
      relativeError: 0.3,
      absoluteError: 0.32,
      status: 'fail',
    },
  ],
};

describe('webview gradient-check table', () => {
  it('one row per group in layer order, with verdict colour and the layer’s spec line', () => {
    const rows = gradcheckRows(report, { 1: 4, 2: 9 });
    assert.deepEqual(
      rows.map((r) => r.title),
      ['Layer 1 · W¹', 'Layer 1 · b¹', 'Layer 2 · W²'],
    );
    assert.deepEqual(
      rows.map((r) => r.status),
      ['ok', 'ok', 'fail'],
    );
    assert.equal(rows[2].colorVar, STATUS_VARS.fail);
    assert.equal(rows[2].line, 9);
    assert.equal(rows[2].worst, '0.3');
    assert.equal(rows[0].largest, '3.6e\u221210');
  });

  it('expands a group to its entries, worst first, in the lecture notation', () => {
    const rows = gradcheckRows(report, {});
    assert.deepEqual(
      rows[2].entries.map((e) => [e.name, e.status]),
      [
        ['W²[2,1]', 'fail'],
        ['W²[1,1]', 'ok'],
      ],
    );
    assert.deepEqual(
      rows[0].entries.map((e) => e.name),
      ['W¹[2,2]', 'W¹[1,2]'],
    );
    assert.equal(rows[0].entries[1].analytic, '\u22120.20134');
    assert.equal(rows[0].entries[1].absoluteError, '2e\u221210');
    assert.equal(rows[2].entries[0].absoluteError, '0.32');
    assert.equal(rows[0].line, undefined);
  });

  it('scatters numeric against analytic per verdict, with a y = x line spanning them', () => {
    const s = gradcheckScatter(report);
    assert.deepEqual(
      s.map((x) => [x.status, x.points.length]),
      [
        ['ok', 4],
        ['fail', 1],
      ],
    );
    assert.deepEqual(s[1].points[0], { x: 0.38, y: 0.7, name: 'W²[2,1]' });
    const d = diagonal(report);
    assert.ok(d[0].x < -0.201341 && d[1].x > 0.7 && d[0].x === d[0].y && d[1].x === d[1].y);
  });

  it('writes relative errors in the gradient check’s digits and a headline', () => {
    assert.equal(formatRelError(3.2e-9), '3.2e\u22129');
    assert.equal(formatRelError(3.2456e-9), '3.25e\u22129');
    assert.equal(formatRelError(0), '0');
    assert.match(
      gradcheckHeadline(report),
      /^Gradient check failed — worst relative error 0\.3, largest \|a − n\| 0\.32 \(ε = 1e−5, 5 parameters\)$/,
    );
    const { maxAbsoluteError: _, ...older } = report;
    assert.match(
      gradcheckHeadline(older as GradcheckReport),
      /^Gradient check failed — worst relative error 0\.3 \(ε/,
      'a report saved by an older version still reads',
    );
    assert.equal(formatRelError(undefined), '\u2014');
  });
});

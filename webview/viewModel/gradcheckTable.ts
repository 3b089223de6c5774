/**
 * The gradient-check report as table rows and scatter points, as pure functions: one row per layer
 * and parameter group (worst relative error, largest |analytic − numeric|, verdict, theme colour,
 * spec line to reveal), each expandable to its entries sorted worst first; and the
 * analytic-against-numeric scatter data.
 */
import type { GradcheckEntry, GradcheckReport, GradStatus } from '../../src/engine/types';
import { formatError, formatNumber } from '../../src/text/numbers';
import { paramEntryName, paramSymbol, plural } from '../../src/text/notation';

/** Theme colour variable per verdict. */
export const STATUS_VARS: Record<GradStatus, string> = {
  ok: '--vscode-testing-iconPassed',
  warn: '--vscode-editorWarning-foreground',
  fail: '--vscode-errorForeground',
  kink: '--vscode-charts-purple',
};

export const STATUS_TEXT: Record<GradStatus, string> = { ok: 'ok', warn: 'warn', fail: 'fail', kink: 'kink' };

const SEVERITY: Record<GradStatus, number> = { ok: 0, kink: 1, warn: 2, fail: 3 };

export interface EntryRow {
  name: string;
  analytic: string;
  numeric: string;
  /** |analytic − numeric|. */
  absoluteError: string;
  relativeError: string;
  status: GradStatus;
  colorVar: string;
}

export interface GroupRow {
  key: string;
  /** e.g. "Layer 1 · W¹". */
  title: string;
  layer: number;
  param: 'W' | 'b';
  checked: number;
  worst: string;
  /** The largest |analytic − numeric|: what a worst relative error of 0 (within rounding noise) stands for. */
  largest: string;
  status: GradStatus;
  colorVar: string;
  /** 0-based spec line of the layer, for "reveal"; absent when unknown. */
  line?: number;
  entries: EntryRow[];
}

/** A relative error or |a − n| in the gradient check's digits ("3.24e−9"); "—" when absent (a report from an older version). */
export function formatRelError(v: number | undefined): string {
  return v === undefined ? '\u2014' : formatError(v);
}

export function gradcheckRows(
  report: GradcheckReport,
  layerLines: Record<number, number> = {},
  maxEntriesPerGroup = 200,
): GroupRow[] {
  const groups = [...report.groups].sort(
    (a, b) => a.layer - b.layer || (a.param === 'W' ? 0 : 1) - (b.param === 'W' ? 0 : 1),
  );
  return groups.map((g) => {
    const entries = report.entries
      .filter((e) => e.layer === g.layer && e.param === g.param)
      .sort((a, b) => SEVERITY[b.status] - SEVERITY[a.status] || errorKey(b) - errorKey(a))
      .slice(0, maxEntriesPerGroup)
      .map(entryRow);
    const line = layerLines[g.layer];
    return {
      key: `${g.layer}:${g.param}`,
      title: `Layer ${g.layer} · ${paramSymbol(g.param, g.layer)}`,
      layer: g.layer,
      param: g.param,
      checked: g.checked,
      worst: formatRelError(g.maxRelativeError),
      largest: formatRelError(g.maxAbsoluteError),
      status: g.status,
      colorVar: STATUS_VARS[g.status],
      line: typeof line === 'number' ? line : undefined,
      entries,
    };
  });
}

/** NaN errors sort as the worst. */
const errorKey = (e: GradcheckEntry): number => (Number.isNaN(e.relativeError) ? Infinity : e.relativeError);

function entryRow(e: GradcheckEntry): EntryRow {
  return {
    name: paramEntryName(e.layer, e.param, e.index),
    analytic: formatNumber(e.analytic),
    numeric: formatNumber(e.numeric),
    absoluteError: formatRelError(e.absoluteError),
    relativeError: formatRelError(e.relativeError),
    status: e.status,
    colorVar: STATUS_VARS[e.status],
  };
}

export interface ScatterSet {
  status: GradStatus;
  colorVar: string;
  points: { x: number; y: number; name: string }[];
}

/** Entries as points (x = numeric, y = analytic), one set per verdict present, for the scatter chart. */
export function gradcheckScatter(report: GradcheckReport): ScatterSet[] {
  const sets = new Map<GradStatus, ScatterSet>();
  for (const e of report.entries) {
    if (!Number.isFinite(e.analytic) || !Number.isFinite(e.numeric)) continue;
    let s = sets.get(e.status);
    if (!s) {
      s = { status: e.status, colorVar: STATUS_VARS[e.status], points: [] };
      sets.set(e.status, s);
    }
    s.points.push({ x: e.numeric, y: e.analytic, name: paramEntryName(e.layer, e.param, e.index) });
  }
  return (['ok', 'kink', 'warn', 'fail'] as GradStatus[]).filter((s) => sets.has(s)).map((s) => sets.get(s)!);
}

/** The y = x reference line spanning all points (a little padded). */
export function diagonal(report: GradcheckReport): { x: number; y: number }[] {
  let lo = Infinity,
    hi = -Infinity;
  for (const e of report.entries)
    for (const v of [e.analytic, e.numeric])
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
  if (!(hi >= lo)) return [];
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.05 || 1;
  return [
    { x: lo - pad, y: lo - pad },
    { x: hi + pad, y: hi + pad },
  ];
}

/** The headline: "Gradient check passed — worst relative error 3.24e−9, largest |a − n| 4.14e−11 (ε = 1e−5, 9 parameters)". */
export function gradcheckHeadline(report: GradcheckReport): string {
  const worst = formatRelError(report.maxRelativeError);
  const largest =
    report.maxAbsoluteError === undefined ? '' : `, largest |a \u2212 n| ${formatRelError(report.maxAbsoluteError)}`;
  const head = report.passed ? 'Gradient check passed' : 'Gradient check failed';
  return `${head} — worst relative error ${worst}${largest} (ε = ${formatNumber(report.epsilon)}, ${plural(report.entries.length, 'parameter')})`;
}

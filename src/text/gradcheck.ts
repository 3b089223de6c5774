/**
 * The gradient check told in words, from the facts of its report: the verdict sentence (which layers
 * and parameters failed or warned, the size of the differences, kinks, the custom activation whose df is
 * the likely culprit) and the CLI's and Output channel's tables.
 */
import { nonFiniteText } from './nonFinite';
import type { GradcheckGroup, GradcheckReport } from '../engine/types';
import { formatCount, formatError, formatNumber } from './numbers';
import { layerLabel, paramEntryName, paramSymbol, plural } from './notation';
import { table } from './table';

/** "W¹, b¹" for groups of one layer; the parameters of each group in the lecture's names. */
function groupNames(groups: readonly GradcheckGroup[]): string {
  return groups.map((g) => paramSymbol(g.param, g.layer)).join(', ');
}

/** The verdict: passed (with warnings) or failed, where, how large the differences, and the likely cause. */
export function gradcheckMessage(r: GradcheckReport): string {
  return verdict(r) + limitNote(r);
}

/** Says that the check was limited to bound its work, when it was. */
function limitNote(r: GradcheckReport): string {
  const l = r.limited;
  return l ? `; limited to ${plural(l.entries, 'parameter')} on ${plural(l.samples, 'sample')} to bound its work` : '';
}

function verdict(r: GradcheckReport): string {
  if (r.nonFinite)
    return `gradient check not possible: J is not finite at these weights, so every difference is NaN — ${nonFiniteText(r.nonFinite)}; fix that first (the derivatives are not to blame)`;
  const kinks = r.entries.filter((e) => e.status === 'kink').length;
  const kinkNote =
    kinks > 0
      ? `; ${kinks} ${kinks === 1 ? 'entry' : 'entries'} crossed a corner (ReLU/step/maxout/hinge/L1 kink) where a mismatch is expected`
      : '';
  const failed = r.groups.filter((g) => g.status === 'fail');
  if (failed.length === 0) {
    const warned = r.groups.filter((g) => g.status === 'warn');
    const head =
      warned.length > 0 ? `gradient check passed with warnings (${groupNames(warned)})` : 'gradient check passed';
    const size =
      r.maxRelativeError === 0
        ? `every difference within the rounding noise of the finite differences (largest |analytic − numeric| ${formatError(r.maxAbsoluteError)})`
        : `max relative error ${formatError(r.maxRelativeError)}`;
    return `${head}: ${plural(r.entries.length, 'parameter')} checked, ${size}${kinkNote}`;
  }
  const layers = [...new Set(failed.map((g) => g.layer))];
  const where = layers.map((l) => `${layerLabel(l)} (${groupNames(failed.filter((g) => g.layer === l))})`).join(', ');
  let msg = `gradient check failed in ${where}: the backward pass disagrees with finite differences (max relative error ${formatError(r.maxRelativeError)})`;
  const s = r.suspect;
  if (s) {
    msg += `; ${layerLabel(s.layer)} uses the custom activation '${s.activation}': its df (${s.dfText}) is likely wrong — it must be the derivative of f (${s.fText})`;
    if (s.fHasCorners) msg += ' (f also has corners from abs/min/max, where a mismatch can be a kink)';
  }
  return msg + kinkNote;
}

/** The CLI's and Output channel's gradient check: a table per layer × parameter, the worst entries, the verdict. */
export function describeGradcheck(r: GradcheckReport): string {
  const rel = (v: number): string => (v === 0 ? '0 (noise)' : formatError(v));
  const rows = r.groups.map((g) => [
    `${g.layer}`,
    paramSymbol(g.param, g.layer),
    `${g.checked}`,
    rel(g.maxRelativeError),
    formatError(g.maxAbsoluteError),
    g.status,
  ]);
  const lines = [
    `Gradient check · central differences, ε = ${formatNumber(r.epsilon)} · ${plural(r.entries.length, 'parameter')}`,
    table(['layer', 'param', 'checked', 'max rel. error', 'max |a−n|', 'status'], rows),
  ];
  const bad = r.entries
    .filter((e) => e.status === 'fail' || e.status === 'warn')
    .sort((a, b) => b.relativeError - a.relativeError)
    .slice(0, 10);
  if (bad.length > 0) {
    lines.push('', 'worst entries:');
    lines.push(
      table(
        ['param', 'analytic', 'numeric', '|a−n|', 'rel. error', 'status'],
        bad.map((e) => [
          paramEntryName(e.layer, e.param, e.index),
          formatNumber(e.analytic),
          formatNumber(e.numeric),
          formatError(e.absoluteError),
          rel(e.relativeError),
          e.status,
        ]),
      ),
    );
  }
  lines.push('', `${r.passed ? '✔' : '✘'} ${gradcheckMessage(r)}`);
  return lines.join('\n');
}

/** A gradient check under way: "1,200 of 5,000 parameters · about 4 s left". */
export function gradcheckProgressText(checked: number, total: number, ms: number): string {
  const left = checked > 0 ? ((total - checked) * ms) / checked / 1000 : undefined;
  const eta = left === undefined ? '' : left < 1 ? ' · under a second left' : ` · about ${Math.ceil(left)} s left`;
  return `${formatCount(checked)} of ${formatCount(total)} parameters${eta}`;
}

/**
 * What the panel is sent about a document's record: each change as it happens, the whole record
 * again (a replay, when the panel comes back to the document), or what a reloaded webview missed.
 * Pure, so the order and contents are unit-tested without VS Code.
 */
import { graphPassPayload } from '../protocol/graphPayload';
import type { EpochMetrics } from '../engine/types';
import type { EarlierRun, ToWebview } from '../protocol/messages';
import { isRunning, type DocumentRecord, type RecordChange, type TrainingRun } from './documentRecord';

/** The prefix of the banner for a training run that failed. */
const TRAINING_FAILED = 'Training failed: ';
/** At most about this many epochs of an earlier run are sent (a faint overlay needs no more). */
export const EARLIER_RUN_POINTS = 1000;

/** At most about `max` of the epochs, evenly spaced, always with the first and the last. */
export function thinHistory(history: readonly EpochMetrics[], max = EARLIER_RUN_POINTS): EpochMetrics[] {
  if (history.length <= max) return history.slice();
  const step = Math.ceil(history.length / Math.max(1, max - 1));
  const out: EpochMetrics[] = [];
  for (let i = 0; i < history.length - 1; i += step) out.push(history[i]);
  out.push(history[history.length - 1]);
  return out;
}

/** An earlier run as the loss chart draws it. */
function earlierRun(run: TrainingRun): EarlierRun {
  return { runId: run.runId, ordinal: run.ordinal, label: run.label, history: thinHistory(run.history) };
}

/** A run's start: its number, its label and the runs kept before it. */
function startMessage(uri: string, run: TrainingRun, earlier: readonly TrainingRun[]): ToWebview {
  const { runId, epochs, ordinal, label, lossName } = run;
  return {
    type: 'trainStart',
    uri,
    runId,
    epochs,
    ordinal,
    label,
    earlier: earlier.map(earlierRun),
    ...(lossName !== undefined ? { lossName } : {}),
  };
}

/** The messages for one change of the record of `uri` (none for its closing). */
export function changeMessages(uri: string, change: RecordChange): ToWebview[] {
  switch (change.type) {
    case 'pass': {
      const { kind, report, sample, weights, step } = change.pass;
      if (kind === 'training') return [];
      return [{ type: kind, uri, report, sample, ...(weights ? { weights } : {}), ...(step ? { step } : {}) }];
    }
    case 'gradcheck':
      return [{ type: 'gradcheck', uri, report: change.report }];
    case 'graphPass':
      return [{ type: 'graphPass', uri, pass: change.pass.kind, report: graphPassPayload(change.pass.report) }];
    case 'graphGradcheck':
      return [{ type: 'graphGradcheck', uri, report: change.report }];
    case 'trainStart':
      return [startMessage(uri, change.run, change.earlier)];
    case 'runsCleared':
      return [{ type: 'runsCleared', uri }];
    case 'trainProgress': {
      const { run, metrics, snapshot, grid } = change;
      return [{ type: 'trainProgress', uri, runId: run.runId, metrics: [...metrics], snapshot, grid }];
    }
    case 'trainEnd': {
      const { run, result, snapshot, grid } = change;
      return [{ type: 'trainEnd', uri, runId: run.runId, result, snapshot, grid }];
    }
    case 'trainFailed':
      return [{ type: 'error', uri, message: TRAINING_FAILED + change.message }];
    case 'closed':
    case 'weightsReset':
      return [];
  }
}

/**
 * A training run from its start (with the runs kept before it) to where it is now: started, its
 * history so far, and its end or failure.
 */
export function runMessages(
  uri: string,
  run: TrainingRun | undefined,
  earlier: readonly TrainingRun[] = [],
): ToWebview[] {
  if (!run) return [];
  const { runId, snapshot, grid } = run;
  const out: ToWebview[] = [startMessage(uri, run, earlier)];
  if (run.result) out.push({ type: 'trainEnd', uri, runId, result: run.result, snapshot, grid });
  else if (run.history.length > 0 || snapshot || grid)
    out.push({ type: 'trainProgress', uri, runId, metrics: [...run.history], snapshot, grid });
  if (run.failure !== undefined) out.push({ type: 'error', uri, message: TRAINING_FAILED + run.failure });
  return out;
}

/**
 * Everything the record holds, to show again after the document's 'spec': its training run (with the
 * earlier ones), then its
 * last forward/backward pass (marked as a replay, so nothing re-animates; a training snapshot comes
 * with the run), then its last gradient check.
 */
export function replayMessages(record: DocumentRecord | undefined): ToWebview[] {
  if (!record) return [];
  const { uri, pass, gradcheck } = record;
  const out = runMessages(uri, record.run, record.earlierRuns);
  if (pass && pass.kind !== 'training')
    out.push({
      type: pass.kind,
      uri,
      report: pass.report,
      sample: pass.sample,
      replay: true,
      ...(pass.weights ? { weights: pass.weights } : {}),
      ...(pass.step ? { step: pass.step } : {}),
    });
  if (gradcheck) out.push({ type: 'gradcheck', uri, report: gradcheck });
  const { graphPass, graphGradcheck } = record;
  if (graphPass)
    out.push({
      type: 'graphPass',
      uri,
      pass: graphPass.kind,
      report: graphPassPayload(graphPass.report),
      replay: true,
    });
  if (graphGradcheck) out.push({ type: 'graphGradcheck', uri, report: graphGradcheck });
  return out;
}

export function isTrainingMessage(m: ToWebview | undefined): boolean {
  return m?.type === 'trainStart' || m?.type === 'trainProgress' || m?.type === 'trainEnd';
}

/**
 * What a webview that was loading or hidden is sent after the spec of `uri` (the document it shows
 * now), given the messages it missed: those about `uri` as they happened (so a pass it has not seen
 * still animates), with the training run taken whole from the record where its last message was (or
 * at the end, while the run goes on); when it missed nothing, the whole record as a replay.
 */
export function readyMessages(
  uri: string,
  missed: readonly ToWebview[],
  record: DocumentRecord | undefined,
): ToWebview[] {
  const pending = missed.filter((m) => m.type !== 'spec' && m.uri === uri);
  if (pending.length === 0) return replayMessages(record);
  const run = runMessages(uri, record?.run, record?.earlierRuns);
  let last = pending.length - 1;
  while (last >= 0 && !isTrainingMessage(pending[last])) last--;
  if (last < 0) return [...pending, ...(isRunning(record?.run) ? run : [])];
  return [...pending.slice(0, last).filter((m) => !isTrainingMessage(m)), ...run, ...pending.slice(last + 1)];
}

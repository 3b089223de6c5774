/**
 * Unit tests of what the panel is sent about a document's record (src/extension/recordMessages.ts):
 * each change as one message naming the document (and the run), the replay of the whole record in
 * the order that leaves the drawing as it was, and what a reloaded webview is sent after missing
 * messages. Real engine results from the worked example.
 */
import { strict as assert } from 'node:assert';
import { Network } from '../../../src/engine/network';
import { backwardReport, forwardReport } from '../../../src/engine/passes';
import { gradcheck } from '../../../src/engine/gradcheck';
import { Trainer } from '../../../src/engine/trainer';
import { isToWebview, type ToWebview } from '../../../src/protocol/messages';
import type { EpochMetrics } from '../../../src/engine/types';
import { DocumentRecords, type RecordChange } from '../../../src/extension/documentRecord';
import {
  EARLIER_RUN_POINTS,
  changeMessages,
  readyMessages,
  replayMessages,
  runMessages,
  thinHistory,
} from '../../../src/extension/recordMessages';
import { workedExample } from '../fixtures/engine';
import { WORKED_EXAMPLE } from '../fixtures/spec';

const URI = 'file:///work/backprop-by-hand.nnspec';

describe('record messages', () => {
  const { spec, data } = workedExample();
  const net = Network.fromSpec(spec);
  const trainer = new Trainer(Network.fromSpec(spec), { train: data });
  const epochs = [trainer.step()!, trainer.step()!, trainer.step()!];
  const snapshot = backwardReport(net, data);
  const check = gradcheck(net, data);

  /** The record with everything: a finished run, then a backward pass, then a gradient check. */
  function fullRecord() {
    const records = new DocumentRecords();
    const record = records.record(URI);
    record.startRun(5, 3, 1, WORKED_EXAMPLE);
    record.progress(5, epochs, 3, snapshot);
    record.endRun(5, trainer.result());
    record.setPass('backward', backwardReport(net, data, [0]), 0, 2);
    record.setGradcheck(check);
    return record;
  }

  it('sends each change as one valid message naming the document, and a run its id', () => {
    const record = new DocumentRecords().record(URI);
    const changes: RecordChange[] = [];
    record.onDidChange((c) => changes.push(c));
    record.setPass('forward', forwardReport(net, data, [0]), 0, 1);
    record.setGradcheck(check);
    record.startRun(9, 3, 1, WORKED_EXAMPLE);
    record.progress(9, epochs.slice(0, 2), 3, snapshot);
    record.progress(9, epochs.slice(2), 3);
    record.failRun(9, 'the training worker crashed');
    const sent = changes.flatMap((c) => changeMessages(URI, c));
    assert.deepEqual(
      sent.map((m) => m.type),
      ['forward', 'gradcheck', 'trainStart', 'trainProgress', 'trainProgress', 'error'],
    );
    for (const m of sent) {
      assert.ok(isToWebview(m), m.type);
      assert.equal(m.uri, URI);
      if (m.type.startsWith('train')) assert.equal((m as { runId: number }).runId, 9);
    }
    const [forward, , , first, second, error] = sent;
    assert.ok(forward.type === 'forward' && forward.sample === 0 && forward.replay === undefined, 'a new pass');
    assert.ok(first.type === 'trainProgress' && first.metrics.length === 2 && first.snapshot === snapshot);
    assert.ok(second.type === 'trainProgress' && second.metrics.length === 1 && second.snapshot === undefined);
    assert.ok(error.type === 'error' && /^Training failed: the training worker crashed$/.test(error.message));
    assert.deepEqual(changeMessages(URI, { type: 'closed' }), []);
  });

  it('replays the run, then the last pass (marked, so it does not animate), then the gradient check', () => {
    const record = fullRecord();
    const sent = replayMessages(record);
    assert.deepEqual(
      sent.map((m) => m.type),
      ['trainStart', 'trainEnd', 'backward', 'gradcheck'],
    );
    const [start, end, pass, gc] = sent;
    assert.ok(start.type === 'trainStart' && start.runId === 5 && start.epochs === 3);
    assert.ok(end.type === 'trainEnd' && end.runId === 5 && end.result === record.run?.result);
    assert.equal(end.type === 'trainEnd' && end.snapshot, snapshot, "the run's last weights");
    assert.ok(pass.type === 'backward' && pass.replay === true && pass.sample === 0);
    assert.ok(gc.type === 'gradcheck' && gc.report === check);
    for (const m of sent) assert.ok(isToWebview(m) && m.uri === URI);
    assert.deepEqual(replayMessages(undefined), []);
  });

  it('shows a training snapshot with its run only, and a run under way with its history so far', () => {
    const record = new DocumentRecords().record(URI);
    record.setPass('forward', forwardReport(net, data, [0]), 0, 1);
    record.startRun(6, 3, 1, WORKED_EXAMPLE);
    assert.deepEqual(
      replayMessages(record).map((m) => m.type),
      ['trainStart', 'forward'],
      'a pass from before a run that sent no weights yet',
    );
    record.progress(6, epochs.slice(0, 1), 3);
    record.progress(6, epochs.slice(1), 3, snapshot);
    const sent = replayMessages(record);
    assert.deepEqual(
      sent.map((m) => m.type),
      ['trainStart', 'trainProgress'],
      'the weights the run sent replace the pass',
    );
    const progress = sent[1];
    assert.ok(progress.type === 'trainProgress' && progress.snapshot === snapshot);
    assert.deepEqual(progress.type === 'trainProgress' && progress.metrics, epochs, 'every epoch so far');
    record.progress(6, [{ epoch: 4, loss: 0 }], 3);
    assert.equal(
      progress.type === 'trainProgress' && progress.metrics.length,
      3,
      'a copy: later progress does not change what was sent',
    );
  });

  it('replays a failed run as far as it got, then its failure', () => {
    const record = new DocumentRecords().record(URI);
    record.startRun(8, 3, 1, WORKED_EXAMPLE);
    assert.deepEqual(
      runMessages(URI, record.run).map((m) => m.type),
      ['trainStart'],
    );
    record.progress(8, epochs, 3);
    record.failRun(8, 'the training worker ran out of memory');
    const sent: ToWebview[] = runMessages(URI, record.run);
    assert.deepEqual(
      sent.map((m) => m.type),
      ['trainStart', 'trainProgress', 'error'],
    );
    assert.ok(sent[2].type === 'error' && sent[2].message.endsWith('ran out of memory'));
    assert.deepEqual(runMessages(URI, undefined), []);
  });

  it('a reloaded webview gets what it missed as it happened, the run whole from the record', () => {
    const records = new DocumentRecords();
    const record = records.record(URI);
    const missed: ToWebview[] = [];
    record.onDidChange((c) => missed.push(...changeMessages(URI, c)));
    const other: ToWebview = { type: 'gradcheck', uri: 'file:///work/other.nnspec', report: check };
    missed.push(other);
    record.setPass('forward', forwardReport(net, data, [0]), 0, 1);
    assert.deepEqual(
      readyMessages(URI, missed, record),
      [missed[1]],
      "the missed pass as it was sent (it animates); another document's message left out",
    );
    record.startRun(11, 3, 1, WORKED_EXAMPLE);
    record.progress(11, epochs.slice(0, 1), 3);
    record.setGradcheck(check);
    record.progress(11, epochs.slice(1), 3, snapshot);
    const sent = readyMessages(URI, missed.slice(-4), record);
    assert.deepEqual(
      sent.map((m) => m.type),
      ['gradcheck', 'trainStart', 'trainProgress'],
      'only part of the run was missed: all of it, where its last message was',
    );
    const progress = sent[2];
    assert.ok(progress.type === 'trainProgress' && progress.runId === 11);
    assert.deepEqual(progress.type === 'trainProgress' && progress.metrics, epochs, 'from its first epoch');
    assert.deepEqual(
      readyMessages(URI, missed.slice(1, 2), record).map((m) => m.type),
      ['forward', 'trainStart', 'trainProgress'],
      'a run under way comes after what was missed even when none of its messages were',
    );
    assert.deepEqual(
      readyMessages(URI, [other], record),
      replayMessages(record),
      'nothing missed about this document: the record is replayed',
    );
  });

  it("a run's start carries its number, its label and the earlier runs; Clear is one message", () => {
    const records = new DocumentRecords();
    const record = records.record(URI);
    const sent: ToWebview[] = [];
    record.onDidChange((c) => sent.push(...changeMessages(URI, c)));
    record.startRun(1, 3, 1, WORKED_EXAMPLE);
    record.progress(1, epochs, 3);
    record.endRun(1, trainer.result());
    record.startRun(2, 3, 2, WORKED_EXAMPLE.replace('learning_rate: 0.1', 'learning_rate: 1'));
    const starts = sent.filter((m) => m.type === 'trainStart');
    assert.equal(starts.length, 2);
    const [first, second] = starts;
    assert.ok(first.type === 'trainStart' && first.ordinal === 1 && first.label === 'first run');
    assert.deepEqual(first.type === 'trainStart' && first.earlier, []);
    assert.ok(second.type === 'trainStart' && second.ordinal === 2 && second.label === 'learning_rate 0.1 → 1');
    assert.deepEqual(second.type === 'trainStart' && second.earlier, [
      { runId: 1, ordinal: 1, label: 'first run', history: epochs },
    ]);
    for (const m of sent) assert.ok(isToWebview(m), m.type);

    const replayed = replayMessages(record);
    assert.deepEqual(replayed[0], second, 'a replay (the panel came back to the document) shows the earlier runs');
    record.clearEarlierRuns();
    assert.deepEqual(sent.at(-1), { type: 'runsCleared', uri: URI });
    assert.ok(isToWebview(sent.at(-1)));
    const start = replayMessages(record)[0];
    assert.deepEqual(start.type === 'trainStart' && start.earlier, [], 'and none once cleared');
  });

  it('sends a long earlier run thinned evenly, with its first and last epoch', () => {
    const long: EpochMetrics[] = Array.from({ length: 10_007 }, (_, i) => ({ epoch: i + 1, loss: 1 / (i + 1) }));
    const thin = thinHistory(long);
    assert.ok(thin.length <= EARLIER_RUN_POINTS, `${thin.length} points`);
    assert.ok(thin.length >= EARLIER_RUN_POINTS / 2, `${thin.length} points`);
    assert.equal(thin[0], long[0]);
    assert.equal(thin.at(-1), long.at(-1));
    const gaps = new Set(thin.slice(1, -1).map((m, i) => m.epoch - thin[i].epoch));
    assert.equal(gaps.size, 1, 'evenly spaced');
    assert.ok(
      thin.every((m, i) => i === 0 || m.epoch > thin[i - 1].epoch),
      'in order',
    );
    assert.deepEqual(thinHistory(epochs), epochs, 'a short run is sent whole');
    assert.notEqual(thinHistory(epochs), epochs, 'as a copy');
  });
});

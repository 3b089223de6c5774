/**
 * Unit tests of the document record (src/extension/documentRecord.ts), fed with real engine results
 * (the lecture's worked example: its passes, gradient check and a training run): the changes it
 * announces, a run from start to end, a new run becoming the last, the earlier runs kept (bounded, each
 * labelled with what changed in the spec, cleared on demand), a failed run, and closing.
 */
import { strict as assert } from 'node:assert';
import { Network } from '../../../src/engine/network';
import { backwardReport, forwardReport } from '../../../src/engine/passes';
import { gradcheck } from '../../../src/engine/gradcheck';
import { Trainer } from '../../../src/engine/trainer';
import type { EpochMetrics, PassReport, TrainResult } from '../../../src/engine/types';
import {
  DocumentRecords,
  FIRST_RUN,
  RUNS_KEPT,
  isRunning,
  type RecordChange,
  type RecordEvent,
} from '../../../src/extension/documentRecord';
import { workedExample } from '../fixtures/engine';
import { WORKED_EXAMPLE } from '../fixtures/spec';

const URI = 'file:///work/backprop-by-hand.nnspec';

/** A real run of the worked example: its epochs in batches of `every`, a snapshot after each, and its result. */
function trainWorked(every = 10): { batches: EpochMetrics[][]; snapshots: PassReport[]; result: TrainResult } {
  const { spec, data } = workedExample();
  const net = Network.fromSpec(spec);
  const trainer = new Trainer(net, { train: data });
  const batches: EpochMetrics[][] = [];
  const snapshots: PassReport[] = [];
  let batch: EpochMetrics[] = [];
  for (let m = trainer.step(); m; m = trainer.step()) {
    batch.push(m);
    if (batch.length === every || trainer.done) {
      batches.push(batch);
      snapshots.push(backwardReport(net, data));
      batch = [];
    }
    if (trainer.done) break;
  }
  return { batches, snapshots, result: trainer.result() };
}

/** Collects what a record store announces. */
function listen(records: DocumentRecords): RecordEvent[] {
  const seen: RecordEvent[] = [];
  records.onDidChange((e) => seen.push(e));
  return seen;
}

describe('document record', () => {
  const { spec, data } = workedExample();
  const net = Network.fromSpec(spec);

  it('keeps the last pass and gradient check and announces each, on the record and on the store', () => {
    const records = new DocumentRecords();
    const seen = listen(records);
    const record = records.record(URI);
    const own: RecordChange[] = [];
    record.onDidChange((c) => own.push(c));
    assert.equal(records.record(URI), record, 'one record per document');
    const forward = forwardReport(net, data, [0]);
    record.setPass('forward', forward, 0, 3);
    const backward = backwardReport(net, data, [0]);
    record.setPass('backward', backward, 0, 4);
    const check = gradcheck(net, data);
    record.setGradcheck(check);
    assert.deepEqual(
      own.map((c) => c.type),
      ['pass', 'pass', 'gradcheck'],
    );
    assert.deepEqual(
      seen.map((e) => e.change),
      own,
      'the store passes on every change of its records',
    );
    assert.ok(seen.every((e) => e.record === record));
    assert.deepEqual(record.pass, { kind: 'backward', report: backward, sample: 0, version: 4 });
    assert.equal(record.gradcheck, check);
    assert.equal(records.get('file:///work/other.nnspec'), undefined, 'no record until something runs there');
  });

  it('records a training run from start to end; its latest weights become the last pass', () => {
    const { batches, snapshots, result } = trainWorked();
    const records = new DocumentRecords();
    const record = records.record(URI);
    record.setPass('backward', backwardReport(net, data), 'all', 1);
    const seen = listen(records);
    const run = record.startRun(7, 100, 2, WORKED_EXAMPLE);
    assert.ok(isRunning(record.run));
    assert.equal(records.training(), record, 'the store knows which document trains');
    batches.slice(0, -1).forEach((b, i) => assert.ok(record.progress(7, b, 100, snapshots[i])));
    assert.equal(run.progressMessages, batches.length - 1);
    assert.deepEqual(run.history, batches.slice(0, -1).flat(), 'every epoch, in order');
    assert.deepEqual(record.pass, { kind: 'training', report: snapshots.at(-2), sample: 'all', version: 2 });
    const last = snapshots.at(-1)!;
    assert.ok(record.endRun(7, result, last));
    assert.equal(run.result, result);
    assert.deepEqual(run.history, batches.flat(), 'the epochs no progress carried come with the result');
    assert.equal(run.history.length, result.history.length);
    assert.equal(run.snapshot, last);
    assert.equal(isRunning(record.run), false);
    assert.equal(records.training(), undefined);
    assert.deepEqual(
      seen.map((e) => e.change.type),
      ['trainStart', ...batches.slice(0, -1).map(() => 'trainProgress'), 'trainEnd'],
    );
    const progress = seen[1].change;
    assert.ok(
      progress.type === 'trainProgress' && progress.metrics === batches[0],
      'progress carries only what is new',
    );
    assert.equal(record.progress(7, batches.at(-1)!, 100), false, 'an ended run takes no more progress');
    assert.equal(record.failRun(7, 'late'), false);
    assert.equal(seen.length, batches.length + 1, 'and announces nothing');
  });

  it('a new run becomes the last one; the later messages of the one before are ignored', () => {
    const { batches, snapshots, result } = trainWorked(25);
    const records = new DocumentRecords();
    const record = records.record(URI);
    record.startRun(1, 100, 1, WORKED_EXAMPLE);
    record.progress(1, batches[0], 100, snapshots[0]);
    const seen = listen(records);
    const second = record.startRun(2, 100, 1, WORKED_EXAMPLE);
    assert.equal(record.run, second);
    assert.deepEqual(second.history, [], 'the new run starts empty');
    assert.equal(record.progress(1, batches[1], 100), false, "the first run's progress");
    assert.equal(record.endRun(1, result), false, 'and its end are ignored');
    assert.ok(record.progress(2, batches[0], 100));
    assert.deepEqual(
      seen.map((e) => e.change.type),
      ['trainStart', 'trainProgress'],
    );
    assert.ok(record.failRun(2, 'the training worker crashed'));
    assert.equal(second.failure, 'the training worker crashed');
    assert.equal(isRunning(second), false);
    assert.deepEqual(second.history, batches[0], 'a failed run keeps the epochs it had');
    assert.equal(record.earlierRuns.length, 1, 'the first run is kept as an earlier one');
    assert.deepEqual(record.earlierRuns[0].history, batches[0], 'with its epochs');
  });

  it('keeps the earlier runs, at most RUNS_KEPT in all, each labelled with what changed since the run before', () => {
    const records = new DocumentRecords();
    const record = records.record(URI);
    const seen = listen(records);
    const rates = ['0.1', '1', '0.5', '0.5', '2', '3', '4', '5'];
    const texts = rates.map((r) => WORKED_EXAMPLE.replace('learning_rate: 0.1', `learning_rate: ${r}`));
    const { batches, result } = trainWorked(50);
    texts.forEach((text, i) => {
      record.startRun(100 + i, 100, i + 1, text);
      record.progress(100 + i, batches[0], 100);
      record.endRun(100 + i, result);
    });
    const all = [record.run!, ...record.earlierRuns];
    assert.equal(all.length, RUNS_KEPT, 'bounded');
    assert.ok(RUNS_KEPT >= 6, 'the last run and at least five before it');
    assert.equal(record.run?.runId, 107, 'the last run is the current one');
    assert.deepEqual(
      record.earlierRuns.map((r) => r.runId),
      [102, 103, 104, 105, 106],
      'the oldest are dropped first',
    );
    assert.deepEqual(
      [...record.earlierRuns, record.run!].map((r) => `${r.ordinal}: ${r.label}`),
      [
        '3: learning_rate 1 → 0.5',
        '4: no change to the spec',
        '5: learning_rate 0.5 → 2',
        '6: learning_rate 2 → 3',
        '7: learning_rate 3 → 4',
        '8: learning_rate 4 → 5',
      ],
      'numbered from 1 on this document, and labelled against the run before',
    );
    const starts = seen.map((e) => e.change).filter((c) => c.type === 'trainStart');
    assert.equal(starts[0].type === 'trainStart' && starts[0].run.label, FIRST_RUN);
    assert.equal(starts[1].type === 'trainStart' && starts[1].run.label, 'learning_rate 0.1 → 1');
    const last = starts.at(-1)!;
    assert.ok(last.type === 'trainStart' && last.earlier.length === RUNS_KEPT - 1, 'a start names the runs before it');
    assert.deepEqual(last.type === 'trainStart' && last.earlier, record.earlierRuns);
    assert.deepEqual(record.earlierRuns[0].history, result.history, 'an earlier run keeps its epochs');

    const before = seen.length;
    record.clearEarlierRuns();
    assert.deepEqual(record.earlierRuns, []);
    assert.equal(record.run?.runId, 107, 'Clear keeps the last run');
    assert.deepEqual(
      seen.slice(before).map((e) => e.change.type),
      ['runsCleared'],
    );
    record.clearEarlierRuns();
    assert.equal(seen.length, before + 1, 'clearing nothing announces nothing');
    record.startRun(200, 100, 9, texts[0]);
    assert.equal(record.run?.label, 'learning_rate 5 → 0.1', 'the next run is still compared with the last one');
    assert.equal(record.run?.ordinal, 9);
  });

  it('closing a document announces it once and forgets its record', () => {
    const records = new DocumentRecords();
    const seen = listen(records);
    const record = records.record(URI);
    const own: RecordChange[] = [];
    record.onDidChange((c) => own.push(c));
    record.setGradcheck(gradcheck(net, data));
    const other = records.record('file:///work/other.nnspec');
    const run = record.startRun(3, 100, 1, WORKED_EXAMPLE);
    records.close(URI);
    assert.deepEqual(
      own.map((c) => c.type),
      ['gradcheck', 'trainStart', 'closed'],
    );
    assert.deepEqual(
      seen.map((e) => e.change.type),
      ['gradcheck', 'trainStart', 'closed'],
    );
    assert.equal(records.get(URI), undefined);
    assert.equal(records.training(), undefined, 'a closed document trains no more as far as the store knows');
    assert.equal(records.get('file:///work/other.nnspec'), other, 'other documents keep theirs');
    const { batches, result } = trainWorked(50);
    assert.ok(record.endRun(3, result), 'a run that ends after the close still ends');
    assert.equal(run.result, result);
    assert.equal(seen.length, 3, 'but nobody hears of it any more');
    assert.equal(own.length, 3);
    records.close(URI);
    assert.equal(seen.length, 3, 'closing again does nothing');
    const reopened = records.record(URI);
    assert.notEqual(reopened, record);
    assert.equal(reopened.pass, undefined);
    assert.equal(reopened.gradcheck, undefined, 'a reopened document starts with an empty record');
    assert.equal(reopened.run, undefined);
    reopened.startRun(4, 100, 1, WORKED_EXAMPLE);
    reopened.progress(4, batches[0], 100);
    assert.equal(seen.at(-1)?.record, reopened, 'and is announced again');
  });

  it('disposing the store releases every record', () => {
    const records = new DocumentRecords();
    const seen = listen(records);
    const record = records.record(URI);
    records.dispose();
    record.setGradcheck(gradcheck(net, data));
    assert.deepEqual(seen, []);
    assert.equal(records.get(URI), undefined);
  });
});

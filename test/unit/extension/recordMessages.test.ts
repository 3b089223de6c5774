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
import { DocumentRecords, type RecordChange } from '../../../src/extension/documentRecord';
import { changeMessages, readyMessages, replayMessages, runMessages } from '../../../src/extension/recordMessages';
import { workedExample } from '../fixtures/engine';

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
    record.startRun(5, 3, 1);
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
    record.startRun(9, 3, 1);
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
    record.startRun(6, 3, 1);
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
    record.startRun(8, 3, 1);
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
    record.startRun(11, 3, 1);
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
});

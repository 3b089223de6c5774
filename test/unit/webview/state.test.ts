/**
 * Unit tests of the panel state (webview/state.ts): which messages it accepts (only the shown
 * document's, no stale run messages), its reducer, which passes are new, the earlier runs on the loss
 * chart (shown, hidden, cleared, forgotten for another document), and its persistence.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ToWebview } from '../../../src/protocol/messages';
import { isToWebview } from '../../../src/protocol/messages';
import {
  accepts,
  appendMetrics,
  initialState,
  isNewPass,
  persistable,
  reduce,
  restore,
  showRun,
  type PanelState,
} from '../../../webview/state';
import { isDrawable } from '../../../webview/validate';

const root = join(__dirname, '..', '..', '..', '..');
const messages = JSON.parse(readFileSync(join(root, 'test/e2e/fixtures/lecture-messages.json'), 'utf8')) as ToWebview[];
const spec = messages[0] as Extract<ToWebview, { type: 'spec' }>;
const backward = messages.find((m) => m.type === 'backward') as Extract<ToWebview, { type: 'backward' }>;
const uri = spec.uri;
const OTHER = 'file:///work/other.nnspec';

/** The state after the lecture's messages (spec, forward, backward, gradient check). */
function lectureState(): PanelState {
  let s = initialState();
  for (const m of messages) s = reduce(s, m);
  return s;
}

describe('webview state', () => {
  it('the harness fixture messages are valid protocol messages', () => {
    for (const m of messages) assert.ok(isToWebview(m), m.type);
  });

  it('keeps the spec, the last pass and the gradient check', () => {
    let s = initialState();
    for (const m of messages) s = reduce(s, m);
    assert.equal(s.summary?.totalParams, 9);
    assert.equal(s.pass?.kind, 'backward');
    assert.equal(s.pass?.seq, 2);
    assert.equal(s.gradcheck?.entries.length, 9);
  });

  it('drops a pass whose shapes no longer match the spec, and everything on another file', () => {
    const s = lectureState();
    const wider = {
      ...spec,
      summary: { ...spec.summary!, layers: [{ ...spec.summary!.layers[0], units: 4 }, spec.summary!.layers[1]] },
    };
    const s2 = reduce(s, wider);
    assert.equal(s2.pass, undefined);
    assert.equal(s2.gradcheck, undefined);
    const s3 = reduce(s, { ...spec, diagnostics: [] });
    assert.equal(s3.pass?.kind, 'backward', 'same shapes keep the pass');
    const s4 = reduce({ ...s, metrics: [{ epoch: 1, loss: 1 }] }, { ...spec, uri: 'file:///other.nnspec' });
    assert.deepEqual(s4.metrics, []);
  });

  it('keeps the last summary while the spec is too broken for one', () => {
    let s = reduce(initialState(), messages[0]);
    s = reduce(s, {
      type: 'spec',
      uri: 'file:///work/lecture.nnspec',
      fileName: 'lecture.nnspec',
      diagnostics: [
        {
          severity: 'error',
          message: 'bad',
          code: 'x',
          range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } },
        },
      ],
      layerLines: {},
      sampleCount: 1,
    });
    assert.equal(s.summary?.totalParams, 9);
    assert.equal(s.spec?.summary, undefined);
  });

  it('training: start clears, progress appends without repeats, end takes the full history', () => {
    let s = reduce(reduce(initialState(), spec), { type: 'trainStart', uri, runId: 1, epochs: 10 });
    assert.ok(s.training.running);
    s = reduce(s, {
      type: 'trainProgress',
      uri,
      runId: 1,
      metrics: [
        { epoch: 1, loss: 1 },
        { epoch: 2, loss: 0.8 },
      ],
    });
    s = reduce(s, {
      type: 'trainProgress',
      uri,
      runId: 1,
      metrics: [
        { epoch: 2, loss: 0.8 },
        { epoch: 3, loss: 0.6 },
      ],
    });
    assert.deepEqual(
      s.metrics.map((m) => m.epoch),
      [1, 2, 3],
    );
    s = reduce(s, {
      type: 'trainEnd',
      uri,
      runId: 1,
      result: {
        reason: 'completed',
        epochs: 4,
        history: [1, 2, 3, 4].map((epoch) => ({ epoch, loss: 1 / epoch })),
        final: { epoch: 4, loss: 0.25 },
      },
    });
    assert.equal(s.training.running, false);
    assert.equal(s.training.message, 'trained 4 epochs');
    assert.equal(s.metrics.length, 4);
    assert.deepEqual(appendMetrics([{ epoch: 5, loss: 1 }], [{ epoch: 3, loss: 1 }]).length, 1);
  });

  it('survives a save and restore, without big reports and without a running flag', () => {
    let s = lectureState();
    s = { ...s, view: 'gradients', sample: 'all', logScale: true, training: { running: true, epochs: 5 } };
    const saved = JSON.parse(JSON.stringify(persistable(s)));
    assert.equal(saved.uri, 'file:///work/lecture.nnspec', 'the serializer finds the spec to reopen');
    const back = restore(saved);
    assert.equal(back.view, 'gradients');
    assert.equal(back.sample, 'all');
    assert.equal(back.logScale, true);
    assert.equal(back.training.running, false);
    assert.equal(back.pass?.kind, 'backward');
    assert.equal(persistable(s, 10).pass, undefined, 'too big to save');
    assert.deepEqual(restore({ version: 2 }), initialState());
    assert.equal(restore({ version: 1, view: 'nonsense', sample: -3 }).view, 'weights');
  });

  it('drops messages about a document other than the one it shows, and any before the first spec', () => {
    const s = lectureState();
    const elsewhere: ToWebview[] = [
      { ...backward, uri: OTHER },
      { type: 'gradcheck', uri: OTHER, report: s.gradcheck! },
      { type: 'trainStart', uri: OTHER, runId: 1, epochs: 5 },
      { type: 'error', uri: OTHER, message: 'Training failed: elsewhere' },
    ];
    for (const m of elsewhere) {
      assert.equal(accepts(s, m), false, m.type);
      assert.equal(reduce(s, m), s, `${m.type} leaves the state as it was`);
    }
    assert.equal(accepts(s, backward), true, "the shown document's pass counts");
    assert.equal(reduce(s, { type: 'error', uri, message: 'here' }).error?.message, 'here');
    const fresh = initialState();
    assert.equal(reduce(fresh, backward), fresh, 'no document is shown yet: nothing to draw a pass on');
    const other = reduce(s, { ...spec, uri: OTHER, fileName: 'other.nnspec' });
    assert.equal(other.spec?.uri, OTHER, 'a spec switches the document');
    assert.equal(reduce(other, backward), other, "then the first document's messages are dropped");
  });

  it("drops a training run's progress and end unless it is the run the panel last saw start", () => {
    const start = (runId: number): ToWebview => ({ type: 'trainStart', uri, runId, epochs: 10 });
    const progress = (runId: number, epoch: number): ToWebview => ({
      type: 'trainProgress',
      uri,
      runId,
      metrics: [{ epoch, loss: 1 / epoch }],
    });
    const end = (runId: number, epoch: number): ToWebview => ({
      type: 'trainEnd',
      uri,
      runId,
      result: { reason: 'cancelled', epochs: epoch, history: [], final: { epoch, loss: 1 } },
    });
    let s = reduce(initialState(), spec);
    assert.equal(accepts(s, progress(1, 1)), false, 'no run started yet');
    s = reduce(s, start(1));
    s = reduce(s, progress(1, 1));
    s = reduce(s, start(2));
    assert.equal(s.training.runId, 2);
    for (const stale of [progress(1, 2), end(1, 2)]) {
      assert.equal(accepts(s, stale), false, `${stale.type} of run 1`);
      assert.equal(reduce(s, stale), s);
    }
    s = reduce(s, progress(2, 1));
    assert.deepEqual(
      s.metrics.map((m) => m.epoch),
      [1],
      'only the new run',
    );
    s = reduce(s, end(2, 1));
    assert.equal(s.training.running, false);
    assert.equal(s.training.message, 'training cancelled after 1 epoch', 'run 2 ended after its 1 epoch');
    const back = restore(JSON.parse(JSON.stringify(persistable(s))));
    assert.equal(back.training.runId, 2, 'the run id survives a reload');
    assert.equal(accepts(back, end(3, 1)), false);
    assert.equal(accepts(back, start(1)), true, 'any new run may start (run ids restart with VS Code)');
  });

  it('a pass is new unless the host marks it as a replay, even when it equals the last one', () => {
    const s = lectureState();
    const again = reduce(s, backward);
    assert.equal(isNewPass(backward, s, again), true, 'the same numbers asked for again animate again');
    const replay: ToWebview = { ...backward, replay: true };
    const replayed = reduce(s, replay);
    assert.equal(replayed.pass?.report, backward.report, 'a replay is drawn');
    assert.equal(isNewPass(replay, s, replayed), false, 'but not animated');
    const elsewhere: ToWebview = { ...backward, uri: OTHER };
    assert.equal(isNewPass(elsewhere, s, reduce(s, elsewhere)), false, 'a dropped pass is not new');
    assert.equal(isNewPass(messages[3], s, reduce(s, messages[3])), false, 'a gradient check is no pass');
  });

  it('keeps the earlier runs a start names, which the user shows or hides, until cleared or another document', () => {
    const run = (runId: number, ordinal: number, label: string) => ({
      runId,
      ordinal,
      label,
      history: [1, 2, 3].map((epoch) => ({ epoch, loss: ordinal / epoch })),
    });
    const first = run(1, 1, 'first run');
    const second = run(2, 2, 'learning_rate 0.1 → 1');
    const start: ToWebview = {
      type: 'trainStart',
      uri,
      runId: 3,
      epochs: 3,
      ordinal: 3,
      label: 'learning_rate 1 → 0.5',
      earlier: [first, second],
    };
    assert.ok(isToWebview(start) && isDrawable(start));
    let s = reduce(lectureState(), start);
    assert.deepEqual(s.earlier, [first, second]);
    assert.deepEqual(
      [s.training.ordinal, s.training.label, s.training.runId],
      [3, 'learning_rate 1 → 0.5', 3],
      'the last run is named too',
    );
    s = showRun(s, 1, false);
    assert.deepEqual(s.hiddenRuns, [1]);
    assert.deepEqual(showRun(s, 1, false).hiddenRuns, [1], 'hiding twice hides once');
    assert.deepEqual(showRun(s, 7, false).hiddenRuns, [1], 'a run the panel does not know is not hidden');
    const back = restore(JSON.parse(JSON.stringify(persistable(s))));
    assert.deepEqual(back.earlier, [first, second], 'the runs survive a reload');
    assert.deepEqual(back.hiddenRuns, [1], 'and so does the choice');
    assert.equal(back.training.label, 'learning_rate 1 → 0.5');
    assert.deepEqual(showRun(s, 1, true).hiddenRuns, [], 'shown again');

    const next = reduce(s, { type: 'trainStart', uri, runId: 4, epochs: 3, ordinal: 4, label: 'x', earlier: [second] });
    assert.deepEqual(next.hiddenRuns, [], 'a run no longer kept is no longer hidden');
    const cleared = reduce(s, { type: 'runsCleared', uri });
    assert.deepEqual([cleared.earlier, cleared.hiddenRuns], [[], []], 'Clear forgets them');
    assert.deepEqual(cleared.metrics, s.metrics, 'but not the last run');
    assert.equal(reduce(s, { type: 'runsCleared', uri: OTHER }), s, "another document's Clear is dropped");
    const other = reduce(s, { ...spec, uri: OTHER, fileName: 'other.nnspec' });
    assert.deepEqual([other.earlier, other.hiddenRuns], [[], []], 'another document has its own runs');
    const edited = reduce(s, { ...spec });
    assert.deepEqual(edited.earlier, [first, second], 'an edit of the same document keeps them');

    const broken = { ...start, earlier: [{ ...first, history: [{ epoch: 'one', loss: 1 }] }] } as unknown as ToWebview;
    assert.equal(isDrawable(broken), false, 'a malformed earlier run is not drawn');
    assert.deepEqual(
      restore({ version: 1, earlier: [{ runId: 'x' }, first], hiddenRuns: [1, 'y'] }).earlier,
      [first],
      'a malformed saved run is left out',
    );
  });

  it('a closed spec stops its run in the panel and leaves nothing to run until the next spec', () => {
    let s = reduce(initialState(), spec);
    s = reduce(s, { type: 'trainStart', uri, runId: 7, epochs: 100 });
    assert.equal(s.training.running, true);
    s = reduce(s, { type: 'closed', uri });
    assert.equal(s.training.running, false);
    assert.equal(s.training.message, 'stopped: the spec was closed');
    assert.equal(s.closed, true);
    assert.match(s.error?.message ?? '', /was closed: open a \.nnspec file/);
    assert.equal(reduce(s, { type: 'closed', uri: OTHER }), s, "another document's close changes nothing");
    const reopened = reduce(s, spec);
    assert.equal(reopened.closed, false);
    assert.equal(reopened.error, undefined);
  });
});

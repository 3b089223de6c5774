/** Unit tests of the panel state's reducer and persistence (webview/state.ts). */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ToWebview } from '../../../src/protocol/messages';
import { isToWebview } from '../../../src/protocol/messages';
import { initialState, persistable, reduce, restore, appendMetrics } from '../../../webview/state';

const root = join(__dirname, '..', '..', '..', '..');
const messages = JSON.parse(readFileSync(join(root, 'test/e2e/fixtures/lecture-messages.json'), 'utf8')) as ToWebview[];

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
    let s = initialState();
    for (const m of messages) s = reduce(s, m);
    const spec = messages[0] as Extract<ToWebview, { type: 'spec' }>;
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
    let s = reduce(initialState(), { type: 'trainStart', epochs: 10 });
    assert.ok(s.training.running);
    s = reduce(s, {
      type: 'trainProgress',
      metrics: [
        { epoch: 1, loss: 1 },
        { epoch: 2, loss: 0.8 },
      ],
    });
    s = reduce(s, {
      type: 'trainProgress',
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
      result: {
        reason: 'completed',
        message: 'done',
        history: [1, 2, 3, 4].map((epoch) => ({ epoch, loss: 1 / epoch })),
        final: { epoch: 4, loss: 0.25 },
      },
    });
    assert.equal(s.training.running, false);
    assert.equal(s.metrics.length, 4);
    assert.deepEqual(appendMetrics([{ epoch: 5, loss: 1 }], [{ epoch: 3, loss: 1 }]).length, 1);
  });

  it('survives a save and restore, without big reports and without a running flag', () => {
    let s = initialState();
    for (const m of messages) s = reduce(s, m);
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
});

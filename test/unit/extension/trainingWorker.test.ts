/**
 * The training worker (the built dist/worker.js) in a real worker thread, driven with the protocol's
 * messages as the host sends them (a spec opened by openSpec, its data's buffers transferred):
 * throttled progress with snapshots and decision grids, every epoch delivered in order, a prompt stop,
 * divergence, a configuration that does not fit its data, CSV data, and junk messages ignored.
 */
import { strict as assert } from 'node:assert';
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isFromWorker, transferList, type FromWorker, type ToWorker } from '../../../src/protocol/messages';
import { openSpec } from '../../../src/format/openSpec';
import { Network } from '../../../src/engine/network';
import { train } from '../../../src/engine/trainer';
import { Model } from '../../../src/engine/model';
import { stopMessage } from '../../../src/text/training';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const WORKER = join(ROOT, 'dist', 'worker.js');
const XOR = readFileSync(join(ROOT, 'examples', 'xor.nnspec'), 'utf8');

interface Received {
  at: number;
  message: FromWorker;
}

/** Starts a worker, sends `start`, and collects messages until 'done'/'failed' (or `until` ms). */
function runWorker(
  start: ToWorker,
  opts: { stopAfterProgress?: number; before?: unknown[]; until?: number } = {},
): Promise<{ received: Received[]; stoppedAt?: number }> {
  return new Promise((resolvePromise, reject) => {
    const w = new Worker(WORKER);
    const received: Received[] = [];
    let stoppedAt: number | undefined;
    const finish = () => {
      void w.terminate();
      resolvePromise({ received, stoppedAt });
    };
    const timer = opts.until
      ? setTimeout(finish, opts.until)
      : setTimeout(() => {
          void w.terminate();
          reject(new Error('worker timed out'));
        }, 60_000);
    w.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    w.on('message', (m: unknown) => {
      assert.ok(isFromWorker(m), `invalid message from the worker: ${JSON.stringify(m)}`);
      received.push({ at: Date.now(), message: m });
      const progress = received.filter((r) => r.message.type === 'progress').length;
      if (opts.stopAfterProgress !== undefined && progress === opts.stopAfterProgress && stoppedAt === undefined) {
        stoppedAt = Date.now();
        w.postMessage({ type: 'stop', runId: start.runId } satisfies ToWorker);
      }
      if (m.type === 'done' || m.type === 'failed') {
        clearTimeout(timer);
        finish();
      }
    });
    for (const junk of opts.before ?? []) w.postMessage(junk);
    w.postMessage(start, start.type === 'start' ? transferList(start.config, start.data) : []);
  });
}

/** The start message the host sends for `specText`: the spec opened (checked, data loaded) as the host opens it. */
function start(
  specText: string,
  options: { readFile?: (p: string) => string; progressIntervalMs?: number } = {},
): Extract<ToWorker, { type: 'start' }> {
  const { config, data, analysis } = openSpec(specText, { readFile: options.readFile });
  assert.ok(config && data, JSON.stringify(analysis.diagnostics));
  return { type: 'start', runId: 7, config, data, progressIntervalMs: options.progressIntervalMs ?? 100 };
}

describe('training worker (dist/worker.js)', function () {
  this.timeout(90_000);

  it('trains XOR to the end: throttled progress, every epoch once and in order, snapshots and a grid', async () => {
    const { received } = await runWorker(start(XOR.replace(/epochs: \d+/, 'epochs: 3000')));
    const last = received.at(-1)!.message;
    assert.equal(last.type, 'done');
    assert.equal(last.result.reason, 'completed');
    assert.equal(last.result.final.epoch, 3000);
    assert.equal(last.result.final.accuracy, 1);
    const progress = received.filter((r) => r.message.type === 'progress');
    assert.ok(progress.length >= 1);
    const epochs = progress.flatMap((r) =>
      r.message.type === 'progress' ? r.message.metrics.map((m) => m.epoch) : [],
    );
    assert.deepEqual(
      epochs,
      Array.from({ length: epochs.length }, (_, i) => i + 1),
      'epochs 1, 2, 3, … without gaps',
    );
    // At most one progress message per 100 ms (arrival times jitter, so count over the whole run).
    const span = progress.at(-1)!.at - progress[0].at;
    assert.ok(progress.length <= span / 100 + 2, `${progress.length} progress messages in ${span} ms`);
    assert.ok(epochs.length > progress.length, 'several epochs per message');
    const p = progress[0].message;
    assert.ok(p.type === 'progress' && p.runId === 7 && p.epochs === 3000);
    assert.ok(
      p.snapshot && p.snapshot.layers.length === 2 && p.snapshot.layers[0].params.W.grad,
      'a backward snapshot',
    );
    assert.ok(p.grid && p.grid.classes.length === p.grid.resolution * p.grid.resolution, 'a decision grid');
  });

  it('stops promptly on "stop" and reports the epochs done', async () => {
    const { received, stoppedAt } = await runWorker(start(XOR.replace(/epochs: \d+/, 'epochs: 10000000')), {
      stopAfterProgress: 2,
    });
    const done = received.at(-1)!;
    assert.equal(done.message.type, 'done');
    assert.ok(done.message.type === 'done' && done.message.result.reason === 'cancelled');
    // Promptly, counted in epochs rather than milliseconds (so a loaded machine does not matter): after
    // the stop the worker trains no more than it does between three progress messages.
    const progress = received
      .filter((r) => r.message.type === 'progress')
      .map((r) => (r.message.type === 'progress' ? r.message.metrics : []));
    const epochAtStop = progress[1].at(-1)!.epoch;
    const perMessage = Math.max(...progress.map((m) => m.length));
    const after = done.message.result.final.epoch - epochAtStop;
    assert.ok(epochAtStop > 0 && after >= 0);
    assert.ok(
      after <= 3 * perMessage,
      `${after} epochs after the stop (${done.at - stoppedAt!} ms), ${perMessage} per progress message`,
    );
  });

  it('ends a diverging run with reason "diverged" and the epoch', async () => {
    const spec = [
      'input: 1',
      'layers:',
      '  - dense: 1',
      '    weights: [[1.0]]',
      'loss: mse',
      'data:',
      '  samples:',
      '    - { x: [3.0], y: [1.0] }',
      '    - { x: [-2.0], y: [0.5] }',
      'train:',
      '  optimizer: gd',
      '  learning_rate: 50',
      '  epochs: 5000',
      '',
    ].join('\n');
    const { received } = await runWorker(start(spec));
    const done = received.at(-1)!.message;
    assert.ok(done.type === 'done' && done.result.reason === 'diverged', JSON.stringify(done));
    assert.ok(
      done.type === 'done' && done.result.reason === 'diverged' && done.result.epoch >= 1,
      JSON.stringify(done),
    );
    assert.match(stopMessage(done.result), /at epoch \d+; the learning rate/);
  });

  it('trains a custom activation: its expressions travel in the configuration, and the run matches training here', async () => {
    const text = readFileSync(join(ROOT, 'examples', 'custom-activation.nnspec'), 'utf8').replace(
      /epochs: \d+/,
      'epochs: 20',
    );
    const here = start(text);
    const expected = train(Network.fromSpec(here.config), here.data);
    const { received } = await runWorker(start(text));
    const done = received.at(-1)!.message;
    assert.ok(done.type === 'done', JSON.stringify(done));
    assert.equal(done.result.final.epoch, 20);
    assert.equal(done.result.final.loss, expected.final.loss);
  });

  it('fails a run whose configuration does not fit its data, with the reason', async () => {
    const message = start(XOR);
    const train = message.data.train;
    // One feature per sample, where the network takes two.
    message.data = { train: { ...train, inputs: 1, x: train.x.slice(0, train.n) } };
    const { received } = await runWorker(message);
    const m = received.at(-1)!.message;
    assert.ok(m.type === 'failed' && m.runId === 7, JSON.stringify(m));
    assert.match(m.message, /the data has 1 feature per sample but the network's input is 2/);
  });

  it('trains on CSV data the host loaded; the data moves to the worker (transferred, not copied)', async () => {
    const csv = [
      'a,b,label',
      '0,0,0',
      '0,1,1',
      '1,0,1',
      '1,1,0',
      '0.1,0.1,0',
      '0.9,0.1,1',
      '0.1,0.9,1',
      '0.9,0.9,0',
    ].join('\n');
    const spec = [
      'layers:',
      '  - dense: 4',
      '    activation: tanh',
      '  - dense: 1',
      '    activation: sigmoid',
      'loss: binary_cross_entropy',
      'data:',
      '  csv: pts.csv',
      '  target: label',
      'train:',
      '  optimizer: adam',
      '  learning_rate: 0.05',
      '  batch_size: full',
      '  epochs: 50',
      '',
    ].join('\n');
    const message = start(spec, { readFile: (p) => (p === 'pts.csv' ? csv : '') });
    const { x, targets, labels } = message.data.train;
    assert.deepEqual([x.length, targets.length, labels?.length], [16, 8, 8]);
    const ok = await runWorker(message);
    const done = ok.received.at(-1)!.message;
    assert.ok(done.type === 'done' && done.result.final.epoch === 50, JSON.stringify(done));
    assert.equal(done.result.final.accuracy !== undefined, true);
    // Posted with their buffers in the transfer list, the sender's arrays are detached (empty) afterwards.
    assert.deepEqual([x.length, targets.length, labels?.length], [0, 0, 0]);
  });

  it('holds its model: a step, then "continue" trains on from it exactly as the engine model does', async () => {
    const text = XOR.replace(/optimizer: adam/, 'optimizer: momentum')
      .replace(/batch_size: full/, 'batch_size: 30')
      .replace(/epochs: \d+/, 'epochs: 4');
    const s = start(text);
    const reference = new Model(s.config, s.data);
    const refStep = reference.step();
    const refRun = reference.trainFor(3);
    const w = new Worker(WORKER);
    const next = (type: FromWorker['type']): Promise<FromWorker> =>
      new Promise((res) => {
        const on = (m: unknown): void => {
          if (isFromWorker(m) && (m.type === type || m.type === 'failed')) {
            w.off('message', on);
            res(m);
          }
        };
        w.on('message', on);
      });
    try {
      const model = structuredClone({ config: s.config, data: s.data });
      const stepped = next('stepped');
      w.postMessage({ type: 'step', runId: 1, train: s.config.train, model } satisfies ToWorker);
      const a = await stepped;
      assert.ok(a.type === 'stepped', JSON.stringify(a));
      assert.deepEqual([a.epoch, a.batch, a.batches], [refStep.epoch, refStep.batch, refStep.batches]);
      assert.equal(a.batchLoss, refStep.loss);
      const W1 = a.report.layers[0].params.W;
      assert.deepEqual((W1.update as number[][]).flat(), Array.from(refStep.updates[0]), 'the update of W¹');
      const done = next('done');
      const train = { ...s.config.train, epochs: 3 };
      w.postMessage({ type: 'continue', runId: 2, train, epochs: 3, progressIntervalMs: 100 } satisfies ToWorker);
      const b = await done;
      assert.ok(b.type === 'done', JSON.stringify(b));
      assert.deepEqual(
        b.result.history.map((m) => m.epoch),
        [1, 2, 3],
        "the run's epochs count from its start",
      );
      assert.deepEqual(
        b.result.history.map((m) => m.loss),
        refRun.history.map((m) => m.loss),
        'the same losses, bit for bit',
      );
    } finally {
      await w.terminate();
    }
  });

  it('refuses "continue" and "step" when it holds no model', async () => {
    const w = new Worker(WORKER);
    try {
      const failed = new Promise<FromWorker>((res) => w.once('message', (m: FromWorker) => res(m)));
      const { config } = start(XOR);
      w.postMessage({ type: 'continue', runId: 3, train: config.train, epochs: 2, progressIntervalMs: 100 });
      const m = await failed;
      assert.ok(m.type === 'failed' && /holds no model/.test(m.message), JSON.stringify(m));
    } finally {
      await w.terminate();
    }
  });

  it('ignores messages that are not valid ToWorker messages', async () => {
    const valid = start(XOR);
    const junk = [
      null,
      42,
      'start',
      { type: 'start' },
      // spec text is not a start message: the worker never analyses text
      { type: 'start', runId: 1, specText: XOR, files: {}, progressIntervalMs: 1 },
      // data whose features are a plain array, or do not match n × inputs
      { ...valid, runId: 2, data: { train: { ...valid.data.train, x: Array.from(valid.data.train.x) } } },
      { ...valid, runId: 3, data: { train: { ...valid.data.train, n: valid.data.train.n + 1 } } },
      { ...valid, runId: 4, config: 'xor' },
      { type: 'explode', runId: 1 },
    ];
    const { received } = await runWorker(start(XOR.replace(/epochs: \d+/, 'epochs: 20')), { before: junk });
    assert.ok(
      received.every((r) => r.message.runId === 7),
      'only the valid run answered',
    );
    assert.equal(received.at(-1)!.message.type, 'done');
  });
});

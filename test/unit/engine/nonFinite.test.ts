/**
 * NaN before training is named for what produced it (issue 11, finding 9): a custom activation that
 * gives NaN (log of a negative z), a pre-activation that overflows, a NaN in the data, a NaN weight — on
 * every path: the engine's fact, training's stop (not blamed on the learning rate, which a real
 * divergence still is), the forward report (no "regularization NaN" without regularization) and the
 * gradient check (not possible, no derivative suspected), and the CLI's words.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSpec } from '../../../src/format/openSpec';
import { Network } from '../../../src/engine/network';
import { Trainer } from '../../../src/engine/trainer';
import { forwardReport } from '../../../src/engine/passes';
import { gradcheck } from '../../../src/engine/gradcheck';
import { findNonFinite } from '../../../src/engine/nonFinite';
import { describeForward } from '../../../src/text/reports';
import { gradcheckMessage } from '../../../src/text/gradcheck';
import { stopMessage } from '../../../src/text/training';
import { runCli } from '../fixtures/cli';
import { divergingRun } from '../fixtures/engine';

const LOG_ACTIVATION = `name: log of a negative
seed: 1
input: 2
activations:
  mylog:
    f: log(x)
    df: 1 / x
layers:
  - dense: 3
    activation: mylog
  - dense: 1
    activation: sigmoid
loss: binary_cross_entropy
data:
  generate: { kind: xor, points: 20 }
train:
  epochs: 5
`;

function opened(text: string) {
  const o = openSpec(text);
  assert.ok(o.config && o.data, JSON.stringify(o.analysis.diagnostics.slice(0, 2)));
  return { config: o.config, data: o.data };
}

describe('NaN named for its cause', () => {
  it('finds the first sample and unit where a custom activation gives NaN', () => {
    const { config, data } = opened(LOG_ACTIVATION);
    const net = Network.fromSpec(config);
    const t = data.train;
    const cause = findNonFinite(net, t.x, t.targets, t.n);
    assert.ok(cause && cause.stage === 'activation', JSON.stringify(cause));
    assert.equal(cause.layer, 1);
    assert.ok(cause.z < 0, 'log of a negative z');
    assert.ok(Number.isNaN(cause.value));
    // No earlier sample has a non-finite a¹: the cause is the first one.
    net.forward(t.x, t.n);
    const u = net.layers[0].units;
    for (let i = 0; i < cause.sample * u + cause.unit; i++)
      assert.ok(Number.isFinite(net.layers[0].a[i]), `entry ${i}`);
  });

  it('names an overflowing pre-activation, a NaN feature and a NaN weight', () => {
    const huge = LOG_ACTIVATION.replace(
      'activation: mylog',
      'activation: tanh\n    weights: [[1e308, 1e308, 1e308], [1e308, 1e308, 1e308]]',
    );
    const { config, data } = opened(huge);
    const net = Network.fromSpec(config);
    const t = data.train;
    const x = Float64Array.from(t.x, (v) => Math.abs(v) + 1);
    assert.equal(findNonFinite(net, x, t.targets, t.n)?.stage, 'z');
    x[3] = Number.NaN;
    assert.deepEqual(findNonFinite(net, x, t.targets, t.n), {
      stage: 'data',
      sample: 1,
      feature: 1,
      value: Number.NaN,
    });
    net.layers[1].W[0] = Number.NaN;
    assert.deepEqual(findNonFinite(net, t.x, t.targets, t.n), { stage: 'parameter', layer: 2, param: 'W' });
  });

  it('training stops saying the loss was NaN before any step, not that the learning rate is too large', () => {
    for (const batch of ['full', 4]) {
      const text = LOG_ACTIVATION.replace('  epochs: 5', `  epochs: 5\n  batch_size: ${batch}`);
      const { config, data } = opened(text);
      const trainer = new Trainer(Network.fromSpec(config), data);
      while (trainer.step());
      const r = trainer.result();
      assert.equal(r.reason, 'diverged');
      assert.ok(r.reason === 'diverged' && r.start?.stage === 'activation', JSON.stringify(r));
      const message = stopMessage(r);
      assert.match(
        message,
        /^loss is NaN already at the starting weights, before any training step: layer 1's activation mylog gives NaN for z = −/,
      );
      assert.doesNotMatch(message, /likely too large/);
    }
  });

  it('a run that really diverges still blames the learning rate', () => {
    const { spec, data } = divergingRun();
    const trainer = new Trainer(Network.fromSpec(spec), { train: data });
    while (trainer.step());
    const r = trainer.result();
    assert.ok(r.reason === 'diverged' && r.start === undefined);
    assert.match(stopMessage(r), /likely too large/);
  });

  it('forward says where J’s NaN comes from and no "regularization NaN" without regularization', () => {
    const { config, data } = opened(LOG_ACTIVATION);
    const report = forwardReport(Network.fromSpec(config), data.train);
    assert.ok(Number.isNaN(report.loss));
    assert.equal(report.nonFinite?.stage, 'activation');
    const text = describeForward(report);
    assert.doesNotMatch(text, /regularization/);
    assert.match(text, /loss J = NaN — layer 1's activation mylog gives NaN for z = /);
  });

  it('the gradient check says J is not finite and suspects no derivative', () => {
    const { config, data } = opened(LOG_ACTIVATION);
    const report = gradcheck(Network.fromSpec(config), data.train);
    assert.equal(report.passed, false);
    assert.equal(report.suspect, undefined);
    assert.equal(report.nonFinite?.stage, 'activation');
    assert.match(gradcheckMessage(report), /^gradient check not possible: J is not finite at these weights/);
  });

  it('the CLI tells the cause on forward, train and gradcheck', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnspec-nan-'));
    const file = join(dir, 'nan.nnspec');
    writeFileSync(file, LOG_ACTIVATION);
    const forward = runCli(['forward', file]);
    assert.equal(forward.code, 0);
    assert.match(forward.stdout, /loss J = NaN — layer 1's activation mylog gives NaN/);
    const train = runCli(['train', file]);
    assert.equal(train.code, 1);
    assert.match(train.stderr, /nan\.nnspec:1:1: error: loss is NaN already at the starting weights/);
    const gc = runCli(['gradcheck', file]);
    assert.equal(gc.code, 1);
    assert.match(gc.stdout, /✘ gradient check not possible: J is not finite/);
    assert.doesNotMatch(gc.stdout, /df \(1 \/ x\) is likely wrong/);
  });
});

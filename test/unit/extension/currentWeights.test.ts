/**
 * The weights a document's network has now (src/extension/currentWeights.ts), from a real XOR run
 * written into a real document record: the run's final weights (exactly those of the network that
 * trained), with their epochs and loss; the spec's initial weights when nothing trained, the run
 * diverged or its weights no longer fit the layers.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NetworkConfig } from '../../../src/engine/config';
import { Network } from '../../../src/engine/network';
import { backwardReport } from '../../../src/engine/passes';
import { Trainer } from '../../../src/engine/trainer';
import type { TrainTestData } from '../../../src/engine/types';
import { openSpec } from '../../../src/format/openSpec';
import { paramsOf } from '../../../src/format/weightsFile';
import { currentWeights, paramsOfReport } from '../../../src/extension/currentWeights';
import { Model } from '../../../src/engine/model';
import { withUpdates } from '../../../src/engine/passes';
import { weightsLabel } from '../../../src/text/training';
import { formatLoss } from '../../../src/text/numbers';
import { DocumentRecords } from '../../../src/extension/documentRecord';

const URI = 'file:///work/xor.nnspec';
const XOR = readFileSync(join(__dirname, '..', '..', '..', '..', 'examples', 'xor.nnspec'), 'utf8');

function opened(text: string): { config: NetworkConfig; data: TrainTestData } {
  const { config, data } = openSpec(text);
  assert.ok(config && data);
  return { config, data };
}

describe('current weights', () => {
  const { config, data } = opened(XOR);

  it("are the spec's initial weights, and their J, before anything trained", () => {
    const w = currentWeights(new DocumentRecords().record(URI), config, data);
    const net = Network.fromSpec(config);
    assert.deepEqual(w.params, paramsOf(net.layers));
    assert.equal(w.loss, net.lossOf(data.train.x, data.train.targets, data.train.n));
    assert.deepEqual([w.epoch, w.trained], [0, false]);
    assert.equal(currentWeights(undefined, config, data, 40).epoch, 40, "a weights_file's epochs count");
  });

  it("are a finished run's final weights, to the last bit, with its epochs and loss", () => {
    const record = new DocumentRecords().record(URI);
    const net = Network.fromSpec(config);
    const trainer = new Trainer(net, data, { epochs: 30 });
    record.startRun(1, 30, 1, XOR);
    while (trainer.step()) if (trainer.done) break;
    const result = trainer.result();
    record.endRun(1, result, backwardReport(net, data.train, [0, 1, 2, 3]));
    const w = currentWeights(record, config, data, 100);
    assert.equal(w.trained, true);
    assert.deepEqual(w.params, paramsOf(net.layers), 'the weights the network ended with');
    assert.equal(w.epoch, 130, "the run's epochs after the weights file's");
    assert.equal(w.loss, result.final.loss);
    assert.equal(w.loss, net.lossOf(data.train.x, data.train.targets, data.train.n), 'J with them');
  });

  it("fall back to the initial weights after a divergence, or when the run's weights do not fit the layers", () => {
    const record = new DocumentRecords().record(URI);
    const net = Network.fromSpec(config);
    const snapshot = backwardReport(net, data.train, [0]);
    record.startRun(1, 5, 1, XOR);
    const diverged = {
      reason: 'diverged' as const,
      epoch: 3,
      cause: 'nan-loss' as const,
      learningRate: 1000,
      history: [],
      final: { epoch: 3, loss: NaN },
    };
    record.endRun(1, diverged, snapshot);
    assert.equal(currentWeights(record, config, data).trained, false, 'NaN weights are not the weights now');
    const wider = opened(XOR.replace('dense: 4', 'dense: 5'));
    assert.equal(paramsOfReport(snapshot, wider.config), undefined);
    record.startRun(2, 5, 2, XOR);
    record.endRun(2, { reason: 'completed', epochs: 5, history: [], final: { epoch: 5, loss: 0.5 } }, snapshot);
    assert.equal(currentWeights(record, config, data).trained, true);
    const w = currentWeights(record, wider.config, wider.data);
    assert.equal(w.trained, false, 'the spec now has 5 hidden units: the 4-unit weights do not fit');
    assert.equal(w.params[0].W.length, 2 * 5);
  });

  it('stay after an edit of training settings, go after an edit of the network, a reset, and count continued epochs', () => {
    const record = new DocumentRecords().record(URI);
    const net = Network.fromSpec(config);
    const trainer = new Trainer(net, data, { epochs: 20 });
    record.startRun(1, 20, 1, XOR, undefined, { config, startEpoch: 300 });
    while (trainer.step());
    record.endRun(1, trainer.result(), backwardReport(net, data.train, [0]));
    const trained = currentWeights(record, config, data);
    assert.deepEqual([trained.trained, trained.epoch], [true, 320], 'a continued run counts the epochs before it');
    const faster = opened(XOR.replace(/learning_rate: [\d.]+/, 'learning_rate: 0.9'));
    assert.notEqual(faster.config.train.learningRate, config.train.learningRate);
    assert.equal(currentWeights(record, faster.config, faster.data).trained, true, 'a learning-rate edit keeps them');
    const relu = opened(XOR.replace(/activation: tanh/, 'activation: relu'));
    assert.notDeepEqual(relu.config.layers[0].activation, config.layers[0].activation);
    const stale = currentWeights(record, relu.config, relu.data);
    assert.equal(stale.trained, false, 'an activation edit makes them stale, though the shapes still fit');
    record.resetWeights();
    assert.equal(record.weightsReset, true);
    const reset = currentWeights(record, config, data);
    assert.equal(reset.trained, false);
    assert.deepEqual(reset.params, paramsOf(Network.fromSpec(config).layers), "the spec's initial weights again");
    record.startRun(2, 5, 2, XOR, undefined, { config, startEpoch: 0 });
    assert.equal(record.weightsReset, false, 'a new run starts a new model');
  });

  it("are the last Step's weights (mid-epoch: its batch in the label) until a run ends after it", () => {
    const text = XOR.replace(/batch_size: full/, 'batch_size: 25');
    const mini = opened(text);
    const record = new DocumentRecords().record(URI);
    const model = new Model(mini.config, mini.data);
    const s = model.step();
    const report = withUpdates(backwardReport(model.net, mini.data.train, [0]), model.net, s.updates);
    const loss = model.evaluate().loss;
    const position = { epoch: 1, batch: s.batch, batches: s.batches, batchLoss: s.loss };
    record.setStep({ report, loss, epochs: 0, position, config: mini.config }, 'all', 1, 'label');
    const w = currentWeights(record, mini.config, mini.data);
    assert.equal(w.trained, true);
    assert.deepEqual(w.params, paramsOf(model.net.layers), 'the stepped weights, to the last bit');
    assert.equal(w.loss, loss);
    assert.deepEqual(w.step, { epoch: 1, batch: 1, batches: 4 });
    assert.equal(weightsLabel(w), `trained · epoch 1 · batch 1 of 4 · loss ${formatLoss(loss)}`);
    const relu = opened(text.replace(/activation: tanh/, 'activation: relu'));
    assert.equal(currentWeights(record, relu.config, relu.data).trained, false, 'a network edit makes them stale');
    // A run started after the step and ended with weights of its own: those are current.
    const net = Network.fromSpec(mini.config);
    const trainer = new Trainer(net, mini.data, { epochs: 2 });
    record.startRun(1, 2, 2, text, undefined, { config: mini.config, startEpoch: 0 });
    const failedRun = currentWeights(record, mini.config, mini.data);
    assert.deepEqual(failedRun.params, paramsOf(model.net.layers), "while it runs, the step's weights stay");
    while (trainer.step());
    record.endRun(1, trainer.result(), backwardReport(net, mini.data.train, [0]));
    assert.deepEqual(currentWeights(record, mini.config, mini.data).params, paramsOf(net.layers));
    record.resetWeights();
    assert.equal(record.stepped, undefined, 'Reset forgets the step');
  });
});

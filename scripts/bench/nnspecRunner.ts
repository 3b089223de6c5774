/**
 * This project's side of the benchmark, through the engine's public API: the workload's .nnspec text
 * goes through `analyze`, `Network.fromSpec` builds the network, and one step is exactly what the
 * Trainer does per batch — `net.gradient` (forward + backward) then the spec's optimizer's `step`.
 * A second runner times whole `Trainer.step()` epochs (one batch each here), which add the per-epoch
 * metrics the Trainer computes: a second forward pass over the training set and a finiteness check.
 */
import { Network } from '../../src/engine/network';
import { makeOptimizer } from '../../src/engine/optimizers';
import { Trainer } from '../../src/engine/trainer';
import { analyze } from '../../src/spec/analyze';
import type { NetworkSpec } from '../../src/spec/types';
import { specText, type Runner, type Workload } from './workloads';

/** The validated spec of a workload; throws with the diagnostics if the text does not validate. */
export function workloadSpec(w: Workload, epochs = 1): NetworkSpec {
  const result = analyze(specText(w, epochs));
  if (!result.spec) {
    const errors = result.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
    throw new Error(`the benchmark spec of workload ${w.id} does not validate:\n${errors.join('\n')}`);
  }
  return result.spec;
}

/** One step = Network.gradient on the whole batch + the optimizer's update. */
export function nnspecRunner(w: Workload): Runner {
  const spec = workloadSpec(w);
  const net = Network.fromSpec(spec);
  const optimizer = makeOptimizer(spec.train.optimizer, spec.train.learningRate, net.params());
  const d = w.data;
  net.ensureCapacity(d.n);
  return {
    step() {
      const loss = net.gradient(d.x, d.targets, d.n);
      optimizer.step();
      return loss;
    },
    loss: () => net.lossOf(d.x, d.targets, d.n),
    dispose() { /* garbage-collected */ },
  };
}

/** One step = one Trainer epoch over a data set of exactly one batch (metrics included); `step` returns the loss after the update. */
export function nnspecTrainerRunner(w: Workload): Runner {
  const net = Network.fromSpec(workloadSpec(w));
  const trainer = new Trainer(net, { train: w.data }, { epochs: Number.MAX_SAFE_INTEGER });
  const d = w.data;
  return {
    step: () => trainer.step()?.loss ?? NaN,
    loss: () => net.lossOf(d.x, d.targets, d.n),
    dispose: () => trainer.cancel(),
  };
}

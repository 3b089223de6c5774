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
import { pauseHelper } from '../../src/engine/kernelHelper';
import { residentArray } from '../../src/engine/wasmMemory';
import { workloadSpec, type LayerWeights, type Runner, type Workload } from './workloads';

/** Copies of the initial weights the engine draws for the workload (what the tfjs side starts from). */
export function initialWeights(w: Workload): LayerWeights[] {
  return Network.fromSpec(workloadSpec(w)).layers.map((l) => ({ W: l.W.slice(), b: l.b.slice() }));
}

/**
 * One step = Network.gradient on the whole batch (without J's value, as the Trainer's epochs) + the optimizer's
 * update. The batch is a buffer in the kernels' memory, as the Trainer's mini-batch buffer is. `threads`: 2 lets
 * the products use the helper thread on the second core (as the CLI and the training worker do), 1 keeps them
 * on this thread.
 */
export function nnspecRunner(w: Workload, threads: 1 | 2 = 1): Runner {
  const spec = workloadSpec(w);
  const net = Network.fromSpec(spec);
  const optimizer = makeOptimizer(spec.train.optimizer, spec.train.learningRate, net.params());
  const d = w.data;
  const x = residentArray(d.x.length);
  x.set(d.x);
  net.ensureCapacity(d.n);
  return {
    step() {
      // As the Trainer's epochs do: the gradients without J's value (the epoch's metrics evaluate J).
      pauseHelper(threads === 1);
      net.gradient(x, d.targets, d.n, false);
      optimizer.step();
      pauseHelper(true);
      return NaN;
    },
    loss: () => net.lossOf(d.x, d.targets, d.n),
    dispose() {
      /* garbage-collected */
    },
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

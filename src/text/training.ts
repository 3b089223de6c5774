/**
 * Training told in words: an epoch's metrics ("loss 0.123456 · accuracy 95.3%"), the progress line of the
 * status bar and notifications, and why a run stopped, from the facts the trainer reports (TrainStop).
 */
import type { EpochMetrics, TrainResult, TrainStop } from '../engine/types';
import { formatLoss, formatNumber, formatPercent } from './numbers';
import { plural } from './notation';
import { nonFiniteText } from './nonFinite';

/**
 * "loss 0.123456 · accuracy 95.3% · test loss 0.2 · test accuracy 90.0%" (the parts the metrics have).
 * `lossName` here and below: what the loss is called — a graph's output name, "loss" for a network.
 */
export function formatMetrics(m: EpochMetrics, lossName = 'loss'): string {
  const parts = [`${lossName} ${formatLoss(m.loss)}`];
  if (m.accuracy !== undefined) parts.push(`accuracy ${formatPercent(m.accuracy)}`);
  if (m.testLoss !== undefined) parts.push(`test loss ${formatLoss(m.testLoss)}`);
  if (m.testAccuracy !== undefined) parts.push(`test accuracy ${formatPercent(m.testAccuracy)}`);
  return parts.join(' · ');
}

/** Status-bar and notification text for a training epoch: "epoch 12/100 · loss 0.123456 · acc 95.3%". */
export function trainingText(m: EpochMetrics | undefined, epochs: number, lossName = 'loss'): string {
  if (!m) return `epoch 0/${epochs}`;
  const acc = m.accuracy !== undefined ? ` · acc ${formatPercent(m.accuracy)}` : '';
  return `epoch ${m.epoch}/${epochs} · ${lossName} ${formatLoss(m.loss)}${acc}`;
}

/** Why training stopped, e.g. "loss became NaN at epoch 37; the learning rate 10 is likely too large". */
export function stopMessage(s: TrainStop, lossName = 'loss'): string {
  switch (s.reason) {
    case 'completed':
      return s.epochs === 0 ? 'no epochs to train' : `trained ${plural(s.epochs, 'epoch')}`;
    case 'loss_below':
      return `${lossName} ${formatLoss(s.loss)} fell below ${formatNumber(s.threshold)} at epoch ${s.epoch}`;
    case 'weight_change_below':
      return `the weights changed by at most ${formatNumber(s.change)} in epoch ${s.epoch}, below ${formatNumber(s.threshold)}: converged`;
    case 'cancelled':
      if (s.detail === 'running') return `training in progress at epoch ${s.epochs}`;
      if (s.detail === 'unanswered')
        return `stopped after ${plural(s.epochs, 'epoch')} (the worker was ended because it did not answer in time)`;
      return `training cancelled after ${plural(s.epochs, 'epoch')}`;
    case 'diverged': {
      if (s.start)
        return `${lossName} is ${s.cause === 'infinite-loss' ? 'infinite' : 'NaN'} already at the starting weights, before any training step: ${nonFiniteText(s.start)} (the learning rate is not the cause)`;
      const what =
        s.cause === 'weights'
          ? 'the weights became NaN or infinite'
          : `${lossName} became ${s.cause === 'nan-loss' ? 'NaN' : 'infinite'}`;
      return `${what} at epoch ${s.epoch}; the learning rate ${formatNumber(s.learningRate)} is likely too large`;
    }
  }
}

/**
 * Which weights a result used: "initial weights", "initial weights (weights file, epoch 300)" or
 * "trained · epoch 2000 · loss 0.249134" ("trained · epoch 3 · batch 5 of 10 · loss …" after a Step within an epoch).
 */
export function weightsLabel(w: {
  trained: boolean;
  epoch: number;
  loss?: number;
  step?: { epoch: number; batch: number; batches: number };
}): string {
  const loss = `loss ${formatLoss(w.loss ?? Number.NaN)}`;
  if (w.trained && w.step) return `trained · ${stepPositionText(w.step)} · ${loss}`;
  if (w.trained) return `trained · epoch ${w.epoch} · ${loss}`;
  return w.epoch > 0 ? `initial weights (weights file, epoch ${w.epoch})` : 'initial weights';
}

/** Results from before an edit of the network or its data: "from before the last edit (activation changed): run again". */
export function staleResultsText(fields: readonly string[]): string {
  const what = fields.length > 0 ? ` (${fields.join(', ')} changed)` : '';
  return `from before the last edit${what}: run again for the edited network`;
}

/** Where a Step stands: "epoch 3 · batch 5 of 10" (the epoch alone for the full batch). */
export function stepPositionText(p: { epoch: number; batch: number; batches: number }): string {
  return p.batches > 1 ? `epoch ${p.epoch} · batch ${p.batch} of ${p.batches}` : `epoch ${p.epoch}`;
}

/** The Output channel's line for a Step: "Step xor.nnspec: epoch 3 · batch 5 of 10 · batch J 0.41 → J 0.39 (training set)". */
export function stepLine(
  fileName: string,
  p: { epoch: number; batch: number; batches: number; batchLoss: number },
  loss: number,
): string {
  const batchJ =
    p.batches > 1
      ? `J of its batch ${formatLoss(p.batchLoss)} before the update`
      : `J ${formatLoss(p.batchLoss)} before`;
  return `Step ${fileName}: ${stepPositionText(p)} · ${batchJ} · J ${formatLoss(loss)} after (training set)`;
}

/**
 * The notification of a run that ended by itself: why it stopped, then its last metrics, once each, e.g.
 * "Training finished (xor.nnspec): trained 100 epochs · loss 0.012 · accuracy 100.0%".
 */
export function finishedText(fileName: string, r: TrainResult, lossName?: string): string {
  return `Training finished (${fileName}): ${stopMessage(r, lossName)} · ${formatMetrics(r.final, lossName)}`;
}

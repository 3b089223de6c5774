/**
 * The stop rules judged at the end of an epoch, for a network's trainer and a graph's alike: NaN or
 * Infinity in the loss or the parameters ('diverged', with the epoch and the learning rate among its
 * facts), then `loss_below` (loss < X), then `weight_change_below` (the largest |Δw| of the epoch < X,
 * seed 000's convergence loop). The epoch budget and cancelling belong to the loops themselves.
 */
import type { EpochMetrics, TrainStop } from './types';

export function stopRuleAt(
  epoch: number,
  metrics: EpochMetrics,
  paramsFinite: boolean,
  /** The epoch's largest parameter change, or undefined when it was not kept. */
  change: () => number | undefined,
  rule: { lossBelow?: number; weightChangeBelow?: number },
  learningRate: number,
): TrainStop | undefined {
  if (!Number.isFinite(metrics.loss) || !paramsFinite) {
    const cause = Number.isFinite(metrics.loss) ? 'weights' : Number.isNaN(metrics.loss) ? 'nan-loss' : 'infinite-loss';
    return { reason: 'diverged', epoch, cause, learningRate };
  }
  if (rule.lossBelow !== undefined && metrics.loss < rule.lossBelow)
    return { reason: 'loss_below', epoch, loss: metrics.loss, threshold: rule.lossBelow };
  if (rule.weightChangeBelow !== undefined) {
    const c = change();
    if (c !== undefined && c < rule.weightChangeBelow)
      return { reason: 'weight_change_below', epoch, change: c, threshold: rule.weightChangeBelow };
  }
  return undefined;
}

/**
 * The weights a document's network has now, for every action (Forward, Backward, Gradient check, Train,
 * Save Weights, Write Weights into the Spec, the exports): the weights its last training run ended with,
 * when that run completed or was stopped, no edit of the network or its data came since (an edit of
 * training settings keeps them), Reset Weights was not asked for, and its weights still fit the spec's
 * layers; otherwise the spec's initial weights (its `weights:`,
 * `weights_file:` or seeded init). With the epochs behind them and the training loss J there. No
 * `vscode` import, so it is unit-tested in Node.
 */
import type { NetworkConfig } from '../engine/config';
import { Network } from '../engine/network';
import { layerShapes, shapeSize } from '../engine/shapes';
import type { PassReport, TrainTestData } from '../engine/types';
import { paramsOf, type LayerParams } from '../format/weightsFile';
import { classifyChange } from '../engine/configChange';
import type { DocumentRecord } from './documentRecord';

export interface CurrentWeights {
  /** Per layer, first to last, flat row-major as the engine holds them. */
  params: LayerParams[];
  /** Epochs behind them (those of a `weights_file:` included); 0 for the spec's own initial weights. */
  epoch: number;
  /** The training loss J with them, over the whole training set. */
  loss: number;
  /** Whether they come from a training run or a Step in the editor (not from the spec). */
  trained: boolean;
  /** After a Step within an epoch: the update's epoch (from 1) and batch of `batches`. */
  step?: { epoch: number; batch: number; batches: number };
}

/** A report's parameters, flat (copies); undefined when they do not have the shapes of `config`'s layers. */
export function paramsOfReport(report: PassReport, config: NetworkConfig): LayerParams[] | undefined {
  if (report.layers.length !== config.layers.length) return undefined;
  const out: LayerParams[] = [];
  for (const [i, layer] of report.layers.entries()) {
    const shapes = layerShapes(config.layers[i]);
    const W = Float64Array.from((layer.params.W.value as unknown[]).flat(3) as number[]);
    if (W.length !== shapeSize(shapes.W)) return undefined;
    if (!shapes.b) {
      out.push({ W });
      continue;
    }
    const value = layer.params.b?.value;
    const b = value ? Float64Array.from((value as unknown[]).flat(3) as number[]) : undefined;
    if (!b || b.length !== shapeSize(shapes.b)) return undefined;
    out.push({ W, b });
  }
  return out;
}

/**
 * The document's weights now: its last run's final weights when it ended with a result (not diverged)
 * and they fit `config`, else `config`'s initial ones. `startEpoch`: the epochs of the spec's
 * `weights_file`, which training started from.
 */
export function currentWeights(
  record: DocumentRecord | undefined,
  config: NetworkConfig,
  data: TrainTestData,
  startEpoch = 0,
): CurrentWeights {
  const trained = trainedWeights(record, config, startEpoch);
  if (trained) return trained;
  const net = Network.fromSpec(config);
  const { x, targets, n } = data.train;
  return { params: paramsOf(net.layers), epoch: startEpoch, loss: net.lossOf(x, targets, n), trained: false };
}

/**
 * The last run's final weights when they are the document's weights now (see currentWeights), else
 * undefined — without building the initial network or computing its J, which only currentWeights needs.
 */
export function trainedWeights(
  record: DocumentRecord | undefined,
  config: NetworkConfig,
  startEpoch = 0,
): CurrentWeights | undefined {
  const run = record?.run;
  if (!record || record.weightsReset) return undefined;
  // An edit of the network or its data since the run or step (layers, activations, init, seed, loss, data …) makes
  // its weights stale; an edit of training settings keeps them. Reset Weights forgets them.
  const fits = (trainedConfig: NetworkConfig | undefined): boolean =>
    !trainedConfig || classifyChange(trainedConfig, config).kind !== 'network';
  const runWeights =
    run?.result && run.result.reason !== 'diverged' && run.snapshot && fits(run.config)
      ? paramsOfReport(run.snapshot, config)
      : undefined;
  // The last Step's weights, unless a run started since and ended with weights of its own.
  const step = record.stepped;
  if (step && (!run || run.ordinal <= step.afterRun || !runWeights) && fits(step.config)) {
    const params = paramsOfReport(step.report, config);
    const { batch, batches } = step.position;
    if (params)
      return {
        params,
        epoch: step.epochs,
        loss: step.loss,
        trained: true,
        ...(batch < batches ? { step: { epoch: step.epochs + 1, batch, batches } } : {}),
      };
  }
  if (run?.result && runWeights)
    return {
      params: runWeights,
      epoch: (run.startEpoch ?? startEpoch) + run.result.final.epoch,
      loss: run.result.final.loss,
      trained: true,
    };
  return undefined;
}

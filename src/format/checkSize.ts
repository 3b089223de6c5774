/**
 * The limits a spec is checked against, counted from its shapes before anything is allocated, by the
 * engine's own rules (shapes.ts, budget.ts, gradcheckPlan): the parameters plus the data within
 * `maxNumbers`; the per-sample numbers a run holds (its batch, an evaluation chunk or the gradient
 * check's samples, times the layers' widths) within the same limit, and never less than WORKING_FLOOR;
 * a gradient check that asks for more work than the engine does. Each is an error at the value that
 * asks for too much, saying what would fit.
 */
import type { Ctx } from './readers';
import type { DataInfo } from './validateData';
import type { ParsedLayer } from './validateLayers';
import type { Range } from './types';
import type { GradcheckConfig, TrainConfig } from '../engine/config';
import { bufferRows, evaluationRows, layerRowNumbers, rowNumbers, workingNumbers } from '../engine/budget';
import { testSize } from '../engine/data/load';
import { gradcheckPlan } from '../engine/gradcheck';
import { layerShapes } from '../engine/shapes';
import { formatCount } from '../text/numbers';

/** Per-sample numbers always allowed, whatever `maxNumbers` (a tiny limit still runs a tiny network). */
export const WORKING_FLOOR = 1 << 20;

/** Where the values that size a run are written (absent: not in the spec, a default). */
export interface SizeRanges {
  train?: Range;
  batchSize?: Range;
  optimizer?: Range;
  gradcheckSamples?: Range;
  gradcheckMaxParams?: Range;
}

export interface SizeInputs {
  layers: ParsedLayer[];
  input: number | undefined;
  data: DataInfo | undefined;
  train: TrainConfig;
  gradcheck: GradcheckConfig;
  ranges: SizeRanges;
  maxNumbers: number;
}

const samplesText = (n: number) => `${formatCount(n)} sample${n === 1 ? '' : 's'}`;

/** Checks every limit; reports the first one passed (a spec too big in one way is usually too big in others). */
export function checkSize(ctx: Ctx, s: SizeInputs): void {
  const { layers, input, data, maxNumbers } = s;
  let params = 0;
  let biggest: ParsedLayer | undefined;
  let biggestCount = -1;
  let inputs = input;
  let complete = true;
  for (const l of layers) {
    if (inputs === undefined || l.units === undefined) {
      complete = false;
      break;
    }
    const count = layerShapes({
      type: l.type ?? 'dense',
      inputs,
      units: l.units,
      pieces: l.pieces,
      bias: l.bias,
    }).params;
    params += count;
    if (count > biggestCount) {
      biggestCount = count;
      biggest = l;
    }
    inputs = l.units;
  }
  if (params > maxNumbers && biggest) {
    ctx.diag.error(
      biggest.unitsRange,
      'too-big',
      `the network would have ${formatCount(params)} parameters (layer ${biggest.index} alone ${formatCount(biggestCount)}); at most ${formatCount(maxNumbers)} numbers are allowed`,
    );
    return;
  }
  if (!complete || data?.count === undefined || data.features === undefined || input === undefined) return;
  const outputs = layers[layers.length - 1]?.units ?? 1;
  const numbers = data.count * (data.features + outputs);
  if (params + numbers > maxNumbers) {
    ctx.diag.error(
      data.countRange ?? data.classesRange ?? data.keyRange,
      'too-big',
      `the data would take ${formatCount(numbers)} numbers (${samplesText(data.count)}); with the ${formatCount(params)} parameters that is more than the ${formatCount(maxNumbers)} allowed`,
    );
    return;
  }
  if (!checkGradcheckWork(ctx, s, params, data.count)) return;
  checkWorking(ctx, s, params, data.count, outputs);
}

/** The samples of a data set of `count` that training uses (the rest is the test split). */
function trainSamples(s: SizeInputs, count: number): number {
  return count - testSize(count, s.data?.spec?.testSplit ?? 0);
}

function checkGradcheckWork(ctx: Ctx, s: SizeInputs, params: number, count: number): boolean {
  const { gradcheck, ranges } = s;
  const samples = Math.max(1, Math.min(gradcheck.samples, trainSamples(s, count)));
  const plan = gradcheckPlan(params, samples, gradcheck.maxParams);
  const network = `a network of ${formatCount(params)} parameters`;
  if (ranges.gradcheckSamples && plan.samples < samples) {
    ctx.diag.error(
      ranges.gradcheckSamples,
      'too-big',
      `gradcheck: ${samplesText(samples)} of ${network} is more work than a gradient check does; at most ${formatCount(plan.samples)}`,
    );
    return false;
  }
  if (ranges.gradcheckMaxParams && plan.entries < Math.min(gradcheck.maxParams, params)) {
    ctx.diag.error(
      ranges.gradcheckMaxParams,
      'too-big',
      `gradcheck: checking ${formatCount(Math.min(gradcheck.maxParams, params))} parameters on ${samplesText(plan.samples)} of ${network} is more work than a gradient check does; at most ${formatCount(plan.entries)} parameters`,
    );
    return false;
  }
  return true;
}

function checkWorking(ctx: Ctx, s: SizeInputs, params: number, count: number, outputs: number): void {
  const { layers, train, gradcheck, ranges, input, maxNumbers } = s;
  const widths = layers.map((l) => ({ type: l.type ?? 'dense', units: l.units!, pieces: l.pieces }));
  const nTrain = trainSamples(s, count);
  const batch = train.batchSize === 'full' ? nTrain : Math.min(train.batchSize, nTrain);
  const gc = gradcheckPlan(params, Math.max(1, Math.min(gradcheck.samples, nTrain)), gradcheck.maxParams).samples;
  const run = { batch, gradcheck: gc, samples: Math.max(nTrain, count - nTrain), inputs: input!, targetWidth: outputs };
  const working = workingNumbers(widths, run);
  const limit = Math.max(maxNumbers, WORKING_FLOOR);
  if (working <= limit) return;
  const width = rowNumbers(widths);
  const rows = bufferRows(widths, run);
  const takes = `takes ${formatCount(working)} numbers for the layers' values (${formatCount(width)} per sample); at most ${formatCount(limit)} are allowed`;
  if (rows === batch && batch >= gc) {
    const full = train.batchSize === 'full';
    const at = ranges.batchSize ?? ranges.optimizer ?? ranges.train ?? s.data!.keyRange;
    ctx.diag.error(
      at,
      'too-big',
      full
        ? `training on all ${samplesText(batch)} at once (the full batch) ${takes}: train in mini-batches, e.g. optimizer: sgd with batch_size: 32`
        : `training in batches of ${samplesText(batch)} ${takes}: use a smaller batch_size`,
    );
  } else if (rows === gc && ranges.gradcheckSamples) {
    ctx.diag.error(ranges.gradcheckSamples, 'too-big', `gradcheck: ${samplesText(gc)} at once ${takes}`);
  } else {
    const widest = layers.reduce((a, l, i) =>
      layerRowNumbers(widths[i]) > layerRowNumbers(widths[a.index - 1]) ? l : a,
    );
    ctx.diag.error(
      widest.unitsRange,
      'too-big',
      `layer ${widest.index} is too wide: a run holds at least ${samplesText(Math.min(rows, evaluationRows(width)))} at once, which ${takes}`,
    );
  }
}

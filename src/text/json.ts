/**
 * The CLI's `--json` output: the engine's reports as a program reads them, in the same notation as every
 * other surface — `samples` lists sample numbers from 1 (the first sample is 1), layers are numbered from 1,
 * a gradient-check entry's `index` counts from 1 as its name does (W¹[1,2] is `index: [1, 2]`), activations
 * are named as the spec writes them, and the verdict or the reason training stopped comes as `message`.
 * Arrays of values (z, a, weights, gradients) stay arrays.
 */
import type { GradcheckReport, PassReport, TrainResult } from '../engine/types';
import { gradcheckMessage } from './gradcheck';
import { activationName, sampleNumber } from './notation';
import { stopMessage } from './training';

export function passJson(r: PassReport): unknown {
  return {
    ...r,
    samples: r.samples.map(sampleNumber),
    layers: r.layers.map((l) => ({ ...l, activation: activationName(l.activation) })),
  };
}

export function gradcheckJson(r: GradcheckReport): unknown {
  return {
    ...r,
    entries: r.entries.map((e) => ({ ...e, index: e.index.map((i) => i + 1) })),
    message: gradcheckMessage(r),
  };
}

/** The last line of `train --json`: the final metrics, why training stopped and the same in words. */
export function trainEndJson(r: TrainResult): unknown {
  return { ...r.final, reason: r.reason, message: stopMessage(r) };
}

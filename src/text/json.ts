/**
 * The CLI's `--json` output: the engine's reports as a program reads them, in the same notation as every
 * other surface — `samples` lists sample numbers from 1 (the first sample is 1), layers are numbered from 1,
 * a gradient-check entry's `index` counts from 1 as its name does (W¹[1,2] is `index: [1, 2]`), activations
 * are named as the spec writes them, and the verdict or the reason training stopped comes as `message`.
 * Arrays of values (z, a, weights, gradients) stay arrays. A graph's values go by their shape: a number as a
 * number, a vector as a list, a matrix as a list of rows; its gradient-check `index` counts from 1 too.
 */
import type { GradcheckReport, PassReport, TrainResult } from '../engine/types';
import type { GraphGradcheckReport } from '../engine/graph/gradcheck';
import type { GraphPassReport } from '../engine/graph/passes';
import { gradcheckMessage } from './gradcheck';
import { graphGradcheckMessage } from './graph';
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
export function trainEndJson(r: TrainResult, lossName?: string): unknown {
  return { ...r.final, reason: r.reason, message: stopMessage(r, lossName) };
}

/** A graph value by its shape: a number, a list, or a list of rows. */
export function graphValueJson(data: ArrayLike<number>, shape: readonly number[]): number | number[] | number[][] {
  if (shape.length === 0) return data[0];
  if (shape.length === 1) return Array.from(data);
  const [rows, cols] = shape;
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => data[r * cols + c]));
}

/** `forward --json` / `backward --json` of a graph: the output, its value, and every input and gate in order. */
export function graphPassJson(r: GraphPassReport): unknown {
  return {
    output: r.output,
    value: r.value,
    nodes: r.nodes.map((n) => ({
      name: n.name,
      op: n.op,
      inputs: n.inputs,
      shape: n.shape,
      value: graphValueJson(n.value, n.shape),
      ...(n.grad ? { grad: graphValueJson(n.grad, n.shape) } : {}),
    })),
  };
}

/** `gradcheck --json` of a graph: the layered check's keys, `param` naming the input and `index` its element. */
export function graphGradcheckJson(r: GraphGradcheckReport): unknown {
  return {
    ...r,
    entries: r.entries.map((e) => ({ ...e, index: e.index.map((i) => i + 1) })),
    message: graphGradcheckMessage(r),
  };
}

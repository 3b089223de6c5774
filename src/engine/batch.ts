/**
 * Gathering samples of a Dataset into contiguous batch buffers (x rows and target rows), either into
 * fresh arrays (reports) or into preallocated ones (the training loop, allocation-free).
 */
import type { Dataset } from './types';

/** Copies rows `indices[start … start+count)` of src (rows of `width`) into dst. */
export function gatherRows(
  src: Float64Array,
  width: number,
  indices: ArrayLike<number>,
  start: number,
  count: number,
  dst: Float64Array,
): void {
  for (let r = 0; r < count; r++) {
    const from = indices[start + r] * width;
    const to = r * width;
    for (let j = 0; j < width; j++) dst[to + j] = src[from + j];
  }
}

export interface Batch {
  x: Float64Array;
  targets: Float64Array;
  n: number;
  samples: number[];
}

/** The given samples of data (default: all of them) as a fresh batch; throws on an index out of range. */
export function makeBatch(data: Dataset, samples?: number[]): Batch {
  const idx = samples ?? Array.from({ length: data.n }, (_, i) => i);
  for (const i of idx) {
    if (!Number.isInteger(i) || i < 0 || i >= data.n)
      throw new RangeError(`sample ${i} is out of range (the data has ${data.n} samples, numbered 0 to ${data.n - 1})`);
  }
  const x = new Float64Array(idx.length * data.inputs);
  const targets = new Float64Array(idx.length * data.targetWidth);
  gatherRows(data.x, data.inputs, idx, 0, idx.length, x);
  gatherRows(data.targets, data.targetWidth, idx, 0, idx.length, targets);
  return { x, targets, n: idx.length, samples: idx.slice() };
}

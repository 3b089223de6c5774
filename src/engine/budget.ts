/**
 * What a run holds per sample, counted before anything is allocated: the one rule the engine sizes its
 * buffers by and the format checks a spec against. The per-sample buffers of every layer (z, a, ∂J/∂a,
 * ∂J/∂z, and for maxout each piece's z and the routed gradient) hold `rows` samples: the training batch,
 * at least one evaluation chunk (the loss and accuracy over a whole data set are summed chunk by chunk,
 * in sample order, so they equal a single pass), and the gradient check's samples; never more rows than
 * the largest data set. So memory is O(parameters + data + rows × width), whatever the data set's size.
 */

/** What a layer's per-sample numbers depend on. */
export interface LayerWidth {
  type: 'dense' | 'maxout';
  units: number;
  pieces: number;
}

/** Numbers one sample takes in a layer's buffers: z, a, ∂J/∂a, ∂J/∂z; maxout adds each piece's z, the routed gradient and its argmax (a byte, counted as one number). */
export function layerRowNumbers(l: LayerWidth): number {
  return l.units * (4 + (l.type === 'maxout' ? l.pieces + 2 : 0));
}

/** Numbers one sample takes in all layers' buffers. */
export function rowNumbers(layers: readonly LayerWidth[]): number {
  return layers.reduce((s, l) => s + layerRowNumbers(l), 0);
}

/**
 * Samples per evaluation chunk for a network whose samples take `width` numbers each: about 64 Ki
 * numbers, between 64 and 1024 samples. At least 64, so a chunk takes the same kernel paths as a whole
 * data set would (the sigmoid's WebAssembly path starts at 64 elements), and its numbers are the same.
 */
export function evaluationRows(width: number): number {
  return Math.max(64, Math.min(1024, Math.floor(65536 / Math.max(1, width))));
}

/** What the rows of a run's buffers depend on. */
export interface RunRows {
  /** Samples per training step (the whole training set for a full batch); 0 when the run does not train. */
  batch: number;
  /** Samples of the gradient check; 0 when the run does not check. */
  gradcheck: number;
  /** Samples of the largest data set the run evaluates (training or test). */
  samples: number;
}

/** Rows of the per-sample buffers: the batch, one evaluation chunk and the gradient check's samples, at most the largest data set. */
export function bufferRows(layers: readonly LayerWidth[], run: RunRows): number {
  const wanted = Math.max(run.batch, run.gradcheck, evaluationRows(rowNumbers(layers)));
  return Math.max(1, Math.min(run.samples, wanted));
}

/** Numbers the per-sample buffers of a run hold (layers' buffers, plus the batch's gathered inputs and targets). */
export function workingNumbers(
  layers: readonly LayerWidth[],
  run: RunRows & { inputs: number; targetWidth: number },
): number {
  return bufferRows(layers, run) * rowNumbers(layers) + run.batch * (run.inputs + run.targetWidth);
}

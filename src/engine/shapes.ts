/**
 * The shape rule of a layer, in one place: its weights W are inputs × units (maxout: pieces × inputs ×
 * units), its biases b are units (maxout: pieces × units) when it has any, and its parameter count is
 * the sum of their sizes. The engine allocates by it; the format checks explicit weights, sums the size
 * limit and builds the summary by it.
 */
import type { LayerType } from './config';

/** Most affine pieces a maxout layer may take the max over (its argmax per element is one byte). */
export const MAX_PIECES = 255;

/** What a layer's shapes depend on. `pieces` only counts for maxout (a dense layer has one). */
export interface LayerDims {
  type: LayerType;
  inputs: number;
  units: number;
  pieces: number;
  bias: boolean;
}

export interface LayerShapes {
  /** [inputs, units] (dense) or [pieces, inputs, units] (maxout). */
  W: number[];
  /** [units] (dense) or [pieces, units] (maxout); absent without bias. */
  b?: number[];
  /** Number of parameters: the sizes of W and b. */
  params: number;
}

/** Number of elements of an array of this shape. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The affine pieces a layer takes the max over: `pieces` for maxout (at least 1), 1 for dense. */
export function piecesOf(l: Pick<LayerDims, 'type' | 'pieces'>): number {
  return l.type === 'maxout' ? Math.max(1, l.pieces) : 1;
}

/** W's and b's shapes and the parameter count of a layer. */
export function layerShapes(l: LayerDims): LayerShapes {
  const maxout = l.type === 'maxout';
  const k = piecesOf(l);
  const W = maxout ? [k, l.inputs, l.units] : [l.inputs, l.units];
  if (!l.bias) return { W, params: shapeSize(W) };
  const b = maxout ? [k, l.units] : [l.units];
  return { W, b, params: shapeSize(W) + shapeSize(b) };
}

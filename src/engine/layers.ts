/**
 * Layers: dense (z = x·W + b, a = f(z)) and maxout (z = max over K affine pieces x·W_k + b_k,
 * a = f(z)), each with forward and backward side by side. Weights are inputs × units (maxout:
 * pieces × inputs × units), row-major. Buffers for z, a, ∂J/∂a and ∂J/∂z are sized for the largest
 * batch seen so far and reused (the first n rows are the batch): no allocation per step. Parameters,
 * gradients and these buffers live in the WebAssembly kernels' memory (wasmMemory.ts), used in place.
 * In maxout's backward the max routes: each unit's gradient flows only to its argmax piece.
 */
import type { LayerConfig, LayerType } from './config';
import type { Activation } from './activations';
import { layerShapes, MAX_PIECES, piecesOf, shapeSize, type LayerShapes } from './shapes';
import { matmul, matmulABt, matmulAtB } from './tensor';
import { residentArray, residentRows } from './wasmMemory';

export class Layer {
  readonly index: number;
  readonly type: LayerType;
  readonly inputs: number;
  readonly units: number;
  readonly pieces: number;
  readonly hasBias: boolean;
  readonly activation: Activation;
  /** W's and b's shapes as reported, and the parameter count (shapes.ts). */
  readonly shapes: LayerShapes;
  /** pieces × inputs × units. */
  readonly W: Float64Array;
  readonly dW: Float64Array;
  /** pieces × units (length 0 without bias). */
  readonly b: Float64Array;
  readonly db: Float64Array;
  /** capacity × units each; valid for the first n rows after forward / backward. */
  z: Float64Array = new Float64Array(0);
  a: Float64Array = new Float64Array(0);
  dA: Float64Array = new Float64Array(0);
  dZ: Float64Array = new Float64Array(0);
  private rows = 0;
  // maxout only: per-piece pre-activations (pieces × capacity × units), argmax per element, routed gradient.
  private zPieces: Float64Array[] = [];
  argmax = new Uint8Array(0);
  private routed: Float64Array = new Float64Array(0);
  private readonly Wk: Float64Array[];
  private readonly dWk: Float64Array[];
  private readonly bk: Float64Array[];
  private readonly dbk: Float64Array[];

  constructor(spec: LayerConfig, activation: Activation) {
    this.index = spec.index;
    this.type = spec.type;
    this.inputs = spec.inputs;
    this.units = spec.units;
    this.pieces = piecesOf(spec);
    if (this.pieces > MAX_PIECES) throw new Error(`layer ${spec.index}: maxout supports at most ${MAX_PIECES} pieces`);
    this.hasBias = spec.bias;
    this.activation = activation;
    this.shapes = layerShapes(spec);
    const wSize = shapeSize(this.shapes.W);
    const bSize = this.shapes.b ? shapeSize(this.shapes.b) : 0;
    this.W = residentArray(wSize);
    this.dW = residentArray(wSize);
    this.b = residentArray(bSize);
    this.db = residentArray(bSize);
    const per = this.inputs * this.units;
    this.Wk = [];
    this.dWk = [];
    this.bk = [];
    this.dbk = [];
    for (let k = 0; k < this.pieces; k++) {
      this.Wk.push(this.W.subarray(k * per, (k + 1) * per));
      this.dWk.push(this.dW.subarray(k * per, (k + 1) * per));
      this.bk.push(this.b.subarray(k * this.units, this.hasBias ? (k + 1) * this.units : 0));
      this.dbk.push(this.db.subarray(k * this.units, this.hasBias ? (k + 1) * this.units : 0));
    }
  }

  /** Rows the buffers hold. */
  get capacity(): number {
    return this.rows;
  }

  /** Makes the buffers hold at least n rows. */
  ensureCapacity(n: number): void {
    if (n <= this.rows) return;
    const size = n * this.units;
    const buffer = () => residentRows(size, this.units);
    this.z = buffer();
    this.a = buffer();
    this.dA = buffer();
    this.dZ = buffer();
    if (this.type === 'maxout') {
      this.zPieces = [];
      for (let k = 0; k < this.pieces; k++) this.zPieces.push(buffer());
      this.argmax = new Uint8Array(size);
      this.routed = buffer();
    }
    this.rows = n;
  }

  /** z and a for the first n rows of x (n × inputs). */
  forward(x: Float64Array, n: number): void {
    const { inputs, units } = this;
    const len = n * units;
    if (this.type === 'dense') {
      matmul(x, this.W, this.z, n, inputs, units, false, this.hasBias ? this.b : undefined);
    } else {
      for (let k = 0; k < this.pieces; k++) {
        matmul(x, this.Wk[k], this.zPieces[k], n, inputs, units, false, this.hasBias ? this.bk[k] : undefined);
      }
      const z = this.z,
        am = this.argmax;
      const z0 = this.zPieces[0];
      for (let i = 0; i < len; i++) z[i] = z0[i];
      am.fill(0, 0, len);
      for (let k = 1; k < this.pieces; k++) {
        const zk = this.zPieces[k];
        for (let i = 0; i < len; i++)
          if (zk[i] > z[i]) {
            z[i] = zk[i];
            am[i] = k;
          }
      }
    }
    this.activation.forward(this.z, this.a, n, units);
  }

  /** dZ from dA through the activation (the output layer gets dZ from the loss instead). */
  backwardActivation(n: number): void {
    this.activation.backward(this.z, this.a, this.dA, this.dZ, n, this.units);
  }

  /** dW and db from dZ (n rows) and the layer input x; dX = ∂J/∂x when given (n × inputs). */
  backward(x: Float64Array, n: number, dX: Float64Array | undefined): void {
    const { inputs, units } = this;
    if (this.type === 'dense') {
      matmulAtB(x, this.dZ, this.dW, n, inputs, units, false, this.hasBias ? this.db : undefined);
      if (dX) matmulABt(this.dZ, this.W, dX, n, units, inputs);
      return;
    }
    const len = n * units;
    const dZ = this.dZ,
      am = this.argmax,
      r = this.routed;
    for (let k = 0; k < this.pieces; k++) {
      for (let i = 0; i < len; i++) r[i] = am[i] === k ? dZ[i] : 0;
      matmulAtB(x, r, this.dWk[k], n, inputs, units, false, this.hasBias ? this.dbk[k] : undefined);
      if (dX) matmulABt(r, this.Wk[k], dX, n, units, inputs, k > 0);
    }
  }

  /** Number of bytes `pattern` writes for n rows (0 when the layer is smooth). */
  patternSize(n: number): number {
    return (
      (this.activation.pattern ? n * this.units : 0) + (this.type === 'maxout' && this.pieces > 1 ? n * this.units : 0)
    );
  }

  /** Writes which branch each unit is on (activation corners, maxout argmax) for kink detection. */
  pattern(n: number, out: Uint8Array, offset: number): number {
    const len = n * this.units;
    if (this.activation.pattern) {
      this.activation.pattern(this.z, len, out, offset);
      offset += len;
    }
    if (this.type === 'maxout' && this.pieces > 1) {
      out.set(this.argmax.subarray(0, len), offset);
      offset += len;
    }
    return offset;
  }

  paramCount(): number {
    return this.shapes.params;
  }
}

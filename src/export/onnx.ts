/**
 * The network as an ONNX model for inference (opset 13, IR version 7): input `x` (N × inputs, the
 * features as nnspec feeds them — after the spec's normalization), output `y` (N × outputs, the last
 * layer's activation). Dense layers are MatMul (+ Add); maxout is one MatMul (+ Add) per piece and a
 * Max; activations are ONNX operators, and user-defined ones their expression translated operator by
 * operator (constant parts folded by nnspec's own evaluator).
 *
 * Precision: float64 when ONNX Runtime's CPU kernels support every operator of the graph in double
 * (FLOAT64_OPS); otherwise float32. Softplus, Elu and LeakyRelu have float kernels only, so in
 * float64 they are built from operators that have double ones (log1p and expm1 in the accurate
 * forms w·u/(w−1) and (u−1)·z/log u), which keeps every model float64. `float32: true` asks for
 * float32 (smaller; what GPU runtimes want), using the native operators.
 */
import type { ActivationConfig, Expr, NetworkConfig } from '../engine/config';
import { layerShapes, piecesOf } from '../engine/shapes';
import { constantValue } from './expr';
import { DOUBLE, encodeModel, FLOAT, type ElemType, type Node, type Tensor } from './onnxProto';
import { fingerprintOf, type LayerParams } from '../format/weightsFile';

export const ONNX_OPSET = 13;
const IR_VERSION = 7;

/** Operators whose ONNX Runtime CPU kernels take double (checked against onnxruntime-web in the tests). */
export const FLOAT64_OPS: ReadonlySet<string> = new Set([
  'Abs',
  'Add',
  'Cast',
  'Cos',
  'Div',
  'Equal',
  'Exp',
  'Expand',
  'Greater',
  'Identity',
  'Log',
  'MatMul',
  'Max',
  'Min',
  'Mul',
  'Neg',
  'Pow',
  'Relu',
  'Shape',
  'Sigmoid',
  'Sin',
  'Softmax',
  'Sqrt',
  'Sub',
  'Tanh',
  'Where',
]);

export interface OnnxOptions {
  /** float32 instead of float64. */
  float32?: boolean;
  /** nnspec's version, recorded as the producer's. */
  version?: string;
  /** What the weights are: epochs trained and the training loss (model metadata). */
  epoch?: number;
  loss?: number;
  /** The spec file's name (model metadata). */
  source?: string;
}

export interface OnnxModel {
  bytes: Uint8Array;
  precision: 'float64' | 'float32';
  /** The operators used, each once. */
  ops: string[];
}

/** Nodes and initializers of a graph under construction, with fresh names. */
class Builder {
  readonly nodes: Node[] = [];
  readonly initializers: Tensor[] = [];
  private readonly scalars = new Map<string, string>();
  private count = 0;

  constructor(readonly type: ElemType) {}

  tensor(name: string, dims: number[], values: ArrayLike<number>): string {
    this.initializers.push({ name, dims, type: this.type, values });
    return name;
  }

  /** A scalar constant of the graph's element type (shared by value). */
  scalar(v: number): string {
    const key = Object.is(v, -0) ? '-0' : String(v);
    let name = this.scalars.get(key);
    if (!name) {
      name = `const_${this.scalars.size}`;
      this.scalars.set(key, name);
      this.tensor(name, [], [v]);
    }
    return name;
  }

  op(scope: string, op: string, inputs: string[], attributes?: Node['attributes']): string {
    const out = `${scope}/${op}_${this.count++}`;
    this.nodes.push({ op, inputs, outputs: [out], name: out, ...(attributes ? { attributes } : {}) });
    return out;
  }
}

/** log(1 + u) for u ≥ 0, accurate for small u: u when 1 + u rounds to 1, else log(w)·u/(w − 1) with w = 1 + u. */
function log1p(b: Builder, scope: string, u: string): string {
  const w = b.op(scope, 'Add', [b.scalar(1), u]);
  const tiny = b.op(scope, 'Equal', [w, b.scalar(1)]);
  const ratio = b.op(scope, 'Div', [u, b.op(scope, 'Sub', [w, b.scalar(1)])]);
  return b.op(scope, 'Where', [tiny, u, b.op(scope, 'Mul', [b.op(scope, 'Log', [w]), ratio])]);
}

/** e^z − 1 for z ≤ 0, accurate near 0: z when e^z rounds to 1, else (u − 1)·z/log(u) with u = e^z. */
function expm1(b: Builder, scope: string, z: string): string {
  const u = b.op(scope, 'Exp', [z]);
  const one = b.op(scope, 'Equal', [u, b.scalar(1)]);
  const ratio = b.op(scope, 'Div', [z, b.op(scope, 'Log', [u])]);
  return b.op(scope, 'Where', [one, z, b.op(scope, 'Mul', [b.op(scope, 'Sub', [u, b.scalar(1)]), ratio])]);
}

const UNARY: Record<string, string> = {
  exp: 'Exp',
  log: 'Log',
  sqrt: 'Sqrt',
  abs: 'Abs',
  sin: 'Sin',
  cos: 'Cos',
  tanh: 'Tanh',
  sigmoid: 'Sigmoid',
  relu: 'Relu',
};

/** A user-defined activation's expression applied to z. */
function expression(b: Builder, scope: string, e: Expr, z: string): string {
  const c = constantValue(e);
  if (c !== undefined) return b.scalar(c);
  switch (e.type) {
    case 'var':
      return z;
    case 'neg':
      return b.op(scope, 'Neg', [expression(b, scope, e.arg, z)]);
    case 'bin': {
      if (e.op === '@') throw new Error('an activation has no matrix product');
      const op = { '+': 'Add', '-': 'Sub', '*': 'Mul', '/': 'Div', '^': 'Pow' }[e.op];
      return b.op(scope, op, [expression(b, scope, e.left, z), expression(b, scope, e.right, z)]);
    }
    case 'call': {
      const args = e.args.map((a) => expression(b, scope, a, z));
      if (e.fn === 'min' || e.fn === 'max')
        return args.length === 1 ? args[0] : b.op(scope, e.fn === 'min' ? 'Min' : 'Max', args);
      // ONNX Runtime fuses x·Sigmoid(x) into QuickGelu, which has no double kernel: in float64 a user's
      // sigmoid is 1 / (1 + e^−v), which it leaves alone.
      if (e.fn === 'sigmoid' && b.type === DOUBLE)
        return b.op(scope, 'Div', [
          b.scalar(1),
          b.op(scope, 'Add', [b.scalar(1), b.op(scope, 'Exp', [b.op(scope, 'Neg', args)])]),
        ]);
      return b.op(scope, UNARY[e.fn], args);
    }
    default:
      throw new Error(`a constant expression node was not folded`);
  }
}

/** The activation applied to z (returns z itself for linear). */
function activation(b: Builder, scope: string, act: ActivationConfig, z: string): string {
  const native = b.type === FLOAT;
  const positive = (): string => b.op(scope, 'Greater', [z, b.scalar(0)]);
  switch (act.kind) {
    case 'linear':
      return z;
    case 'sigmoid':
      return b.op(scope, 'Sigmoid', [z]);
    case 'tanh':
      return b.op(scope, 'Tanh', [z]);
    case 'relu':
      return b.op(scope, 'Relu', [z]);
    case 'softmax':
      return b.op(scope, 'Softmax', [z], [{ name: 'axis', int: 1 }]);
    case 'step':
      return b.op(scope, 'Cast', [positive()], [{ name: 'to', int: b.type }]);
    case 'leaky_relu':
      if (native) return b.op(scope, 'LeakyRelu', [z], [{ name: 'alpha', float: act.alpha }]);
      return b.op(scope, 'Where', [positive(), z, b.op(scope, 'Mul', [z, b.scalar(act.alpha)])]);
    case 'elu': {
      if (native) return b.op(scope, 'Elu', [z], [{ name: 'alpha', float: act.alpha }]);
      const negative = expm1(b, scope, b.op(scope, 'Min', [z, b.scalar(0)]));
      return b.op(scope, 'Where', [positive(), z, b.op(scope, 'Mul', [negative, b.scalar(act.alpha)])]);
    }
    case 'softplus': {
      if (native) return b.op(scope, 'Softplus', [z]);
      // softplus(z) = max(z, 0) + log(1 + e^−|z|)
      const tail = log1p(b, scope, b.op(scope, 'Exp', [b.op(scope, 'Neg', [b.op(scope, 'Abs', [z])])]));
      return b.op(scope, 'Add', [b.op(scope, 'Relu', [z]), tail]);
    }
    case 'custom': {
      const out = expression(b, scope, act.f, z);
      // A constant f still gives one value per element.
      const constant = b.initializers.some((t) => t.name === out);
      return constant ? b.op(scope, 'Expand', [out, b.op(scope, 'Shape', [z])]) : out;
    }
  }
}

function activationDoc(act: ActivationConfig): string {
  if (act.kind === 'custom') return `${act.name} (f = ${act.fText})`;
  if (act.kind === 'leaky_relu' || act.kind === 'elu') return `${act.kind}(${act.alpha})`;
  return act.kind;
}

function build(config: NetworkConfig, params: readonly LayerParams[], type: ElemType): { b: Builder; y: string } {
  const b = new Builder(type);
  let x = 'x';
  config.layers.forEach((l, i) => {
    const scope = `layer${l.index}`;
    const shapes = layerShapes(l);
    const p = params[i];
    const pieces = piecesOf(l);
    const per = l.inputs * l.units;
    const zs: string[] = [];
    for (let k = 0; k < pieces; k++) {
      const suffix = l.type === 'maxout' ? `.piece${k + 1}` : '';
      const W = b.tensor(`${scope}.W${suffix}`, [l.inputs, l.units], p.W.subarray(k * per, (k + 1) * per));
      let z = b.op(scope, 'MatMul', [x, W]);
      if (shapes.b && p.b) {
        const bias = b.tensor(`${scope}.b${suffix}`, [l.units], p.b.subarray(k * l.units, (k + 1) * l.units));
        z = b.op(scope, 'Add', [z, bias]);
      }
      zs.push(z);
    }
    const z = zs.length === 1 ? zs[0] : b.op(scope, 'Max', zs);
    x = activation(b, scope, l.activation, z);
  });
  return { b, y: x };
}

/** The ONNX model of a network with these parameters. */
export function exportOnnx(
  config: NetworkConfig,
  params: readonly LayerParams[],
  options: OnnxOptions = {},
): OnnxModel {
  let type: ElemType = options.float32 ? FLOAT : DOUBLE;
  let built = build(config, params, type);
  if (type === DOUBLE && built.b.nodes.some((n) => !FLOAT64_OPS.has(n.op))) {
    type = FLOAT;
    built = build(config, params, type);
  }
  const { b } = built;
  let y = built.y;
  if (y === 'x' || !b.nodes.some((n) => n.outputs[0] === y)) y = b.op('output', 'Identity', [y]);
  // The last node's output is the graph's output `y`.
  for (const n of b.nodes) {
    n.outputs = n.outputs.map((o) => (o === y ? 'y' : o));
    n.inputs = n.inputs.map((o) => (o === y ? 'y' : o));
  }
  const last = config.layers[config.layers.length - 1];
  const arch = [
    `${config.input} inputs`,
    ...config.layers.map(
      (l) =>
        `${l.type} ${l.units}${l.type === 'maxout' ? ` × ${piecesOf(l)} pieces` : ''} (${activationDoc(l.activation)})`,
    ),
  ].join(' → ');
  const doc =
    `${config.name ?? 'nnspec network'}: ${arch}. Input x: N × ${config.input} features, as nnspec feeds them ` +
    `(after the spec's normalization, if any); output y: N × ${last.units}, the last layer's ${activationDoc(last.activation)}.`;
  const params_ = params.reduce((s, p) => s + p.W.length + (p.b?.length ?? 0), 0);
  const metadata: Record<string, string> = {
    'nnspec.network': JSON.stringify(fingerprintOf(config)),
    'nnspec.loss_function': config.loss,
    'nnspec.parameters': String(params_),
  };
  if (options.source) metadata['nnspec.source'] = options.source;
  if (options.epoch !== undefined) metadata['nnspec.epoch'] = String(options.epoch);
  if (options.loss !== undefined && Number.isFinite(options.loss))
    metadata['nnspec.training_loss'] = String(options.loss);
  const bytes = encodeModel({
    irVersion: IR_VERSION,
    opset: ONNX_OPSET,
    producerName: 'nnspec',
    producerVersion: options.version ?? '0.0.0-dev',
    doc,
    metadata,
    graph: {
      name: config.name ?? 'nnspec',
      nodes: b.nodes,
      initializers: b.initializers,
      inputs: [{ name: 'x', type, shape: ['N', config.input], doc: 'features, one row per sample' }],
      outputs: [{ name: 'y', type, shape: ['N', last.units], doc: 'the network output, one row per sample' }],
    },
  });
  return {
    bytes,
    precision: type === DOUBLE ? 'float64' : 'float32',
    ops: [...new Set(b.nodes.map((n) => n.op))].sort(),
  };
}

/**
 * The network, its prepared data and its training as one self-contained Python program that needs
 * only PyTorch (`nnspec export FILE --to pytorch`). The program mirrors nnspec exactly, so both print
 * the same losses: float64 throughout; W as inputs × units (maxout pieces × inputs × units); every
 * activation with nnspec's derivative (softplus, step and user-defined ones as autograd Functions
 * whose backward is the spec's df); the loss averaged over the batch and 0.5·l2·ΣW² + l1·Σ|W| on the
 * weights only; the optimizer's update rules of optimizers.ts; the training set walked in nnspec's
 * batches, shuffled by a port of its random numbers; metrics after every epoch over the whole
 * training (and test) set; the stop rules. Data are embedded after CSV mapping, normalization and the
 * test split, so both sides train on the same numbers.
 *
 * It runs on one process, on K local processes (`--nproc K`), or under any launcher that follows
 * torchrun's environment contract (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT), on one
 * machine or several: each process takes its share of every mini-batch, DistributedDataParallel sums
 * the gradients and the metrics are reduced, so the losses are those of one process.
 */
import type { ActivationConfig, Expr, NetworkConfig } from '../engine/config';
import { layerShapes, piecesOf } from '../engine/shapes';
import { shuffleSeed } from '../engine/trainer';
import type { Dataset, TrainTestData } from '../engine/types';
import { constantValue } from './expr';
import { fingerprintOf, nest, WEIGHTS_FORMAT, WEIGHTS_VERSION, type LayerParams } from '../format/weightsFile';

export interface PytorchExport {
  config: NetworkConfig;
  data: TrainTestData;
  /** The weights the program starts from (the spec's initial weights, or loaded ones). */
  params: readonly LayerParams[];
  /** The spec file's name, for the header. */
  source: string;
  /** nnspec's version, for the header. */
  version?: string;
  /** Epochs already behind `params` (from a weights file); the saved file counts on from it. */
  startEpoch?: number;
  /** The program's file name, for the usage lines (default model.py). */
  program?: string;
  /**
   * Read the data from this CSV file beside the program (see `exportData`) instead of embedding it:
   * for data sets too big to be Python source.
   */
  dataFile?: string;
}

/** Above this many numbers, embedded data makes an unwieldy program: the CLI writes a data file instead. */
export const EMBEDDED_DATA_LIMIT = 1_000_000;

/** How many numbers the prepared data holds (features, targets, labels of both sets). */
export function dataSize(data: TrainTestData): number {
  const size = (d: Dataset | undefined) => (d ? d.n * (d.inputs + d.targetWidth + (d.labels ? 1 : 0)) : 0);
  return size(data.train) + size(data.test);
}

/**
 * The prepared data as CSV for `dataFile`: a header `set,x1…xK,t1…tM,label`, then one row per sample,
 * training rows (set "train") before test rows ("test"); label is empty for regression. Numbers are
 * written so they read back as the same doubles.
 */
export function exportData(data: TrainTestData): string {
  const { inputs, targetWidth } = data.train;
  const header = [
    'set',
    ...Array.from({ length: inputs }, (_, i) => `x${i + 1}`),
    ...Array.from({ length: targetWidth }, (_, i) => `t${i + 1}`),
    'label',
  ];
  const rows = [header.join(',')];
  for (const [name, d] of [
    ['train', data.train],
    ['test', data.test],
  ] as const) {
    if (!d) continue;
    for (let i = 0; i < d.n; i++) {
      const x = Array.from(d.x.subarray(i * inputs, (i + 1) * inputs), String);
      const t = Array.from(d.targets.subarray(i * targetWidth, (i + 1) * targetWidth), String);
      rows.push([name, ...x, ...t, d.labels ? String(d.labels[i]) : ''].join(','));
    }
  }
  return rows.join('\n') + '\n';
}

/** A number as a Python literal that reads back as the same double. */
function num(v: number): string {
  if (Number.isNaN(v)) return "float('nan')";
  if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : "-float('inf')";
  return Object.is(v, -0) ? '-0.0' : String(v);
}

/** Nested Python lists, one innermost row per line for two or more dimensions. */
function list(v: unknown, indent: string): string {
  if (!Array.isArray(v)) return num(v as number);
  if (v.length === 0 || !Array.isArray(v[0])) return `[${v.map((x) => list(x, indent)).join(', ')}]`;
  const inner = indent + '    ';
  return `[\n${v.map((x) => inner + list(x, inner)).join(',\n')},\n${indent}]`;
}

function pyString(s: string): string {
  return JSON.stringify(s); // a JSON string literal is a valid Python string literal
}

/** A Python literal of plain JSON-like data (dicts, lists, strings, numbers, booleans, None). */
function pyValue(v: unknown): string {
  if (v === undefined || v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string') return pyString(v);
  if (Array.isArray(v)) return `[${v.map(pyValue).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${pyString(k)}: ${pyValue(x)}`)
    .join(', ')}}`;
}

// ---------------------------------------------------------------- activations

const TORCH_UNARY: Record<string, string> = {
  exp: 'torch.exp',
  log: 'torch.log',
  sqrt: 'torch.sqrt',
  abs: 'torch.abs',
  sin: 'torch.sin',
  cos: 'torch.cos',
  tanh: 'torch.tanh',
  sigmoid: 'torch.sigmoid',
};

/** A user expression as torch operations on the tensor `x` (constant parts folded by nnspec's evaluator). */
export function torchExpression(e: Expr): string {
  const c = constantValue(e);
  if (c !== undefined) return c < 0 || Object.is(c, -0) ? `(${num(c)})` : num(c);
  switch (e.type) {
    case 'var':
      return 'x';
    case 'neg':
      return `(-${torchExpression(e.arg)})`;
    case 'bin': {
      const l = torchExpression(e.left);
      const r = torchExpression(e.right);
      if (e.op === '^') return constantValue(e.left) !== undefined ? `torch.pow(${l}, ${r})` : `(${l} ** ${r})`;
      return `(${l} ${e.op} ${r})`;
    }
    case 'call': {
      if (e.fn === 'min' || e.fn === 'max') {
        // torch.minimum/maximum take tensors; a constant argument becomes a clamp bound.
        const tensors = e.args.filter((a) => constantValue(a) === undefined).map(torchExpression);
        let out = tensors.reduce((acc, t) => `torch.${e.fn === 'min' ? 'minimum' : 'maximum'}(${acc}, ${t})`);
        for (const a of e.args) {
          const v = constantValue(a);
          if (v !== undefined) out = `torch.clamp(${out}, ${e.fn === 'min' ? 'max' : 'min'}=${num(v)})`;
        }
        return out;
      }
      return `${TORCH_UNARY[e.fn]}(${torchExpression(e.args[0])})`;
    }
    default:
      throw new Error('a constant expression node was not folded');
  }
}

/** The expression without one pair of parentheses around all of it. */
function bare(code: string): string {
  if (!code.startsWith('(') || !code.endsWith(')')) return code;
  let depth = 0;
  for (let i = 0; i < code.length - 1; i++) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')') depth--;
    if (depth === 0) return code; // the first parenthesis closes before the end
  }
  return code.slice(1, -1);
}

function className(custom: string): string {
  return custom[0].toUpperCase() + custom.slice(1) + 'Activation';
}

/** The torch expression of an activation of `z`. */
function activationCall(act: ActivationConfig, z: string): string {
  switch (act.kind) {
    case 'linear':
      return z;
    case 'sigmoid':
      return `torch.sigmoid(${z})`;
    case 'tanh':
      return `torch.tanh(${z})`;
    case 'relu':
      return `torch.relu(${z})`;
    case 'leaky_relu':
      return `F.leaky_relu(${z}, ${num(act.alpha)})`;
    case 'elu':
      return `F.elu(${z}, ${num(act.alpha)})`;
    case 'softplus':
      return `Softplus.apply(${z})`;
    case 'step':
      return `Step.apply(${z})`;
    case 'softmax':
      return `torch.softmax(${z}, dim=1)`;
    case 'custom':
      return `${className(act.name)}.apply(${z})`;
  }
}

function activationName(act: ActivationConfig): string {
  if (act.kind === 'leaky_relu' || act.kind === 'elu') return `${act.kind}(${act.alpha})`;
  return act.kind === 'custom' ? act.name : act.kind;
}

function activationClasses(config: NetworkConfig): string {
  const kinds = new Set(config.layers.map((l) => l.activation.kind));
  const parts: string[] = [];
  if (kinds.has('softplus'))
    parts.push(`class Softplus(torch.autograd.Function):
    """softplus(z) = log(1 + e^z), computed without overflow; its derivative is sigmoid(z), exactly,
    also at z = 0 (F.softplus switches to z above 20, which nnspec does not)."""

    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(z)
        return torch.where(z > 0, z + torch.log1p(torch.exp(-z.clamp(min=0))), torch.log1p(torch.exp(z.clamp(max=0))))

    @staticmethod
    def backward(ctx, grad):
        (z,) = ctx.saved_tensors
        return grad * torch.sigmoid(z)
`);
  if (kinds.has('step'))
    parts.push(`class Step(torch.autograd.Function):
    """step(z) = 1 where z > 0, else 0; its derivative is 0 everywhere (the gradient stops here)."""

    @staticmethod
    def forward(ctx, z):
        return (z > 0).to(z.dtype)

    @staticmethod
    def backward(ctx, grad):
        return torch.zeros_like(grad)
`);
  const customs = new Set<string>();
  for (const l of config.layers) {
    const a = l.activation;
    if (a.kind !== 'custom' || customs.has(a.name)) continue;
    customs.add(a.name);
    parts.push(`class ${className(a.name)}(torch.autograd.Function):
    """The spec's activation '${a.name}': f(x) = ${a.fText}, df(x) = ${a.dfText}.
    Backpropagation uses the spec's df, as nnspec does (it is not derived from f)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ${constantValue(a.f) !== undefined ? `torch.full_like(x, ${num(constantValue(a.f)!)})` : bare(torchExpression(a.f))}

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * ${constantValue(a.df) !== undefined ? `torch.full_like(x, ${num(constantValue(a.df)!)})` : torchExpression(a.df)}
`);
  }
  return parts.join('\n\n\n');
}

// ---------------------------------------------------------------- network

function netClass(config: NetworkConfig): string {
  const init = config.layers.map((l) => {
    const args = `${l.inputs}, ${l.units}${l.type === 'maxout' ? `, pieces=${piecesOf(l)}` : ''}${l.bias ? '' : ', bias=False'}`;
    return `        self.layer${l.index} = ${l.type === 'maxout' ? 'Maxout' : 'Dense'}(${args})  # ${activationName(l.activation)}`;
  });
  const body: string[] = [];
  let x = 'x';
  config.layers.forEach((l, i) => {
    const last = i === config.layers.length - 1;
    if (last) {
      body.push(`        z = self.layer${l.index}(${x})`);
      body.push(`        return z, ${activationCall(l.activation, 'z')}`);
    } else {
      body.push(`        x = ${activationCall(l.activation, `self.layer${l.index}(${x})`)}`);
      x = 'x';
    }
  });
  return `class Net(nn.Module):
    """${describeArchitecture(config)}"""

    def __init__(self):
        super().__init__()
${init.join('\n')}

    def forward(self, x):
        """The last layer's pre-activation z and the network's output a, each one row per sample."""
${body.join('\n')}

    def weights(self):
        """The weight matrices W of every layer (the ones regularization acts on; biases are not)."""
        return [${config.layers.map((l) => `self.layer${l.index}.W`).join(', ')}]`;
}

function describeArchitecture(config: NetworkConfig): string {
  return [
    `${config.input} inputs`,
    ...config.layers.map(
      (l) =>
        `${l.type} ${l.units}${l.type === 'maxout' ? ` × ${piecesOf(l)} pieces` : ''} (${activationName(l.activation)}${l.bias ? '' : ', no bias'})`,
    ),
  ].join(' → ');
}

// ---------------------------------------------------------------- loss

function lossFunction(config: NetworkConfig): string {
  const doc = (formula: string) => `def data_loss_sum(z, a, t):
    """The per-sample loss summed over the rows (nnspec averages: J = data_loss_sum / n).
    ${formula}"""`;
  switch (config.loss) {
    case 'binary_cross_entropy':
      return `${doc('binary cross-entropy −[t log y + (1−t) log(1−y)], y = sigmoid(z), computed from z (exact for any z).')}
    return F.binary_cross_entropy_with_logits(z, t, reduction="sum")`;
    case 'cross_entropy':
      return `${doc('cross-entropy −Σ t·log p, p = softmax(z), through log-softmax (no overflow).')}
    return -(t * F.log_softmax(z, dim=1)).sum()`;
    case 'mse':
      return `${doc('squared error averaged over the outputs: Σ (a − t)² / outputs (nnspec: the mean over all elements).')}
    return ((a - t) ** 2).sum() / a.shape[1]`;
    case 'hinge':
      return `${doc('multiclass hinge (SVM): Σ over wrong classes j of max(0, s_j − s_y + 1), y the argmax of t; a margin of exactly 0 is inactive.')}
    y = t.argmax(dim=1, keepdim=True)
    margins = a - a.gather(1, y) + 1
    wrong = torch.ones_like(a, dtype=torch.bool).scatter(1, y, False)
    return torch.relu(torch.where(wrong, margins, torch.zeros_like(margins))).sum()`;
  }
}

function regularizationFunction(config: NetworkConfig): string {
  const { l1, l2 } = config.regularization;
  const terms: string[] = [];
  if (l2 !== 0) terms.push(`0.5 * L2 * (W ** 2).sum()`);
  if (l1 !== 0) terms.push(`L1 * W.abs().sum()`);
  return `def regularization(net):
    """0.5·l2·ΣW² + l1·Σ|W| over the weights of every layer (not the biases)."""
    ${terms.length === 0 ? 'return torch.zeros(())' : `return sum(${terms.join(' + ')} for W in net.weights())`}`;
}

// ---------------------------------------------------------------- optimizer

function optimizerClass(config: NetworkConfig): string {
  const o = config.train.optimizer;
  const header = (doc: string, defaults: string) => `class Optimizer(torch.optim.Optimizer):
    """${doc}
    A parameter without a gradient counts as a zero gradient, as in nnspec."""

    def __init__(self, params):
        super().__init__(params, dict(lr=LEARNING_RATE${defaults}))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            lr = group["lr"]
            for p in group["params"]:
                g = p.grad if p.grad is not None else torch.zeros_like(p)
                state = self.state[p]`;
  switch (o.kind) {
    case 'gd':
    case 'sgd':
      return `${header(`${o.kind}: θ ← θ − η·g (torch.optim.SGD without momentum).`, '')}
                p.sub_(lr * g)`;
    case 'momentum':
      return `${header(
        'momentum: v ← μ·v − η·g; θ ← θ + v (torch.optim.SGD(momentum=μ) up to rounding).',
        `, momentum=${num(o.momentum)}`,
      )}
                if "v" not in state:
                    state["v"] = torch.zeros_like(p)
                v = state["v"]
                v.mul_(group["momentum"]).sub_(lr * g)
                p.add_(v)`;
    case 'nesterov':
      return `${header(
        "nesterov: v' ← μ·v − η·g; θ ← θ − μ·v + (1 + μ)·v' (torch.optim.SGD(momentum=μ, nesterov=True) up to rounding).",
        `, momentum=${num(o.momentum)}`,
      )}
                if "v" not in state:
                    state["v"] = torch.zeros_like(p)
                v = state["v"]
                mu = group["momentum"]
                prev = v.clone()
                v.mul_(mu).sub_(lr * g)
                p.add_(-mu * prev + (1 + mu) * v)`;
    case 'adam':
      return `${header(
        'adam: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − η·m̂/(√v̂ + ε), m̂ and v̂ bias-corrected (torch.optim.Adam up to rounding).',
        `, beta1=${num(o.beta1)}, beta2=${num(o.beta2)}, eps=${num(o.epsilon)}`,
      )}
                if "m" not in state:
                    state["t"] = 0
                    state["m"] = torch.zeros_like(p)
                    state["v"] = torch.zeros_like(p)
                b1, b2, eps = group["beta1"], group["beta2"], group["eps"]
                state["t"] += 1
                c1 = 1 / (1 - b1 ** state["t"])
                c2 = 1 / (1 - b2 ** state["t"])
                m, v = state["m"], state["v"]
                m.mul_(b1).add_((1 - b1) * g)
                v.mul_(b2).add_((1 - b2) * g * g)
                p.sub_(lr * m * c1 / (torch.sqrt(v * c2) + eps))`;
  }
}

// ---------------------------------------------------------------- data and weights

/** The code that reads the data from the CSV file `exportData` writes. */
function dataFileBlock(file: string, data: TrainTestData): string {
  return `DATA_FILE = ${pyString(file)}  # beside this program: the data as nnspec prepared it (nnspec export --data-csv)


def read_data(inputs=${data.train.inputs}, outputs=${data.train.targetWidth}):
    """The training and test sets of DATA_FILE: features, targets and labels (None for regression)."""
    import csv

    sets = {"train": ([], [], []), "test": ([], [], [])}
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), DATA_FILE), newline="") as f:
        rows = csv.reader(f)
        next(rows)
        for row in rows:
            x, t, labels = sets[row[0]]
            x.append([float(v) for v in row[1 : 1 + inputs]])
            t.append([float(v) for v in row[1 + inputs : 1 + inputs + outputs]])
            labels.append(int(row[-1]) if row[-1] else None)

    def arrays(name):
        x, t, labels = sets[name]
        if not x:
            return None, None, None
        return x, t, None if labels[0] is None else labels

    return arrays("train") + arrays("test")


X_TRAIN, T_TRAIN, LABELS_TRAIN, X_TEST, T_TEST, LABELS_TEST = read_data()`;
}

function dataBlock(name: string, d: Dataset | undefined): string {
  if (!d || d.n === 0) return `X_${name} = None\nT_${name} = None\nLABELS_${name} = None`;
  const x = nest(d.x, [d.n, d.inputs]);
  const t = nest(d.targets, [d.n, d.targetWidth]);
  const labels = d.labels ? `[${Array.from(d.labels).join(', ')}]` : undefined;
  return [`X_${name} = ${list(x, '')}`, `T_${name} = ${list(t, '')}`, `LABELS_${name} = ${labels ?? 'None'}`].join(
    '\n',
  );
}

function weightsBlock(config: NetworkConfig, params: readonly LayerParams[]): string {
  const lines: string[] = [];
  config.layers.forEach((l, i) => {
    const s = layerShapes(l);
    lines.push(`    "layer${l.index}.W": ${list(nest(params[i].W, s.W), '    ')},`);
    if (s.b && params[i].b) lines.push(`    "layer${l.index}.b": ${list(nest(params[i].b!, s.b), '    ')},`);
  });
  return `INITIAL_WEIGHTS = {\n${lines.join('\n')}\n}`;
}

// ---------------------------------------------------------------- the program

/** The Python program's text. */
export function exportPytorch(e: PytorchExport): string {
  const { config, data } = e;
  const train = config.train;
  const n = data.train.n;
  const batch = train.batchSize === 'full' ? n : Math.max(1, Math.min(Math.floor(train.batchSize), n));
  const shuffles = train.shuffle && batch < n;
  const network = fingerprintOf(config);
  const fingerprint = {
    input: network.input,
    layers: network.layers.map((l) => ({
      type: l.type,
      inputs: l.inputs,
      units: l.units,
      ...(l.type === 'maxout' ? { pieces: l.pieces } : {}),
      bias: l.bias,
    })),
  };
  const title = config.name ?? e.source;
  const activations = activationClasses(config);
  const program = e.program ?? 'model.py';
  return `#!/usr/bin/env python3
"""${title.replace(/"""/g, "'''").replace(/\\/g, '\\\\')}: a PyTorch program exported by nnspec ${e.version ?? ''} from ${e.source.replace(/\\/g, '/')}.

${describeArchitecture(config)}; loss ${config.loss}.

It trains the same network on the same data with the same optimizer as \`nnspec train\` and prints
one JSON line per epoch with the same keys ({"epoch", "loss", "accuracy", ...}; the loss is the
training objective over the whole training set after the epoch), then writes the trained weights as
an nnspec weights file (a spec loads it with weights_file: PATH) and a torch.save checkpoint.
It needs only PyTorch; everything is float64, as in nnspec.

Run:
  python3 ${program} [--epochs N] [--save PATH] [--weights PATH]   one process
  python3 ${program} --nproc K                                     K processes on this machine
  torchrun --nproc_per_node K ${program}                           the same, started by torchrun
Any launcher that sets RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR and MASTER_PORT works the same way,
on one machine or several.
With several processes each one takes its share of every mini-batch (BatchShards), gradients are
summed across processes by DistributedDataParallel and the metrics are reduced, so the losses are
those of one process up to rounding. Backend: nccl when CUDA is present, else gloo.
"""
import argparse
import json
import math
import os
import socket
import sys

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data.distributed import DistributedSampler

torch.set_default_dtype(torch.float64)

# ---------------------------------------------------------------- settings (from the spec)

NAME = ${pyString(title)}
LEARNING_RATE = ${num(train.learningRate)}
BATCH_SIZE = ${batch}  # samples per step (${train.batchSize === 'full' ? 'the whole training set' : `batch_size: ${train.batchSize}`})
EPOCHS = ${train.epochs}
SHUFFLE_SEED = ${shuffles ? shuffleSeed(config.seed) : 'None'}  # ${shuffles ? `nnspec's shuffle stream of seed ${config.seed}` : 'None: the samples are taken in order'}
LOSS_BELOW = ${train.stop.lossBelow !== undefined ? num(train.stop.lossBelow) : 'None'}
WEIGHT_CHANGE_BELOW = ${train.stop.weightChangeBelow !== undefined ? num(train.stop.weightChangeBelow) : 'None'}
L1 = ${num(config.regularization.l1)}
L2 = ${num(config.regularization.l2)}
START_EPOCH = ${e.startEpoch ?? 0}  # epochs already behind INITIAL_WEIGHTS
# The network the weights fit, as the weights file records it.
NETWORK = ${pyValue(fingerprint)}

# ---------------------------------------------------------------- layers and activations


class Dense(nn.Module):
    """z = x·W + b, W of shape inputs × units (nnspec's layout; nn.Linear keeps the transpose)."""

    def __init__(self, inputs, units, bias=True):
        super().__init__()
        self.W = nn.Parameter(torch.zeros(inputs, units))
        self.b = nn.Parameter(torch.zeros(units)) if bias else None

    def forward(self, x):
        z = x @ self.W
        return z if self.b is None else z + self.b


class Maxout(nn.Module):
    """z = the max over pieces k of x·W[k] + b[k]; W is pieces × inputs × units, b pieces × units.
    The gradient flows to the first piece that attains the max."""

    def __init__(self, inputs, units, pieces, bias=True):
        super().__init__()
        self.W = nn.Parameter(torch.zeros(pieces, inputs, units))
        self.b = nn.Parameter(torch.zeros(pieces, units)) if bias else None

    def forward(self, x):
        z = torch.matmul(x, self.W)
        if self.b is not None:
            z = z + self.b.unsqueeze(1)
        return z.max(dim=0).values

${activations}


${netClass(config)}


${lossFunction(config)}


${regularizationFunction(config)}


${optimizerClass(config)}


${shuffles ? RNG_CLASS : ''}
class BatchShards(DistributedSampler):
    """nnspec's mini-batches of an epoch, each split across the processes.

    nnspec walks the training set in steps of BATCH_SIZE samples, in order or, with SHUFFLE_SEED,
    shuffled anew each epoch by its own random numbers (Rng). Each process takes every
    num_replicas-th sample of a step's batch, from its rank on, so together the processes see exactly
    that batch. (torch's own DistributedSampler pads the data by repeating samples; here no sample
    counts twice, which keeps the losses equal to one process's.) Iterating yields this process's
    sample indices and the size of the whole batch."""

    def __init__(self, n, batch_size, num_replicas, rank, shuffle_seed=None):
        super().__init__(range(n), num_replicas=num_replicas, rank=rank, shuffle=False)
        self.n = n
        self.batch_size = batch_size
        self.order = list(range(n))
        self.rng = Rng(shuffle_seed) if shuffle_seed is not None else None

    def __iter__(self):
        if self.rng is not None:
            self.rng.shuffle(self.order)
        for start in range(0, self.n, self.batch_size):
            batch = self.order[start : start + self.batch_size]
            yield batch[self.rank :: self.num_replicas], len(batch)

    def __len__(self):
        return math.ceil(self.n / self.batch_size)


# ---------------------------------------------------------------- data (prepared by nnspec)

${e.dataFile ? dataFileBlock(e.dataFile, data) : `${dataBlock('TRAIN', data.train)}\n\n${dataBlock('TEST', data.test)}`}

# ---------------------------------------------------------------- initial weights

${weightsBlock(config, e.params)}

# ---------------------------------------------------------------- training
${PROGRAM_TAIL.replaceAll('@@FORMAT@@', WEIGHTS_FORMAT).replaceAll('@@VERSION@@', String(WEIGHTS_VERSION))}`.replace(
    /\n{4,}/g,
    '\n\n\n',
  ); // at most two blank lines, as PEP 8 has them between definitions
}

const RNG_CLASS = `class Rng:
    """nnspec's random numbers (xoshiro128** seeded through splitmix32), for its shuffles."""

    M = 0xFFFFFFFF

    def __init__(self, seed):
        s = (seed ^ 0x9E3779B9) & self.M

        def split():
            nonlocal s
            s = (s + 0x9E3779B9) & self.M
            z = s
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & self.M
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & self.M
            return z ^ (z >> 16)

        self.a, self.b, self.c, self.d = split(), split(), split(), split()
        if (self.a | self.b | self.c | self.d) == 0:
            self.a = 1

    @staticmethod
    def rotl(x, k):
        return ((x << k) | (x >> (32 - k))) & Rng.M

    def next_uint32(self):
        result = (self.rotl((self.b * 5) & self.M, 7) * 9) & self.M
        t = (self.b << 9) & self.M
        self.c ^= self.a
        self.d ^= self.b
        self.b ^= self.c
        self.a ^= self.d
        self.c ^= t
        self.d = self.rotl(self.d, 11)
        return result

    def next(self):
        """Uniform in [0, 1) with 53 bits."""
        hi = self.next_uint32() >> 5
        lo = self.next_uint32() >> 6
        return (hi * 67108864 + lo) / 9007199254740992

    def shuffle(self, items):
        """Fisher-Yates, in place, as nnspec shuffles."""
        for i in range(len(items) - 1, 0, -1):
            j = math.floor(self.next() * (i + 1))
            items[i], items[j] = items[j], items[i]


`;

/** The part of the program that does not depend on the spec. */
const PROGRAM_TAIL = `

def js_number(v):
    """A number as JavaScript writes it (1 rather than 1.0; NaN, Infinity)."""
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return str(int(v)) if v == int(v) and abs(v) < 1e21 else repr(v)


def format_number(x, digits=5):
    """nnspec's number format (src/text/numbers.ts): significant digits, a true minus, exponents outside [1e-3, 1e6)."""
    minus = "\u2212"
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "\u221e" if x > 0 else minus + "\u221e"
    if x == 0:
        return "0"
    a = abs(x)
    if a < 1e-3 or a >= 1e6:
        mantissa, exponent = ("%.*e" % (digits - 1, a)).split("e")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0").rstrip(".")
        text = mantissa + "e" + str(int(exponent)).replace("-", minus)
    else:
        text = js_number(float("%.*g" % (digits, a)))
    return minus + text if x < 0 else text


def format_loss(x):
    return format_number(x, 6)


def json_line(record):
    """One JSON line as nnspec train --json prints it (NaN and Infinity as strings)."""
    clean = {k: (js_number(v) if isinstance(v, float) and not math.isfinite(v) else v) for k, v in record.items()}
    return json.dumps(clean, separators=(",", ":"))


def tensor(rows, dtype=None):
    return None if rows is None else torch.tensor(rows, dtype=dtype or torch.get_default_dtype())


class Data:
    """One data set on the device, with this process's rows for evaluation."""

    def __init__(self, x, t, labels, device, rank, world):
        self.n = len(x)
        self.x = tensor(x).to(device)
        self.t = tensor(t).to(device)
        self.labels = None if labels is None else tensor(labels, torch.long).to(device)
        self.mine = torch.arange(rank, self.n, world, device=device)


def reduce_sum(values, world, device):
    """Sums a list of numbers over the processes."""
    v = torch.tensor(values, dtype=torch.float64, device=device)
    if world > 1:
        dist.all_reduce(v, op=dist.ReduceOp.SUM)
    return v.tolist()


@torch.no_grad()
def evaluate(net, data, world):
    """The objective J (data loss + regularization) over the whole set, and the accuracy for class data."""
    x, t = data.x[data.mine], data.t[data.mine]
    z, a = net(x)
    local = [data_loss_sum(z, a, t).item(), 0.0]
    if data.labels is not None:
        if a.shape[1] == 1:
            predicted = (a[:, 0] > 0.5).long()
        else:
            predicted = a.argmax(dim=1)
        local[1] = (predicted == data.labels[data.mine]).sum().item()
    total, correct = reduce_sum(local, world, data.x.device)
    loss = total / data.n + regularization(net).item()
    if data.labels is None:
        return loss, None
    return loss, correct / data.n


def finite(net):
    return all(bool(torch.isfinite(p).all()) for p in net.parameters())


def weights_json(net, epoch, loss):
    """The nnspec weights file's text for the network's current weights."""
    layers = []
    for i, entry in enumerate(NETWORK["layers"]):
        layer = getattr(net, "layer%d" % (i + 1))
        record = {"W": {"shape": list(layer.W.shape), "values": layer.W.tolist()}}
        if layer.b is not None:
            record["b"] = {"shape": list(layer.b.shape), "values": layer.b.tolist()}
        layers.append(record)
    doc = {
        "format": "@@FORMAT@@",
        "version": @@VERSION@@,
        "name": NAME,
        "network": NETWORK,
        "epoch": epoch,
        "loss": loss if math.isfinite(loss) else None,
        "layers": layers,
    }

    def pretty(v, indent):
        line = json.dumps(v, separators=(", ", ": "))
        if len(line) <= 100 or not isinstance(v, (list, dict)) or (isinstance(v, list) and all(isinstance(x, float) for x in v)):
            return line
        inner = indent + "  "
        if isinstance(v, list):
            return "[\\n" + ",\\n".join(inner + pretty(x, inner) for x in v) + "\\n" + indent + "]"
        return "{\\n" + ",\\n".join(inner + json.dumps(k) + ": " + pretty(x, inner) for k, x in v.items()) + "\\n" + indent + "}"

    return pretty(doc, "") + "\\n"


def load_weights(net, path):
    """Starts from an nnspec weights file instead of INITIAL_WEIGHTS; returns its epoch."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if not isinstance(doc, dict) or doc.get("format") != "@@FORMAT@@":
        sys.exit("%s is not an nnspec weights file" % path)
    if doc.get("network") != NETWORK:
        sys.exit("%s is for another network: %s, not %s" % (path, json.dumps(doc.get("network")), json.dumps(NETWORK)))
    with torch.no_grad():
        for i, record in enumerate(doc["layers"]):
            layer = getattr(net, "layer%d" % (i + 1))
            layer.W.copy_(torch.tensor(record["W"]["values"]))
            if layer.b is not None:
                layer.b.copy_(torch.tensor(record["b"]["values"]))
    return int(doc.get("epoch", 0))


def run(args, rank=0, world=1, local_rank=0):
    """Trains on this process (rank of world); rank 0 prints and saves."""
    distributed = world > 1
    cuda = torch.cuda.is_available() and not args.cpu
    device = torch.device("cuda", local_rank) if cuda else torch.device("cpu")
    if distributed:
        dist.init_process_group("nccl" if cuda else "gloo", init_method="env://", rank=rank, world_size=world)

    net = Net().to(device)
    with torch.no_grad():
        for name, value in net.named_parameters():
            value.copy_(torch.tensor(INITIAL_WEIGHTS[name]))
    start_epoch = START_EPOCH
    if args.weights:
        start_epoch = load_weights(net, args.weights)
    model = DistributedDataParallel(net, device_ids=[local_rank] if cuda else None) if distributed else net
    optimizer = Optimizer(net.parameters())

    train = Data(X_TRAIN, T_TRAIN, LABELS_TRAIN, device, rank, world)
    test = Data(X_TEST, T_TEST, LABELS_TEST, device, rank, world) if X_TEST is not None else None
    shards = BatchShards(train.n, BATCH_SIZE, world, rank, SHUFFLE_SEED)

    epochs = EPOCHS if args.epochs is None else args.epochs
    history = []
    reason, message = "completed", "no epochs to train"
    for epoch in range(1, epochs + 1):
        before = [p.detach().clone() for p in net.parameters()] if WEIGHT_CHANGE_BELOW is not None else None
        shards.set_epoch(epoch)
        for mine, batch_n in shards:
            rows = torch.tensor(mine, dtype=torch.long, device=device)
            z, a = model(train.x[rows])
            # The batch's mean loss, as world × this process's share (DistributedDataParallel averages
            # the gradients over the processes, which makes it the sum of the shares).
            loss = data_loss_sum(z, a, train.t[rows]) * (world / batch_n) + regularization(net)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

        metrics = {"epoch": epoch}
        metrics["loss"], accuracy = evaluate(net, train, world)
        if accuracy is not None:
            metrics["accuracy"] = accuracy
        if test is not None:
            metrics["testLoss"], test_accuracy = evaluate(net, test, world)
            if test_accuracy is not None:
                metrics["testAccuracy"] = test_accuracy
        history.append(metrics)
        if rank == 0:
            print(json_line(metrics), flush=True)

        change = max(float((p - b).abs().max()) for p, b in zip(net.parameters(), before)) if before else None
        loss = metrics["loss"]
        if not math.isfinite(loss) or not finite(net):
            if math.isfinite(loss):
                what = "the weights became NaN or infinite"
            else:
                what = "loss became " + ("NaN" if math.isnan(loss) else "infinite")
            reason = "diverged"
            message = "%s at epoch %d; the learning rate %s is likely too large" % (what, epoch, format_number(LEARNING_RATE))
            break
        if LOSS_BELOW is not None and loss < LOSS_BELOW:
            reason = "loss_below"
            message = "loss %s fell below %s at epoch %d" % (format_loss(loss), format_number(LOSS_BELOW), epoch)
            break
        if change is not None and change < WEIGHT_CHANGE_BELOW:
            reason = "weight_change_below"
            message = "the weights changed by at most %s in epoch %d, below %s: converged" % (
                format_number(change),
                epoch,
                format_number(WEIGHT_CHANGE_BELOW),
            )
            break
        reason, message = "completed", "trained %d epoch%s" % (epoch, "" if epoch == 1 else "s")

    if history:
        final = dict(history[-1])
    else:
        final = {"epoch": 0}
        final["loss"], accuracy = evaluate(net, train, world)
        if accuracy is not None:
            final["accuracy"] = accuracy
    if rank == 0:
        print(json_line(dict(final, reason=reason, message=message)), flush=True)
        trained = start_epoch + final["epoch"]
        if finite(net):
            with open(args.save, "w", encoding="utf-8") as f:
                f.write(weights_json(net, trained, final["loss"]))
            torch.save(
                {"epoch": trained, "loss": final["loss"], "network": NETWORK, "model": net.state_dict(), "optimizer": optimizer.state_dict()},
                args.checkpoint,
            )
            print("saved %s and %s" % (args.save, args.checkpoint), file=sys.stderr)
        else:
            print("the weights are NaN or Infinity: nothing saved", file=sys.stderr)
    code = 1 if reason == "diverged" else 0
    if distributed:
        # Every process waits here until all are done (rank 0 hosts the rendezvous store), then leaves
        # without tearing the process group down: PyTorch 1.13's gloo can deadlock in its destructor
        # (it joins a worker thread that waits for the GIL).
        dist.barrier()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def spawned(local_rank, args, world, port):
    """One of the --nproc processes: torchrun's environment, set here."""
    os.environ.update(RANK=str(local_rank), WORLD_SIZE=str(world), LOCAL_RANK=str(local_rank), MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    run(args, local_rank, world, local_rank)


def main(argv=None):
    here = os.path.splitext(os.path.abspath(__file__))[0]
    parser = argparse.ArgumentParser(description="Train " + NAME + " as nnspec does.")
    parser.add_argument("--epochs", type=int, help="epochs to train (default %d, the spec's)" % EPOCHS)
    parser.add_argument("--save", help="the weights file to write (default: beside this program, .weights.json)")
    parser.add_argument("--checkpoint", help="the torch.save checkpoint to write (default: the weights file's name, .pt)")
    parser.add_argument("--weights", help="start from this nnspec weights file instead of the weights inside")
    parser.add_argument("--nproc", type=int, default=1, help="start this many local processes (default 1)")
    parser.add_argument("--cpu", action="store_true", help="train on the CPU even when CUDA is present")
    args = parser.parse_args(argv)
    args.save = args.save or here + ".weights.json"
    if not args.checkpoint:
        base = args.save[: -len(".weights.json")] if args.save.endswith(".weights.json") else os.path.splitext(args.save)[0]
        args.checkpoint = base + ".pt"
    if "WORLD_SIZE" in os.environ and "RANK" in os.environ:
        world = int(os.environ["WORLD_SIZE"])
        return run(args, int(os.environ["RANK"]), world, int(os.environ.get("LOCAL_RANK", "0")))
    if args.nproc > 1:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        try:
            mp.spawn(spawned, args=(args, args.nproc, port), nprocs=args.nproc)
        except mp.ProcessExitedException as e:
            return e.exit_code or 1
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
`;

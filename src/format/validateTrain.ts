/**
 * The `train:`, `gradcheck:` and `regularization:` sections, with their defaults: optimizer and its
 * knobs, learning rate, batch size, epochs, shuffle and stop rules; gradient-check settings; L1/L2.
 */
import {
  GRADCHECK_KEYS,
  OPTIMIZER_DOCS,
  OPTIMIZER_NAMES,
  REGULARIZATION_KEYS,
  STOP_KEYS,
  TRAIN_KEYS,
  type KeyDoc,
} from './keys';
import { asMap, Ctx, fields, numberField, NumberRule, readBool, readName, readNumber, readSection } from './readers';
import { didYouMean, suggest } from './suggest';
import { isScalar, Pair, YNode } from './yamlSource';
import { DEFAULTS, MAX_EPOCHS, type GradcheckConfig, type OptimizerConfig, type TrainConfig } from '../engine/config';
import type { SpecSymbol } from './types';

type OptimizerName = OptimizerConfig['kind'];

function defaultTrain(): TrainConfig {
  return {
    optimizer: { kind: DEFAULTS.optimizer },
    learningRate: DEFAULTS.learningRate,
    batchSize: DEFAULTS.batchSize,
    epochs: DEFAULTS.epochs,
    shuffle: DEFAULTS.shuffle,
    stop: {},
  };
}

function defaultGradcheck(): GradcheckConfig {
  return { ...DEFAULTS.gradcheck };
}

/** Reads `train:` (against `keys`); returns the defaults for whatever is missing or wrong (errors are reported). */
export function readTrain(
  ctx: Ctx,
  pair: Pair | undefined,
  symbols: SpecSymbol[],
  keys: Readonly<Record<string, KeyDoc>> = TRAIN_KEYS,
): TrainConfig {
  const train = defaultTrain();
  if (!pair) return train;
  const f = readSection(ctx, pair, 'train', keys, '{ optimizer: sgd, learning_rate: 0.1 }', symbols);
  if (!f) return train;
  const num = (key: string, rule: NumberRule) => numberField(ctx, f, key, 'train', rule);
  let optimizer: OptimizerName = DEFAULTS.optimizer;
  const op = f.pairs.get('optimizer');
  if (op) {
    const range = ctx.src.valueRange(op);
    optimizer =
      readName(ctx, op.value as YNode, 'optimizer', OPTIMIZER_NAMES as OptimizerName[], range, 'train: ') ??
      DEFAULTS.optimizer;
    const v = ctx.src.deref(op.value as YNode);
    symbols.push({
      kind: 'optimizer',
      name: v && isScalar(v) ? String(v.value) : optimizer,
      range,
      selectionRange: range,
    });
  }
  for (const knob of ['momentum', 'beta1', 'beta2', 'epsilon']) {
    const p = f.pairs.get(knob);
    if (p && !OPTIMIZER_DOCS[optimizer].knobs.includes(knob)) {
      const owner = knob === 'momentum' ? 'momentum and nesterov' : 'adam';
      ctx.diag.warning(
        ctx.src.keyRange(p),
        'knob-ignored',
        `train: ${knob} only applies to ${owner}; it is ignored with ${optimizer}`,
      );
    }
  }
  const momentum = num('momentum', { min: 0, below: 1 }) ?? DEFAULTS.momentum;
  const beta1 = num('beta1', { min: 0, below: 1 }) ?? DEFAULTS.beta1;
  const beta2 = num('beta2', { min: 0, below: 1 }) ?? DEFAULTS.beta2;
  const epsilon = num('epsilon', { above: 0 }) ?? DEFAULTS.adamEpsilon;
  train.optimizer =
    optimizer === 'momentum' || optimizer === 'nesterov'
      ? { kind: optimizer, momentum }
      : optimizer === 'adam'
        ? { kind: 'adam', beta1, beta2, epsilon }
        : { kind: optimizer };
  train.learningRate = num('learning_rate', { above: 0 }) ?? train.learningRate;
  const lrPair = f.pairs.get('learning_rate');
  if (lrPair && train.learningRate > 10)
    ctx.diag.warning(
      ctx.src.valueRange(lrPair),
      'large-learning-rate',
      `train: a learning rate of ${train.learningRate} is very large; training will probably diverge`,
    );
  train.epochs = num('epochs', { integer: true, min: 1, max: MAX_EPOCHS }) ?? train.epochs;
  const shp = f.pairs.get('shuffle');
  if (shp)
    train.shuffle = readBool(ctx, shp.value as YNode, 'train: shuffle', ctx.src.valueRange(shp)) ?? train.shuffle;
  train.batchSize = optimizer === 'gd' ? 'full' : DEFAULTS.batchSize;
  const bp = f.pairs.get('batch_size');
  if (bp) {
    const v = ctx.src.deref(bp.value as YNode);
    const range = ctx.src.valueRange(bp);
    const value = v && isScalar(v) ? v.value : undefined;
    if (typeof value === 'string') {
      if (value === 'full') train.batchSize = 'full';
      else {
        const s = suggest(value, ['full']);
        ctx.diag.error(
          range,
          'bad-batch-size',
          `train: batch_size must be a whole number of at least 1 or full, not '${value}'${didYouMean(s)}`,
          s ? { title: "Change to 'full'", newText: 'full' } : undefined,
        );
      }
    } else {
      const n = readNumber(ctx, v, 'train: batch_size', range, { integer: true, min: 1 });
      if (n !== undefined) train.batchSize = n;
    }
    if (optimizer === 'gd' && train.batchSize !== 'full') {
      ctx.diag.warning(
        range,
        'gd-full-batch',
        'train: gd always uses the full batch, so batch_size is ignored (use sgd for mini-batches)',
      );
      train.batchSize = 'full';
    }
  }
  const stp = f.pairs.get('stop');
  if (stp) {
    const sm = asMap(ctx, stp.value as YNode, 'train: stop', ctx.src.keyRange(stp), '{ loss_below: 0.01 }');
    if (sm) {
      const sf = fields(ctx, sm, STOP_KEYS, 'train: stop');
      const lb = sf.pairs.get('loss_below');
      const wc = sf.pairs.get('weight_change_below');
      if (lb) {
        const v = readNumber(ctx, lb.value as YNode, 'train: stop: loss_below', ctx.src.valueRange(lb), { min: 0 });
        if (v !== undefined) train.stop.lossBelow = v;
      }
      if (wc) {
        const v = readNumber(ctx, wc.value as YNode, 'train: stop: weight_change_below', ctx.src.valueRange(wc), {
          min: 0,
        });
        if (v !== undefined) train.stop.weightChangeBelow = v;
      }
    }
  }
  return train;
}

/** Reads `gradcheck:`. */
export function readGradcheck(ctx: Ctx, pair: Pair | undefined, symbols: SpecSymbol[]): GradcheckConfig {
  const g = defaultGradcheck();
  if (!pair) return g;
  const f = readSection(ctx, pair, 'gradcheck', GRADCHECK_KEYS, '{ epsilon: 1e-5 }', symbols);
  if (!f) return g;
  const num = (key: string, rule: NumberRule) => numberField(ctx, f, key, 'gradcheck', rule);
  g.epsilon = num('epsilon', { above: 0, max: 1 }) ?? g.epsilon;
  g.samples = num('samples', { integer: true, min: 1 }) ?? g.samples;
  g.maxParams = num('max_params', { integer: true, min: 1 }) ?? g.maxParams;
  g.tolerance = num('tolerance', { above: 0 }) ?? g.tolerance;
  g.warnTolerance = num('warn_tolerance', { above: 0 }) ?? g.warnTolerance;
  const wt = f.pairs.get('warn_tolerance') ?? f.pairs.get('tolerance');
  if (wt && g.warnTolerance < g.tolerance) {
    ctx.diag.error(
      ctx.src.valueRange(wt),
      'tolerances',
      `gradcheck: warn_tolerance (${g.warnTolerance}) must be at least tolerance (${g.tolerance})`,
    );
  }
  const ep = f.pairs.get('epsilon');
  if (ep && (g.epsilon > 1e-2 || g.epsilon < 1e-10)) {
    ctx.diag.warning(
      ctx.src.valueRange(ep),
      'odd-epsilon',
      `gradcheck: epsilon ${g.epsilon} is unusual; central differences are most accurate around 1e-5 to 1e-7`,
    );
  }
  return g;
}

/** Reads `regularization:` ({ l2: λ }, { l1: λ }, both, or none). */
export function readRegularization(
  ctx: Ctx,
  pair: Pair | undefined,
  symbols: SpecSymbol[],
): { l1: number; l2: number } {
  const reg = { l1: 0, l2: 0 };
  if (!pair) return reg;
  symbols.push({
    kind: 'regularization',
    name: 'regularization',
    range: ctx.src.pairRange(pair),
    selectionRange: ctx.src.keyRange(pair),
  });
  const v = ctx.src.deref(pair.value as YNode);
  if (v && isScalar(v) && (v.value === 'none' || v.value === null)) return reg;
  const map = asMap(ctx, v, 'regularization', ctx.src.keyRange(pair), '{ l2: 0.001 } or none');
  if (!map) return reg;
  const f = fields(ctx, map, REGULARIZATION_KEYS, 'regularization');
  for (const key of ['l1', 'l2'] as const) {
    const p = f.pairs.get(key);
    if (!p) continue;
    const x = readNumber(ctx, p.value as YNode, `regularization: ${key} (λ)`, ctx.src.valueRange(p), { min: 0 });
    if (x !== undefined) reg[key] = x;
  }
  return reg;
}

/**
 * The `layers:` list and the `activations:` section: layer kinds and units, maxout pieces,
 * activations (builtin with parameters, or user-defined), bias, init syntax, and — once the input
 * width is known — the shapes of explicit weights and biases and the Keras-style summary.
 */
import { ACTIVATION_NAMES, INIT_DOCS, LAYER_KEYS } from './keys';
import { compileExpr } from '../engine/expression/compile';
import { parseExpression, reportExpressionError } from './expression';
import { didYouMean, suggest } from './suggest';
import {
  asMap,
  Ctx,
  readNonEmptyList,
  fields,
  readBool,
  readNumber,
  readString,
  nestingOf,
  readTensor,
  shapeText,
} from './readers';
import { isScalar, Pair, YNode } from './yamlSource';
import { layerShapes, MAX_PIECES } from '../engine/shapes';
import {
  DEFAULTS,
  type ActivationConfig,
  type BuiltinActivation,
  type Expr,
  type InitConfig,
  type LayerSummary,
  type LayerType,
  type NetworkSummary,
} from '../engine/config';
import type { Range, SpecSymbol } from './types';
import { activationName } from '../text/notation';
import { formatNumber } from '../text/numbers';

export interface CustomActivation {
  f: Expr;
  df: Expr;
  fText: string;
  dfText: string;
}

export interface ParsedLayer {
  index: number;
  type?: LayerType;
  units?: number;
  unitsRange: Range;
  pieces: number;
  activation?: ActivationConfig;
  activationRange: Range;
  bias: boolean;
  init: InitConfig;
  weightsNode?: YNode;
  weightsRange?: Range;
  biasesNode?: YNode;
  biasesRange?: Range;
  range: Range;
  keyRange: Range;
  /** Filled by `checkShapes`. */
  inputs?: number;
  weights?: number[];
  biases?: number[];
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CALL_RE = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*([^()]*?)\s*\))?\s*$/;
const NUMBER_RE = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** Warns when `df` is visibly not the derivative of `f` (compared with central differences at a few points away from 0). */
function checkDerivative(ctx: Ctx, name: string, a: CustomActivation, at: Range): void {
  const h = 1e-5;
  const f = compileExpr(a.f);
  const df = compileExpr(a.df);
  for (const x of [-2.3, -1.1, -0.37, 0.41, 0.93, 1.7, 2.6]) {
    const numeric = (f.at(x + h) - f.at(x - h)) / (2 * h);
    const given = df.at(x);
    if (!Number.isFinite(numeric) || !Number.isFinite(given)) continue;
    const scale = Math.max(Math.abs(numeric), Math.abs(given), 1e-3);
    if (Math.abs(numeric - given) / scale > 1e-4) {
      ctx.diag.warning(
        at,
        'derivative-mismatch',
        `activation '${name}': df does not look like the derivative of f: at x = ${formatNumber(x)}, df gives ${formatNumber(given)} but the slope of f is ${formatNumber(numeric)} (the gradient check will report it)`,
      );
      return;
    }
  }
}

/** The `activations:` section (user-defined activations). */
export interface CustomActivations {
  /** The well-formed definitions. */
  defs: Map<string, CustomActivation & { keyRange: Range }>;
  /** Every name declared, including those whose definition has errors (already reported). */
  declared: Set<string>;
}

export function readCustomActivations(ctx: Ctx, pair: Pair | undefined, symbols: SpecSymbol[]): CustomActivations {
  const out = new Map<string, CustomActivation & { keyRange: Range }>();
  const declared = new Set<string>();
  const result = { defs: out, declared };
  if (!pair) return result;
  const map = asMap(
    ctx,
    pair.value as YNode,
    'activations',
    ctx.src.keyRange(pair),
    'swish: { f: x * sigmoid(x), df: ... }',
  );
  if (!map) return result;
  for (const item of map.items) {
    const p = item as Pair;
    const key = ctx.src.deref(p.key as YNode);
    const keyRange = ctx.src.keyRange(p);
    const name = key && isScalar(key) ? String(key.value) : '';
    if (!NAME_RE.test(name)) {
      ctx.diag.error(
        keyRange,
        'bad-activation-name',
        `activation names are letters, digits and _, starting with a letter, not '${name}'`,
      );
      continue;
    }
    if ((ACTIVATION_NAMES as string[]).includes(name)) {
      ctx.diag.error(
        keyRange,
        'shadows-builtin',
        `'${name}' is a builtin activation; give your own activation another name`,
      );
      continue;
    }
    declared.add(name);
    symbols.push({ kind: 'custom-activation', name, range: ctx.src.pairRange(p), selectionRange: keyRange });
    const defMap = asMap(ctx, p.value as YNode, `activation '${name}'`, keyRange, '{ f: x * sigmoid(x), df: ... }');
    if (!defMap) continue;
    const f = fields(ctx, defMap, { f: 1, df: 1 }, `activation '${name}'`);
    const exprs: Partial<Record<'f' | 'df', { expr: Expr; text: string; range: Range }>> = {};
    for (const which of ['f', 'df'] as const) {
      const fp = f.pairs.get(which);
      if (!fp) {
        ctx.diag.error(
          keyRange,
          'missing-key',
          which === 'f'
            ? `activation '${name}' needs f: the function of x, e.g. f: x * sigmoid(x)`
            : `activation '${name}' needs df: its derivative in x (the gradient check compares it with f)`,
        );
        continue;
      }
      const text = readString(ctx, fp.value as YNode, `activation '${name}': ${which}`, ctx.src.valueRange(fp));
      if (text === undefined) continue;
      const node = ctx.src.deref(fp.value as YNode)!;
      const parsed = parseExpression(text, { variables: ['x'] });
      if (parsed.error) {
        reportExpressionError(ctx, node, text, parsed.error, `activation '${name}': ${which}: `);
        continue;
      }
      exprs[which] = { expr: parsed.expr, text, range: ctx.src.nodeRange(node) };
    }
    if (exprs.f && exprs.df) {
      const def = { f: exprs.f.expr, df: exprs.df.expr, fText: exprs.f.text, dfText: exprs.df.text };
      checkDerivative(ctx, name, def, exprs.df.range);
      out.set(name, { ...def, keyRange });
    }
  }
  return result;
}

function parseActivation(
  ctx: Ctx,
  node: YNode | undefined,
  layer: number,
  at: Range,
  customs: CustomActivations,
): ActivationConfig | undefined {
  const custom = customs.defs;
  const n = ctx.src.deref(node);
  const v = n && isScalar(n) ? n.value : undefined;
  const range = n?.range && v !== null ? ctx.src.nodeRange(n) : at;
  const prefix = `layer ${layer}: `;
  const all = [...ACTIVATION_NAMES, ...customs.declared];
  const m = typeof v === 'string' ? CALL_RE.exec(v) : null;
  if (!m) {
    ctx.diag.error(
      range,
      'bad-activation',
      `${prefix}activation must be a name such as sigmoid, tanh, relu or leaky_relu(0.01), not ${typeof v === 'string' ? `'${v}'` : 'that'}`,
    );
    return undefined;
  }
  const [, name, arg] = m;
  const c = custom.get(name);
  if (c) {
    if (arg !== undefined) {
      ctx.diag.error(
        range,
        'bad-activation',
        `${prefix}the activation '${name}' takes no parameter; write just ${name}`,
      );
      return undefined;
    }
    return { kind: 'custom', name, f: c.f, df: c.df, fText: c.fText, dfText: c.dfText };
  }
  if (customs.declared.has(name)) return undefined; // its definition has errors, reported there
  if (!(ACTIVATION_NAMES as string[]).includes(name)) {
    const s = suggest(name, all);
    ctx.diag.error(
      range,
      'unknown-activation',
      `${prefix}unknown activation '${name}'${s ? didYouMean(s) : ` (use one of ${all.join(', ')}, or define it under activations:)`}`,
      s ? { title: `Change to '${s}'`, newText: arg === undefined ? s : `${s}(${arg})` } : undefined,
    );
    return undefined;
  }
  const kind = name as BuiltinActivation;
  if (kind === 'leaky_relu' || kind === 'elu') {
    let alpha: number = kind === 'leaky_relu' ? DEFAULTS.leakyReluAlpha : DEFAULTS.eluAlpha;
    if (arg !== undefined) {
      if (!NUMBER_RE.test(arg)) {
        ctx.diag.error(
          range,
          'bad-activation',
          `${prefix}${kind} takes a number ALPHA, e.g. ${kind}(${alpha}), not '${arg}'`,
        );
        return undefined;
      }
      alpha = Number(arg);
      if (!Number.isFinite(alpha)) {
        ctx.diag.error(range, 'bad-activation', `${prefix}${kind}'s ALPHA must be a finite number`);
        return undefined;
      }
      if (kind === 'leaky_relu' && (alpha < 0 || alpha >= 1))
        ctx.diag.warning(
          range,
          'odd-alpha',
          `${prefix}leaky_relu's slope for negative inputs is usually small and positive (e.g. 0.01); ${alpha} is unusual`,
        );
      if (kind === 'elu' && alpha < 0)
        ctx.diag.warning(
          range,
          'odd-alpha',
          `${prefix}elu's ALPHA is usually positive (e.g. 1); ${alpha} flips its negative side`,
        );
    }
    return { kind, alpha };
  }
  if (arg !== undefined) {
    ctx.diag.error(range, 'bad-activation', `${prefix}${kind} takes no parameter; write just ${kind}`);
    return undefined;
  }
  return { kind } as ActivationConfig;
}

function parseInit(ctx: Ctx, node: YNode | undefined, layer: number, at: Range): InitConfig | undefined {
  const n = ctx.src.deref(node);
  const v = n && isScalar(n) ? n.value : undefined;
  const range = n?.range && v !== null ? ctx.src.nodeRange(n) : at;
  const prefix = `layer ${layer}: `;
  const m = typeof v === 'string' ? CALL_RE.exec(v) : null;
  const usage = 'xavier, he, zeros, normal(STD) or uniform(LIMIT)';
  if (!m) {
    ctx.diag.error(
      range,
      'bad-init',
      `${prefix}init must be ${usage}, not ${typeof v === 'string' ? `'${v}'` : 'that'}`,
    );
    return undefined;
  }
  const [, name, arg] = m;
  if (!Object.prototype.hasOwnProperty.call(INIT_DOCS, name)) {
    const s = suggest(name, Object.keys(INIT_DOCS));
    ctx.diag.error(
      range,
      'bad-init',
      `${prefix}unknown init '${name}'${s ? didYouMean(s) : ` (use ${usage})`}`,
      s ? { title: `Change to '${s}'`, newText: arg === undefined ? s : `${s}(${arg})` } : undefined,
    );
    return undefined;
  }
  if (name === 'normal' || name === 'uniform') {
    const what = name === 'normal' ? 'a standard deviation STD' : 'a limit LIMIT';
    const example = name === 'normal' ? 'normal(0.01)' : 'uniform(0.1)';
    if (arg === undefined || !NUMBER_RE.test(arg) || !(Number(arg) > 0) || !Number.isFinite(Number(arg))) {
      ctx.diag.error(range, 'bad-init', `${prefix}${name} needs ${what}, a number greater than 0, e.g. ${example}`);
      return undefined;
    }
    return name === 'normal' ? { kind: 'normal', std: Number(arg) } : { kind: 'uniform', limit: Number(arg) };
  }
  if (arg !== undefined) {
    ctx.diag.error(range, 'bad-init', `${prefix}${name} takes no parameter; write just ${name}`);
    return undefined;
  }
  return { kind: name as 'xavier' | 'he' | 'zeros' };
}

/** Reads the `layers:` list (everything that does not depend on the input width). */
export function readLayers(
  ctx: Ctx,
  pair: Pair | undefined,
  custom: CustomActivations,
  symbols: SpecSymbol[],
  docStart: Range,
): ParsedLayer[] | undefined {
  if (!pair) {
    ctx.diag.error(
      docStart,
      'missing-key',
      'the spec needs layers: a list such as `- dense: 3` with `activation: sigmoid` on the next line, indented under it',
    );
    return undefined;
  }
  const items = readNonEmptyList(ctx, pair, 'layers', '- dense: 3', 'add at least one layer, e.g. - dense: 1');
  if (!items) return undefined;
  const layers: ParsedLayer[] = [];
  let complete = true;
  items.forEach((item, i) => {
    const index = i + 1;
    const node = ctx.src.deref(item);
    const range = ctx.src.nodeRange(node ?? item);
    const map = asMap(ctx, item, `layer ${index}`, range, 'dense: 3');
    if (!map) {
      complete = false;
      return;
    }
    const f = fields(ctx, map, LAYER_KEYS, `layer ${index}`);
    const kinds = (['dense', 'maxout'] as const).filter((k) => f.pairs.has(k));
    const startRange: Range = { start: range.start, end: range.start };
    let type: LayerType | undefined;
    let units: number | undefined;
    let keyRange = startRange;
    let unitsRange = startRange;
    if (kinds.length === 0) {
      ctx.diag.error(
        startRange,
        'missing-layer-kind',
        `layer ${index} needs a kind and a size: dense: UNITS (or maxout: UNITS with pieces: K)`,
      );
    } else {
      if (kinds.length > 1)
        ctx.diag.error(
          ctx.src.keyRange(f.pairs.get(kinds[1])!),
          'two-layer-kinds',
          `layer ${index} is both dense and maxout; a layer has one kind (start a new "- " item for another layer)`,
        );
      type = kinds[0];
      const kp = f.pairs.get(type)!;
      keyRange = ctx.src.keyRange(kp);
      unitsRange = ctx.src.valueRange(kp);
      units = readNumber(ctx, kp.value as YNode, `layer ${index}: ${type} (the number of units)`, unitsRange, {
        integer: true,
        min: 1,
      });
    }
    symbols.push({ kind: 'layer', name: `layer ${index}`, range, selectionRange: keyRange, layerIndex: index });
    let pieces = 1;
    const pp = f.pairs.get('pieces');
    if (type === 'maxout') {
      if (!pp)
        ctx.diag.error(
          keyRange,
          'maxout-pieces',
          `layer ${index}: maxout needs pieces: K, how many affine pieces each unit takes the max over, e.g. pieces: 2`,
        );
      else {
        const k = readNumber(ctx, pp.value as YNode, `layer ${index}: pieces`, ctx.src.valueRange(pp), {
          integer: true,
          min: 1,
          max: MAX_PIECES,
        });
        if (k === undefined) complete = false;
        else {
          pieces = k;
          if (k === 1)
            ctx.diag.warning(
              ctx.src.valueRange(pp),
              'maxout-one-piece',
              `layer ${index}: a maxout with 1 piece is just a linear dense layer; use 2 or more pieces`,
            );
        }
      }
    } else if (pp && type === 'dense') {
      ctx.diag.error(ctx.src.keyRange(pp), 'pieces-on-dense', `layer ${index}: pieces only applies to maxout layers`);
    }
    let activation: ActivationConfig | undefined = { kind: DEFAULTS.activation };
    const ap = f.pairs.get('activation');
    const activationRange = ap ? ctx.src.valueRange(ap) : keyRange;
    if (ap) {
      activation = parseActivation(ctx, ap.value as YNode, index, activationRange, custom);
      const text = ctx.src.deref(ap.value as YNode);
      symbols.push({
        kind: 'activation',
        name: text && isScalar(text) ? String(text.value) : '',
        range: activationRange,
        selectionRange: activationRange,
        layerIndex: index,
      });
      if (activation?.kind === 'step') {
        ctx.diag.warning(
          activationRange,
          'step-no-gradient',
          `layer ${index}: step has no useful gradient: backward passes and training will not change weights before it`,
        );
      }
      if (activation?.kind === 'softmax' && index < items.length) {
        ctx.diag.error(
          activationRange,
          'softmax-not-last',
          `layer ${index}: softmax belongs in the last layer only (it turns the final scores into class probabilities); use sigmoid, tanh or relu in hidden layers`,
        );
      }
    }
    let bias: boolean = DEFAULTS.bias;
    const bp = f.pairs.get('bias');
    if (bp) bias = readBool(ctx, bp.value as YNode, `layer ${index}: bias`, ctx.src.valueRange(bp)) ?? bias;
    let init: InitConfig | undefined = { kind: DEFAULTS.init };
    const ip = f.pairs.get('init');
    if (ip) init = parseInit(ctx, ip.value as YNode, index, ctx.src.valueRange(ip));
    const wp = f.pairs.get('weights');
    const biasesPair = f.pairs.get('biases');
    if (init?.kind === 'zeros' && !wp && index < items.length && (units ?? 0) > 1) {
      ctx.diag.warning(
        ctx.src.valueRange(ip!),
        'zeros-symmetry',
        `layer ${index}: with zeros every unit starts equal, gets the same gradient and stays equal to the others; use xavier or he to break the symmetry`,
      );
    }
    if (activation?.kind === 'softmax' && units === 1) {
      ctx.diag.warning(
        activationRange,
        'softmax-one-unit',
        `layer ${index}: a softmax over 1 unit always outputs 1; use sigmoid for one output`,
      );
    }
    if (ip && wp)
      ctx.diag.warning(
        ctx.src.keyRange(ip),
        'init-ignored',
        `layer ${index}: init is ignored because explicit weights are given`,
      );
    if (biasesPair && bp && !bias) {
      ctx.diag.error(
        ctx.src.keyRange(biasesPair),
        'biases-without-bias',
        `layer ${index}: biases are given but bias is false; remove one of the two`,
      );
    }
    if (units === undefined || activation === undefined || init === undefined) complete = false;
    layers.push({
      index,
      type,
      units,
      unitsRange,
      pieces,
      activation,
      activationRange,
      bias,
      init: init ?? { kind: DEFAULTS.init },
      weightsNode: wp ? (wp.value as YNode) : undefined,
      weightsRange: wp ? ctx.src.valueRange(wp) : undefined,
      biasesNode: biasesPair && bias ? (biasesPair.value as YNode) : undefined,
      biasesRange: biasesPair ? ctx.src.valueRange(biasesPair) : undefined,
      range,
      keyRange,
    });
  });
  return complete || layers.length > 0 ? layers : undefined;
}

function readParam(
  ctx: Ctx,
  node: YNode,
  at: Range,
  expected: number[],
  what: string,
  meaning: string,
  layout: string,
): number[] | undefined {
  const rank = expected.length;
  const actual = nestingOf(ctx, node);
  if (actual !== rank && actual > 0) {
    const kind =
      rank === 1
        ? 'a list of numbers'
        : rank === 2
          ? `a ${shapeText(expected)} matrix`
          : `a ${shapeText(expected)} list of matrices`;
    ctx.diag.error(
      at,
      'bad-shape',
      `${what} must be ${kind} (${layout}) because ${meaning}, not ${actual === 1 ? 'a flat list of numbers' : `a list nested ${actual} deep`}`,
    );
    return undefined;
  }
  const t = readTensor(ctx, node, rank, what, at);
  if (!t) return undefined;
  if (t.shape.some((s, i) => s !== expected[i])) {
    ctx.diag.error(
      at,
      'bad-shape',
      `${what} are ${shapeText(t.shape)} but ${meaning}, so they must be ${shapeText(expected)}`,
    );
    return undefined;
  }
  return t.data;
}

/**
 * With the input width known: gives each layer its inputs, checks explicit weights and biases against
 * the shapes, and returns the summary (undefined when a layer's size is unknown).
 */
export function checkShapes(
  ctx: Ctx,
  layers: ParsedLayer[],
  input: number | undefined,
  name?: string,
): NetworkSummary | undefined {
  let inputs = input;
  const rows: LayerSummary[] = [];
  for (const layer of layers) {
    layer.inputs = inputs;
    const units = layer.units;
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    if (inputs !== undefined && units !== undefined && layer.type) {
      const k = layer.pieces;
      const maxout = layer.type === 'maxout';
      const shapes = layerShapes({ type: layer.type, inputs, units, pieces: k, bias: layer.bias });
      const maps = `the layer maps ${plural(inputs, 'input')} to ${plural(units, 'unit')}`;
      if (layer.weightsNode !== undefined) {
        layer.weights = readParam(
          ctx,
          layer.weightsNode,
          layer.weightsRange!,
          shapes.W,
          `layer ${layer.index}: weights`,
          maxout
            ? `the layer has ${plural(k, 'piece')}, each mapping ${plural(inputs, 'input')} to ${plural(units, 'unit')}`
            : maps,
          maxout ? 'pieces × inputs × units' : 'inputs × units: one row per input, one column per unit',
        );
      }
      if (layer.biasesNode !== undefined && shapes.b) {
        layer.biases = readParam(
          ctx,
          layer.biasesNode,
          layer.biasesRange!,
          shapes.b,
          `layer ${layer.index}: biases`,
          maxout
            ? `the layer has ${plural(k, 'piece')} of ${plural(units, 'unit')}`
            : `the layer has ${plural(units, 'unit')}`,
          maxout ? 'pieces × units' : 'one per unit',
        );
      }
      rows.push({
        index: layer.index,
        type: layer.type,
        activation: layer.activation ? activationName(layer.activation) : '?',
        inputs,
        units,
        ...(maxout ? { pieces: k } : {}),
        params: shapes.params,
        shapes: shapes.b ? { W: shapes.W, b: shapes.b } : { W: shapes.W },
      });
    }
    inputs = units;
  }
  if (input === undefined || rows.length !== layers.length) return undefined;
  return {
    ...(name !== undefined ? { name } : {}),
    input,
    layers: rows,
    totalParams: rows.reduce((s, r) => s + r.params, 0),
  };
}

/**
 * The `data:` section: exactly one source (inline samples, a generator, a csv file read through the
 * caller's readFile, or the builtin iris table), normalize and test_split; what the data implies
 * (feature count, sample count, classes); and, once the network is known, the checks of inline
 * samples against the input width and the loss (x lengths, labels that fit the loss).
 */
import { readCsvTable, type CsvTable } from '../engine/data/csv';
import {
  DATA_KEYS,
  BUILTIN_DATASETS,
  DATA_SOURCE_KEYS,
  GENERATE_KEYS,
  GENERATOR_KINDS,
  NORMALIZE_KINDS,
  SAMPLE_KEYS,
  TWO_CLASS_GENERATORS,
} from './keys';
import { asMap, asSeq, Ctx, fields, readNonEmptyList, readName, readNumber, readString, readTensor } from './readers';
import { didYouMean, suggest } from './suggest';
import { plural } from '../text/notation';
import { clip, isMap, isSeq, Pair, YNode } from './yamlSource';
import { DEFAULTS, type DataSource, type DataConfig, type GeneratorKind, type LossName } from '../engine/config';
import { IRIS_CLASSES, IRIS_FEATURES, IRIS_ROWS } from '../engine/data/iris';
import type { Range, SpecSymbol } from './types';

export interface InlineSample {
  x?: number[];
  y?: number | number[];
  xRange: Range;
  yRange: Range;
  index: number;
}

export interface DataInfo {
  spec?: DataConfig;
  /** Features per sample the data implies, and where to point when the input disagrees. */
  features?: number;
  featuresRange: Range;
  /** Samples in total, and the value that sets it (where a data-size error points). */
  count?: number;
  countRange?: Range;
  /** Classes the data has (undefined for inline samples and regression csv targets). */
  classes?: number;
  classesRange: Range;
  /** csv: the target column holds numbers that are not all whole (a regression target). */
  regression?: boolean;
  samples?: InlineSample[];
  keyRange: Range;
  /** The value of the data source's key (csv: its path), where a problem loading the data is reported. */
  sourceRange: Range;
  /** csv: the checked table read from the file (once), for loading. */
  table?: CsvTable;
}

function readStringList(ctx: Ctx, pair: Pair, what: string): { name: string; range: Range }[] | undefined {
  const items = asSeq(ctx, pair.value as YNode, what, ctx.src.valueRange(pair), '[x1, x2]');
  if (!items) return undefined;
  const out: { name: string; range: Range }[] = [];
  for (const item of items) {
    const s = readString(ctx, item, `${what} item`, ctx.src.valueRange(pair));
    if (s === undefined) return undefined;
    out.push({ name: s, range: ctx.src.nodeRange(ctx.src.deref(item)) });
  }
  if (out.length === 0) {
    ctx.diag.error(ctx.src.valueRange(pair), 'no-features', `${what} is empty; name at least one column`);
    return undefined;
  }
  return out;
}

function readSamples(ctx: Ctx, pair: Pair, info: DataInfo): DataSource | undefined {
  const items = readNonEmptyList(
    ctx,
    pair,
    'data: samples',
    '- { x: [5.0, 3.0], y: 1 }',
    'add at least one { x: [...], y: ... }',
  );
  if (!items) return undefined;
  const samples: InlineSample[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const what = `sample ${i + 1}`;
    const range = ctx.src.nodeRange(ctx.src.deref(item) ?? item);
    const map = asMap(ctx, item, what, range, '{ x: [5.0, 3.0], y: 1 }');
    if (!map) {
      ok = false;
      return;
    }
    const f = fields(ctx, map, SAMPLE_KEYS, what);
    const xp = f.pairs.get('x');
    const yp = f.pairs.get('y');
    const s: InlineSample = {
      index: i + 1,
      xRange: xp ? ctx.src.valueRange(xp) : range,
      yRange: yp ? ctx.src.valueRange(yp) : range,
    };
    if (!xp)
      ctx.diag.error(
        { start: range.start, end: range.start },
        'missing-key',
        `${what} needs x: its features, e.g. x: [5.0, 3.0]`,
      );
    else {
      const t = readTensor(ctx, xp.value as YNode, 1, `${what}: x`, s.xRange);
      if (t && t.data.length === 0)
        ctx.diag.error(
          s.xRange,
          'no-features',
          `${what}: x is empty; a sample needs at least one feature, e.g. x: [5.0, 3.0]`,
        );
      else if (t) s.x = t.data;
    }
    if (!yp)
      ctx.diag.error({ start: range.start, end: range.start }, 'missing-key', `${what} needs y: its label, e.g. y: 1`);
    else {
      const yNode = ctx.src.deref(yp.value as YNode);
      if (yNode && isSeq(yNode)) {
        const t = readTensor(ctx, yNode, 1, `${what}: y`, s.yRange);
        if (t) s.y = t.data;
      } else {
        s.y = readNumber(ctx, yNode, `${what}: y`, s.yRange);
      }
    }
    if (s.x === undefined || s.y === undefined) ok = false;
    samples.push(s);
  });
  info.samples = samples;
  info.count = items.length;
  info.countRange = ctx.src.keyRange(pair);
  const first = ctx.src.deref(items[0]);
  const firstX = first && isMap(first) ? ctx.src.deref(first.get('x', true) as YNode | undefined) : undefined;
  if (firstX && isSeq(firstX) && firstX.items.length > 0) {
    info.features = firstX.items.length;
    info.featuresRange = samples[0].xRange;
  }
  if (!ok) return undefined;
  return { kind: 'samples', samples: samples.map((s) => ({ x: s.x!, y: s.y! })) };
}

function readGenerate(ctx: Ctx, pair: Pair, info: DataInfo): DataSource | undefined {
  const map = asMap(
    ctx,
    pair.value as YNode,
    'data: generate',
    ctx.src.valueRange(pair),
    '{ kind: spiral, points: 100, classes: 3 }',
  );
  if (!map) return undefined;
  const f = fields(ctx, map, GENERATE_KEYS, 'data: generate');
  const kp = f.pairs.get('kind');
  info.features = 2;
  info.featuresRange = ctx.src.keyRange(pair);
  if (!kp) {
    ctx.diag.error(
      ctx.src.keyRange(pair),
      'missing-key',
      `data: generate needs kind: one of ${GENERATOR_KINDS.join(', ')}`,
    );
    return undefined;
  }
  const kind = readName<GeneratorKind>(
    ctx,
    kp.value as YNode,
    'data kind',
    GENERATOR_KINDS,
    ctx.src.valueRange(kp),
    'data: generate: ',
  );
  info.featuresRange = ctx.src.valueRange(kp);
  // After an indentation slip the section's keys are not where the user meant them: nothing is guessed from them.
  let ok = kind !== undefined && !ctx.slipped;
  // A wrong value is undefined, not a default: what follows from it (classes, sample count) is then unknown, not guessed.
  const given = (key: string, rule: Parameters<typeof readNumber>[4]): number | undefined => {
    const p = f.pairs.get(key);
    if (!p) return undefined;
    const v = readNumber(ctx, p.value as YNode, `data: generate: ${key}`, ctx.src.valueRange(p), rule);
    if (v === undefined) ok = false;
    return v;
  };
  const num = (key: string, rule: Parameters<typeof readNumber>[4], dflt: number): number | undefined =>
    f.pairs.has(key) ? given(key, rule) : dflt;
  const points = num('points', { integer: true, min: 1 }, DEFAULTS.points);
  let classes = num('classes', { integer: true, min: 2 }, DEFAULTS.classes);
  const cp = f.pairs.get('classes');
  const pointsPair = f.pairs.get('points');
  info.classesRange = cp ? ctx.src.valueRange(cp) : info.featuresRange;
  info.countRange = pointsPair ? ctx.src.valueRange(pointsPair) : info.classesRange;
  const noise =
    num('noise', { min: 0 }, kind === 'spiral' ? DEFAULTS.spiralNoise : kind === 'gaussians' ? 0 : DEFAULTS.noise) ?? 0;
  const std = num('std', { above: 0 }, DEFAULTS.std) ?? DEFAULTS.std;
  let centers: number[][] | undefined;
  const centersPair = f.pairs.get('centers');
  if (kind && TWO_CLASS_GENERATORS.includes(kind)) {
    if (cp && classes !== undefined && classes !== 2) {
      ctx.diag.error(ctx.src.valueRange(cp), 'two-classes', `data: ${kind} data always has 2 classes, not ${classes}`);
      ok = false;
    }
    classes = 2;
  }
  if (kind && kind !== 'gaussians') {
    for (const key of ['centers', 'std']) {
      const p = f.pairs.get(key);
      if (p)
        ctx.diag.error(ctx.src.keyRange(p), 'gaussians-only', `data: ${key} only applies to gaussians, not ${kind}`);
    }
    if (centersPair || f.pairs.get('std')) ok = false;
  }
  if (kind === 'gaussians') {
    const np = f.pairs.get('noise');
    if (np) ctx.diag.warning(ctx.src.keyRange(np), 'noise-ignored', 'data: gaussians spread by std; noise is ignored');
    if (centersPair) {
      const t = readTensor(
        ctx,
        centersPair.value as YNode,
        2,
        'data: generate: centers',
        ctx.src.valueRange(centersPair),
      );
      if (!t) {
        ok = false;
        classes = undefined;
      } else if (t.shape[1] < 1 || t.shape[0] < 2) {
        ctx.diag.error(
          ctx.src.valueRange(centersPair),
          'bad-centers',
          `data: centers must be a list of at least 2 points (one per class, each a list of its coordinates, e.g. [1, 2, 0]), not a ${t.shape.join('×')} list`,
        );
        ok = false;
        classes = undefined;
      } else {
        const dims = t.shape[1];
        centers = [];
        for (let i = 0; i < t.shape[0]; i++) centers.push(t.data.slice(i * dims, (i + 1) * dims));
        info.features = dims;
        info.featuresRange = ctx.src.valueRange(centersPair);
        if (cp && classes !== undefined && classes !== centers.length) {
          ctx.diag.error(
            ctx.src.valueRange(cp),
            'classes-centers',
            `data: classes is ${classes} but ${centers.length} centers are given (one per class)`,
          );
          ok = false;
        }
        classes = centers.length;
        if (!cp) info.classesRange = ctx.src.valueRange(centersPair);
      }
    }
  }
  info.classes = classes;
  if (points !== undefined && classes !== undefined) info.count = points * classes;
  if (!ok || !kind || points === undefined || classes === undefined) return undefined;
  return { kind: 'generate', generator: kind, points, classes, noise, std, ...(centers ? { centers } : {}) };
}

/** A file's column names for a message: the first ten, each clipped, and how many more there are. */
function columnsText(header: readonly string[]): string {
  const shown = header.slice(0, 10).map((h) => clip(h, 24));
  return header.length > 10 ? `${shown.join(', ')} and ${header.length - 10} more` : shown.join(', ');
}

function readCsv(
  ctx: Ctx,
  pair: Pair,
  f: Map<string, Pair>,
  info: DataInfo,
  readFile: ((p: string) => string) | undefined,
  maxNumbers: number,
): DataSource | undefined {
  const pathRange = ctx.src.valueRange(pair);
  const path = readString(ctx, pair.value as YNode, 'data: csv', pathRange);
  const tp = f.get('target');
  const fp = f.get('features');
  const target = tp ? readString(ctx, tp.value as YNode, 'data: target', ctx.src.valueRange(tp)) : undefined;
  if (!tp)
    ctx.diag.error(
      ctx.src.keyRange(pair),
      'missing-key',
      'csv data needs target: COLUMN, the column that holds the labels',
    );
  const features = fp ? readStringList(ctx, fp, 'data: features') : undefined;
  info.featuresRange = pathRange;
  if (features) {
    info.features = features.length;
    info.featuresRange = ctx.src.valueRange(fp!);
  }
  if (path === undefined || target === undefined || (fp && !features)) return undefined;
  const source: DataSource = {
    kind: 'csv',
    path,
    target,
    ...(features ? { features: features.map((x) => x.name) } : {}),
  };
  if (!readFile) return source;
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    const reason = (e as { code?: string }).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    ctx.diag.error(pathRange, 'csv-unreadable', `cannot read '${path}' (relative to the spec): ${reason}`);
    return undefined;
  }
  const read = readCsvTable(text, { path, target, features: source.features }, maxNumbers);
  if ('problems' in read) {
    if (read.featureNames) info.features = read.featureNames.length;
    for (const p of read.problems) {
      if (p.code === 'csv-duplicate-column') {
        const named = p.column === target ? ctx.src.valueRange(tp!) : features?.find((x) => x.name === p.column)?.range;
        ctx.diag.error(named ?? pathRange, p.code, p.message);
        continue;
      }
      if (p.code !== 'csv-column') {
        ctx.diag.error(pathRange, p.code, p.message);
        continue;
      }
      if (ctx.diag.full) {
        ctx.diag.skip('error');
        continue;
      }
      const s = suggest(p.column, p.header);
      const what = `data: ${p.role}`;
      const range = p.role === 'target' ? ctx.src.valueRange(tp!) : features!.find((x) => x.name === p.column)!.range;
      ctx.diag.error(
        range,
        'csv-column',
        `${what}: ${p.message}${s ? didYouMean(s) : ` (its columns are ${columnsText(p.header)})`}`,
        s ? { title: `Change to '${s}'`, newText: s } : undefined,
      );
    }
    return undefined;
  }
  const table = read.table;
  info.table = table;
  info.features = table.featureNames.length;
  info.count = table.n;
  info.countRange = pathRange;
  info.regression = table.target.kind === 'values';
  if (table.target.kind === 'classes') info.classes = table.target.names.length;
  info.classesRange = ctx.src.valueRange(tp!);
  return source;
}

function readBuiltin(ctx: Ctx, pair: Pair, f: Map<string, Pair>, info: DataInfo): DataSource | undefined {
  const name = readName(
    ctx,
    pair.value as YNode,
    'builtin data set',
    BUILTIN_DATASETS,
    ctx.src.valueRange(pair),
    'data: ',
  );
  const tp = f.get('target');
  const fp = f.get('features');
  let ok = name !== undefined;
  let target: string | undefined;
  if (tp) {
    target = readName(ctx, tp.value as YNode, 'iris species', IRIS_CLASSES, ctx.src.valueRange(tp), 'data: target: ');
    if (target === undefined) ok = false;
  }
  let features: string[] | undefined;
  if (fp) {
    const list = readStringList(ctx, fp, 'data: features');
    if (!list) ok = false;
    else {
      for (const item of list) {
        if (!IRIS_FEATURES.includes(item.name)) {
          const s = suggest(item.name, IRIS_FEATURES);
          ctx.diag.error(
            item.range,
            'iris-feature',
            `data: iris has no feature '${item.name}'${s ? didYouMean(s) : ` (its features are ${IRIS_FEATURES.join(', ')})`}`,
            s ? { title: `Change to '${s}'`, newText: s } : undefined,
          );
          ok = false;
        }
      }
      features = list.map((x) => x.name);
    }
  }
  info.features = features?.length ?? IRIS_FEATURES.length;
  info.featuresRange = fp ? ctx.src.valueRange(fp) : ctx.src.valueRange(pair);
  info.count = IRIS_ROWS.length;
  info.classes = target ? 2 : IRIS_CLASSES.length;
  info.classesRange = tp ? ctx.src.valueRange(tp) : ctx.src.valueRange(pair);
  if (!ok) return undefined;
  return { kind: 'builtin', name: 'iris', ...(target ? { target } : {}), ...(features ? { features } : {}) };
}

/** Reads `data:`; returns what the data implies even when parts of it are wrong. */
export function readData(
  ctx: Ctx,
  pair: Pair,
  readFile: ((p: string) => string) | undefined,
  symbols: SpecSymbol[],
  maxNumbers: number,
): DataInfo {
  const keyRange = ctx.src.keyRange(pair);
  const info: DataInfo = { featuresRange: keyRange, classesRange: keyRange, keyRange, sourceRange: keyRange };
  const map = asMap(ctx, pair.value as YNode, 'data', keyRange, 'generate: { kind: spiral }');
  if (!map) return info;
  const f = fields(ctx, map, DATA_KEYS, 'data');
  // in document order, so that "choose one" points at the second one written
  const sources = [...f.pairs.keys()].filter((k): k is (typeof DATA_SOURCE_KEYS)[number] =>
    (DATA_SOURCE_KEYS as readonly string[]).includes(k),
  );
  let symbolName = 'data';
  if (sources.length === 0) {
    ctx.diag.error(keyRange, 'missing-data-source', 'data needs one of samples, generate, csv or builtin');
  } else if (sources.length > 1) {
    ctx.diag.error(
      ctx.src.keyRange(f.pairs.get(sources[1])!),
      'two-data-sources',
      `data has both ${sources[0]} and ${sources[1]}; choose one`,
    );
  }
  const kind = sources[0];
  for (const key of ['features', 'target']) {
    const p = f.pairs.get(key);
    if (p && kind !== 'csv' && kind !== 'builtin')
      ctx.diag.error(ctx.src.keyRange(p), 'data-key', `data: ${key} only applies to csv and builtin data`);
  }
  let source: DataSource | undefined;
  const sp = kind ? f.pairs.get(kind)! : undefined;
  if (sp) info.sourceRange = ctx.src.valueRange(sp);
  if (kind === 'samples') source = readSamples(ctx, sp!, info);
  else if (kind === 'generate') source = readGenerate(ctx, sp!, info);
  else if (kind === 'csv') source = readCsv(ctx, sp!, f.pairs, info, readFile, maxNumbers);
  else if (kind === 'builtin') source = readBuiltin(ctx, sp!, f.pairs, info);
  if (source)
    symbolName =
      source.kind === 'generate'
        ? `generate ${source.generator}`
        : source.kind === 'csv'
          ? `csv ${source.path}`
          : source.kind === 'builtin'
            ? source.name
            : `${source.samples.length} samples`;
  symbols.push({ kind: 'data', name: symbolName, range: ctx.src.pairRange(pair), selectionRange: keyRange });
  let normalize: DataConfig['normalize'];
  const np = f.pairs.get('normalize');
  if (np)
    normalize = readName(ctx, np.value as YNode, 'normalization', NORMALIZE_KINDS, ctx.src.valueRange(np), 'data: ');
  let testSplit: number = DEFAULTS.testSplit;
  const tsp = f.pairs.get('test_split');
  if (tsp) {
    const v = readNumber(
      ctx,
      tsp.value as YNode,
      'data: test_split (the fraction held out for testing)',
      ctx.src.valueRange(tsp),
      { min: 0, below: 1 },
    );
    if (v !== undefined) {
      testSplit = v;
      if (info.count !== undefined && v > 0) {
        const test = Math.round(info.count * v);
        if (info.count - test < 1)
          ctx.diag.error(
            ctx.src.valueRange(tsp),
            'empty-train',
            `data: test_split ${v} of ${info.count} samples leaves no samples to train on`,
          );
        else if (test < 1)
          ctx.diag.warning(
            ctx.src.valueRange(tsp),
            'empty-test',
            `data: test_split ${v} of ${info.count} samples leaves no test samples`,
          );
      }
    }
  }
  if (source && sources.length === 1) info.spec = { source, ...(normalize ? { normalize } : {}), testSplit };
  return info;
}

/** Inline samples against the input width and the loss. */
export function checkSamples(
  ctx: Ctx,
  info: DataInfo,
  input: number | undefined,
  inputFromData: boolean,
  loss: LossName | undefined,
  outUnits: number | undefined,
): void {
  for (const s of info.samples ?? []) {
    const what = `sample ${s.index}`;
    if (s.x && input !== undefined && s.x.length !== input) {
      ctx.diag.error(
        s.xRange,
        'sample-length',
        `${what}: x has ${s.x.length} number${s.x.length === 1 ? '' : 's'} but ${inputFromData ? 'the first sample has' : 'input is'} ${input}`,
      );
    }
    if (s.y === undefined || loss === undefined || outUnits === undefined) continue;
    const y = s.y;
    const fmt = (v: number | number[]) => (Array.isArray(v) ? `[${v.join(', ')}]` : String(v));
    if (loss === 'binary_cross_entropy') {
      const v = Array.isArray(y) ? (y.length === 1 ? y[0] : undefined) : y;
      if (v !== 0 && v !== 1)
        ctx.diag.error(
          s.yRange,
          'bad-label',
          `${what}: label ${fmt(y)} does not fit binary_cross_entropy, which needs 0 or 1`,
        );
    } else if (loss === 'cross_entropy' || loss === 'hinge') {
      const classes = `the last layer has ${plural(outUnits, 'unit')}, so classes are 0 to ${outUnits - 1}`;
      if (!Array.isArray(y)) {
        if (!Number.isInteger(y) || y < 0)
          ctx.diag.error(
            s.yRange,
            'bad-label',
            `${what}: label ${y} must be a class index (0, 1, 2, …) or a one-hot list for ${loss}`,
          );
        else if (y >= outUnits) ctx.diag.error(s.yRange, 'bad-label', `${what}: class ${y} does not exist: ${classes}`);
      } else if (y.length !== outUnits) {
        ctx.diag.error(
          s.yRange,
          'bad-label',
          `${what}: the one-hot label has ${plural(y.length, 'number')} but the last layer has ${plural(outUnits, 'unit')}`,
        );
      } else if (loss === 'hinge' && !(y.every((v) => v === 0 || v === 1) && y.filter((v) => v === 1).length === 1)) {
        ctx.diag.error(
          s.yRange,
          'bad-label',
          `${what}: ${fmt(y)} is not one-hot (a single 1, the rest 0); hinge needs one true class`,
        );
      } else if (
        loss === 'cross_entropy' &&
        !(y.every((v) => v >= 0) && Math.abs(y.reduce((a, b) => a + b, 0) - 1) < 1e-9)
      ) {
        ctx.diag.error(s.yRange, 'bad-label', `${what}: ${fmt(y)} is not one-hot (or probabilities that sum to 1)`);
      }
    } else {
      const width = Array.isArray(y) ? y.length : 1;
      if (width !== outUnits)
        ctx.diag.error(
          s.yRange,
          'bad-label',
          `${what}: y has ${plural(width, 'number')} but the last layer has ${plural(outUnits, 'unit')}`,
        );
    }
  }
}

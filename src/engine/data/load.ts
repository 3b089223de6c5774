/**
 * Builds the training (and optional test) `Dataset` of a validated spec: inline samples, a generator,
 * a CSV file or the builtin iris table; targets shaped for the loss; a seeded test split; and
 * standard / min-max normalization with statistics taken from the training split only.
 *
 * Targets per loss (targetWidth = units of the last layer):
 * - binary_cross_entropy: n × 1 of 0/1, with labels (2 classes);
 * - cross_entropy, hinge: one-hot rows (an inline vector y is kept as given), labels = class index (argmax);
 * - mse: the y values (inline samples, a numeric CSV target: regression, no labels); for class data,
 *   the class index when the output is 1 wide, else one-hot rows, with labels.
 *
 * A CSV source comes as the table the one CSV reader (./csv.ts) made while the spec was checked: this
 * module reads no files.
 */
import type { DataSource, LossName } from '../config';
import type { NetworkConfig } from '../config';
import type { CsvTable } from './csv';
import type { Dataset, TrainTestData } from '../types';
import { Rng } from '../random';
import { generate } from './generators';
import { IRIS_CLASSES, IRIS_FEATURES, IRIS_ROWS } from './iris';

/** Data that cannot be read or does not fit the network; the message says what and where, in plain words. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

/**
 * The one check that data fit a network: features per sample against the network's input, and (once
 * the targets are shaped) their width against its outputs. Throws a `DataError` saying which.
 */
export function checkDataFits(
  data: { inputs: number; targetWidth?: number },
  net: { inputs: number; outputs?: number },
): void {
  if (data.inputs !== net.inputs)
    throw new DataError(
      `the data has ${data.inputs} feature${data.inputs === 1 ? '' : 's'} per sample but the network's input is ${net.inputs}`,
    );
  if (data.targetWidth !== undefined && net.outputs !== undefined && data.targetWidth !== net.outputs)
    throw new DataError(`the data has targets of width ${data.targetWidth} but the network has ${net.outputs} outputs`);
}

/** Features plus either class labels or explicit target rows, before they are shaped for the loss. */
interface RawData {
  n: number;
  inputs: number;
  x: Float64Array;
  featureNames?: string[];
  /** Class data: an index per sample. */
  labels?: Int32Array;
  classNames?: string[];
  /** Inline samples' y, one per sample (class index or vector). */
  ys?: (number | number[])[];
  /** Regression targets from a CSV column, n × 1. */
  values?: Float64Array;
}

/** Seed streams derived from `spec.seed`, so data generation and the split differ from weight initialisation. */
const GENERATE_STREAM = 0x0da7a;
const SPLIT_STREAM = 0x5b117;

/** A seed for one purpose (`stream`) derived from the spec's seed; 32-bit integer arithmetic only. */
export function deriveSeed(seed: number, stream: number): number {
  return ((Math.floor(Math.abs(seed)) % 4294967296) ^ Math.imul(stream, 0x9e3779b1)) >>> 0;
}

/**
 * Loads, shapes, splits and normalizes the spec's data; a csv source's rows are `csv`, the table read
 * while the spec was checked (its arrays become the data's: the table is used up). Throws `DataError`
 * for data that does not fit.
 */
export function loadData(spec: NetworkConfig, csv?: CsvTable): TrainTestData {
  if (!spec.data) throw new DataError('the spec has no `data:` section, so there is nothing to load');
  const raw = readSource(spec.data.source, spec.seed, csv);
  if (raw.n === 0) throw new DataError('the data has no samples');
  checkDataFits(raw, { inputs: spec.input });
  const last = spec.layers[spec.layers.length - 1];
  const width = last ? last.units : 1;
  const all = shapeTargets(raw, spec.loss, width);
  const { train, test } = splitDataset(all, spec.data.testSplit, deriveSeed(spec.seed, SPLIT_STREAM));
  if (spec.data.normalize) {
    const stats = normalizationStats(train, spec.data.normalize);
    applyNormalization(train, stats);
    if (test) applyNormalization(test, stats);
  }
  return test ? { train, test } : { train };
}

function readSource(source: DataSource, seed: number, csv?: CsvTable): RawData {
  switch (source.kind) {
    case 'samples':
      return readSamples(source.samples);
    case 'generate': {
      const g = generate(source.generator, source, new Rng(deriveSeed(seed, GENERATE_STREAM)));
      const classNames = Array.from({ length: g.classes }, (_, i) => `class ${i}`);
      const featureNames = Array.from({ length: g.dims }, (_, j) => `x${j + 1}`);
      return { n: g.n, inputs: g.dims, x: g.x, labels: g.labels, classNames, featureNames };
    }
    case 'csv':
      if (!csv)
        throw new DataError(`cannot read '${source.path}' here: no file access (csv data needs the spec's folder)`);
      return fromCsv(csv);
    case 'builtin':
      return readIris(source.target, source.features);
  }
}

function readSamples(samples: { x: number[]; y: number | number[] }[]): RawData {
  const n = samples.length;
  const inputs = n > 0 ? samples[0].x.length : 0;
  const x = new Float64Array(n * inputs);
  for (let i = 0; i < n; i++) {
    const row = samples[i].x;
    if (row.length !== inputs) {
      throw new DataError(`sample ${i + 1} has ${row.length} features but sample 1 has ${inputs}`);
    }
    for (let j = 0; j < inputs; j++) {
      if (!Number.isFinite(row[j])) throw new DataError(`sample ${i + 1}: x[${j}] is ${row[j]}, not a finite number`);
      x[i * inputs + j] = row[j];
    }
  }
  return { n, inputs, x, ys: samples.map((s) => s.y) };
}

/** The builtin iris table: all three species, or `target` vs the rest (label 1 = `target`). */
function readIris(target?: string, features?: string[]): RawData {
  const columns = (features && features.length > 0 ? features : IRIS_FEATURES.slice()).map((name) => {
    const k = IRIS_FEATURES.indexOf(name);
    if (k < 0) throw new DataError(`iris has no feature '${name}'; its features are ${IRIS_FEATURES.join(', ')}`);
    return k;
  });
  let positive = -1;
  if (target !== undefined) {
    positive = IRIS_CLASSES.indexOf(target);
    if (positive < 0) throw new DataError(`iris has no class '${target}'; its classes are ${IRIS_CLASSES.join(', ')}`);
  }
  const n = IRIS_ROWS.length;
  const d = columns.length;
  const x = new Float64Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = IRIS_ROWS[i];
    for (let j = 0; j < d; j++) x[i * d + j] = row[columns[j]];
    labels[i] = positive < 0 ? row[4] : row[4] === positive ? 1 : 0;
  }
  const classNames = positive < 0 ? IRIS_CLASSES.slice() : [`not ${target}`, target as string];
  return { n, inputs: d, x, labels, classNames, featureNames: columns.map((k) => IRIS_FEATURES[k]) };
}

/** A checked CSV table as features and labels (or regression values). */
function fromCsv(table: CsvTable): RawData {
  const raw: RawData = { n: table.n, inputs: table.featureNames.length, x: table.x, featureNames: table.featureNames };
  if (table.target.kind === 'values') return { ...raw, values: table.target.values };
  return { ...raw, labels: table.target.labels, classNames: table.target.names };
}

/** Shapes targets for the loss and the output width; checks labels fit. */
function shapeTargets(raw: RawData, loss: LossName, width: number): Dataset {
  const base = { n: raw.n, inputs: raw.inputs, x: raw.x, featureNames: raw.featureNames };
  if (raw.ys) return { ...base, ...inlineTargets(raw.ys, loss, width) };
  if (!raw.labels) {
    if (loss !== 'mse')
      throw new DataError(
        `the target column holds real numbers (a regression target), which only mse fits, not ${loss}`,
      );
    if (width !== 1)
      throw new DataError(`the data has 1 target value per sample but the last layer has ${width} units`);
    return { ...base, targets: raw.values as Float64Array, targetWidth: 1 };
  }
  const labels = raw.labels as Int32Array;
  const names = raw.classNames ?? [];
  const classes = names.length;
  if (loss === 'binary_cross_entropy') {
    if (classes > 2) {
      throw new DataError(
        `binary_cross_entropy needs 2 classes (labels 0 and 1) but the data has ${classes} (${names.join(', ')}); use cross_entropy with a softmax layer of ${classes} units`,
      );
    }
    return { ...base, targets: Float64Array.from(labels), targetWidth: 1, labels, classes: 2, classNames: names };
  }
  if (loss === 'mse' && width === 1) {
    return { ...base, targets: Float64Array.from(labels), targetWidth: 1, labels, classes, classNames: names };
  }
  if (classes > width) {
    throw new DataError(
      `the data has ${classes} classes (${names.join(', ')}) but the last layer has ${width} unit${width === 1 ? '' : 's'}; give it ${classes}`,
    );
  }
  const targets = new Float64Array(raw.n * width);
  for (let i = 0; i < raw.n; i++) targets[i * width + labels[i]] = 1;
  return { ...base, targets, targetWidth: width, labels, classes: width, classNames: names };
}

/** Inline samples' y: a class index (or 0/1), a one-hot / probability vector, or a regression vector. */
function inlineTargets(ys: (number | number[])[], loss: LossName, width: number): Omit<Dataset, 'n' | 'inputs' | 'x'> {
  const n = ys.length;
  const targets = new Float64Array(n * width);
  const classification = loss !== 'mse';
  const labels = classification ? new Int32Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const y = ys[i];
    const what = `sample ${i + 1}: y`;
    if (typeof y === 'number') {
      if (!Number.isFinite(y)) throw new DataError(`${what} is ${y}, not a finite number`);
      if (loss === 'mse') {
        if (width !== 1)
          throw new DataError(`${what} is one number but the last layer has ${width} units; give a list of ${width}`);
        targets[i] = y;
      } else if (loss === 'binary_cross_entropy') {
        if (y !== 0 && y !== 1) throw new DataError(`${what} is ${y}, but binary_cross_entropy needs a label 0 or 1`);
        targets[i] = y;
        (labels as Int32Array)[i] = y;
      } else {
        if (!Number.isInteger(y) || y < 0 || y >= width) {
          throw new DataError(
            `${what} is ${y}, but with ${width} output units a class index must be 0 to ${width - 1}`,
          );
        }
        targets[i * width + y] = 1;
        (labels as Int32Array)[i] = y;
      }
      continue;
    }
    if (y.length !== width)
      throw new DataError(
        `${what} has ${y.length} value${y.length === 1 ? '' : 's'} but the last layer has ${width} unit${width === 1 ? '' : 's'}`,
      );
    let best = 0;
    for (let k = 0; k < width; k++) {
      if (!Number.isFinite(y[k])) throw new DataError(`${what}[${k}] is ${y[k]}, not a finite number`);
      if (loss === 'binary_cross_entropy' && y[k] !== 0 && y[k] !== 1) {
        throw new DataError(`${what} is [${y.join(', ')}], but binary_cross_entropy needs a label 0 or 1`);
      }
      targets[i * width + k] = y[k];
      if (y[k] > y[best]) best = k;
    }
    if (labels) labels[i] = loss === 'binary_cross_entropy' ? y[0] : best;
  }
  if (!labels) return { targets, targetWidth: width };
  return { targets, targetWidth: width, labels, classes: loss === 'binary_cross_entropy' ? 2 : width };
}

/** Samples a split of n samples holds out: `round(n · fraction)`, at least 1 and at most n − 1; none for fraction 0 or n < 2. */
export function testSize(n: number, fraction: number): number {
  if (!(fraction > 0) || n < 2) return 0;
  return Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
}

/** A seeded split: `testSize(n, fraction)` samples held out; both parts keep the data's order. */
export function splitDataset(data: Dataset, fraction: number, seed: number): { train: Dataset; test?: Dataset } {
  const nTest = testSize(data.n, fraction);
  if (nTest === 0) return { train: data };
  const order = new Rng(seed).shuffle(Int32Array.from({ length: data.n }, (_, i) => i));
  const testIdx = order.slice(0, nTest).sort();
  const trainIdx = order.slice(nTest).sort();
  return { train: subset(data, trainIdx), test: subset(data, testIdx) };
}

/** The samples `indices` of a data set (copied). */
export function subset(data: Dataset, indices: Int32Array): Dataset {
  const m = indices.length;
  const d = data.inputs;
  const w = data.targetWidth;
  const x = new Float64Array(m * d);
  const targets = new Float64Array(m * w);
  const labels = data.labels ? new Int32Array(m) : undefined;
  for (let r = 0; r < m; r++) {
    const i = indices[r];
    x.set(data.x.subarray(i * d, (i + 1) * d), r * d);
    targets.set(data.targets.subarray(i * w, (i + 1) * w), r * w);
    if (labels) labels[r] = (data.labels as Int32Array)[i];
  }
  const out: Dataset = { ...data, n: m, x, targets };
  if (labels) out.labels = labels;
  return out;
}

/** Per-feature affine map x' = (x − shift) / scale. */
export interface NormalizationStats {
  kind: 'standard' | 'minmax';
  shift: Float64Array;
  scale: Float64Array;
}

/**
 * Statistics of one data set: standard = mean and population standard deviation (as scikit-learn's
 * StandardScaler), minmax = minimum and range (to [0, 1]). A constant feature gets scale 1.
 */
export function normalizationStats(data: Dataset, kind: 'standard' | 'minmax'): NormalizationStats {
  const { n, inputs: d, x } = data;
  const shift = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    if (kind === 'standard') {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += x[i * d + j];
      const mean = sum / n;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const t = x[i * d + j] - mean;
        sq += t * t;
      }
      shift[j] = mean;
      scale[j] = Math.sqrt(sq / n);
    } else {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = x[i * d + j];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      shift[j] = lo;
      scale[j] = hi - lo;
    }
    if (!(scale[j] > 0)) scale[j] = 1;
  }
  return { kind, shift, scale };
}

/** Applies the statistics in place. */
export function applyNormalization(data: Dataset, stats: NormalizationStats): void {
  const { n, inputs: d, x } = data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[i * d + j] = (x[i * d + j] - stats.shift[j]) / stats.scale[j];
  }
}

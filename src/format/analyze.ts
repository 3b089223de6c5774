/**
 * `analyze(text)`: parses a .nnspec document and validates it completely — every problem at once,
 * each at its exact place, in a student's words — and returns the typed `NetworkConfig` (only when
 * there are no errors), the diagnostics, the document symbols and the Keras-style shape summary.
 * Never throws, never hangs: size, nesting and alias expansion are limited before anything is built,
 * and the numbers a spec asks for are counted arithmetically before anything is allocated.
 */
import { LOSS_DOCS, LOSS_NAMES, TOP_LEVEL_KEYS } from './keys';
import { Ctx, fields, readName, readNumber, readString } from './readers';
import { checkSamples, DataInfo, readData } from './validateData';
import { checkShapes, ParsedLayer, readCustomActivations, readLayers } from './validateLayers';
import { readGradcheck, readRegularization, readTrain } from './validateTrain';
import { readWeightsFileKey, type SpecWeights } from './validateWeightsFile';
import { Diagnostics, isMap, isScalar, Pair, parseSource, YNode } from './yamlSource';
import { checkSize } from './checkSize';
import { analyzeGraph } from './validateGraph';
import { DEFAULTS, type LayerConfig, type LossName, type NetworkConfig, type NetworkSummary } from '../engine/config';
import { LOSS_OUTPUT } from '../engine/losses';
import type { AnalyzeOptions, AnalyzeResult, Position, Range, SpecDiagnostic, SpecSymbol } from './types';
import type { CsvTable } from '../engine/data/csv';
import { activationName } from '../text/notation';

const DOC_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The loss against the last layer: what fits is said in the message. */
function checkLossFit(ctx: Ctx, loss: LossName, lossRange: Range, last: ParsedLayer): void {
  const act = last.activation;
  if (!act || last.units === undefined) return;
  const actName = activationName(act);
  const has = `layer (${last.index}) has ${last.units} ${actName} unit${last.units === 1 ? '' : 's'}`;
  const fits = LOSS_DOCS[loss].fits;
  const wrongActivation = LOSS_OUTPUT[loss] !== undefined && act.kind !== LOSS_OUTPUT[loss];
  if (loss === 'binary_cross_entropy') {
    if (wrongActivation || last.units !== 1 || last.type !== 'dense') {
      const alt = act.kind === 'softmax' ? `; for ${last.units} classes use cross_entropy` : '';
      ctx.diag.error(lossRange, 'loss-fit', `binary_cross_entropy needs ${fits}, but the last ${has}${alt}`);
    }
  } else if (loss === 'cross_entropy') {
    if (wrongActivation) {
      const alt =
        act.kind === 'sigmoid' && last.units === 1
          ? '; for one sigmoid unit use binary_cross_entropy'
          : `; set activation: softmax in layer ${last.index}`;
      ctx.diag.error(lossRange, 'loss-fit', `cross_entropy needs ${fits}, but the last ${has}${alt}`);
    } else if (last.units < 2) {
      ctx.diag.error(
        lossRange,
        'loss-fit',
        `cross_entropy needs ${fits} (at least 2); a softmax over 1 unit always outputs 1. For two classes use 2 softmax units, or 1 sigmoid unit with binary_cross_entropy`,
      );
    }
  } else if (loss === 'hinge') {
    if (wrongActivation)
      ctx.diag.error(
        lossRange,
        'loss-fit',
        `hinge needs ${fits} (raw class scores), but the last ${has}; remove its activation`,
      );
    else if (last.units < 2) ctx.diag.error(lossRange, 'loss-fit', `hinge needs ${fits} (at least 2)`);
  }
}

/** The output width the data needs, against the last layer. */
function checkOutputWidth(ctx: Ctx, loss: LossName, lossRange: Range, last: ParsedLayer, data: DataInfo): void {
  const units = last.units;
  if (units === undefined) return;
  if (data.regression) {
    if (loss !== 'mse')
      ctx.diag.error(
        lossRange,
        'loss-data',
        `the target column holds real numbers (a regression target), which only mse fits, not ${loss}`,
      );
    else if (units !== 1)
      ctx.diag.error(
        last.unitsRange,
        'output-width',
        `layer ${last.index} has ${units} units but the data has 1 target value, so the last layer needs 1 unit`,
      );
    return;
  }
  const classes = data.classes;
  if (classes === undefined) return;
  if (loss === 'binary_cross_entropy') {
    if (classes !== 2)
      ctx.diag.error(
        lossRange,
        'loss-data',
        `binary_cross_entropy is for 2 classes but the data has ${classes}; use cross_entropy with a ${classes}-unit softmax last layer`,
      );
  } else if (loss === 'cross_entropy' || loss === 'hinge') {
    if (units !== classes)
      ctx.diag.error(
        last.unitsRange,
        'output-width',
        `layer ${last.index} has ${units} unit${units === 1 ? '' : 's'} but the data has ${classes} classes, so ${loss} needs ${classes} output units`,
      );
  } else if (units !== classes && !(units === 1 && classes === 2)) {
    ctx.diag.error(
      last.unitsRange,
      'output-width',
      `layer ${last.index} has ${units} units but the data has ${classes} classes; mse needs ${classes} output units (one-hot targets)${classes === 2 ? ' or 1 (0/1 targets)' : ''}`,
    );
  }
}

/** The range of `key`'s value in a section's mapping, when the spec writes it there. */
function valueRangeIn(ctx: Ctx, section: Pair | undefined, key: string): Range | undefined {
  const map = section && ctx.src.deref(section.value as YNode);
  if (!map || !isMap(map)) return undefined;
  for (const item of map.items) {
    const k = ctx.src.deref(item.key as YNode);
    if (k && isScalar(k) && k.value === key) return ctx.src.valueRange(item as Pair);
  }
  return undefined;
}

/**
 * The diagnostics to show. When the YAML breaks somewhere, the checks of the spec's meaning are shown
 * only above that line: below it the tree is the parser's guess, and its "errors" (keys missing,
 * layers the user did not write) would only follow from the slip. Whole-document ones (at the start)
 * likewise. Beyond MAX_DIAGNOSTICS one line says how many more there are.
 */
function shown(diag: Diagnostics, parsed: number, brokenAt: Position | undefined): SpecDiagnostic[] {
  const list = brokenAt
    ? diag.list.filter(
        (d, i) =>
          i < parsed || (d.range.end.line < brokenAt.line && (d.range.start.line > 0 || d.range.end.character > 0)),
      )
    : diag.list.slice();
  if (diag.dropped > 0)
    list.push({
      severity: 'info',
      range: DOC_START,
      code: 'more-problems',
      message: `${diag.dropped} more problem${diag.dropped === 1 ? '' : 's'} not listed; fix these first`,
    });
  return list;
}

function analyzeInner(
  text: string,
  options: AnalyzeOptions,
  diag: Diagnostics,
  symbols: SpecSymbol[],
  read: { data?: DataInfo },
): AnalyzeResult {
  const { source, root, brokenAt } = parseSource(typeof text === 'string' ? text : String(text), diag);
  const ctx: Ctx = { src: source, diag };
  const parsed = diag.list.length;
  const result = (spec?: NetworkConfig, summary?: NetworkSummary): AnalyzeResult => ({
    ...(spec && diag.errorCount === 0 ? { spec } : {}),
    diagnostics: shown(diag, parsed, brokenAt),
    symbols,
    ...(summary ? { summary } : {}),
  });
  if (!root) {
    if (diag.list.length === 0)
      diag.error(DOC_START, 'empty', 'the spec is empty; start with input: 2 and layers: - dense: 1');
    return result();
  }
  const rootNode = source.deref(root);
  if (!rootNode || !isMap(rootNode)) {
    diag.error(
      source.nodeRange(root),
      'not-a-mapping',
      'a spec is a mapping of keys (name, input, layers, loss, data, train, …) to values',
    );
    return result();
  }
  const top = fields(ctx, rootNode, TOP_LEVEL_KEYS, 'the spec');
  const get = (k: string) => top.pairs.get(k);

  let name: string | undefined;
  const np = get('name');
  if (np) {
    name = readString(ctx, np.value as YNode, 'name', source.valueRange(np));
    symbols.push({
      kind: 'name',
      name: name ?? '',
      range: source.pairRange(np),
      selectionRange: source.valueRange(np),
    });
  }
  let seed: number = DEFAULTS.seed;
  const sp = get('seed');
  if (sp)
    seed =
      readNumber(ctx, sp.value as YNode, 'seed', source.valueRange(sp), { integer: true, min: 0, max: 4294967295 }) ??
      seed;

  if (get('graph')) {
    const maxNumbers = options.maxNumbers ?? DEFAULTS.maxNumbers;
    const graph = analyzeGraph(ctx, top, symbols, { name, seed, maxNumbers });
    return { ...result(), ...graph };
  }

  const custom = readCustomActivations(ctx, get('activations'), symbols);

  let inputGiven: number | undefined;
  const ip = get('input');
  if (ip) {
    inputGiven = readNumber(ctx, ip.value as YNode, 'input (features per sample)', source.valueRange(ip), {
      integer: true,
      min: 1,
    });
    symbols.push({ kind: 'input', name: 'input', range: source.pairRange(ip), selectionRange: source.keyRange(ip) });
  }

  const layers = readLayers(ctx, get('layers'), custom, symbols, DOC_START);

  let loss: LossName | undefined;
  let lossRange = DOC_START;
  const lp = get('loss');
  if (lp) {
    lossRange = source.valueRange(lp);
    loss = readName(ctx, lp.value as YNode, 'loss', LOSS_NAMES, lossRange);
    const v = source.deref(lp.value as YNode);
    symbols.push({
      kind: 'loss',
      name: v && isScalar(v) ? String(v.value) : '',
      range: lossRange,
      selectionRange: lossRange,
    });
  } else {
    diag.error(DOC_START, 'missing-key', `the spec needs loss: one of ${LOSS_NAMES.join(', ')}`);
  }

  const regularization = readRegularization(ctx, get('regularization'), symbols);
  const dp = get('data');
  const errorsBeforeData = diag.errorCount;
  const data = dp ? readData(ctx, dp, options.readFile, symbols, options.maxNumbers ?? DEFAULTS.maxNumbers) : undefined;
  read.data = data;
  const dataHasErrors = diag.errorCount > errorsBeforeData;
  const train = readTrain(ctx, get('train'), symbols);
  const gradcheck = readGradcheck(ctx, get('gradcheck'), symbols);

  // The input width: given, or told by the data.
  let input = inputGiven;
  let inputFromData = false;
  const perSample = data?.samples !== undefined; // inline samples: each wrong x is reported at the sample
  // Checks of the network against its data compare two sections; when the YAML broke or a key slipped into the
  // wrong section, one of them is the parser's guess, and a mismatch would only follow from that slip.
  const guessed = brokenAt !== undefined || ctx.slipped === true;
  if (
    inputGiven !== undefined &&
    data?.features !== undefined &&
    data.features !== inputGiven &&
    !perSample &&
    !guessed
  ) {
    diag.error(
      source.valueRange(ip!),
      'input-data',
      `input is ${inputGiven} but the data has ${data.features} feature${data.features === 1 ? '' : 's'} per sample`,
    );
  } else if (input === undefined && !ip) {
    if (data?.features !== undefined) {
      input = data.features;
      inputFromData = true;
    } else if (!dataHasErrors) {
      // (when the data has errors, they are why its width is unknown: a missing input would only repeat them)
      const why = data?.spec?.source.kind === 'csv' && !options.readFile ? ' (the csv file cannot be read here)' : '';
      diag.error(
        DOC_START,
        'missing-key',
        `the spec needs input: the number of features per sample, e.g. input: 2${why}`,
      );
    }
  }

  let summary: NetworkSummary | undefined;
  let saved: SpecWeights | undefined;
  if (layers) {
    summary = checkShapes(ctx, layers, input, name);
    const wp = get('weights_file');
    if (wp) saved = readWeightsFileKey(ctx, wp, layers, input, options.readFile);
    const last = layers[layers.length - 1];
    if (loss && last) {
      checkLossFit(ctx, loss, lossRange, last);
      if (data && !guessed) checkOutputWidth(ctx, loss, lossRange, last, data);
    }
    if (data && !guessed) checkSamples(ctx, data, input, inputFromData, loss, last?.units);
    checkSize(ctx, {
      layers,
      input,
      data,
      train,
      gradcheck,
      ranges: {
        train: get('train') && source.keyRange(get('train')!),
        batchSize: valueRangeIn(ctx, get('train'), 'batch_size'),
        optimizer: valueRangeIn(ctx, get('train'), 'optimizer'),
        gradcheckSamples: valueRangeIn(ctx, get('gradcheck'), 'samples'),
        gradcheckMaxParams: valueRangeIn(ctx, get('gradcheck'), 'max_params'),
      },
      maxNumbers: options.maxNumbers ?? DEFAULTS.maxNumbers,
    });
    const hidden = layers.slice(0, -1);
    if (hidden.length > 0 && hidden.every((l) => l.activation?.kind === 'linear' && l.type === 'dense')) {
      const which = hidden.length === 1 ? 'layer 1 is' : `layers 1–${hidden.length} are`;
      diag.warning(
        hidden[0].keyRange,
        'linear-hidden',
        `${which} linear (no activation), so the network can only learn what a single layer can; give hidden layers an activation such as tanh or relu`,
      );
    }
    for (const [cname, c] of custom.defs) {
      if (!layers.some((l) => l.activation?.kind === 'custom' && l.activation.name === cname)) {
        diag.warning(c.keyRange, 'unused-activation', `activation '${cname}' is defined but no layer uses it`);
      }
    }
  }
  if (data?.count !== undefined && gradcheck.samples > data.count) gradcheck.samples = data.count;

  if (diag.errorCount > 0 || !layers || !loss || input === undefined) return result(undefined, summary);
  const layerSpecs: LayerConfig[] = layers.map((l, i) => {
    const weights = saved?.params[i].W ?? (l.weights ? Float64Array.from(l.weights) : undefined);
    const biases = saved ? saved.params[i].b : l.biases ? Float64Array.from(l.biases) : undefined;
    return {
      index: l.index,
      type: l.type!,
      units: l.units!,
      inputs: l.inputs!,
      pieces: l.pieces,
      activation: l.activation!,
      bias: l.bias,
      init: l.init,
      ...(weights ? { weights } : {}),
      ...(biases ? { biases } : {}),
    };
  });
  const activations: NetworkConfig['activations'] = new Map(
    [...custom.defs].map(([k, c]) => [k, { f: c.f, df: c.df, fText: c.fText, dfText: c.dfText }]),
  );
  const spec: NetworkConfig = {
    ...(name !== undefined ? { name } : {}),
    seed,
    input,
    layers: layerSpecs,
    loss,
    regularization,
    activations,
    ...(data?.spec ? { data: data.spec } : {}),
    train,
    gradcheck,
  };
  if (!saved) return result(spec, summary);
  const weightsFile = {
    path: saved.path,
    epoch: saved.epoch,
    ...(saved.loss !== undefined ? { loss: saved.loss } : {}),
  };
  return { ...result(spec, summary), weightsFile };
}

/** A checked document and what checking read for its data: the CSV table, and where to report a loading problem. */
export interface Checked {
  analysis: AnalyzeResult;
  data?: { table?: CsvTable; range: Range };
}

/** Parses and validates a .nnspec document, keeping what it read for loading the data (see openSpec). Never throws. */
export function check(text: string, options: AnalyzeOptions = {}): Checked {
  const diag = new Diagnostics();
  const symbols: SpecSymbol[] = [];
  const read: { data?: DataInfo } = {};
  try {
    const analysis = analyzeInner(text, options, diag, symbols, read);
    return read.data ? { analysis, data: { table: read.data.table, range: read.data.sourceRange } } : { analysis };
  } catch (e) {
    diag.error(
      DOC_START,
      'internal',
      `internal error while checking the spec (please report it): ${e instanceof Error ? e.message : String(e)}`,
    );
    return { analysis: { diagnostics: diag.list, symbols } };
  }
}

/** Parses and validates a .nnspec document. Never throws. */
export function analyze(text: string, options: AnalyzeOptions = {}): AnalyzeResult {
  return check(text, options).analysis;
}

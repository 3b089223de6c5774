/**
 * The `nnspec` command line: the same core as the extension, for terminals, scripts and CI.
 * `check`, `summary`, `forward`, `backward`, `gradcheck`, `train`, `export` on a .nnspec file;
 * `--weights W` starts from a weights file, `train --save W` writes one.
 * A user's mistake is a `FILE:LINE:COL: error: MESSAGE` line and exit code 2, never a stack trace; what
 * the CLI prints is made visible (control characters in user text escaped, messages one line each).
 * The files a spec names are read only inside the spec's folder or the current folder, regular files
 * only, bounded in size (format/userFiles.ts).
 */
import { writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { isGraphSpec, NO_DATA, openSpec, type OpenedSpec } from './format/openSpec';
import type { NetworkConfig } from './engine/config';
import type { AnalyzeResult, SpecDiagnostic } from './format/types';
import { Network } from './engine/network';
import { layerShapes } from './engine/shapes';
import { forwardReport, backwardReport, ReportTooLarge } from './engine/passes';
import { gradcheck } from './engine/gradcheck';
import { Trainer } from './engine/trainer';
import { offerKernelThread } from './node/kernelThreads';
import { describeForward, describeBackward, describeSummary } from './text/reports';
import { describeGradcheck } from './text/gradcheck';
import { gradcheckJson, passJson, trainEndJson } from './text/json';
import { plural, sampleIndex, trainingSetRange } from './text/notation';
import { formatMetrics, stopMessage } from './text/training';
import type { EpochMetrics, PassReport, TrainTestData } from './engine/types';
import { parseArgs, USAGE, UsageError, type CliArgs } from './cli/args';
import { fileReader, FileRefused, readRegularFile } from './format/userFiles';
import { MAX_DOCUMENT_CHARS } from './format/yamlSource';
import { passNote } from './text/output';
import { err, fileError, json, location, out } from './cli/print';
import { ProgressBar } from './cli/progress';
import { GraphSpecInvalid, runGraph } from './cli/graphCommands';
import { formatWeightsFile, loadWeightsInto, maxWeightsFileChars, paramsOf } from './format/weightsFile';
import { exportOnnx } from './export/onnx';
import { dataSize, EMBEDDED_DATA_LIMIT, exportData, exportPytorch } from './export/pytorch';

/** Exit codes: 0 success, 1 a failed gradient check or diverged training, 2 an invalid spec or usage. */
const EXIT_INVALID = 2;

class SpecInvalid extends Error {}

/** Bytes a spec file may have: its accepted characters at up to four bytes each (analyze refuses by characters). */
const MAX_SPEC_BYTES = 4 * MAX_DOCUMENT_CHARS;

function printDiagnostics(file: string, diagnostics: SpecDiagnostic[]): void {
  for (const d of diagnostics) err(`${location(file, d.range)}: ${d.severity}: ${d.message}`);
}

/** The spec file opened (checked, its data loaded), its diagnostics printed. */
function openFile(file: string): OpenedSpec {
  let text: string;
  try {
    text = readRegularFile(resolve(file), MAX_SPEC_BYTES);
  } catch (e) {
    fileError(file, `cannot read the spec: ${e instanceof FileRefused ? e.message : String(e)}`);
    throw new SpecInvalid();
  }
  const base = dirname(resolve(file));
  const readFile = fileReader({
    base,
    roots: [base, process.cwd()],
    rootsText: "the spec's folder and the current folder",
  });
  const opened = openSpec(text, { readFile });
  printDiagnostics(file, opened.analysis.diagnostics);
  return opened;
}

interface Runnable {
  config: NetworkConfig;
  data: TrainTestData;
  /** Epochs behind the weights the network starts from (a weights file's), 0 for the spec's initial weights. */
  startEpoch: number;
  /** The spec's analysis (its symbols place a message). */
  analysis: AnalyzeResult;
}

/** The checked spec (starting from the weights file `weights` when given) and its data, or SpecInvalid after saying why not. */
function runnable(file: string, opened: OpenedSpec, weights?: string): Runnable {
  const { config, data, analysis } = opened;
  if (!config) throw new SpecInvalid();
  if (!data) {
    fileError(file, NO_DATA);
    throw new SpecInvalid();
  }
  const start = { config, data, startEpoch: analysis.weightsFile?.epoch ?? 0, analysis };
  return weights === undefined ? start : { ...start, ...startFrom(config, weights) };
}

/** The configuration that starts from the weights file `path` (--weights), or SpecInvalid after saying why not. */
function startFrom(config: NetworkConfig, path: string): { config: NetworkConfig; startEpoch: number } {
  const params = config.layers.reduce((s, l) => s + layerShapes(l).params, 0);
  let text: string;
  try {
    text = readRegularFile(resolve(path), maxWeightsFileChars(params));
  } catch (e) {
    fileError(path, `cannot read the weights file: ${e instanceof FileRefused ? e.message : String(e)}`);
    throw new SpecInvalid();
  }
  const loaded = loadWeightsInto(config, text);
  if (!loaded.ok) {
    fileError(path, `cannot use the weights file: ${loaded.message}`);
    throw new SpecInvalid();
  }
  return { config: loaded.value.config, startEpoch: loaded.value.file.epoch };
}

/** The 0-based index of the sample `--sample N` names (the first sample is 1), checked against the training set. */
function sampleIndices(args: CliArgs, data: TrainTestData, file: string): number[] | undefined {
  if (args.sample === undefined) return undefined;
  const index = sampleIndex(args.sample);
  if (index >= data.train.n) {
    fileError(file, `--sample ${args.sample} is out of range: ${trainingSetRange(data.train.n)}`);
    throw new SpecInvalid();
  }
  return [index];
}

function run(args: CliArgs): number {
  const { file } = args;
  const opened = openFile(file);
  if (isGraphSpec(opened.analysis)) return runGraph(args, opened);
  switch (args.command) {
    case 'check': {
      const { analysis } = opened;
      const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = analysis.diagnostics.filter((d) => d.severity === 'warning').length;
      if (errors > 0) return EXIT_INVALID;
      const summary = analysis.summary;
      out(
        `${file}: ok${warnings ? ` (${plural(warnings, 'warning')})` : ''}${summary ? ` · ${plural(summary.layers.length, 'layer')} · ${plural(summary.totalParams, 'parameter')}` : ''}`,
      );
      return 0;
    }
    case 'summary': {
      const { analysis } = opened;
      if (!analysis.spec || !analysis.summary) return EXIT_INVALID;
      out(args.json ? json(analysis.summary) : describeSummary(analysis.summary));
      return 0;
    }
    case 'forward':
    case 'backward': {
      const { config, data, analysis } = runnable(file, opened, args.weights);
      const net = Network.fromSpec(config);
      const samples = sampleIndices(args, data, file);
      let report: PassReport;
      try {
        report =
          args.command === 'forward'
            ? forwardReport(net, data.train, samples)
            : backwardReport(net, data.train, samples);
      } catch (e) {
        if (!(e instanceof ReportTooLarge)) throw e;
        const layer = analysis.symbols.find((s) => s.kind === 'layer' && s.layerIndex === e.layer);
        err(`${layer ? location(file, layer.selectionRange) : `${file}:1:1`}: error: ${e.message}`);
        throw new SpecInvalid();
      }
      const note = passNote(report, data.train.n);
      const data0 = analysis.symbols.find((s) => s.kind === 'data');
      if (note) err(`${data0 ? location(file, data0.selectionRange) : `${file}:1:1`}: info: ${note}`);
      out(
        args.json
          ? json(passJson(report))
          : args.command === 'forward'
            ? describeForward(report)
            : describeBackward(report),
      );
      return 0;
    }
    case 'gradcheck': {
      const { config, data } = runnable(file, opened, args.weights);
      const report = gradcheck(Network.fromSpec(config), data.train);
      out(args.json ? json(gradcheckJson(report)) : describeGradcheck(report));
      return report.passed ? 0 : 1;
    }
    case 'train':
      return train(args, opened);
    case 'export':
      return exportTo(args, opened);
  }
}

function train(args: CliArgs, opened: OpenedSpec): number {
  const { config, data, startEpoch } = runnable(args.file, opened, args.weights);
  const epochs = args.epochs ?? config.train.epochs;
  offerKernelThread(); // large products on two cores (the same numbers)
  const net = Network.fromSpec(config);
  const trainer = new Trainer(net, data, { epochs });
  const tty = !args.json && process.stderr.isTTY;
  const bar = tty ? new ProgressBar(process.stderr, epochs) : undefined;
  const every = Math.max(1, Math.round(epochs / 10));
  let m: EpochMetrics | undefined;
  while ((m = trainer.step()) !== undefined) {
    if (args.json) out(json(m));
    else if (bar) bar.update(m);
    else if (m.epoch % every === 0 || m.epoch === 1) out(`epoch ${m.epoch}/${epochs} · ${formatMetrics(m)}`);
  }
  const result = trainer.result();
  if (bar) {
    bar.update(result.final, true);
    bar.finish();
  }
  const message = stopMessage(result);
  if (args.json) out(json(trainEndJson(result)));
  else out(`${message}\nfinal: epoch ${result.final.epoch} · ${formatMetrics(result.final)}`);
  if (result.reason === 'diverged') {
    fileError(args.file, message);
    if (args.save) fileError(args.save, 'not written: the weights are not worth saving');
    return 1;
  }
  if (args.save) {
    const epoch = startEpoch + result.final.epoch;
    write(args.save, formatWeightsFile(config, paramsOf(net.layers), { epoch, loss: result.final.loss }), args.file);
    if (!args.json) out(`saved the weights (epoch ${epoch}) to ${args.save}`);
  }
  return 0;
}

/** Writes a file the user asked for; a failure is their mistake (a missing folder, no permission), exit 2. */
function write(path: string, contents: string | Uint8Array, spec: string): void {
  if (resolve(path) === resolve(spec)) {
    fileError(path, 'not written: that is the spec itself');
    throw new SpecInvalid();
  }
  try {
    writeFileSync(path, contents);
  } catch (e) {
    fileError(path, `cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    throw new SpecInvalid();
  }
}

/** `export FILE --to pytorch|onnx`: the network (with its current weights) in another tool's terms. */
function exportTo(args: CliArgs, opened: OpenedSpec): number {
  const { config, data, startEpoch } = runnable(args.file, opened, args.weights);
  const net = Network.fromSpec(config);
  const params = paramsOf(net.layers);
  const stem = join(dirname(args.file), basename(args.file, extname(args.file)));
  if (args.to === 'onnx') {
    const target = args.output ?? `${stem}.onnx`;
    const model = exportOnnx(config, params, {
      float32: args.float32,
      version: VERSION,
      source: basename(args.file),
      epoch: startEpoch,
      loss: net.lossOf(data.train.x, data.train.targets, data.train.n),
    });
    write(target, model.bytes, args.file);
    out(
      `wrote ${target}: ONNX opset 13, ${model.precision}, ${model.ops.length} operator types (${model.ops.join(', ')})`,
    );
    return 0;
  }
  const target = args.output ?? `${stem}.py`;
  const big = dataSize(data) > EMBEDDED_DATA_LIMIT;
  const dataFile = args.dataCsv || big ? `${target.replace(/\.py$/, '')}.data.csv` : undefined;
  const program = exportPytorch({
    config,
    data,
    params,
    source: basename(args.file),
    version: VERSION,
    startEpoch,
    program: basename(target),
    ...(dataFile ? { dataFile: basename(dataFile) } : {}),
  });
  if (dataFile) {
    write(dataFile, exportData(data), args.file);
    out(`wrote ${dataFile}: the prepared data${args.dataCsv ? '' : ' (too big to embed in the program)'}`);
  }
  write(target, program, args.file);
  out(`wrote ${target}: run it with python3 ${basename(target)} [--epochs N] [--nproc K] (needs PyTorch)`);
  return 0;
}

export function main(argv: string[]): number {
  if (argv.length === 0 || argv[0] === '-h' || argv[0] === '--help' || argv[0] === 'help') {
    out(USAGE);
    return argv.length === 0 ? EXIT_INVALID : 0;
  }
  if (argv[0] === '-v' || argv[0] === '--version') {
    out(VERSION);
    return 0;
  }
  try {
    return run(parseArgs(argv));
  } catch (e) {
    if (e instanceof UsageError) {
      err(`nnspec: ${e.message}\n\n${USAGE}`);
      return EXIT_INVALID;
    }
    if (e instanceof SpecInvalid || e instanceof GraphSpecInvalid) return EXIT_INVALID;
    throw e; // a bug in nnspec, not the user's mistake: keep the trace
  }
}

declare const NNSPEC_VERSION: string | undefined;
const VERSION = typeof NNSPEC_VERSION === 'string' ? NNSPEC_VERSION : '0.0.0-dev';

if (require.main === module) {
  const code = main(process.argv.slice(2));
  process.stdout.write('', () => process.exit(code));
}

/**
 * The `nnspec` command line: the same core as the extension, for terminals, scripts and CI.
 * `check`, `summary`, `forward`, `backward`, `gradcheck`, `train` on a .nnspec file.
 * A user's mistake is a `FILE:LINE:COL: error: MESSAGE` line and exit code 2, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { analyze } from './format/analyze';
import type { NetworkConfig } from './engine/config';
import type { AnalyzeResult, Range, SpecDiagnostic } from './format/types';
import { loadData, DataError } from './engine/data/load';
import { Network } from './engine/network';
import { forwardReport, backwardReport } from './engine/passes';
import { gradcheck } from './engine/gradcheck';
import { Trainer } from './engine/trainer';
import { describeForward, describeBackward, describeGradcheck, describeSummary } from './engine/describe';
import type { EpochMetrics, TrainTestData } from './engine/types';
import { parseArgs, USAGE, UsageError, type CliArgs } from './cli/args';
import { ProgressBar, formatMetrics } from './cli/progress';

/** Exit codes: 0 success, 1 a failed gradient check or diverged training, 2 an invalid spec or usage. */
const EXIT_INVALID = 2;

class SpecInvalid extends Error {}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
function out(line: string): void {
  process.stdout.write(line + '\n');
}
function err(line: string): void {
  process.stderr.write(line + '\n');
}

function location(file: string, range: Range): string {
  return `${file}:${range.start.line + 1}:${range.start.character + 1}`;
}

function printDiagnostics(file: string, diagnostics: SpecDiagnostic[]): void {
  for (const d of diagnostics) err(`${location(file, d.range)}: ${d.severity}: ${d.message}`);
}

interface Loaded {
  spec: NetworkConfig;
  data: TrainTestData;
  analysis: AnalyzeResult;
}

function readSpec(file: string): { text: string; readFile: (rel: string) => string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    err(`${file}: error: cannot read the spec: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    throw new SpecInvalid();
  }
  const base = dirname(resolve(file));
  return { text, readFile: (rel: string) => readFileSync(resolve(base, rel), 'utf8') };
}

function analyzeFile(file: string): { analysis: AnalyzeResult; readFile: (rel: string) => string } {
  const { text, readFile } = readSpec(file);
  const analysis = analyze(text, { readFile });
  printDiagnostics(file, analysis.diagnostics);
  return { analysis, readFile };
}

function load(file: string): Loaded {
  const { analysis, readFile } = analyzeFile(file);
  if (!analysis.spec) throw new SpecInvalid();
  const spec = analysis.spec;
  try {
    return { spec, data: loadData(spec, readFile), analysis };
  } catch (e) {
    if (e instanceof DataError) {
      const dataSymbol = analysis.symbols.find((s) => s.kind === 'data');
      const where = dataSymbol ? location(file, dataSymbol.range) : `${file}:1:1`;
      err(`${where}: error: ${e.message}`);
      throw new SpecInvalid();
    }
    throw e;
  }
}

function sampleIndices(args: CliArgs, data: TrainTestData, file: string): number[] | undefined {
  if (args.sample === undefined) return undefined;
  if (args.sample >= data.train.n) {
    err(
      `${file}: error: --sample ${args.sample} is out of range: the training set has ${plural(data.train.n, 'sample')} (0 to ${data.train.n - 1})`,
    );
    throw new SpecInvalid();
  }
  return [args.sample];
}

function json(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

function run(args: CliArgs): number {
  const { file } = args;
  switch (args.command) {
    case 'check': {
      const { analysis } = analyzeFile(file);
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
      const { analysis } = analyzeFile(file);
      if (!analysis.spec || !analysis.summary) return EXIT_INVALID;
      out(args.json ? json(analysis.summary) : describeSummary(analysis.summary));
      return 0;
    }
    case 'forward':
    case 'backward': {
      const { spec, data } = load(file);
      const net = Network.fromSpec(spec);
      const samples = sampleIndices(args, data, file);
      const report =
        args.command === 'forward' ? forwardReport(net, data.train, samples) : backwardReport(net, data.train, samples);
      out(args.json ? json(report) : args.command === 'forward' ? describeForward(report) : describeBackward(report));
      return 0;
    }
    case 'gradcheck': {
      const { spec, data } = load(file);
      const report = gradcheck(Network.fromSpec(spec), data.train);
      out(args.json ? json(report) : describeGradcheck(report));
      return report.passed ? 0 : 1;
    }
    case 'train':
      return train(args);
  }
}

function train(args: CliArgs): number {
  const { spec, data } = load(args.file);
  const epochs = args.epochs ?? spec.train.epochs;
  const trainer = new Trainer(Network.fromSpec(spec), data, { epochs });
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
  if (args.json) out(json({ ...result.final, reason: result.reason, message: result.message }));
  else out(`${result.message}\nfinal: epoch ${result.final.epoch} · ${formatMetrics(result.final)}`);
  if (result.reason === 'diverged') {
    err(`${args.file}: error: ${result.message}`);
    return 1;
  }
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
    if (e instanceof SpecInvalid) return EXIT_INVALID;
    throw e; // a bug in nnspec, not the user's mistake: keep the trace
  }
}

declare const NNSPEC_VERSION: string | undefined;
const VERSION = typeof NNSPEC_VERSION === 'string' ? NNSPEC_VERSION : '0.0.0-dev';

if (require.main === module) {
  const code = main(process.argv.slice(2));
  process.stdout.write('', () => process.exit(code));
}

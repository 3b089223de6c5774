/**
 * The `nnspec` command line: the same core as the extension, for terminals, scripts and CI.
 * `check`, `summary`, `forward`, `backward`, `gradcheck`, `train` on a .nnspec file.
 * A user's mistake is a `FILE:LINE:COL: error: MESSAGE` line and exit code 2, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NO_DATA, openSpec, type OpenedSpec } from './format/openSpec';
import type { NetworkConfig } from './engine/config';
import type { Range, SpecDiagnostic } from './format/types';
import { Network } from './engine/network';
import { forwardReport, backwardReport } from './engine/passes';
import { gradcheck } from './engine/gradcheck';
import { Trainer } from './engine/trainer';
import { describeForward, describeBackward, describeSummary } from './text/reports';
import { describeGradcheck } from './text/gradcheck';
import { gradcheckJson, passJson, trainEndJson } from './text/json';
import { plural, sampleIndex, trainingSetRange } from './text/notation';
import { formatMetrics, stopMessage } from './text/training';
import type { EpochMetrics, TrainTestData } from './engine/types';
import { parseArgs, USAGE, UsageError, type CliArgs } from './cli/args';
import { ProgressBar } from './cli/progress';

/** Exit codes: 0 success, 1 a failed gradient check or diverged training, 2 an invalid spec or usage. */
const EXIT_INVALID = 2;

class SpecInvalid extends Error {}

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

/** The spec file opened (checked, its data loaded), its diagnostics printed. */
function openFile(file: string): OpenedSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    err(`${file}: error: cannot read the spec: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    throw new SpecInvalid();
  }
  const base = dirname(resolve(file));
  const opened = openSpec(text, { readFile: (rel: string) => readFileSync(resolve(base, rel), 'utf8') });
  printDiagnostics(file, opened.analysis.diagnostics);
  return opened;
}

/** The checked spec and its data, or SpecInvalid after saying why not. */
function runnable(file: string): { config: NetworkConfig; data: TrainTestData } {
  const { config, data } = openFile(file);
  if (!config) throw new SpecInvalid();
  if (!data) {
    err(`${file}:1:1: error: ${NO_DATA}`);
    throw new SpecInvalid();
  }
  return { config, data };
}

/** The 0-based index of the sample `--sample N` names (the first sample is 1), checked against the training set. */
function sampleIndices(args: CliArgs, data: TrainTestData, file: string): number[] | undefined {
  if (args.sample === undefined) return undefined;
  const index = sampleIndex(args.sample);
  if (index >= data.train.n) {
    err(`${file}: error: --sample ${args.sample} is out of range: ${trainingSetRange(data.train.n)}`);
    throw new SpecInvalid();
  }
  return [index];
}

function json(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

function run(args: CliArgs): number {
  const { file } = args;
  switch (args.command) {
    case 'check': {
      const { analysis } = openFile(file);
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
      const { analysis } = openFile(file);
      if (!analysis.spec || !analysis.summary) return EXIT_INVALID;
      out(args.json ? json(analysis.summary) : describeSummary(analysis.summary));
      return 0;
    }
    case 'forward':
    case 'backward': {
      const { config, data } = runnable(file);
      const net = Network.fromSpec(config);
      const samples = sampleIndices(args, data, file);
      const report =
        args.command === 'forward' ? forwardReport(net, data.train, samples) : backwardReport(net, data.train, samples);
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
      const { config, data } = runnable(file);
      const report = gradcheck(Network.fromSpec(config), data.train);
      out(args.json ? json(gradcheckJson(report)) : describeGradcheck(report));
      return report.passed ? 0 : 1;
    }
    case 'train':
      return train(args);
  }
}

function train(args: CliArgs): number {
  const { config, data } = runnable(args.file);
  const epochs = args.epochs ?? config.train.epochs;
  const trainer = new Trainer(Network.fromSpec(config), data, { epochs });
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
    err(`${args.file}: error: ${message}`);
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

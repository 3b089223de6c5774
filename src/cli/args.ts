/** Parses the `nnspec` command line: a command, a spec file and a few flags, with clear usage errors. */
import { MAX_EPOCHS } from '../engine/config';

export type CommandName = 'check' | 'summary' | 'forward' | 'backward' | 'gradcheck' | 'train' | 'export';

export type ExportTarget = 'pytorch' | 'onnx';

export interface CliArgs {
  command: CommandName;
  file: string;
  json: boolean;
  /** The sample `--sample N` names, numbered from 1. */
  sample?: number;
  epochs?: number;
  /** A weights file to start from instead of the spec's initial weights. */
  weights?: string;
  /** train: where to write the trained weights. */
  save?: string;
  /** export: what to write, and where. */
  to?: ExportTarget;
  output?: string;
  float32?: boolean;
  /** export --to pytorch: the data in a CSV file beside the program instead of inside it. */
  dataCsv?: boolean;
}

export const USAGE = `Usage: nnspec <command> FILE [options]

Commands:
  check FILE                     report problems in the spec (exit 0 valid, 2 not)
  summary FILE [--json]          layers, shapes and parameter counts
  forward FILE [--sample N] [--json]   run a forward pass (whole training set, or sample N, the first is 1)
  backward FILE [--sample N] [--json]  forward + backward pass with every gradient
  gradcheck FILE [--json]        compare analytic gradients with central differences (exit 1 on failure)
  train FILE [--epochs N] [--save W] [--json]
                                 train; --json prints one JSON line per epoch; --save writes the
                                 trained weights to the weights file W
  export FILE --to pytorch|onnx [-o PATH] [--data-csv] [--float32]
                                 write a PyTorch training program (FILE.py) or an ONNX model (FILE.onnx)

A graph spec (graph:) takes check, summary, forward, backward, gradcheck and train (over train: params).

Options:
  --json        machine-readable output
  --sample N    one training sample (numbered from 1) instead of the whole set
  --epochs N    override train.epochs
  --weights W   start from the weights in the weights file W (forward, backward, gradcheck, train,
                export); train --weights W --save W continues a run
  --save W      train: write the trained weights to W (e.g. FILE.weights.json)
  --to T        export: pytorch or onnx
  -o PATH       export: the file to write (default: beside the spec)
  --data-csv    export --to pytorch: the data in a CSV file beside the program (PATH.data.csv), not
                inside it (the default for data of over a million numbers)
  --float32     export --to onnx: float32 instead of float64
  -h, --help    this text
  -v, --version the version`;

const COMMANDS: readonly CommandName[] = ['check', 'summary', 'forward', 'backward', 'gradcheck', 'train', 'export'];
const WITH_WEIGHTS: readonly CommandName[] = ['forward', 'backward', 'gradcheck', 'train', 'export'];

export class UsageError extends Error {}

function wholeNumber(flag: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) throw new UsageError(`${flag} needs a number`);
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be a whole number ≥ ${min}, not '${value}'`);
  if (n > max) throw new UsageError(`${flag} must be at most ${max}, not ${value}`);
  return n;
}

function path(flag: string, value: string | undefined): string {
  if (value === undefined || value === '' || value.startsWith('-')) throw new UsageError(`${flag} needs a file path`);
  return value;
}

export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (!command) throw new UsageError('no command given');
  if (!COMMANDS.includes(command as CommandName)) throw new UsageError(`unknown command '${command}'`);
  const out: Partial<CliArgs> = { command: command as CommandName, json: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--json' && command !== 'export') out.json = true;
    else if (a === '--sample' && (command === 'forward' || command === 'backward'))
      out.sample = wholeNumber(a, rest[++i], 1);
    else if (a === '--epochs' && command === 'train') out.epochs = wholeNumber(a, rest[++i], 1, MAX_EPOCHS);
    else if (a === '--weights' && WITH_WEIGHTS.includes(command as CommandName)) out.weights = path(a, rest[++i]);
    else if (a === '--save' && command === 'train') out.save = path(a, rest[++i]);
    else if ((a === '-o' || a === '--output') && command === 'export') out.output = path(a, rest[++i]);
    else if (a === '--float32' && command === 'export') out.float32 = true;
    else if (a === '--data-csv' && command === 'export') out.dataCsv = true;
    else if (a === '--to' && command === 'export') {
      const to = rest[++i];
      if (to !== 'pytorch' && to !== 'onnx') throw new UsageError(`--to must be pytorch or onnx, not '${to ?? ''}'`);
      out.to = to;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}' for '${command}'`);
    else if (out.file === undefined) out.file = a;
    else throw new UsageError(`unexpected argument '${a}'`);
  }
  if (!out.file) throw new UsageError(`'${command}' needs a spec FILE`);
  if (command === 'export' && !out.to) throw new UsageError(`'export' needs --to pytorch or --to onnx`);
  if (out.float32 && out.to !== 'onnx') throw new UsageError('--float32 is for --to onnx');
  if (out.dataCsv && out.to !== 'pytorch') throw new UsageError('--data-csv is for --to pytorch');
  return out as CliArgs;
}

/** Parses the `nnspec` command line: a command, a spec file and a few flags, with clear usage errors. */

export type CommandName = 'check' | 'summary' | 'forward' | 'backward' | 'gradcheck' | 'train';

export interface CliArgs {
  command: CommandName;
  file: string;
  json: boolean;
  /** The sample `--sample N` names, numbered from 1. */
  sample?: number;
  epochs?: number;
}

export const USAGE = `Usage: nnspec <command> FILE [options]

Commands:
  check FILE                     report problems in the spec (exit 0 valid, 2 not)
  summary FILE [--json]          layers, shapes and parameter counts
  forward FILE [--sample N] [--json]   run a forward pass (whole training set, or sample N, the first is 1)
  backward FILE [--sample N] [--json]  forward + backward pass with every gradient
  gradcheck FILE [--json]        compare analytic gradients with central differences (exit 1 on failure)
  train FILE [--epochs N] [--json]     train; --json prints one JSON line per epoch

Options:
  --json        machine-readable output
  --sample N    one training sample (numbered from 1) instead of the whole set
  --epochs N    override train.epochs
  -h, --help    this text
  -v, --version the version`;

const COMMANDS: readonly CommandName[] = ['check', 'summary', 'forward', 'backward', 'gradcheck', 'train'];

export class UsageError extends Error {}

function wholeNumber(flag: string, value: string | undefined, min: number): number {
  if (value === undefined) throw new UsageError(`${flag} needs a number`);
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be a whole number ≥ ${min}, not '${value}'`);
  return n;
}

export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (!command) throw new UsageError('no command given');
  if (!COMMANDS.includes(command as CommandName)) throw new UsageError(`unknown command '${command}'`);
  const out: Partial<CliArgs> = { command: command as CommandName, json: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--json') out.json = true;
    else if (a === '--sample' && (command === 'forward' || command === 'backward'))
      out.sample = wholeNumber(a, rest[++i], 1);
    else if (a === '--epochs' && command === 'train') out.epochs = wholeNumber(a, rest[++i], 1);
    else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}' for '${command}'`);
    else if (out.file === undefined) out.file = a;
    else throw new UsageError(`unexpected argument '${a}'`);
  }
  if (!out.file) throw new UsageError(`'${command}' needs a spec FILE`);
  return out as CliArgs;
}

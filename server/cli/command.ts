/**
 * What the file commands (`analyze`, `sequences`) share: a failure carrying its exit code, `--name value` /
 * `--name=value` options each given at most once, the usage on `-h`/`--help` and after an argument error, and opening a
 * file stream with a sentence when it cannot be opened.
 */
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { EXIT_IO, EXIT_OK, EXIT_USAGE, type CliIo } from './detect_command';

export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** The options' values by name; an unknown option, a missing value or an option given twice is a usage error. */
export function parseOptions(argv: readonly string[], names: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const eq = argv[i].indexOf('=');
    const [name, inline] =
      argv[i].startsWith('--') && eq > 0 ? [argv[i].slice(0, eq), argv[i].slice(eq + 1)] : [argv[i], undefined];
    if (!names.includes(name)) throw new CommandFailure(`unknown option "${argv[i]}"`, EXIT_USAGE);
    const value = inline ?? argv[++i];
    if (value === undefined || (value.startsWith('-') && value !== '-'))
      throw new CommandFailure(`${name} needs a value`, EXIT_USAGE);
    if (values.has(name)) throw new CommandFailure(`${name} is given twice`, EXIT_USAGE);
    values.set(name, value);
  }
  return values;
}

/**
 * Runs a command: its usage on `-h`/`--help`; otherwise its arguments parsed and the command run, a failure written to
 * stderr (followed by the usage when the arguments were the problem) and its exit code returned.
 */
export async function runCommand<A>(
  argv: readonly string[],
  io: CliIo,
  usage: string,
  parse: (argv: readonly string[]) => A,
  command: (args: A, io: CliIo) => Promise<number>,
): Promise<number> {
  try {
    if (argv.includes('-h') || argv.includes('--help')) {
      io.stdout.write(`${usage}\n`);
      return EXIT_OK;
    }
    return await command(parse(argv), io);
  } catch (error) {
    const failure = error instanceof CommandFailure ? error : new CommandFailure((error as Error).message, EXIT_IO);
    io.stderr.write(`buffalogs: ${failure.message}\n${failure.exitCode === EXIT_USAGE ? `\n${usage}\n` : ''}`);
    return failure.exitCode;
  }
}

/** A file stream once it is open; `what` names it in the failure (`--input FILE`). */
export async function openStream<T extends Readable | Writable>(make: () => T, what: string): Promise<T> {
  const stream = make();
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new CommandFailure(`cannot open ${what}: ${(error as Error).message}`, EXIT_IO);
  }
  return stream;
}

/**
 * Entry point of the `buffalogs` command (see `bin/buffalogs.js`): arguments → command → exit code.
 */
import { parseArgs, USAGE } from './args';
import { EXIT_OK, EXIT_USAGE, runDetect, type CliIo } from './detect_command';
import { runRun } from './run_command';

export async function main(argv: readonly string[], io: CliIo = process): Promise<number> {
  if (argv[0] === 'run') return runRun(argv.slice(1), io);
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.stderr.write(`buffalogs: ${parsed.error}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if ('help' in parsed) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  return runDetect(parsed.args, io);
}

/**
 * Entry point of the `buffalogs` command (see `bin/buffalogs.js`): arguments → command → exit code.
 */
import { runAnalyze } from './analyze_command';
import { parseArgs, USAGE } from './args';
import { EXIT_OK, EXIT_USAGE, runDetect, type CliIo } from './detect_command';
import { runImportAccessLog } from './import_access_log_command';
import { runRun } from './run_command';
import { runSequencesCommand } from './sequences_command';

/** What `buffalogs --help` prints: every command, each with its own `--help`. */
export const COMMANDS_USAGE = `Usage: buffalogs detect --input FILE|- [options]   NDJSON logins in, NDJSON alerts out (offline)
       buffalogs run --es URL [options]            one detection pass against Elasticsearch, as the Kibana task runs
       buffalogs sequences --input FILE --rules FILE   replay sequence rules over NDJSON events, NDJSON alerts out
       buffalogs import-access-log FILE... --es URL --index NAME   Apache/Nginx access logs into ECS documents
       buffalogs analyze --input FILE --features FILE   features, flags and clustering over CSV/NDJSON records
       buffalogs <command> --help                  the command's options`;

export async function main(argv: readonly string[], io: CliIo = process): Promise<number> {
  const command = argv[0];
  if (command === 'run') return runRun(argv.slice(1), io);
  if (command === 'sequences') return runSequencesCommand(argv.slice(1), io);
  if (command === 'analyze') return runAnalyze(argv.slice(1), io);
  if (command === 'import-access-log') return runImportAccessLog(argv.slice(1), io);
  if (command === '-h' || command === '--help' || command === 'help') {
    io.stdout.write(`${COMMANDS_USAGE}\n`);
    return EXIT_OK;
  }
  if (command !== 'detect') {
    io.stderr.write(
      `buffalogs: ${command === undefined ? 'no command given' : `unknown command "${command}"`}\n\n${COMMANDS_USAGE}\n`,
    );
    return EXIT_USAGE;
  }
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

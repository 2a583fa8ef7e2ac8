/**
 * `buffalogs import-access-log FILE… --es URL --index NAME`: Apache/Nginx access logs into Elasticsearch as the ECS
 * documents Elastic's Apache integration writes, for people who do not run Elastic Agent. Bad lines go to stderr with
 * file, line number and reason; the summary goes to stdout.
 */
import { importAccessLogs, ImportStopped, type ImportResult } from '../importer/import_access_log';
import { EXIT_IO, EXIT_OK, EXIT_USAGE, type CliIo } from './detect_command';

export const IMPORT_ACCESS_LOG_USAGE = `Usage: buffalogs import-access-log FILE... --es URL --index NAME [--batch-size N]

Parses Apache/Nginx access logs (common or combined format) into ECS documents (the fields Elastic's Apache
integration writes: source.ip, url.*, http.*, user_agent.original, @timestamp in UTC) and bulk-indexes them.
Lines that are not access-log lines are reported on stderr (file:line: reason) and skipped; nothing else is lost.
Importing the same file again adds nothing (each line's id is derived from the file's lines). If a FILE cannot be
read, each such is named and nothing is imported (exit code 1). Documents Elasticsearch rejects for now (429,
5xx) are sent again with backoff; if the import stops partway, what was indexed is printed and importing the same
files again finishes it.

Options:
  --es URL          the cluster (credentials may be in the URL)
  --index NAME      the target index or data stream (e.g. logs-apache.access-default)
  --batch-size N    documents per bulk request (default 2000)`;

export async function runImportAccessLog(argv: readonly string[], io: CliIo): Promise<number> {
  const files: string[] = [];
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      io.stdout.write(`${IMPORT_ACCESS_LOG_USAGE}\n`);
      return EXIT_OK;
    }
    if (!arg.startsWith('--')) {
      files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (!['--es', '--index', '--batch-size'].includes(name)) return usage(io, `unknown option "${arg}"`);
    if (value === undefined || value.startsWith('--')) return usage(io, `${name} needs a value`);
    if (values.has(name)) return usage(io, `${name} is given twice`);
    values.set(name, value);
  }
  if (files.length === 0) return usage(io, 'give at least one access-log FILE');
  const es = values.get('--es');
  const index = values.get('--index');
  if (!es) return usage(io, '--es URL is required');
  if (!index) return usage(io, '--index NAME is required');
  if (index !== index.toLowerCase() || /[\\/*?"<>| ,#:]/.test(index) || index.startsWith('-') || index.startsWith('_'))
    return usage(io, `--index "${index}" is not a valid index name (lowercase, no spaces or \\/*?"<>|,#:)`);
  const batchText = values.get('--batch-size') ?? '2000';
  const batchSize = Number(batchText);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000)
    return usage(io, `--batch-size must be a whole number from 1 to 50000, not "${batchText}"`);

  const { Client } = await import('@elastic/elasticsearch');
  const client = new Client({ node: es, requestTimeout: 60_000 });
  try {
    const result = await importAccessLogs(client, files, {
      index,
      batchSize,
      onBadLine: (file, bad) => io.stderr.write(`${file}:${bad.line}: ${bad.reason}\n`),
    });
    io.stdout.write(summary(result));
    return Object.keys(result.refused).length > 0 ? EXIT_IO : EXIT_OK;
  } catch (error) {
    io.stderr.write(`buffalogs import-access-log: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof ImportStopped) {
      // What went in before it stopped, and how to finish: the ids make a second import skip those lines.
      io.stdout.write(`before stopping: ${summary(error.done)}`);
      io.stderr.write(
        'buffalogs import-access-log: import the same files again to finish: lines already indexed are skipped\n',
      );
    }
    return EXIT_IO;
  } finally {
    await client.close();
  }
}

function summary(result: ImportResult): string {
  const refused = Object.entries(result.refused).map(([type, n]) => `${n} ${type}`);
  return (
    `${result.lines} lines: ${result.indexed} indexed, ${result.alreadyPresent} already present, ` +
    `${result.bad} bad${refused.length > 0 ? `, refused by Elasticsearch: ${refused.join(', ')}` : ''}\n`
  );
}

function usage(io: CliIo, error: string): number {
  io.stderr.write(`buffalogs import-access-log: ${error}\n\n${IMPORT_ACCESS_LOG_USAGE}\n`);
  return EXIT_USAGE;
}

/**
 * Streams access-log files into an index: each line parsed (./access_log.ts), good lines bulk-indexed in batches,
 * bad lines reported with their file, number and reason and never stopping the rest. Ids are deterministic (a hash
 * chained over the file's lines), and documents are `create`d, so importing a file twice, or a rotated file that
 * grew, adds only what is new.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import type { Client } from '@elastic/elasticsearch';
import { LongLine, readLines } from '../read_lines';
import { esCause, esStatus } from '../routes/errors';
import { bulkWrite, type BulkDoc } from '../storage/bulk_writer';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../storage/retry';
import { LINE_TOO_LONG, MAX_LINE_LENGTH, parseAccessLine, type AccessLogDocument, type BadLine } from './access_log';

export interface ImportOptions {
  index: string;
  batchSize: number;
  onBadLine(file: string, bad: BadLine): void;
  signal?: AbortSignal;
  /** Bulk rejections (429, 5xx) are sent again with this backoff (default: the detection task's). */
  retry?: RetryPolicy;
}

export interface ImportResult {
  lines: number;
  indexed: number;
  /** Lines whose document was already in the index (an earlier import of the same lines). */
  alreadyPresent: number;
  bad: number;
  /** Documents Elasticsearch refused, by error type (mapping conflicts and the like). */
  refused: Record<string, number>;
}

/**
 * The import stopped partway (a file that became unreadable, the cluster failing past the retries): what was done
 * until then, and where it stopped. Importing the same files again finishes the job, as the lines already indexed
 * are recognised by their ids.
 */
export class ImportStopped extends Error {
  constructor(
    readonly done: ImportResult,
    /** `file:line` of the last line read. */
    readonly at: string,
    cause: unknown,
  ) {
    const status = esStatus(cause);
    super(`stopped at ${at}: ${status === undefined ? '' : `Elasticsearch answered ${status}, `}${esCause(cause)}`, {
      cause,
    });
    this.name = 'ImportStopped';
  }
}

/** The `_id` of a line: chained, so identical lines (two requests in one second) get different ids. */
export function chainedId(previous: string, line: string): string {
  return createHash('sha1').update(previous).update('\u0000').update(line).digest('base64url');
}

/** ECS types of the fields the parser writes, for a new index no template covers (dynamic mapping would make
 * `source.ip` text, and the web detectors' `terms` and range queries would miss). Every keyword a client chooses
 * (URL, referrer, user agent, user, protocol version, client host name) has `ignore_above` 8191: a term is at most
 * 32,766 bytes, 8,191 characters of up to four bytes, and a longer value would make Elasticsearch refuse the whole
 * request's document; above it the value stays in the document, unindexed. */
export const ACCESS_LOG_MAPPINGS = {
  properties: {
    '@timestamp': { type: 'date' },
    event: {
      properties: Object.fromEntries(
        ['kind', 'category', 'type', 'outcome', 'dataset', 'module'].map((k) => [k, { type: 'keyword' }]),
      ),
    },
    source: {
      properties: {
        address: { type: 'keyword', ignore_above: 8191 },
        ip: { type: 'ip' },
        domain: { type: 'keyword', ignore_above: 8191 },
      },
    },
    http: {
      properties: {
        version: { type: 'keyword', ignore_above: 8191 },
        request: { properties: { method: { type: 'keyword' }, referrer: { type: 'keyword', ignore_above: 8191 } } },
        response: { properties: { status_code: { type: 'long' }, body: { properties: { bytes: { type: 'long' } } } } },
      },
    },
    url: {
      properties: Object.fromEntries(
        ['original', 'path', 'query', 'extension', 'domain'].map((k) => [k, { type: 'keyword', ignore_above: 8191 }]),
      ),
    },
    user: { properties: { name: { type: 'keyword', ignore_above: 8191 } } },
    user_agent: { properties: { original: { type: 'keyword', ignore_above: 8191 } } },
  },
} as const;

/** Creates the target with ECS mappings when it does not exist and no index template would give it mappings. */
async function ensureTarget(client: Client, index: string, signal?: AbortSignal): Promise<void> {
  if (await client.indices.exists({ index }, { signal })) return;
  const simulated = await client.indices.simulateIndexTemplate({ name: index }, { signal }).catch(() => undefined);
  // A matching template with mappings (Elastic's logs-*-* with ECS mappings, the user's own) decides the types.
  if (Object.keys(simulated?.template?.mappings?.properties ?? {}).length > 0) return;
  await client.indices
    .create({ index, mappings: ACCESS_LOG_MAPPINGS as never }, { signal })
    .catch((error: { meta?: { body?: { error?: { type?: string } } } }) => {
      // Another importer created it first: fine.
      if (error.meta?.body?.error?.type !== 'resource_already_exists_exception') throw error;
    });
}

/**
 * Why each of `files` that cannot be read cannot be (`name: reason`), checked without opening them: a named pipe
 * (`<(zcat access.log.2.gz)`) opened and closed here would lose its writer before the import read it.
 */
async function unreadableFiles(files: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const file of files) {
    try {
      if ((await stat(file)).isDirectory()) problems.push(`${file}: a directory`);
      else await access(file, constants.R_OK);
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      const reason =
        code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : message;
      problems.push(`${file}: ${reason}`);
    }
  }
  return problems;
}

export async function importAccessLogs(
  client: Client,
  files: readonly string[],
  options: ImportOptions,
): Promise<ImportResult> {
  // All or none: stopping at the third of five files left two imported and the user to find out which.
  const problems = await unreadableFiles(files);
  if (problems.length > 0)
    throw new Error(`${problems.map((p) => `cannot read ${p}`).join('; ')}; nothing was imported`);
  await ensureTarget(client, options.index, options.signal);
  const result: ImportResult = { lines: 0, indexed: 0, alreadyPresent: 0, bad: 0, refused: {} };
  let batch: Array<{ id: string; document: AccessLogDocument }> = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const docs: BulkDoc[] = batch.map(({ id, document }) => ({
      action: 'create',
      index: options.index,
      id,
      doc: document,
    }));
    batch = [];
    // bulkWrite sends rejected documents (429 under load, 5xx) again with backoff: a busy cluster used to cost those
    // lines, counted as "refused". Refusals of a document itself (its fields against the mapping) are counted, not
    // retried; anything about the index (closed, read-only) throws, and the import stops saying where.
    const written = await bulkWrite(client, docs, options.retry ?? DEFAULT_RETRY_POLICY, options.signal, {
      keepRefused: true,
    });
    result.indexed += written.written;
    result.alreadyPresent += written.existing;
    for (const refused of written.refused) {
      const type = refused.type ?? `status_${refused.status}`;
      result.refused[type] = (result.refused[type] ?? 0) + 1;
    }
  };
  let at = '';
  try {
    for (const file of files) {
      let number = 0;
      let previous = '';
      at = `${file}:0`;
      // In bytes: UTF-8 takes at most 3 for each of a line's MAX_LINE_LENGTH UTF-16 characters, so a line over this
      // bound is over that one too, and is skipped as it is read, never held.
      for await (const line of readLines(createReadStream(file), 3 * MAX_LINE_LENGTH)) {
        number++;
        at = `${file}:${number}`;
        result.lines++;
        const parsed = line instanceof LongLine ? undefined : parseAccessLine(line);
        if (parsed === undefined || !parsed.ok) {
          result.bad++;
          options.onBadLine(file, { line: number, reason: parsed?.reason ?? LINE_TOO_LONG });
          continue;
        }
        previous = chainedId(previous, line as string);
        batch.push({ id: previous, document: parsed.document });
        if (batch.length >= options.batchSize) await flush();
      }
    }
    await flush();
  } catch (error) {
    throw new ImportStopped(result, at, error);
  }
  return result;
}

/**
 * Bulk writes that either become durable or fail loudly. Items the cluster refused for now (429, 5xx) are sent again
 * with backoff; a `create` answered 409 means the document is already there (a re-run, or a retry of a request whose
 * answer was lost), which is what we wanted. A document written under optimistic concurrency (`guard`) that meets a
 * 409 was changed by someone else meanwhile: it is handed back in `conflicts` for the caller to re-read and merge.
 * Any other item failure, or retries running out, throws: the caller must then not advance anything that depends on
 * these documents. A caller that can set refused documents aside (alerts: a dead letter) asks for those refused for
 * their own content back instead (`keepRefused`, see isDocumentRefusal); every other failure still throws.
 */
import type { EsClient } from './es_client';
import { throwIfAborted } from './es_client';
import { abortableSleep, backoffDelay, isRetryableStatus, withRetry, type RetryPolicy } from './retry';

export interface BulkDoc {
  /**
   * `create` for documents written once (alerts); `index` for documents that move forward (state, checkpoint);
   * `update` merges `doc` into a stored document (a 404 — the document was deleted meanwhile — counts as `missing`).
   */
  action: 'create' | 'index' | 'update';
  index: string;
  id: string;
  doc: unknown;
  /** With `update`: the whole document to create when none is stored yet (Elasticsearch's `upsert`). */
  upsert?: unknown;
  /**
   * Optimistic concurrency: `index` only over this stored version (`if_seq_no`/`if_primary_term`), or `create` only
   * where nothing is stored yet (`absent`). A 409 then means a concurrent write, reported in `conflicts`.
   */
  guard?: StoredVersion | 'absent';
}

/** The version of a stored document, as Elasticsearch's optimistic concurrency control knows it. */
export interface StoredVersion {
  seqNo: number;
  primaryTerm: number;
}

export interface BulkResult {
  /** Documents written by this call. */
  written: number;
  /** `create`s that found the document already there, and `update`s that changed nothing (`noop`). */
  existing: number;
  /** Of `written`: `update`s that changed a stored document (the others created it, from `upsert`). */
  updated: number;
  /** Item-level retries (rejections) this call needed. */
  retries: number;
  /** Guarded documents not written because the stored version changed (409). */
  conflicts: BulkDoc[];
  /** `update`s whose document no longer exists. */
  missing: number;
  /** With `keepRefused`: the documents Elasticsearch refused for good (not retryable), with its reason. */
  refused: RefusedDoc[];
}

export interface RefusedDoc {
  doc: BulkDoc;
  status: number;
  type?: string;
  reason?: string;
}

export class BulkWriteError extends Error {
  constructor(
    message: string,
    readonly failures: Array<{ id: string; status: number; type?: string; reason?: string }>,
  ) {
    super(message);
    this.name = 'BulkWriteError';
  }
}

interface ItemOutcome {
  status: number;
  /** `created`, `updated`, `noop` (an update that changed nothing)… */
  result?: string;
  error?: { type?: string; reason?: string };
}

/**
 * Refusals about the document itself (its shape against the mapping, a field Elasticsearch cannot parse): sending it
 * again can never succeed, and other documents are unaffected. Anything about the index or the caller (closed,
 * missing, read-only, forbidden) is not one: it concerns every document alike and must fail the write.
 */
const DOCUMENT_REFUSALS = new Set([
  'document_parsing_exception',
  'mapper_parsing_exception',
  'strict_dynamic_mapping_exception',
  'illegal_argument_exception',
  'x_content_parse_exception',
]);

export function isDocumentRefusal(status: number, type: string | undefined): boolean {
  return status === 400 && type !== undefined && DOCUMENT_REFUSALS.has(type);
}

/** Keeps each request under a few MB so one batch never builds a huge body. */
const MAX_DOCS_PER_REQUEST = 1000;

export async function bulkWrite(
  client: EsClient,
  docs: readonly BulkDoc[],
  policy: RetryPolicy,
  signal?: AbortSignal,
  options: { keepRefused?: boolean } = {},
): Promise<BulkResult> {
  const result: BulkResult = {
    written: 0,
    existing: 0,
    updated: 0,
    retries: 0,
    conflicts: [],
    missing: 0,
    refused: [],
  };
  for (let start = 0; start < docs.length; start += MAX_DOCS_PER_REQUEST) {
    await writeChunk(
      client,
      docs.slice(start, start + MAX_DOCS_PER_REQUEST),
      policy,
      signal,
      result,
      options.keepRefused ?? false,
    );
  }
  return result;
}

function actionMeta(d: BulkDoc): Record<string, unknown> {
  const meta: Record<string, unknown> = { _index: d.index, _id: d.id };
  if (d.guard !== undefined && d.guard !== 'absent') {
    meta.if_seq_no = d.guard.seqNo;
    meta.if_primary_term = d.guard.primaryTerm;
  }
  return meta;
}

async function writeChunk(
  client: EsClient,
  chunk: readonly BulkDoc[],
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  result: BulkResult,
  keepRefused: boolean,
): Promise<void> {
  const sleep = policy.sleep ?? abortableSleep;
  let pending = chunk;
  for (let attempt = 0; pending.length > 0; attempt++) {
    throwIfAborted(signal);
    const operations: unknown[] = [];
    for (const d of pending)
      operations.push(
        { [d.action]: actionMeta(d) },
        d.action !== 'update' ? d.doc : d.upsert !== undefined ? { doc: d.doc, upsert: d.upsert } : { doc: d.doc },
      );
    const response = await withRetry(() => client.bulk({ operations }, { signal }), policy, signal);
    const retry: BulkDoc[] = [];
    const failures: BulkWriteError['failures'] = [];
    response.items.forEach((item, i) => {
      const outcome = (item.create ?? item.index ?? item.update) as ItemOutcome | undefined;
      const doc = pending[i];
      const status = outcome?.status ?? 500;
      if (status >= 200 && status < 300) {
        if (outcome?.result === 'noop') result.existing++;
        else {
          result.written++;
          if (doc.action === 'update' && outcome?.result === 'updated') result.updated++;
        }
      } else if (status === 409 && doc.guard !== undefined) result.conflicts.push(doc);
      else if (status === 409 && doc.action === 'create') result.existing++;
      else if (status === 404 && doc.action === 'update') result.missing++;
      else if (isRetryableStatus(status) || status >= 500) retry.push(doc);
      else if (keepRefused && isDocumentRefusal(status, outcome?.error?.type))
        result.refused.push({ doc, status, type: outcome?.error?.type, reason: outcome?.error?.reason });
      else failures.push({ id: doc.id, status, type: outcome?.error?.type, reason: outcome?.error?.reason });
    });
    if (failures.length > 0) {
      const first = failures[0];
      throw new BulkWriteError(
        `${failures.length} document(s) were refused by Elasticsearch (first: ${first.id} → ${first.status} ${first.type ?? ''}: ${first.reason ?? ''})`,
        failures,
      );
    }
    if (retry.length > 0) {
      if (attempt >= policy.maxRetries) {
        throw new BulkWriteError(
          `${retry.length} document(s) were still rejected after ${policy.maxRetries} retries (cluster overloaded or unavailable)`,
          retry.map((d) => ({ id: d.id, status: 429 })),
        );
      }
      result.retries += retry.length;
      await sleep(backoffDelay(attempt, policy), signal);
    }
    pending = retry;
  }
}

/**
 * The Elasticsearch client every storage/ingest function takes. It is Kibana's `ElasticsearchClient` (the official
 * client minus lifecycle methods), so the task passes Kibana's client and the CLI a plain `@elastic/elasticsearch`
 * `Client`; tests pass either, or `@elastic/elasticsearch-mock`.
 */
import type { ElasticsearchClient } from '@kbn/core/server';

export type EsClient = ElasticsearchClient;

/** Every client call passes the pass's signal so an abort stops in-flight requests, not just the next one. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Throws the signal's reason (an AbortError) when the signal has fired; used between pages and batches. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === 'string' ? reason : 'The detection pass was aborted');
  error.name = 'AbortError';
  return error;
}

export function isAbortError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // The ES client wraps an aborted request in RequestAbortedError.
  return error.name === 'AbortError' || error.name === 'RequestAbortedError';
}

/**
 * Retrying what Elasticsearch may refuse for a while: rejections under load (429), timeouts, a node going away (5xx,
 * connection errors). Everything else (a mapping conflict, a bad request) fails at once: retrying cannot fix it.
 */
import { abortError, isAbortError, throwIfAborted } from './es_client';

export interface RetryPolicy {
  /** Attempts after the first; when exhausted the caller fails without advancing anything. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injected for tests so they need not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 6, baseDelayMs: 250, maxDelayMs: 20_000 };

/** HTTP statuses worth another try: the request was valid, the cluster could not take it now. */
export function isRetryableStatus(status: number | undefined): boolean {
  return status === 408 || status === 429 || status === 502 || status === 503 || status === 504;
}

/** A client-level error (no per-item status) worth another try. */
export function isRetryableError(error: unknown): boolean {
  if (isAbortError(error) || !(error instanceof Error)) return false;
  if (['ConnectionError', 'TimeoutError', 'NoLivingConnectionsError'].includes(error.name)) return true;
  const status = (error as { meta?: { statusCode?: number } }).meta?.statusCode;
  return isRetryableStatus(status);
}

/** Exponential backoff with full jitter, so parallel partitions do not retry in lock-step. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `call` until it succeeds, fails with a non-retryable error, or the retries are used up. */
export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  onRetry?: (error: unknown, attempt: number) => void,
): Promise<T> {
  const sleep = policy.sleep ?? abortableSleep;
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(signal);
    try {
      return await call();
    } catch (error) {
      if (attempt >= policy.maxRetries || !isRetryableError(error)) throw error;
      onRetry?.(error, attempt + 1);
      await sleep(backoffDelay(attempt, policy), signal);
    }
  }
}

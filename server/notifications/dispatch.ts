/**
 * Sends one message's requests with retries and the channel's pace. Backoff is exponential with full jitter from
 * the channel's `retry.baseDelay`, capped by `retry.maxDelay`; a 429's Retry-After is honoured (also capped, so a
 * receiver cannot park the pass for an hour). Only errors judged retryable (transport.ts) are retried.
 *
 * A retry after a time-out may repeat a message the receiver did get but answered too late: no sender can tell. The
 * generic webhook and e-mail carry the delivery id (`X-BuffaLogs-Delivery`) so a receiver can drop such a repeat.
 */
import { abortableSleep, backoffDelay } from '../storage/retry';
import { DeliveryError, type DeliveryUnit } from './transport';

export interface RetrySettings {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface DispatchResult {
  ok: boolean;
  /** Requests made, retries included. */
  attempts: number;
  /** The last error of each request that failed, labelled (already redacted by the caller's errors). */
  errors: string[];
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Spaces a channel's messages `60 s / ratePerMinute` apart; one per channel, kept across passes in one process. */
export class RateLimiter {
  private next = 0;
  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly sleep: Sleep,
  ) {}

  async take(signal: AbortSignal): Promise<void> {
    const wait = this.next - this.now();
    if (wait > 0) await this.sleep(wait, signal);
    this.next = Math.max(this.now(), this.next) + this.intervalMs;
  }
}

export async function dispatch(
  units: DeliveryUnit[],
  retry: RetrySettings,
  deps: { signal: AbortSignal; limiter: RateLimiter; sleep?: Sleep; describe: (error: unknown) => string },
): Promise<DispatchResult> {
  const sleep = deps.sleep ?? abortableSleep;
  let attempts = 0;
  const errors: string[] = [];
  for (const unit of units) {
    for (let attempt = 1; ; attempt++) {
      await deps.limiter.take(deps.signal);
      attempts++;
      try {
        await unit.send(deps.signal);
        break;
      } catch (error) {
        if (deps.signal.aborted) throw error;
        const retryable = error instanceof DeliveryError && error.retryable;
        if (!retryable || attempt >= retry.maxAttempts) {
          errors.push(
            `${units.length > 1 ? `${unit.label}: ` : ''}${deps.describe(error)}` +
              (retryable ? ` (gave up after ${attempt} attempts)` : ''),
          );
          break;
        }
        const policy = { maxRetries: retry.maxAttempts, baseDelayMs: retry.baseDelayMs, maxDelayMs: retry.maxDelayMs };
        const after = error instanceof DeliveryError ? error.retryAfterMs : undefined;
        await sleep(
          after !== undefined ? Math.min(after, retry.maxDelayMs) : backoffDelay(attempt - 1, policy),
          deps.signal,
        );
      }
    }
  }
  return { ok: errors.length === 0, attempts, errors };
}

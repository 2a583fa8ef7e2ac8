/**
 * One request a notification needs (a POST to a webhook, one Telegram chat, one e-mail), and how its failures are
 * judged: worth another try (5xx, 429 with its Retry-After, 408, a time-out, a reset or refused connection) or not
 * (any other 4xx: the URL, token or payload is wrong, and trying again cannot fix it).
 */
import { readCapped } from '../http_body';

export interface DeliveryUnit {
  /** For the delivery log: `POST`, `chat 2 of 3`, `smtp`… never the URL (it is a secret for most services). */
  label: string;
  send(signal: AbortSignal): Promise<void>;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** From the receiver's Retry-After, when it sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,7}$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** A network-level failure of fetch (undici wraps the socket error in `cause`). */
function networkError(error: unknown, timedOut: boolean): DeliveryError {
  if (timedOut) return new DeliveryError('no answer within the time-out', true);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  return new DeliveryError(
    `connection failed${code ? ` (${code})` : ''}`,
    code === undefined || RETRYABLE_CODES.has(code),
  );
}

/**
 * POSTs `body` and resolves on any 2xx. The message of a failure names the status and at most 200 characters of the
 * receiver's answer, never the URL (Slack, Teams, Discord… put the secret in it).
 */
export async function postJson(
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; timeoutMs: number; signal: AbortSignal; rawBody?: string },
): Promise<void> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: options.rawBody ?? JSON.stringify(body),
      signal,
      redirect: 'error',
    });
  } catch (error) {
    if (options.signal.aborted) throw error;
    throw networkError(error, timeout.aborted);
  }
  let answer = '';
  try {
    // The first 4 kB are plenty for 200 characters; the rest of an answer (however long) is never read.
    answer = ((await readCapped(response, 4096, true, signal)) ?? '').slice(0, 200);
  } catch (error) {
    if (options.signal.aborted) throw error;
    // The status is what counts; an answer cut short after a 2xx is still a delivered message.
    if (!response.ok) throw networkError(error, timeout.aborted);
  }
  if (response.ok) return;
  const status = response.status;
  const retryable = status === 408 || status === 429 || status >= 500;
  throw new DeliveryError(
    `HTTP ${status}${answer ? `: ${answer.replace(/\s+/g, ' ')}` : ''}`,
    retryable,
    parseRetryAfter(response.headers.get('retry-after')),
  );
}

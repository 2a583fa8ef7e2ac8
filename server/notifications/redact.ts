/**
 * Secrets (webhook URLs, tokens, passwords) must not reach a log line, a delivery record or an API response. Errors
 * come from libraries that may quote a URL or a command, so every message the notifier keeps passes through here.
 */
import { DeliveryError } from './transport';

export const REDACTED = '[redacted]';

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a URL is replaced whole before its path (also a secret) is.
  for (const secret of [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(REDACTED);
  }
  return out;
}

/** A failure as the delivery log and the app show it: the receiver's answer or the error, without any secret. */
export function describeFailure(error: unknown, secrets: readonly string[]): string {
  return redact(
    error instanceof DeliveryError
      ? error.message
      : `${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}`,
    secrets,
  );
}

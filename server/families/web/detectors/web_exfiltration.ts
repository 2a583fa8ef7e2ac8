/**
 * Exfiltration: large POST/PUT *request* bodies (what the client sent), one at least `singleRequestBytes` or adding up
 * to `totalRequestBytes` within the window. Only events that carry a request size are judged (event.ts says which
 * integrations fill it); the core counts the others so a pass can say how many uploads it could not measure.
 */
import { inWindow, push } from '../state';
import type { WebDetector } from './detector';

const mib = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MiB`;

export const webExfiltration: WebDetector = (event, { settings, state, raise }) => {
  const x = settings.exfiltration;
  if (event.method !== 'POST' && event.method !== 'PUT') return;
  if (event.requestBytes === undefined) return;
  push(state.uploads, [event.timestamp, event.requestBytes], x.windowMs);
  const uploads = inWindow(state.uploads, event.timestamp, x.windowMs);
  const total = uploads.reduce((sum, [, bytes]) => sum + bytes, 0);
  const single = event.requestBytes >= x.singleRequestBytes;
  if (!single && total < x.totalRequestBytes) return;
  raise({
    rule: 'web_exfiltration',
    severity: 'high',
    message: single
      ? `${event.ip} sent a ${mib(event.requestBytes)} ${event.method} body to ${event.path ?? '(no path)'} (threshold ${mib(x.singleRequestBytes)})`
      : `${event.ip} sent ${mib(total)} in ${uploads.length} POST/PUT bodies within ${Math.round(x.windowMs / 60_000)} min (threshold ${mib(x.totalRequestBytes)})`,
    evidence: {
      request_bytes: event.requestBytes,
      single_request_threshold_bytes: x.singleRequestBytes,
      window_total_bytes: total,
      window_uploads: uploads.length,
      total_threshold_bytes: x.totalRequestBytes,
      window_minutes: x.windowMs / 60_000,
      method: event.method,
      path: event.path,
    },
  });
};

/**
 * One web access event as the detectors judge it, from an ECS document of any web integration. Which fields each
 * integration fills, and what is done where one is missing:
 * - `source.ip`, `http.response.status_code`, `url.path` (else `url.original`), `http.request.method`,
 *   `user_agent.original`, `http.request.referrer`: Apache, Nginx and IIS access data streams all fill them (a
 *   "-" referrer or user agent, as Elastic's Apache pipeline stores it, is treated as absent).
 * - The *request* size, for exfiltration: ECS `http.request.body.bytes` (else `http.request.bytes`). The Apache and
 *   Nginx integrations' default formats do not log it (mod_logio's `%I` and Nginx's `$request_length` are not in
 *   the combined format); IIS does when its optional `cs-bytes` column is on. Where it is missing the event is
 *   counted (`uploads_without_size`) and not judged: the response size LogiSOC used says nothing about what left.
 * - `source.as.number`: when the pipeline enriched it; used only to confirm a crawler's claim.
 */
import { createHash } from 'node:crypto';
import { MAX_DATE_MS } from '../../../common/alert_document';
import { parseIsoTimestamp } from '../../../common/iso_timestamp';

export interface WebEvent {
  id: string;
  index: string;
  timestamp: number;
  ip: string;
  status: number;
  method?: string;
  path?: string;
  requestBytes?: number;
  referrer?: string;
  userAgent?: string;
  asNumber?: number;
}

const MAX_TEXT = 8192;

function get(document: Record<string, unknown>, path: string): unknown {
  // Both nested objects and dotted keys (`"url.path": …`), as documents from different shippers hold them.
  if (Object.prototype.hasOwnProperty.call(document, path)) return document[path];
  let value: unknown = document;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, part))
      return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function text(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== 'string' || v === '' || v === '-') return undefined;
  return v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v;
}

function count(value: unknown): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  const n = typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

export type Normalised = { ok: true; event: WebEvent } | { ok: false; code: string };

export function normaliseWebEvent(document: Record<string, unknown>, index = 'replay', id?: string): Normalised {
  const ip = text(get(document, 'source.ip'));
  if (!ip || ip.length > 45) return { ok: false, code: 'no_source_ip' };
  // As Elasticsearch reads it (epoch millis; no offset is UTC), not Date.parse (local time, "1" is 2001).
  // One time a Date can hold: several (a plain index takes them, and the window matched on any of them) say nothing
  // of when the request was, and a time past ±MAX_DATE_MS made the alert's date throw (the whole pass failed).
  const at = get(document, '@timestamp');
  const timestamp =
    Array.isArray(at) && at.length !== 1 ? undefined : parseIsoTimestamp(Array.isArray(at) ? at[0] : at);
  if (timestamp === undefined || Math.abs(timestamp) > MAX_DATE_MS) return { ok: false, code: 'bad_timestamp' };
  const status = count(get(document, 'http.response.status_code'));
  if (status === undefined || status < 100 || status > 599) return { ok: false, code: 'no_status_code' };
  const event: WebEvent = {
    id: id ?? createHash('sha1').update(JSON.stringify(document)).digest('base64url'),
    index,
    timestamp,
    ip,
    status,
  };
  const method = text(get(document, 'http.request.method'));
  if (method && method.length <= 32) event.method = method.toUpperCase();
  // `[\s\S]`, not `.`: `.` stops at a line break, so `[?#].*$` backtracked from every "?" before one (quadratic).
  const path = text(get(document, 'url.path')) ?? text(get(document, 'url.original'))?.replace(/[?#][\s\S]*$/, '');
  if (path) event.path = path;
  const requestBytes = count(get(document, 'http.request.body.bytes')) ?? count(get(document, 'http.request.bytes'));
  if (requestBytes !== undefined) event.requestBytes = requestBytes;
  const referrer = text(get(document, 'http.request.referrer'));
  if (referrer) event.referrer = referrer;
  const userAgent = text(get(document, 'user_agent.original'));
  if (userAgent) event.userAgent = userAgent;
  const asNumber = count(get(document, 'source.as.number'));
  if (asNumber !== undefined) event.asNumber = asNumber;
  return { ok: true, event };
}

/** `_source` fields the reader asks for. */
export const WEB_SOURCE_FIELDS = [
  '@timestamp',
  'source.ip',
  'source.as.number',
  'http.response.status_code',
  'http.request.method',
  'url.path',
  'url.original',
  'http.request.body.bytes',
  'http.request.bytes',
  'http.request.referrer',
  'user_agent.original',
];

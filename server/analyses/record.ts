/**
 * How the analysis reads a record: any JSON object, flat (`{"dns.question.name": …}` as a CSV row gives it) or nested
 * (an ECS document). Own properties only, so a record's `__proto__` or `constructor` key is just a missing field.
 */
import { createHash } from 'node:crypto';
import { getPath, isPlainObject, optionalNumber, unwrapSingle, type JsonObject } from '../events/ecs_document';
import { parseIsoTimestamp } from '../../common/iso_timestamp';

export type AnalysisRecord = JsonObject;

/** A field reader compiled once per field: the flat key first, then the nested path. */
export function fieldReader(field: string): (record: AnalysisRecord) => unknown {
  const path = field.split('.');
  return (record) => {
    if (Object.prototype.hasOwnProperty.call(record, field)) return unwrapSingle(record[field]);
    return path.length > 1 ? unwrapSingle(getPath(record, path)) : undefined;
  };
}

/** The value as text for categorical use: strings as they are, numbers and booleans written out, the rest absent. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/** Longest text kept whole as a table key or a categorical value (the report shows a field value cut at the same). */
export const MAX_KEY_LENGTH = 256;

/**
 * `text` as a table key or categorical value: as it is up to MAX_KEY_LENGTH characters, else its first ones, `…` and
 * a hash of the whole. A 1 MB field value was a 1 MB key in every table, the sample and the stored report; cut, two
 * long values that differ only past the cut stay two keys, and no value up to the cap can read as a cut one.
 */
export function keyText(text: string): string {
  if (text.length <= MAX_KEY_LENGTH) return text;
  return `${text.slice(0, MAX_KEY_LENGTH)}…sha256:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

/** textOf, as a table key (keyText). */
export function keyOf(value: unknown): string | undefined {
  const text = textOf(value);
  return text === undefined ? undefined : keyText(text);
}

export const numberOf = optionalNumber;

/**
 * Epoch ms from an ISO date string or epoch-ms number; absent when unreadable. An ISO date-time without an offset is
 * UTC, as Elasticsearch reads it (Date.parse reads it in the machine's zone: other hours and windows on another
 * server); other texts Date.parse takes (`Wed, 03 Jan 2024 10:15:00 GMT`) are read as before. Absent too outside years
 * 0000-9999, the instants an ISO date (a result's `@timestamp`, a spike's window) can name: an event stamped 9e15 ms
 * (a date Elasticsearch holds) made toISOString throw and fail the run, and an hour feature NaN.
 */
export function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return inIsoYears(value) ? value : undefined;
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const t = (ISO_DATE.test(value) ? parseIsoTimestamp(value) : undefined) ?? Date.parse(value);
  return inIsoYears(t) ? t : undefined;
}

const EARLIEST_ISO_MS = Date.parse('0000-01-01T00:00:00.000Z');
const LATEST_ISO_MS = Date.parse('9999-12-31T23:59:59.999Z');
const inIsoYears = (t: number): boolean => t >= EARLIEST_ISO_MS && t <= LATEST_ISO_MS;

/** Texts starting with a calendar date: parseIsoTimestamp would read digits alone as epoch ms (a CSV's are seconds). */
const ISO_DATE = /^\s*\d{4}-\d{2}-\d{2}/;

export { isPlainObject };

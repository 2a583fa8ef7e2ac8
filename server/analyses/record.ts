/**
 * How the analysis reads a record: any JSON object, flat (`{"dns.question.name": …}` as a CSV row gives it) or nested
 * (an ECS document). Own properties only, so a record's `__proto__` or `constructor` key is just a missing field.
 */
import { getPath, isPlainObject, optionalNumber, unwrapSingle, type JsonObject } from '../events/ecs_document';
import { parseIsoTimestamp } from '../events/iso_timestamp';

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

export const numberOf = optionalNumber;

/**
 * Epoch ms from an ISO date string or epoch-ms number; absent when unreadable. An ISO date-time without an offset is
 * UTC, as Elasticsearch reads it (Date.parse reads it in the machine's zone: other hours and windows on another
 * server); other texts Date.parse takes (`Wed, 03 Jan 2024 10:15:00 GMT`) are read as before.
 */
export function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const t = (ISO_DATE.test(value) ? parseIsoTimestamp(value) : undefined) ?? Date.parse(value);
  return Number.isFinite(t) ? t : undefined;
}

/** Texts starting with a calendar date: parseIsoTimestamp would read digits alone as epoch ms (a CSV's are seconds). */
const ISO_DATE = /^\s*\d{4}-\d{2}-\d{2}/;

export { isPlainObject };

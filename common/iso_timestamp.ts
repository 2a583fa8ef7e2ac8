/**
 * `@timestamp` parsing. BuffaLogs parses timestamps with one `strptime` pattern and fails on anything else; and
 * `Date.parse` is no better (it takes non-ISO strings like "March 7, 2020" and reads a date-time without offset as
 * LOCAL time, so results would depend on the machine). This accepts ISO 8601 / RFC 3339 calendar dates in the
 * extended (`2025-02-26T13:40:15.173Z`) and basic (`20250226T134015Z`) formats, with `T`, `t` or a space between date
 * and time, minutes and seconds optional, any number of fraction digits (`.` or `,`; beyond milliseconds truncated, as
 * `date` fields store them), and an offset `Z`, `±hh`, `±hh:mm` or `±hhmm`. Without an offset the time is UTC, as
 * Elasticsearch reads it. A number is epoch milliseconds (Elasticsearch's default `epoch_millis`), and so is a string
 * of digits (`"1714550400000"`, fraction truncated), which `epoch_millis` parses too — except eight digits, which stay a
 * basic date (`20250226`): Elasticsearch would read them as 1970-01-01T05:37, which no login is.
 * Week dates (`2025-W09-3`) and ordinal dates (`2025-057`) are not accepted.
 */

const EXTENDED =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const BASIC =
  /^(\d{4})(\d{2})(\d{2})(?:[Tt](\d{2})(?:(\d{2})(?:(\d{2})(?:[.,](\d+))?)?)?)?([Zz]|[+-]\d{2}(?:\d{2})?)?$/;

const EPOCH_MILLIS = /^-?\d{1,16}(?:\.\d+)?$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch milliseconds, or `undefined` when the value is not an ISO-8601 date(-time) or epoch-millis number. */
export function parseIsoTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  // What Elasticsearch and every Beat write (`2025-02-26T13:40:15.173Z`), read without a regular expression: the
  // pass parses one per login. The same checks as every other form follow in `fromParts`.
  if (isCanonical(text)) {
    return fromParts(
      digits(text, 0, 4),
      digits(text, 5, 7),
      digits(text, 8, 10),
      digits(text, 11, 13),
      digits(text, 14, 16),
      digits(text, 17, 19),
      digits(text, 20, 23),
      0,
    );
  }
  const m = EXTENDED.exec(text) ?? BASIC.exec(text);
  if (!m) return EPOCH_MILLIS.test(text) ? Math.trunc(Number(text)) : undefined;
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (offset !== undefined && offset !== 'Z' && offset !== 'z') {
    const sign = offset[0] === '-' ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  return fromParts(year, month, day, hour, minute, second, millis, offsetMinutes);
}

/** `YYYY-MM-DDTHH:MM:SS.mmmZ` exactly (24 characters, digits where digits belong). */
function isCanonical(text: string): boolean {
  if (text.length !== 24) return false;
  for (let i = 0; i < 24; i++) {
    const c = text.charCodeAt(i);
    const expected = CANONICAL_SHAPE.charCodeAt(i);
    if (expected === 0x64 /* d */ ? c < 0x30 || c > 0x39 : c !== expected) return false;
  }
  return true;
}
const CANONICAL_SHAPE = 'dddd-dd-ddTdd:dd:dd.dddZ';

/** The decimal number of `text[from, to)`, all digits (checked by isCanonical). */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (text.charCodeAt(i) - 0x30);
  return n;
}

/** Whether the day exists in its month (Date.parse and Date.UTC roll 2024-02-30 over to March 1 silently). */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1] && (month !== 2 || day !== 29 || leap)
  );
}

function fromParts(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
  offsetMinutes: number,
): number | undefined {
  if (!isCalendarDay(year, month, day)) return undefined;
  // 24:00:00 is ISO's end of day; a leap second (:60) is folded into the next second, as Elasticsearch does.
  if (hour > 24 || (hour === 24 && (minute > 0 || second > 0)) || minute > 59 || second > 60) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear undoes that for the rare literal year 0050.
  const fixed = year < 100 ? new Date(utc).setUTCFullYear(year) : utc;
  return fixed - offsetMinutes * 60_000;
}

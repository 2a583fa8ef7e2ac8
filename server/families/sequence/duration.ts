/**
 * Rule durations: a whole number and one unit, `30s`, `5m`, `1h`, `2d`, `1w` (porlock's units; `ms` is not offered:
 * sequence windows are minutes to weeks). Parsed by one left-to-right scan, never a regular expression over
 * user-supplied text, so a hostile string costs at most its length (which validation caps first anyway).
 */

export const DURATION_UNITS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
export type DurationUnit = keyof typeof DURATION_UNITS;

/** The longest window a rule may ask for: a year. Longer windows would keep state for longer than any lookback. */
export const MAX_DURATION_MS = 366 * DURATION_UNITS.d;
/** Longer texts are refused before scanning: `99999999w` is already far beyond the cap. */
const MAX_DURATION_TEXT = 12;

export type DurationResult = { ok: true; ms: number } | { ok: false; problem: string };

export function parseDuration(text: unknown): DurationResult {
  if (typeof text !== 'string')
    return { ok: false, problem: 'must be a duration such as "30s", "5m", "1h", "2d" or "1w"' };
  const s = text.trim();
  if (s.length === 0 || s.length > MAX_DURATION_TEXT) {
    return {
      ok: false,
      problem: `must be a duration such as "30s", "5m", "1h", "2d" or "1w", not "${s.slice(0, 20)}"`,
    };
  }
  let value = 0;
  let digits = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    digits++;
  }
  const unit = s.slice(i).toLowerCase();
  if (digits === 0 || !Object.prototype.hasOwnProperty.call(DURATION_UNITS, unit)) {
    return { ok: false, problem: `must be a whole number followed by s, m, h, d or w (e.g. "2d"), not "${s}"` };
  }
  const ms = value * DURATION_UNITS[unit as DurationUnit];
  if (ms <= 0) return { ok: false, problem: 'must be longer than zero' };
  if (ms > MAX_DURATION_MS) return { ok: false, problem: `must be at most 366d, not "${s}"` };
  return { ok: true, ms };
}

/** The shortest exact text for a duration (`172800000` → `2d`), as alerts and messages show it. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const size = DURATION_UNITS[unit];
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

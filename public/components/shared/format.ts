import moment from 'moment';
import { timeMs } from '../../../common/alert_document';
import { deviceName } from '../../../common/device_name';
import { fingerprintName } from '../../../common/fingerprint_name';

/** Read by the app's views as the server reads a stored time (common/alert_document.ts). */
export { timeMs };

/**
 * Absolute local time with seconds: triage compares login times to the second. A dash when the value is no time
 * (moment read "1733000000000" as a date string: "Invalid date").
 */
export function formatTime(at: unknown): string {
  const ms = timeMs(at);
  return ms === undefined ? '—' : moment(ms).format('YYYY-MM-DD HH:mm:ss');
}

/** A number as text; a dash for a stored value that is none (a missing figure threw on toLocaleString). */
export const formatNumber = (n: unknown, digits = 0) =>
  typeof n === 'number' && !Number.isNaN(n)
    ? n.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: 0 })
    : '—';

/** "3 h 12 min", "2 d 4 h": elapsed time between two logins as a reader weighs it against a flight. */
export function formatDuration(seconds: unknown): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s % 60} s`;
  return `${s} s`;
}

export const totalLabel = (total: number, relation: 'eq' | 'gte') =>
  `${formatNumber(total)}${relation === 'gte' ? '+' : ''}`;

/**
 * A login's device as an analyst reads it ("Firefox 131 on Linux, desktop"); from its fingerprint when no agent is
 * known ("Firefox on Linux, desktop": no version).
 */
export const loginDevice = (l: { user_agent?: string; device?: string }): string =>
  l.user_agent ? deviceName(l.user_agent) : l.device ? fingerprintName(l.device) : '—';

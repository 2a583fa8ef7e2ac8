/**
 * Number and duration formatting for alert messages. Written out rather than `toLocaleString` so messages are the
 * same on every machine and locale (they are part of the deterministic output).
 */
import type { LoginPlace } from '../../common/alert_document';

/** 9570.4 → "9,570". */
export function formatInt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Math.round(value);
  const sign = rounded < 0 ? '-' : '';
  return sign + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 4200 → "1 h 10 min"; 328 → "5 min 28 s"; 0 → "0 s"; 200000 → "2 d 7 h". */
export function formatDuration(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  const sign = seconds < 0 ? '-' : '';
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${sign}${d} d${h ? ` ${h} h` : ''}`;
  if (h > 0) return `${sign}${h} h${m ? ` ${m} min` : ''}`;
  if (m > 0) return `${sign}${m} min${sec ? ` ${sec} s` : ''}`;
  return `${sign}${sec} s`;
}

/** "Rome (IT)", "Italy", "203.0.113.7", or the coordinates, whichever is the most telling that is known. */
export function describePlace(place: LoginPlace): string {
  const country = place.country_iso_code ?? place.country_name;
  if (place.city_name) return country ? `${place.city_name} (${country})` : place.city_name;
  if (place.country_name)
    return place.country_iso_code ? `${place.country_name} (${place.country_iso_code})` : place.country_name;
  if (place.country_iso_code) return place.country_iso_code;
  if (place.location) return `${place.location.lat.toFixed(2)}, ${place.location.lon.toFixed(2)}`;
  return place.ip ?? 'an unknown place';
}

export const isoTime = (ms: number): string => new Date(ms).toISOString();

import type { AlertItem } from '../../../common/api';
import { alertTime } from '../../../common/alert_document';
import { buffalogsOf, storedNumber, storedText } from '../../families/family_view';

/** `source.geo.country_iso_code` of the triggering login; `source` is free-form ECS, so read it defensively. */
export function countryOf(alert: AlertItem): string | undefined {
  const geo = (alert.source as { geo?: { country_iso_code?: unknown; country_name?: unknown } } | undefined)?.geo;
  const code = typeof geo?.country_iso_code === 'string' ? geo.country_iso_code : undefined;
  const name = typeof geo?.country_name === 'string' ? geo.country_name : undefined;
  return name && code ? `${name} (${code})` : (code ?? name);
}

export function ipOf(alert: AlertItem): string | undefined {
  const ip = (alert.source as { ip?: unknown } | undefined)?.ip;
  return typeof ip === 'string' ? ip : undefined;
}

/** The alert's time in milliseconds, undefined when the stored `@timestamp` is no date. */
export function timeOf(alert: AlertItem): number | undefined {
  const ms = alertTime(alert);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The alert's own score, ECS `event.risk_score` (0–100), when stored as a number. */
export const scoreOf = (alert: AlertItem): number | undefined =>
  storedNumber((alert.event as { risk_score?: unknown } | null | undefined)?.risk_score);

/** The alert's user when the stored `user.name` is text. */
export const userNameOf = (alert: AlertItem): string | undefined =>
  storedText((alert.user as { name?: unknown } | null | undefined)?.name);

/** What the alert is about, in words: its family's entity value, or (alerts from before families) its user. */
export const entityValueOf = (alert: AlertItem): string | undefined =>
  storedText((buffalogsOf(alert).entity as { value?: unknown } | null | undefined)?.value) ?? userNameOf(alert);

/** The triage fields of the row, each only when stored with its type. */
export function triageOf(alert: AlertItem) {
  const b = buffalogsOf(alert);
  return {
    severity: storedText(b.severity),
    status: storedText(b.status),
    filtered: b.filtered === true,
    filterReasons: Array.isArray(b.filter_reasons)
      ? b.filter_reasons.filter((r): r is string => typeof r === 'string')
      : [],
  };
}

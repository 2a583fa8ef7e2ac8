import type { AlertItem } from '../../../common/api';

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

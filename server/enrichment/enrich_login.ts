/**
 * Enrichment of a normalised login, before detection: the parsed user agent (always), and GeoIP/ASN data when the
 * event lacks them and a database is configured. What is filled goes into both the `LoginEvent` fields the core reads
 * and the ECS `source` object that alerts copy, so an alert shows the place it was judged on.
 */
import type { LoginEvent, LoginGeo } from '../detection/types';
import type { GeoIp } from './geoip';
import type { UserAgentParser } from './user_agent';

export interface EnrichmentStats {
  userAgentsParsed: number;
  geoFilled: number;
  /** Logins without geo whose IP the database does not know (or has no location for). */
  geoMissed: number;
  asnFilled: number;
}

export function emptyEnrichmentStats(): EnrichmentStats {
  return { userAgentsParsed: 0, geoFilled: 0, geoMissed: 0, asnFilled: 0 };
}

export interface Enricher {
  userAgents: UserAgentParser;
  geoIp?: GeoIp;
  stats: EnrichmentStats;
}

type Json = Record<string, unknown>;
const asObject = (v: unknown): Json | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;

export function enrichLogin(event: LoginEvent, enricher: Enricher): LoginEvent {
  const out: LoginEvent = { ...event, ecs: { ...event.ecs } };
  const original = event.ecs.user_agent?.original;
  if (typeof original === 'string' && original.trim() !== '') {
    out.userAgent = enricher.userAgents.parse(original);
    enricher.stats.userAgentsParsed++;
  }

  const geoIp = enricher.geoIp;
  if (!geoIp || !event.ip) return out;
  const source: Json = { ...(event.ecs.source ?? {}) };

  if (!event.geo && geoIp.hasCity) {
    const record = geoIp.city(event.ip);
    if (record?.lat !== undefined && record.lon !== undefined) {
      const geo: LoginGeo = { lat: record.lat, lon: record.lon };
      if (record.countryIso) geo.countryIso = record.countryIso;
      if (record.countryName) geo.countryName = record.countryName;
      if (record.cityName) geo.cityName = record.cityName;
      if (record.accuracyRadiusKm !== undefined) geo.accuracyRadiusKm = record.accuracyRadiusKm;
      out.geo = geo;
      // The database's place replaces the event's partial one as a whole: mixing the event's country with the
      // database's coordinates could describe a place that exists in neither.
      const sourceGeo: Json = { ...(asObject(source.geo) ?? {}), location: { lat: record.lat, lon: record.lon } };
      for (const [field, value] of [
        ['country_iso_code', record.countryIso],
        ['country_name', record.countryName],
        ['city_name', record.cityName],
      ] as const) {
        if (value) sourceGeo[field] = value;
        else delete sourceGeo[field];
      }
      source.geo = sourceGeo;
      enricher.stats.geoFilled++;
    } else {
      enricher.stats.geoMissed++;
    }
  }

  if (event.asn?.number === undefined && geoIp.hasAsn) {
    const record = geoIp.asn(event.ip);
    if (record) {
      out.asn = { ...event.asn, ...record };
      const as: Json = { ...(asObject(source.as) ?? {}) };
      if (record.number !== undefined) as.number = record.number;
      if (record.organization) as.organization = { ...(asObject(as.organization) ?? {}), name: record.organization };
      source.as = as;
      enricher.stats.asnFilled++;
    }
  }
  out.ecs.source = source;
  return out;
}

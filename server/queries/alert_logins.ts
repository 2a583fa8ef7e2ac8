/**
 * "The user's logins around this alert". Two sources, in order of preference:
 * 1. the source index of the triggering event, ±window around the login: the whole truth, read with the analyst's
 *    own privileges (an analyst who may not read `logs-*` does not see raw logs through us);
 * 2. the detector's remembered recent logins in the user's state: bounded and possibly newer than the alert, but
 *    always readable where the alert is.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { LoginSummary } from '../../common/api';
import { alertEntity, alertTime, MAX_DATE_MS, type AlertDocument } from '../../common/alert_document';

/** Logins on each side of the alert at most. */
export const LOGINS_AROUND = 25;

const iso = (ms: number) => new Date(ms).toISOString();
const LOGIN_SOURCE = [
  '@timestamp',
  'event.id',
  // Whose and how it ended: an address's alert (a spray) lists every account's events from it, failures included.
  'user.name',
  'event.outcome',
  'source.ip',
  'source.geo',
  'source.as.organization.name',
  'user_agent.original',
];

/**
 * Whose logins surround the alert: its user's when it names one (a compromised account of a credential attack too),
 * else its entity's (an address). Detection lower-cases user names as BuffaLogs does, the source may not; an `ip`
 * field refuses `case_insensitive`, so only names get it. Undefined when the stored alert names a list (another
 * writer's document: user.name ["a", "b"]): a term query takes one value, and Elasticsearch refused it (a 502).
 */
function aroundWhom(alert: AlertDocument): estypes.QueryDslQueryContainer | undefined {
  const name: unknown = alert.user?.name;
  if (name) return isOneValue(name) ? { term: { 'user.name': { value: name, case_insensitive: true } } } : undefined;
  const { field, value } = alertEntity(alert);
  return isOneValue(value) ? { term: { [field]: { value } } } : undefined;
}

const isOneValue = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * The two searches, or undefined when the alert has no trigger index, names no one user or entity (aroundWhom) or no
 * time to search.
 */
export function buildLoginsAroundSearches(
  alert: AlertDocument,
  windowHours: number,
): { before: estypes.SearchRequest; after: estypes.SearchRequest } | undefined {
  // Another writer's alert may have no trigger (where the login was read): nowhere to search.
  const index: unknown = (alert.buffalogs as Partial<AlertDocument['buffalogs']> | undefined)?.trigger?.index;
  if (typeof index !== 'string') return undefined;
  const whom = aroundWhom(alert);
  if (!whom) return undefined;
  // A date field also takes epoch milliseconds (another writer's document), up to year 292278994: a number is the
  // time itself, and a time whose window leaves what a Date holds has no logins to search (toISOString threw).
  const at = alertTime(alert);
  const windowMs = windowHours * 3_600_000;
  if (!(Math.abs(at) <= MAX_DATE_MS - windowMs)) return undefined;
  const base = (range: estypes.QueryDslDateRangeQuery, order: 'asc' | 'desc'): estypes.SearchRequest => ({
    // The index recorded on the alert by the detector, not caller input.
    index,
    ignore_unavailable: false,
    size: LOGINS_AROUND,
    track_total_hits: false,
    _source: LOGIN_SOURCE,
    query: {
      bool: {
        filter: [whom, { range: { '@timestamp': { ...range, format: 'strict_date_optional_time' } } }],
      },
    },
    sort: [{ '@timestamp': { order } }],
  });
  return {
    before: base({ gte: iso(at - windowMs), lt: iso(at) }, 'desc'),
    after: base({ gte: iso(at), lte: iso(at + windowMs) }, 'asc'),
  };
}

interface EcsLogin {
  '@timestamp'?: string;
  event?: { id?: string; outcome?: unknown };
  user?: { name?: unknown };
  source?: {
    ip?: string;
    geo?: { country_iso_code?: string; country_name?: string; city_name?: string; location?: unknown };
    as?: { organization?: { name?: string } };
  };
  user_agent?: { original?: string };
}

/** geo_point as ECS sources write it: object, [lon, lat], "lat,lon" or WKT POINT(lon lat). */
function geoPoint(value: unknown): { lat: number; lon: number } | undefined {
  if (Array.isArray(value) && value.length >= 2) return { lon: Number(value[0]), lat: Number(value[1]) };
  if (typeof value === 'object' && value !== null) {
    const v = value as { lat?: unknown; lon?: unknown; coordinates?: unknown };
    if (v.lat !== undefined && v.lon !== undefined) return { lat: Number(v.lat), lon: Number(v.lon) };
    if (Array.isArray(v.coordinates)) return geoPoint(v.coordinates);
  }
  if (typeof value === 'string') {
    const wkt = /^POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)$/i.exec(value);
    if (wkt) return { lon: Number(wkt[1]), lat: Number(wkt[2]) };
    const pair = /^\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*$/.exec(value);
    if (pair) return { lat: Number(pair[1]), lon: Number(pair[2]) };
  }
  return undefined;
}

/**
 * A login's time as the alert's is read (alertTime: a string of epoch milliseconds too), else as Elasticsearch read it
 * (the hit's sort value: a source index's own date format); undefined when neither is a time. new Date() of such a
 * string was an Invalid Date, and toISOString threw: the alert detail answered 500.
 */
function loginTime(hit: estypes.SearchHit<EcsLogin>): number | undefined {
  const at = alertTime({ '@timestamp': hit._source?.['@timestamp'] as string });
  if (!Number.isNaN(at)) return at;
  const sorted = hit.sort?.[0];
  return typeof sorted === 'number' && Math.abs(sorted) <= MAX_DATE_MS ? sorted : undefined;
}

export function eventLoginSummary(
  hit: estypes.SearchHit<EcsLogin>,
  trigger: { index: string; event_id: string },
): LoginSummary | undefined {
  const s = hit._source ?? {};
  const at = loginTime(hit);
  if (at === undefined) return undefined;
  const geo = s.source?.geo;
  const location = geoPoint(geo?.location);
  const eventId = s.event?.id ?? (hit._id as string);
  return {
    timestamp: iso(at),
    event_id: eventId,
    index: hit._index,
    ...(s.source?.ip ? { ip: s.source.ip } : {}),
    ...(geo?.country_iso_code ? { country_iso_code: geo.country_iso_code } : {}),
    ...(geo?.country_name ? { country_name: geo.country_name } : {}),
    ...(geo?.city_name ? { city_name: geo.city_name } : {}),
    ...(location && Number.isFinite(location.lat) && Number.isFinite(location.lon) ? { location } : {}),
    ...(s.source?.as?.organization?.name ? { as_organization: s.source.as.organization.name } : {}),
    ...(s.user_agent?.original ? { user_agent: s.user_agent.original } : {}),
    // A source's own document: a list or a number in these is not one account or outcome.
    ...(typeof s.user?.name === 'string' && s.user.name ? { user: s.user.name } : {}),
    ...(typeof s.event?.outcome === 'string' && s.event.outcome ? { outcome: s.event.outcome } : {}),
    ...(eventId === trigger.event_id || hit._id === trigger.event_id ? { is_trigger: true } : {}),
  };
}

/** Both sides merged, oldest first. */
export function mergeLoginsAround(
  before: Array<estypes.SearchHit<EcsLogin>>,
  after: Array<estypes.SearchHit<EcsLogin>>,
  trigger: { index: string; event_id: string },
): LoginSummary[] {
  return [...before]
    .reverse()
    .concat(after)
    .flatMap((h) => eventLoginSummary(h, trigger) ?? []);
}

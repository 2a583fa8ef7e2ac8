/**
 * ECS document or Elasticsearch hit → `LoginEvent`, or a rejection that says why.
 *
 * What counts as a login (BuffaLogs' query, §5.2 of the spec, made explicit):
 * - `event.category` includes `authentication` and `event.outcome` is `success` — both required, as in BuffaLogs;
 * - `event.type`: BuffaLogs requires `start`. Many sources (Okta, Azure sign-in logs mapped by hand, custom
 *   pipelines) never set it, so by default we accept `start` OR no `event.type` at all, and reject other types
 *   (`end` is a logout, `info` a token refresh…). `eventType: 'start'` restores BuffaLogs' rule; `'any'` ignores it.
 *
 * What differs from BuffaLogs' `_normalize_fields`, on purpose:
 * - dotted keys are read as well as nested objects;
 * - `@timestamp` is any ISO 8601 form (see `common/iso_timestamp.ts`), not one strptime pattern;
 * - `user.name` is trimmed and lower-cased here, once, so `Stitch` and `stitch` are one user;
 * - a login without geo is kept (GeoIP enrichment may fill it; the core decides what geo-less logins can trigger),
 *   and latitude or longitude 0 is a place, not "missing";
 * - present-but-broken values (`source.ip: "not-an-ip"`, latitude 123) reject the event with the reason, instead of
 *   producing a login at a wrong place.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { LoginEvent, LoginGeo } from '../detection/types';
import { ownValue } from '../../common/own_keys';
import {
  expandDottedKeys,
  getPath,
  isPlainObject,
  keywordValues,
  optionalNumber,
  optionalString,
  parseGeoPoint,
  unwrapSingle,
  type GeoPoint,
  type JsonObject,
} from './ecs_document';
import { documentShape, MAX_DOCUMENT_DEPTH } from './document_depth';
import { parseIsoTimestamp } from '../../common/iso_timestamp';
import { judgeSource, type IdentityConfig } from '../sources';
import { MAX_VALUE_LENGTH, holdable } from '../detection/verdict/user_model';

/** Field paths, built once (a literal array per read was garbage on every login). */
const P_EVENT_CATEGORY = ['event', 'category'] as const;
const P_EVENT_OUTCOME = ['event', 'outcome'] as const;
const P_EVENT_TYPE = ['event', 'type'] as const;
const P_AT_TIMESTAMP = ['@timestamp'] as const;
const P_USER_NAME = ['user', 'name'] as const;
const P_SOURCE = ['source'] as const;
const P_IP = ['ip'] as const;
const P_GEO = ['geo'] as const;
const P_COUNTRY_ISO_CODE = ['country_iso_code'] as const;
const P_COUNTRY_NAME = ['country_name'] as const;
const P_CITY_NAME = ['city_name'] as const;
const P_LOCATION = ['location'] as const;
const P_AS_NUMBER = ['as', 'number'] as const;
const P_AS_ORGANIZATION_NAME = ['as', 'organization', 'name'] as const;
const P_USER_AGENT = ['user_agent'] as const;
const P_INTELLIGENCE_CATEGORY = ['intelligence_category'] as const;
const P_EVENT_ID = ['event', 'id'] as const;

export type EventTypeRule = 'start_or_absent' | 'start' | 'any';

export interface NormalizeOptions {
  /** Which `event.type` values make a login; default `start_or_absent` (see the file comment). */
  eventType?: EventTypeRule;
  /**
   * Judge with the source table (server/sources/): per-dataset login rules, service accounts excluded, the person
   * read where each source writes it. `canonical: false` keeps the stored `user.name` spelling (lower-cased) as the
   * user key, as the pass's partitioning by stored name requires. Without it, the generic rule above alone.
   */
  sources?: { identity: IdentityConfig; canonical?: boolean };
  /**
   * A wall clock to judge `@timestamp` against (the core has none): a login later than `now + toleranceMs` is
   * rejected as `future_timestamp`. The CLI sets it so one absurd line cannot drag its replay clock forward.
   */
  future?: { now: number; toleranceMs: number };
}

/**
 * The `@timestamp`s a login may carry. Before 1970 is an unset clock (epoch 0, or negative), not a login; after year
 * 9999 cannot be written back as the four-digit-year ISO 8601 that alert documents use (and beyond ±8.64e15 ms
 * there is no JavaScript Date at all: formatting it threw and aborted the CLI).
 */
export const EARLIEST_TIMESTAMP = 0;
export const LATEST_TIMESTAMP = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Machine-readable rejection kinds; the CLI counts by these. */
export type RejectionCode =
  | 'not_an_object'
  | 'too_deep'
  | 'not_authentication'
  | 'not_success'
  | 'not_start'
  | 'missing_timestamp'
  | 'invalid_timestamp'
  | 'future_timestamp'
  | 'missing_user'
  | 'ambiguous_user'
  | 'invalid_source_ip'
  | 'invalid_geo_location'
  | 'not_a_login';

/** Short reasons as they appear in CLI output and counts (`missing user.name`, `invalid @timestamp`, …). */
export const REJECTION_REASONS: Record<RejectionCode, string> = {
  not_an_object: 'not a JSON object',
  too_deep: 'nested too deeply',
  not_authentication: 'not an authentication event',
  not_success: 'not a successful login',
  not_start: 'not a login start',
  missing_timestamp: 'missing @timestamp',
  invalid_timestamp: 'invalid @timestamp',
  future_timestamp: '@timestamp too far in the future',
  missing_user: 'missing user.name',
  ambiguous_user: 'several user.name values',
  invalid_source_ip: 'invalid source.ip',
  invalid_geo_location: 'invalid source.geo.location',
  not_a_login: 'not an interactive login',
};

export type NormalizeResult =
  { ok: true; event: LoginEvent } | { ok: false; code: RejectionCode; reason: string; detail?: string };

function reject(code: RejectionCode, detail?: string): NormalizeResult {
  return { ok: false, code, reason: REJECTION_REASONS[code], ...(detail ? { detail } : {}) };
}

/** A hit is `{_source: {...}}` (plus `_id`, `_index`); anything else is the ECS document itself. */
function splitHit(input: JsonObject): { source: JsonObject; id?: string; index?: string } {
  const source = ownValue(input, '_source');
  const id = optionalString(ownValue(input, '_id'));
  const index = optionalString(ownValue(input, '_index'));
  // BuffaLogs' ingestion inlines `_id`/`_index` into the document; read them there too.
  return { source: isPlainObject(source) ? source : input, id, index };
}

/**
 * A stable id for a document that has neither `_id` nor `event.id`: a hash of its canonical JSON (keys sorted), so
 * reading the same line again — in another order, in another run — gives the same id and the same alert ids.
 */
export function stableDocumentId(doc: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(doc)).digest('hex').slice(0, 32)}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function normalizeLogin(input: unknown, options: NormalizeOptions = {}): NormalizeResult {
  if (!isPlainObject(input)) return reject('not_an_object');
  // Before anything walks it recursively (dotted-key expansion, the stable id, the alert writer).
  const shape = documentShape(input, MAX_DOCUMENT_DEPTH);
  if (shape === 'too_deep')
    return reject('too_deep', `more than ${MAX_DOCUMENT_DEPTH} levels of objects, arrays or dotted keys`);
  const hit = splitHit(input);
  // No dotted or prototype key anywhere in the input: the source is already what expandDottedKeys would return.
  const doc = shape === 'dotted' ? expandDottedKeys(hit.source) : hit.source;
  const judged = options.sources
    ? judgeSource(doc, {
        identity: options.sources.identity,
        canonical: options.sources.canonical,
        genericRule: options.eventType ?? 'start_or_absent',
        index: hit.index || undefined,
      })
    : undefined;
  if (judged && judged.verdict.kind !== 'login')
    return reject('not_a_login', `${judged.verdict.kind}: ${judged.verdict.reason}`);

  const categories = keywordValues(getPath(doc, P_EVENT_CATEGORY));
  if (!judged && !categories.includes('authentication')) {
    return reject(
      'not_authentication',
      categories.length ? `event.category is ${JSON.stringify(categories)}` : 'event.category is missing',
    );
  }
  const outcome = unwrapSingle(getPath(doc, P_EVENT_OUTCOME));
  if (!judged && outcome !== 'success') {
    return reject(
      'not_success',
      outcome === undefined ? 'event.outcome is missing' : `event.outcome is ${JSON.stringify(outcome)}`,
    );
  }
  const rule = options.eventType ?? 'start_or_absent';
  if (!judged && rule !== 'any') {
    const rawType = getPath(doc, P_EVENT_TYPE);
    const types = keywordValues(rawType);
    const absent = rawType === undefined || rawType === null || (Array.isArray(rawType) && rawType.length === 0);
    if (!types.includes('start') && !(absent && rule === 'start_or_absent')) {
      return reject(
        'not_start',
        absent ? 'event.type is missing (required: start)' : `event.type is ${JSON.stringify(rawType)}`,
      );
    }
  }

  const rawTimestamp = unwrapSingle(getPath(doc, P_AT_TIMESTAMP));
  if (rawTimestamp === undefined || rawTimestamp === null || rawTimestamp === '') return reject('missing_timestamp');
  const timestamp = parseIsoTimestamp(rawTimestamp);
  if (timestamp === undefined)
    return reject('invalid_timestamp', `${JSON.stringify(rawTimestamp).slice(0, 80)} is not ISO 8601`);
  if (timestamp < EARLIEST_TIMESTAMP || timestamp > LATEST_TIMESTAMP) {
    const range = `${new Date(EARLIEST_TIMESTAMP).toISOString()} to ${new Date(LATEST_TIMESTAMP).toISOString()}`;
    return reject('invalid_timestamp', `${JSON.stringify(rawTimestamp).slice(0, 80)} is outside ${range}`);
  }
  const future = options.future;
  if (future && timestamp > future.now + future.toleranceMs) {
    const days = future.toleranceMs / 86_400_000;
    return reject(
      'future_timestamp',
      `${new Date(timestamp).toISOString()} is more than ${days} day${days === 1 ? '' : 's'} after the clock, ${new Date(future.now).toISOString()}`,
    );
  }

  // The source table's identity (e-mail/UPN, per-source domain, user map) where the caller wants it; otherwise the
  // stored `user.name`, which must name one user.
  let user: string | undefined;
  if (judged && options.sources?.canonical !== false) {
    user = judged.identity;
    if (!user) return reject('missing_user');
  } else {
    const name = userName(getPath(doc, P_USER_NAME));
    if (name === undefined) return reject('missing_user');
    if (typeof name !== 'string') return reject('ambiguous_user', JSON.stringify(name).slice(0, 200));
    user = name;
  }

  // `source` and `user_agent` are what alerts copy. The document's own objects are kept when the login reads them as
  // they are (the usual case), and copied only where the normaliser rewrites something (the address, the location):
  // a copy of each for every login read was most of what the pass allocated per event. Nothing writes into them later
  // (enrichment copies before it fills anything).
  const sourceIn = getPath(doc, P_SOURCE);
  let source: JsonObject | undefined = isPlainObject(sourceIn) ? sourceIn : undefined;
  // A listed family names where its pipeline put the client's address (GlobalProtect: source.nat.ip before the
  // private source.ip); any other source keeps ECS source.ip.
  const ipIn = source && getPath(source, P_IP);
  const rawIp = (judged?.family ? judged.address : undefined) ?? unwrapSingle(ipIn) ?? judged?.address;
  let ip: string | undefined;
  if (rawIp !== undefined && rawIp !== null && rawIp !== '') {
    ip = typeof rawIp === 'string' ? rawIp.trim() : undefined;
    // isIP takes an IPv6 zone of any length: a megabyte of one is no address the state can keep.
    if (!ip || ip.length > MAX_VALUE_LENGTH || isIP(ip) === 0)
      return reject('invalid_source_ip', `${JSON.stringify(rawIp).slice(0, 80)} is not an IPv4/IPv6 address`);
    if (ipIn !== ip) source = { ...source, ip };
  }

  let geo: LoginGeo | undefined;
  const geoIn = source && getPath(source, P_GEO);
  if (isPlainObject(geoIn)) {
    const location = getPath(geoIn, P_LOCATION);
    if (location !== undefined && location !== null) {
      let point: GeoPoint;
      if (isLatLonObject(location)) point = location;
      else {
        const parsed = parseGeoPoint(location);
        if (!parsed.ok) return reject('invalid_geo_location', parsed.problem);
        point = parsed.point;
        // Alerts carry the location in one shape, `{lat, lon}`, whatever the input used.
        source = { ...source, geo: { ...geoIn, location: point } };
      }
      geo = { lat: point.lat, lon: point.lon };
      readPlaceNames(geoIn, geo);
    }
  }

  let asn: LoginEvent['asn'];
  if (source) {
    const asNumber = optionalNumber(getPath(source, P_AS_NUMBER));
    const asOrganization = holdable(optionalString(getPath(source, P_AS_ORGANIZATION_NAME)));
    if (asNumber !== undefined) asn = { number: asNumber };
    if (asOrganization !== undefined) {
      if (asn) asn.organization = asOrganization;
      else asn = { organization: asOrganization };
    }
  }

  const userAgentIn = getPath(doc, P_USER_AGENT);
  const intelligenceCategory = source && optionalString(getPath(source, P_INTELLIGENCE_CATEGORY));
  // An id longer than the state holds (the user's recent logins and incident keep it) is none: the document's hash.
  const id = holdable(hit.id) ?? holdable(optionalString(getPath(doc, P_EVENT_ID))) ?? stableDocumentId(hit.source);

  const ecs: LoginEvent['ecs'] = {};
  if (source && hasOwnKey(source)) ecs.source = source;
  if (isPlainObject(userAgentIn)) ecs.user_agent = userAgentIn;
  // Every field in one literal, absent ones undefined: one object of one shape, instead of a small one grown field by
  // field (each added field moved it to a new hidden class and grew a separate property store).
  const event: LoginEvent = {
    id,
    index: hit.index ?? '',
    timestamp,
    user,
    ecs,
    ip: ip || undefined,
    // Only when the identity was derived from it (canonical mode): otherwise `user` is that spelling, lower-cased.
    sourceUser: options.sources?.canonical !== false ? judged?.sourceUser : undefined,
    dataset: judged?.dataset,
    geo,
    asn,
    intelligenceCategory: intelligenceCategory || undefined,
  };
  return { ok: true, event };
}

/**
 * A `source.geo` object's country code, country name and city into `geo`, as the detector keys them: trimmed, the
 * code upper-cased, each absent when longer than the state holds. "Mark safe" reads an alert's place with it
 * (server/triage/teach_baseline.ts), so that what it teaches is what the detector knows (`br` is `BR`).
 */
export function readPlaceNames(
  geoIn: JsonObject,
  geo: Pick<LoginGeo, 'countryIso' | 'countryName' | 'cityName'>,
): void {
  const countryIso = holdable(optionalString(getPath(geoIn, P_COUNTRY_ISO_CODE))?.toUpperCase()); // 'ß' is 'SS'
  const countryName = holdable(optionalString(getPath(geoIn, P_COUNTRY_NAME)));
  const cityName = holdable(optionalString(getPath(geoIn, P_CITY_NAME)));
  if (countryIso) geo.countryIso = countryIso;
  if (countryName) geo.countryName = countryName;
  if (cityName) geo.cityName = cityName;
}

/**
 * The user name of `user.name`, normalised (trimmed, lower-cased); the distinct names when there are several. ECS
 * lets any field hold an array, and Elasticsearch indexes every value of a `keyword` array (nulls skipped): such a
 * login matches a term query for each name, so the pass's user listing would give it to each of them. A login is one
 * account, so several distinct names cannot be resolved by picking one; values that are spellings of one name
 * (`["Alice", "alice"]`) are that name.
 */
function userName(value: unknown): string | string[] | undefined {
  // The usual case, one string, without building a set and an array for it.
  if (!Array.isArray(value)) return optionalString(value)?.toLowerCase();
  const names = new Set<string>();
  for (const v of value) {
    const name = optionalString(v)?.toLowerCase();
    if (name) names.add(name);
  }
  return names.size === 0 ? undefined : names.size === 1 ? names.values().next().value : [...names];
}

/** Whether the object has an own key (for…in with the own-key check: no key array). */
function hasOwnKey(object: JsonObject): boolean {
  for (const key in object) if (Object.prototype.hasOwnProperty.call(object, key)) return true;
  return false;
}

/**
 * A location already in the shape alerts write, `{lat, lon}` in that order with nothing else, both numbers in
 * range: parseGeoPoint would return the same point, so the document's object is kept as it is.
 */
function isLatLonObject(value: unknown): value is GeoPoint {
  if (!isPlainObject(value)) return false;
  let keys = 0;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if ((keys === 0 && key !== 'lat') || (keys === 1 && key !== 'lon') || keys > 1) return false;
    keys++;
  }
  if (keys !== 2) return false;
  const { lat, lon } = value;
  return typeof lat === 'number' && typeof lon === 'number' && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

/** `user_agent.original` of a normalised login (the enrichment parses it). */
export function userAgentOriginal(event: LoginEvent): string | undefined {
  return optionalString(event.ecs.user_agent?.original);
}

/**
 * Reading fields of an ECS document as shippers really write them. Beats and Elastic Agent nest objects
 * (`{"source": {"ip": …}}`), but many pipelines (Logstash `flatten`, Vector, hand-written NDJSON) send dotted keys
 * (`{"source.ip": …}`) or a mix of both; Elasticsearch indexes all of them as the same field, so we must read all of
 * them too (BuffaLogs only walks nested objects and silently drops the rest).
 */

import { isPrototypeKey, ownValue } from '../../common/own_keys';

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of `doc` in which every dotted key is expanded into nested objects (`{"a.b": 1}` → `{a: {b: 1}}`), at every
 * level, merged with the nested objects already there. When the same leaf is written both ways the first one in the
 * document wins, as with any duplicate key. Documents without dotted keys are returned as they are (no copy).
 *
 * A key with a segment that leads to a prototype (`__proto__`, `constructor`, `prototype`, see common/own_keys.ts) is
 * dropped, wherever it appears: `"source.__proto__.x"` used to walk into `Object.prototype` and write `x` onto every
 * object of the process. No ECS field has such a name, so nothing real is lost, and the event keeps its other fields.
 * Existing values are read as own properties only, so `"source.toString"` is a field like any other.
 */
export function expandDottedKeys(doc: JsonObject): JsonObject {
  if (!needsRewrite(doc)) return doc;
  const out: JsonObject = {};
  for (const key of Object.keys(doc)) {
    const parts = key.includes('.') ? key.split('.').filter((p) => p !== '') : [key];
    if (parts.length === 0 || parts.some(isPrototypeKey)) continue;
    const expanded = rewriteValue(doc[key]);
    let target: JsonObject | undefined = out;
    for (let i = 0; i < parts.length - 1 && target; i++) {
      const existing = ownValue(target, parts[i]);
      if (existing === undefined) {
        const child: JsonObject = {};
        target[parts[i]] = child;
        target = child;
      } else {
        // A scalar already sits where an object is needed: keep it and drop the conflicting value.
        target = isPlainObject(existing) ? existing : undefined;
      }
    }
    if (!target) continue;
    const leaf = parts[parts.length - 1];
    const existing = ownValue(target, leaf);
    if (existing === undefined) target[leaf] = expanded;
    else if (isPlainObject(existing) && isPlainObject(expanded)) target[leaf] = mergeObjects(existing, expanded);
  }
  return out;
}

/** Objects (also inside arrays) expanded and cleaned the same way; other values as they are. */
function rewriteValue(value: unknown): unknown {
  if (isPlainObject(value)) return expandDottedKeys(value);
  if (Array.isArray(value))
    return value.some((v) => isPlainObject(v) || Array.isArray(v)) ? value.map(rewriteValue) : value;
  return value;
}

/** Whether a dotted or prototype key appears anywhere (objects, arrays of objects). */
function needsRewrite(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(needsRewrite);
  if (!isPlainObject(value)) return false;
  // Own keys only (a JSON.parse'd `"__proto__"` is an own key and is seen here); for…in with the own-key check lists
  // what Object.keys would, without building an array for every object of every login read.
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (key.includes('.') || isPrototypeKey(key)) return true;
    // Scalars (most values) are answered here, without a call.
    const child = value[key];
    if (typeof child === 'object' && child !== null && needsRewrite(child)) return true;
  }
  return false;
}

/** Both arguments are outputs of expandDottedKeys, so they hold no prototype keys. */
function mergeObjects(first: JsonObject, second: JsonObject): JsonObject {
  const out: JsonObject = { ...first };
  for (const key of Object.keys(second)) {
    const value = second[key];
    const existing = ownValue(out, key);
    if (existing === undefined) out[key] = value;
    else if (isPlainObject(existing) && isPlainObject(value)) out[key] = mergeObjects(existing, value);
  }
  return out;
}

/** The value at a nested path (`['source', 'geo', 'location']`) of an already expanded document; own properties only. */
export function getPath(doc: JsonObject, path: readonly string[]): unknown {
  let current: unknown = doc;
  for (let i = 0; i < path.length; i++) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    // ownValue's rule (common/own_keys.ts), written out: every field of every event read comes through here.
    const part = path[i];
    current = Object.hasOwn(current, part) ? (current as JsonObject)[part] : undefined;
  }
  return current;
}

/**
 * ECS allows any field to hold an array; a keyword field written as `["alice"]` is the same as `"alice"`. A
 * one-element array is unwrapped; longer arrays are returned as they are for the caller to reject or search.
 */
export function unwrapSingle(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

/** A non-empty trimmed string, or `undefined` (numbers are accepted and written in decimal). */
export function optionalString(value: unknown): string | undefined {
  const v = unwrapSingle(value);
  if (typeof v === 'string') {
    const trimmed = v.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** A finite number from a number or a numeric string (`"37.29"`), else `undefined`. */
export function optionalNumber(value: unknown): number | undefined {
  const v = unwrapSingle(value);
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * The values of a keyword field that may be a string or an array of strings (e.g. `event.category`), for reading
 * only: an array of strings is handed back as it is (the usual case; filtering it copied it for every login read).
 */
export function keywordValues(value: unknown): readonly string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return NO_VALUES;
  for (let i = 0; i < value.length; i++)
    if (typeof value[i] !== 'string') return value.filter((v): v is string => typeof v === 'string');
  return value as string[];
}

const NO_VALUES: readonly string[] = Object.freeze([]);

export interface GeoPoint {
  lat: number;
  lon: number;
}

export type GeoPointResult = { ok: true; point: GeoPoint } | { ok: false; problem: string };

const WKT_POINT =
  /^\s*POINT\s*(?:Z\s*|M\s*|ZM\s*)?\(\s*(-?[\d.eE+-]+)\s+(-?[\d.eE+-]+)(?:\s+-?[\d.eE+-]+){0,2}\s*\)\s*$/i;
const LAT_LON_STRING = /^\s*(-?[\d.eE+-]+)\s*,\s*(-?[\d.eE+-]+)\s*$/;

/**
 * Every `geo_point` encoding Elasticsearch accepts except geohash: an object `{lat, lon}` (numbers or numeric
 * strings), GeoJSON `{type: "Point", coordinates: [lon, lat]}`, an array `[lon, lat]` (GeoJSON order), a string
 * `"lat,lon"` (note: the opposite order), and WKT `POINT (lon lat)`. Coordinates out of range are an error rather
 * than a silently wrong place.
 */
export function parseGeoPoint(value: unknown): GeoPointResult {
  let lat: number | undefined;
  let lon: number | undefined;
  if (isPlainObject(value)) {
    const coordinates = ownValue(value, 'coordinates');
    if (ownValue(value, 'type') !== undefined && Array.isArray(coordinates)) return parseGeoPoint(coordinates);
    lat = optionalNumber(ownValue(value, 'lat'));
    lon = optionalNumber(ownValue(value, 'lon'));
  } else if (Array.isArray(value)) {
    if (value.length < 2 || value.length > 3) return { ok: false, problem: 'an array must be [lon, lat]' };
    lon = optionalNumber(value[0]);
    lat = optionalNumber(value[1]);
  } else if (typeof value === 'string') {
    const wkt = WKT_POINT.exec(value);
    const pair = wkt ? undefined : LAT_LON_STRING.exec(value);
    if (wkt) {
      lon = Number(wkt[1]);
      lat = Number(wkt[2]);
    } else if (pair) {
      lat = Number(pair[1]);
      lon = Number(pair[2]);
    } else {
      return { ok: false, problem: `"${value.slice(0, 60)}" is neither "lat,lon" nor WKT POINT (lon lat)` };
    }
  } else {
    return { ok: false, problem: 'must be {lat, lon}, [lon, lat], "lat,lon" or POINT (lon lat)' };
  }
  if (lat === undefined || lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) {
    return { ok: false, problem: 'lat and lon must both be numbers' };
  }
  if (lat < -90 || lat > 90) return { ok: false, problem: `latitude ${lat} is outside [-90, 90]` };
  if (lon < -180 || lon > 180) return { ok: false, problem: `longitude ${lon} is outside [-180, 180]` };
  return { ok: true, point: { lat, lon } };
}

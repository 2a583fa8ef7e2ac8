/**
 * Fitting a document to an index's mapping before it is written. Alerts copy the triggering event's `source` and
 * `user_agent` objects as the shipper wrote them, and `ignore_malformed` does not cover a value of the wrong *shape*:
 * `source.as.organization: "ACME"` where the mapping has an object (`organization.name`), an object where a keyword
 * is mapped, or a field name Elasticsearch cannot parse (`""`, `"a..b"`). Each of those made Elasticsearch refuse the
 * whole alert (`document_parsing_exception`) on every run. Such values are moved out of the way, whole, to
 * `buffalogs.unmapped_fields` as `{ field, value }` with the value as JSON text (an unmapped field: kept in
 * `_source`, never indexed), so the alert is written and still shows what the event held.
 */

type Json = Record<string, unknown>;
interface FieldMapping {
  type?: string;
  properties?: Record<string, FieldMapping>;
  enabled?: boolean;
}

export interface UnmappedField {
  field: string;
  /** The value as the event had it, as JSON text. */
  value: string;
}

/** Leaf types whose values may be objects (`{lat, lon}`, GeoJSON, any JSON); their own checks are `ignore_malformed`'s. */
const OBJECT_LEAVES = new Set([
  'geo_point',
  'geo_shape',
  'point',
  'shape',
  'flattened',
  'integer_range',
  'long_range',
  'float_range',
  'double_range',
  'date_range',
  'ip_range',
]);
const isPlainObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isObjectMapping = (m: FieldMapping): boolean =>
  m.properties !== undefined || m.type === 'object' || m.type === 'nested';
/** A field name Elasticsearch can map: not empty, and no empty part between, before or after dots. */
const validName = (name: string): boolean => name !== '' && !name.split('.').some((part) => part.trim() === '');

/**
 * Returns `doc` with every value whose shape its mapping cannot take moved to `unmapped` (`doc` is not changed; parts
 * that need no change are shared). `path` names the fields in what is reported.
 */
export function fitToMapping(
  doc: Json,
  properties: Record<string, FieldMapping>,
  unmapped: UnmappedField[],
  path = '',
): Json {
  let out: Json | undefined;
  const set = (key: string, value: unknown): void => {
    out ??= { ...doc };
    if (value === undefined) delete out[key];
    else out[key] = value;
  };
  for (const [key, value] of Object.entries(doc)) {
    const field = path ? `${path}.${key}` : key;
    if (!validName(key)) {
      unmapped.push({ field, value: JSON.stringify(value) ?? 'null' });
      set(key, undefined);
      continue;
    }
    if (value === null || value === undefined) continue;
    const mapping = lookup(properties, key);
    if (mapping === 'conflict') {
      unmapped.push({ field, value: JSON.stringify(value) });
      set(key, undefined);
      continue;
    }
    if (mapping === undefined || mapping.enabled === false) {
      // Not mapped (`dynamic: false`): kept in `_source` as it is, but its field names must still parse.
      const fitted = fitUnmapped(value, field, unmapped);
      if (fitted !== value) set(key, fitted);
      continue;
    }
    if (isObjectMapping(mapping)) {
      const fitted = fitObjects(value, mapping.properties ?? {}, field, unmapped);
      if (fitted !== value) set(key, fitted);
    } else if (!OBJECT_LEAVES.has(mapping.type ?? '') && containsObject(value)) {
      // A leaf (keyword, ip, number…) given an object: no `ignore_malformed` takes that.
      unmapped.push({ field, value: JSON.stringify(value) });
      set(key, undefined);
    }
  }
  return out ?? doc;
}

/**
 * The mapping of a key, which may be dotted (`"as.number"` is mapped as the path it spells); `conflict` when a dotted
 * key runs through a leaf (`"ip.v4"` under a keyword `ip`), undefined when it leaves the mapped fields.
 */
function lookup(properties: Record<string, FieldMapping>, key: string): FieldMapping | 'conflict' | undefined {
  if (!key.includes('.')) return properties[key];
  const parts = key.split('.');
  let current: FieldMapping | undefined = { properties };
  for (const part of parts) {
    if (current.properties === undefined) return isObjectMapping(current) ? undefined : 'conflict';
    current = current.properties[part];
    if (current === undefined) return undefined;
  }
  return current;
}

/** An object mapping takes an object or an array of objects; anything else is moved aside. */
function fitObjects(
  value: unknown,
  properties: Record<string, FieldMapping>,
  field: string,
  unmapped: UnmappedField[],
): unknown {
  if (isPlainObject(value)) return fitToMapping(value, properties, unmapped, field);
  if (Array.isArray(value) && value.every((v) => isPlainObject(v) || v === null)) {
    let changed = false;
    const fitted = value.map((v) => {
      const f = isPlainObject(v) ? fitToMapping(v, properties, unmapped, field) : v;
      changed ||= f !== v;
      return f;
    });
    return changed ? fitted : value;
  }
  unmapped.push({ field, value: JSON.stringify(value) });
  return undefined;
}

function fitUnmapped(value: unknown, field: string, unmapped: UnmappedField[]): unknown {
  if (isPlainObject(value)) return fitToMapping(value, {}, unmapped, field);
  if (Array.isArray(value)) {
    let changed = false;
    const fitted = value.map((v) => {
      const f = fitUnmapped(v, field, unmapped);
      changed ||= f !== v;
      return f;
    });
    return changed ? fitted : value;
  }
  return value;
}

function containsObject(value: unknown): boolean {
  if (isPlainObject(value)) return true;
  return Array.isArray(value) && value.some((v) => typeof v === 'object' && v !== null);
}

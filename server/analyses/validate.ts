/**
 * User input → AnalysisDefinition, or every problem found, each naming its field (`features[2].weight: …`) as a 400
 * answer would. Two shapes are read, item by item: ours, and anomal's (`type: field|metric`, `data_needed`, `name`,
 * `multiplier`; flags `type: direct|aggregation` with `params`; `filters`), so anomal's DNS example runs as it is.
 * anomal's `plugins:` (code fetched from a URL and run) are never followed: packs here are data naming built-ins.
 */
import { isPrototypeKey } from '../../common/own_keys';
import { parseDuration } from '../families/sequence/duration';
import { isoDateProblem } from '../routes/params';
import {
  DEFAULT_ENGINE,
  ENGINES,
  METRICS,
  OPERATORS,
  SEVERITIES,
  type AnalysisDefinition,
  type Condition,
  type EngineSettings,
  type FeatureSpec,
  type FlagSpec,
  type MetricId,
  type MetricParams,
  type Operator,
  type Severity,
} from './definition';
import { CHAR_CLASSES, type CharClass } from './metrics';
import { BUILTIN_PACKS } from './packs';
import { shapeProblem } from './shape_guard';

export interface FieldError {
  path: string;
  message: string;
}

export type ValidationResult =
  { ok: true; analysis: AnalysisDefinition; notes: string[] } | { ok: false; errors: FieldError[] };

export interface ValidateOptions {
  /** Saved analyses read from Elasticsearch and need an index pattern; the offline CLI reads a file instead. */
  requireSource?: boolean;
}

export const LIMITS = { features: 64, flags: 64, setMembers: 10_000, pattern: 1024, conditionDepth: 6 } as const;

/** anomal's metric names and what they are here. `alexa_1m_rating` has no list shipped: popularity in the data stands in. */
const ANOMAL_METRICS: Record<string, { metric: MetricId; params: MetricParams; note?: string }> = {
  numbers_in_hostname: { metric: 'digit_count', params: {} },
  hostname_entropy: { metric: 'entropy', params: { round: 2 } },
  alexa_1m_rating: {
    metric: 'registered_domain_rarity',
    params: {},
    note: "alexa_1m_rating: no Alexa list is shipped; the registered domain's rarity in the data itself is used instead",
  },
};
const ANOMAL_FLAGS = ['beaconing_detector', 'has_dns_data_b64_encoded'] as const;

const NAME = /^[A-Za-z0-9_.@-]{1,100}$/;
const FIELD = /^[A-Za-z0-9_.@-]{1,256}$/;
/** Kibana date math as the time picker writes it: now, now-24h, now-7d/d. Fixed shape, nothing to backtrack on. */
const DATE_MATH = /^now(?:[+-][0-9]{1,6}[smhdwMy])?(?:\/[smhdwMy])?$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Obj, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

class Collector {
  readonly errors: FieldError[] = [];
  readonly notes: string[] = [];
  add(path: string, message: string): undefined {
    this.errors.push({ path, message });
    return undefined;
  }
  unknownKeys(o: Obj, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k))
        this.add(path ? `${path}.${k}` : k, `unknown key (expected one of: ${allowed.join(', ')})`);
    }
  }
  // Names and fields key the report's per-record values (`features[name]`, `fields[field]`): `__proto__` there was a
  // silent no-op, its value missing from every outlier. Refused as a name, and as any segment of a field path.
  field(v: unknown, path: string): string | undefined {
    if (typeof v !== 'string' || !FIELD.test(v))
      return this.add(path, 'must be a field name such as dns.question.name');
    if (v.split('.').some(isPrototypeKey)) return this.add(path, `"${v.slice(0, 60)}" is not a field name`);
    return v;
  }
  name(v: unknown, path: string): string | undefined {
    if (typeof v !== 'string' || !NAME.test(v))
      return this.add(path, 'must be 1–100 letters, digits, "_", "-", "." or "@"');
    if (isPrototypeKey(v)) return this.add(path, `"${v}" cannot be a name`);
    return v;
  }
  number(v: unknown, path: string, min: number, max: number, fallback: number, integer = false): number {
    if (v === undefined) return fallback;
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      this.add(path, `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
      return fallback;
    }
    return n;
  }
  text(v: unknown, path: string, max: number, fallback = ''): string {
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || v.length > max) {
      this.add(path, `must be text of at most ${max} characters`);
      return fallback;
    }
    return v;
  }
  duration(v: unknown, path: string, fallback: number): number {
    if (v === undefined) return fallback;
    if (typeof v === 'number') return this.number(v, path, 1000, 366 * 86_400_000, fallback, true);
    const d = parseDuration(v);
    if (!d.ok) {
      this.add(path, d.problem);
      return fallback;
    }
    return d.ms;
  }
  severity(v: unknown, path: string): Severity {
    if (v === undefined) return 'medium';
    if (typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v.toLowerCase()))
      return v.toLowerCase() as Severity;
    this.add(path, `must be one of ${SEVERITIES.join(', ')}`);
    return 'medium';
  }
}

export function validateAnalysis(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const shape = shapeProblem(input);
  if (shape) return { ok: false, errors: [{ path: '', message: shape }] };
  const c = new Collector();
  if (!isObj(input)) return { ok: false, errors: [{ path: '', message: 'must be an object with features and flags' }] };
  c.unknownKeys(input, '', [
    'name',
    'description',
    'indexPattern',
    'timeRange',
    'query',
    'timestamp',
    'packs',
    'exclude',
    'filters',
    'features',
    'flags',
    'engine',
    'schedule',
    'plugins',
  ]);
  if (own(input, 'plugins') !== undefined)
    c.notes.push('plugins: ignored; analyses never fetch or run code, only the built-in metrics and flags (see packs)');

  const named = own(input, 'name');
  // An analysis's name is a path segment of its page and routes (/analyses/<name>): browsers and HTTP clients resolve
  // `.` and `..` away, so an analysis so named could be saved but never opened.
  const name =
    named === '.' || named === '..'
      ? (c.add('name', `"${named}" cannot be an analysis's name: a URL reads it as a folder`), 'analysis')
      : named === undefined
        ? 'analysis'
        : (c.name(named, 'name') ?? 'analysis');
  const description = c.text(own(input, 'description'), 'description', 2000);
  const timestampField =
    own(input, 'timestamp') === undefined
      ? '@timestamp'
      : (c.field(own(input, 'timestamp'), 'timestamp') ?? '@timestamp');
  const analysis: AnalysisDefinition = {
    name,
    description,
    timestampField,
    exclude: [],
    features: [],
    flags: [],
    engine: { ...DEFAULT_ENGINE },
  };

  const indexPattern = own(input, 'indexPattern');
  if (indexPattern !== undefined) {
    if (typeof indexPattern !== 'string' || !/^[^\s"\\<>|?#]{1,1024}$/.test(indexPattern))
      c.add('indexPattern', 'must be an index pattern such as logs-dns-* (commas between several, no spaces)');
    else analysis.indexPattern = indexPattern;
  } else if (options.requireSource) c.add('indexPattern', 'is required');
  const timeRange = own(input, 'timeRange');
  if (timeRange !== undefined) analysis.timeRange = readTimeRange(timeRange, c);
  else if (options.requireSource)
    c.add('timeRange', 'is required ({from, to}: ISO dates or date math such as now-24h)');
  if (own(input, 'query') !== undefined) analysis.query = c.text(own(input, 'query'), 'query', 10_000);

  // Packs first, so a user's own features and flags come after the pack's (YAML order is the report's order).
  const packs = own(input, 'packs');
  if (packs !== undefined) {
    if (!Array.isArray(packs) || packs.length > 16) c.add('packs', 'must be a list of built-in pack names');
    else
      packs.forEach((p, i) => {
        const pack =
          typeof p === 'string' && Object.prototype.hasOwnProperty.call(BUILTIN_PACKS, p)
            ? BUILTIN_PACKS[p]
            : undefined;
        if (!pack) return c.add(`packs[${i}]`, `unknown pack (built-in: ${Object.keys(BUILTIN_PACKS).join(', ')})`);
        readFeatures(pack.features, `packs[${i}].features`, analysis, c);
        readFlags(pack.flags ?? [], `packs[${i}].flags`, analysis, c);
      });
  }
  readFeatures(own(input, 'features') ?? [], 'features', analysis, c);
  readFlags(own(input, 'flags') ?? [], 'flags', analysis, c);
  if (analysis.features.length === 0 && !c.errors.some((e) => e.path.startsWith('features')))
    c.add('features', 'needs at least one feature (or a pack)');
  if (analysis.features.length > LIMITS.features) c.add('features', `at most ${LIMITS.features} features`);
  if (analysis.flags.length > LIMITS.flags) c.add('flags', `at most ${LIMITS.flags} flags`);
  if (analysis.features.length && analysis.features.every((f) => f.weight === 0))
    c.add('features', 'at least one feature needs a weight above 0');

  const exclude = own(input, 'exclude');
  if (exclude !== undefined) {
    if (!Array.isArray(exclude)) c.add('exclude', 'must be a list of conditions');
    else
      exclude.forEach((x, i) => {
        const cond = readCondition(x, `exclude[${i}]`, c, 0);
        if (cond) analysis.exclude.push(cond);
      });
  }
  const filters = own(input, 'filters');
  if (filters !== undefined) readAnomalFilters(filters, analysis, c);
  const engine = own(input, 'engine');
  if (engine !== undefined) analysis.engine = readEngine(engine, c);
  const schedule = own(input, 'schedule');
  if (schedule !== undefined && schedule !== null) analysis.schedule = readSchedule(schedule, c);

  return c.errors.length ? { ok: false, errors: c.errors } : { ok: true, analysis, notes: c.notes };
}

/** One line per problem, as the CLI prints them and a route returns them. */
export function formatErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n');
}

/** Task Manager's interval shape (`30m`, `6h`, `1d`); seconds are accepted only when they make a minute or more. */
const INTERVAL = /^([1-9][0-9]{0,5})([smhd])$/;
const INTERVAL_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

function readSchedule(v: unknown, c: Collector): { interval: string } | undefined {
  // `schedule: 6h` is read as `schedule: {interval: 6h}`.
  const o = typeof v === 'string' ? { interval: v } : v;
  if (!isObj(o)) return c.add('schedule', 'must be {interval} such as {interval: 6h}');
  c.unknownKeys(o, 'schedule', ['interval']);
  const interval = own(o, 'interval');
  const m = typeof interval === 'string' ? INTERVAL.exec(interval) : null;
  if (!m || Number(m[1]) * INTERVAL_MS[m[2] as keyof typeof INTERVAL_MS] < 60_000)
    return c.add(
      'schedule.interval',
      'must be a number and a unit (s, m, h or d) of at least a minute, such as 30m or 6h',
    );
  return { interval: interval as string };
}

function readTimeRange(v: unknown, c: Collector): { from: string; to: string } | undefined {
  if (!isObj(v)) return c.add('timeRange', 'must be {from, to}');
  c.unknownKeys(v, 'timeRange', ['from', 'to']);
  const point = (k: 'from' | 'to'): string | undefined => {
    const x = own(v, k);
    // Sent to Elasticsearch as written: an ISO 8601 date it reads as Date.parse does, not any text Date.parse takes
    // ("1" is 2001 there and 1 ms after 1970 in Elasticsearch; "March 7, 2020" failed every run).
    if (typeof x === 'string' && (DATE_MATH.test(x) || isoDateProblem(x) === undefined)) return x;
    return c.add(
      `timeRange.${k}`,
      'must be an ISO 8601 date (2024-05-01, 2024-05-01T12:00:00Z) or date math such as now-24h',
    );
  };
  const from = point('from');
  const to = point('to');
  if (!from || !to) return undefined;
  if (Number.isFinite(Date.parse(from)) && Number.isFinite(Date.parse(to)) && Date.parse(from) >= Date.parse(to))
    return c.add('timeRange.to', 'must be after timeRange.from');
  return { from, to };
}

function readFeatures(v: unknown, path: string, a: AnalysisDefinition, c: Collector): void {
  if (!Array.isArray(v)) return void c.add(path, 'must be a list');
  if (v.length > LIMITS.features) return void c.add(path, `at most ${LIMITS.features} features`);
  v.forEach((item, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(item)) return c.add(p, 'must be an object');
    // anomal's items say `type: field|metric` or `data_needed`; ours use `type` for numeric/categorical.
    const anomal =
      own(item, 'data_needed') !== undefined || own(item, 'type') === 'field' || own(item, 'type') === 'metric';
    const f = anomal ? readAnomalFeature(item, p, c) : readFeature(item, p, c);
    if (!f) return;
    if (a.features.some((x) => x.name === f.name)) return c.add(`${p}.name`, `"${f.name}" is already a feature's name`);
    a.features.push(f);
  });
}

function readFeature(o: Obj, p: string, c: Collector): FeatureSpec | undefined {
  const weight = c.number(own(o, 'weight'), `${p}.weight`, 0, 100, 1);
  if (own(o, 'metric') === undefined) {
    c.unknownKeys(o, p, ['field', 'name', 'type', 'weight']);
    const field = c.field(own(o, 'field'), `${p}.field`);
    const type = own(o, 'type') ?? 'auto';
    if (type !== 'numeric' && type !== 'categorical' && type !== 'auto')
      c.add(`${p}.type`, 'must be numeric, categorical or auto');
    const name = own(o, 'name') === undefined ? field : c.name(own(o, 'name'), `${p}.name`);
    if (!field || !name) return undefined;
    return { kind: 'field', name, field, type: type as 'numeric', weight };
  }
  c.unknownKeys(o, p, ['metric', 'field', 'name', 'weight', 'params']);
  const metric = own(o, 'metric');
  if (typeof metric !== 'string' || !(METRICS as readonly string[]).includes(metric))
    return c.add(`${p}.metric`, `unknown metric (built-in: ${METRICS.join(', ')})`);
  const field = c.field(own(o, 'field'), `${p}.field`);
  const params = readMetricParams(metric as MetricId, own(o, 'params'), `${p}.params`, c);
  const name = own(o, 'name') === undefined ? `${metric}(${field ?? ''})` : c.name(own(o, 'name'), `${p}.name`);
  if (!field || !name || !params) return undefined;
  return { kind: 'metric', name, metric: metric as MetricId, field, weight, params };
}

function readMetricParams(metric: MetricId, v: unknown, p: string, c: Collector): MetricParams | undefined {
  if (v !== undefined && !isObj(v)) return c.add(p, 'must be an object');
  const o: Obj = v ?? {};
  const allowed: Record<MetricId, string[]> = {
    length: [],
    byte_length: [],
    digit_count: [],
    entropy: ['round'],
    char_class_ratio: ['class'],
    ngram_rarity: ['n'],
    label_depth: [],
    registered_domain_rarity: [],
    hour_of_week: [],
    hour_of_day: [],
    count_per_entity: ['window'],
    distinct_per_entity: ['window', 'of'],
  };
  c.unknownKeys(o, p, allowed[metric]);
  const params: MetricParams = {};
  if (own(o, 'round') !== undefined) params.round = c.number(own(o, 'round'), `${p}.round`, 0, 6, 2, true);
  if (metric === 'ngram_rarity') params.n = c.number(own(o, 'n'), `${p}.n`, 2, 5, 3, true);
  if (metric === 'char_class_ratio') {
    const cls = own(o, 'class');
    if (typeof cls !== 'string' || !(CHAR_CLASSES as readonly string[]).includes(cls))
      return c.add(`${p}.class`, `must be one of ${CHAR_CLASSES.join(', ')}`);
    params.class = cls as CharClass;
  }
  if (metric === 'count_per_entity' || metric === 'distinct_per_entity')
    params.window = c.duration(own(o, 'window'), `${p}.window`, 3_600_000);
  if (metric === 'distinct_per_entity') {
    const of = c.field(own(o, 'of'), `${p}.of`);
    if (!of) return undefined;
    params.of = of;
  }
  return params;
}

function readAnomalFeature(o: Obj, p: string, c: Collector): FeatureSpec | undefined {
  c.unknownKeys(o, p, ['type', 'data_needed', 'name', 'multiplier', 'params']);
  const weight = c.number(own(o, 'multiplier'), `${p}.multiplier`, 0, 100, 1);
  const type = own(o, 'type');
  const dataNeeded = own(o, 'data_needed');
  if (type === 'field') {
    const field = c.field(dataNeeded ?? own(o, 'name'), `${p}.data_needed`);
    const name = own(o, 'name') === undefined ? field : c.name(own(o, 'name'), `${p}.name`);
    return field && name ? { kind: 'field', name, field, type: 'auto', weight } : undefined;
  }
  if (type !== 'metric') return c.add(`${p}.type`, 'must be field or metric');
  const field = c.field(dataNeeded, `${p}.data_needed`);
  const metricName = own(o, 'name');
  if (typeof metricName !== 'string') return c.add(`${p}.name`, 'must name a metric');
  const alias = Object.prototype.hasOwnProperty.call(ANOMAL_METRICS, metricName)
    ? ANOMAL_METRICS[metricName]
    : undefined;
  if (alias?.note) c.notes.push(alias.note);
  const metric = alias?.metric ?? metricName;
  if (!(METRICS as readonly string[]).includes(metric))
    return c.add(`${p}.name`, `unknown metric (built-in: ${[...Object.keys(ANOMAL_METRICS), ...METRICS].join(', ')})`);
  const params = alias ? alias.params : readMetricParams(metric as MetricId, own(o, 'params'), `${p}.params`, c);
  if (!field || !params) return undefined;
  // The feature keeps anomal's name, so its report and output read as anomal's did.
  return { kind: 'metric', name: metricName, metric: metric as MetricId, field, weight, params: { ...params } };
}

function readFlags(v: unknown, path: string, a: AnalysisDefinition, c: Collector): void {
  if (!Array.isArray(v)) return void c.add(path, 'must be a list');
  if (v.length > LIMITS.flags) return void c.add(path, `at most ${LIMITS.flags} flags`);
  v.forEach((item, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(item)) return c.add(p, 'must be an object');
    const flag =
      own(item, 'type') !== undefined
        ? readAnomalFlag(item, p, a.timestampField, c)
        : readFlag(item, p, a.timestampField, c);
    if (!flag) return;
    if (a.flags.some((x) => x.name === flag.name)) return c.add(`${p}.name`, `"${flag.name}" is already a flag's name`);
    a.flags.push(flag);
  });
}

const FLAG_KINDS = ['when', 'beaconing', 'rarePair', 'volumeSpike'] as const;

function readFlag(o: Obj, p: string, timestamp: string, c: Collector): FlagSpec | undefined {
  c.unknownKeys(o, p, ['name', 'severity', 'description', ...FLAG_KINDS]);
  const name = c.name(own(o, 'name'), `${p}.name`);
  const severity = c.severity(own(o, 'severity'), `${p}.severity`);
  const description = c.text(own(o, 'description'), `${p}.description`, 2000);
  const kinds = FLAG_KINDS.filter((k) => own(o, k) !== undefined);
  if (kinds.length !== 1) return c.add(p, `needs exactly one of ${FLAG_KINDS.join(', ')}`);
  const body = own(o, kinds[0]);
  const bp = `${p}.${kinds[0]}`;
  if (kinds[0] === 'when') {
    const when = readCondition(body, bp, c, 0);
    return name && when ? { kind: 'record', name, severity, description, when } : undefined;
  }
  if (!isObj(body)) return c.add(bp, 'must be an object');
  if (kinds[0] === 'beaconing') {
    c.unknownKeys(body, bp, ['source', 'destination', 'timestamp', 'jitter', 'threshold', 'minEvents', 'minPeriod']);
    const source = c.field(own(body, 'source'), `${bp}.source`);
    const destination =
      own(body, 'destination') === undefined ? undefined : c.field(own(body, 'destination'), `${bp}.destination`);
    const ts = own(body, 'timestamp') === undefined ? timestamp : c.field(own(body, 'timestamp'), `${bp}.timestamp`);
    const flag = {
      kind: 'beaconing' as const,
      name: name ?? '',
      severity,
      description,
      source: source ?? '',
      ...(destination ? { destination } : {}),
      timestamp: ts ?? '',
      jitter: c.number(own(body, 'jitter'), `${bp}.jitter`, 0, 0.5, 0.1),
      threshold: c.number(own(body, 'threshold'), `${bp}.threshold`, 0.05, 1, 0.7),
      minEvents: c.number(own(body, 'minEvents'), `${bp}.minEvents`, 4, 1_000_000, 8, true),
      minPeriod: c.duration(own(body, 'minPeriod'), `${bp}.minPeriod`, 1000),
    };
    return name && source && ts ? flag : undefined;
  }
  if (kinds[0] === 'rarePair') {
    c.unknownKeys(body, bp, ['a', 'b', 'maxCount', 'minTotal']);
    const fa = c.field(own(body, 'a'), `${bp}.a`);
    const fb = c.field(own(body, 'b'), `${bp}.b`);
    const maxCount = c.number(own(body, 'maxCount'), `${bp}.maxCount`, 1, 1000, 1, true);
    const minTotal = c.number(own(body, 'minTotal'), `${bp}.minTotal`, 1, 1_000_000, 20, true);
    return name && fa && fb
      ? { kind: 'rare_pair', name, severity, description, a: fa, b: fb, maxCount, minTotal }
      : undefined;
  }
  c.unknownKeys(body, bp, ['entity', 'timestamp', 'window', 'factor', 'minCount']);
  const entity = c.field(own(body, 'entity'), `${bp}.entity`);
  const ts = own(body, 'timestamp') === undefined ? timestamp : c.field(own(body, 'timestamp'), `${bp}.timestamp`);
  const window = c.duration(own(body, 'window'), `${bp}.window`, 3_600_000);
  const factor = c.number(own(body, 'factor'), `${bp}.factor`, 1.5, 1000, 5);
  const minCount = c.number(own(body, 'minCount'), `${bp}.minCount`, 1, 10_000_000, 50, true);
  return name && entity && ts
    ? { kind: 'volume_spike', name, severity, description, entity, timestamp: ts, window, factor, minCount }
    : undefined;
}

function readAnomalFlag(o: Obj, p: string, timestamp: string, c: Collector): FlagSpec | undefined {
  c.unknownKeys(o, p, ['type', 'name', 'data_needed', 'description', 'message', 'severity', 'params']);
  const name = own(o, 'name');
  const severity = c.severity(own(o, 'severity'), `${p}.severity`);
  const description =
    c.text(own(o, 'description'), `${p}.description`, 2000) || c.text(own(o, 'message'), `${p}.message`, 2000);
  const params = own(o, 'params') ?? {};
  if (!isObj(params)) return c.add(`${p}.params`, 'must be an object');
  if (name === 'beaconing_detector') {
    c.unknownKeys(params, `${p}.params`, ['client_ip', 'timestamp', 'threshold', 'jitter', 'destination']);
    const source = c.field(own(params, 'client_ip') ?? 'source.ip', `${p}.params.client_ip`);
    const ts = c.field(own(params, 'timestamp') ?? timestamp, `${p}.params.timestamp`);
    const destination =
      own(params, 'destination') === undefined
        ? undefined
        : c.field(own(params, 'destination'), `${p}.params.destination`);
    const threshold = c.number(own(params, 'threshold'), `${p}.params.threshold`, 0.05, 1, 0.7);
    const jitter = c.number(own(params, 'jitter'), `${p}.params.jitter`, 0, 0.5, 0.1);
    if (!source || !ts) return undefined;
    return {
      kind: 'beaconing',
      name,
      severity,
      description,
      source,
      ...(destination ? { destination } : {}),
      timestamp: ts,
      jitter,
      threshold,
      minEvents: 8,
      minPeriod: 1000,
    };
  }
  if (name === 'has_dns_data_b64_encoded') {
    const field = c.field(own(o, 'data_needed') ?? 'dns.answers.data', `${p}.data_needed`);
    if (!field) return undefined;
    return {
      kind: 'record',
      name,
      severity,
      description,
      when: { field, op: 'base64_token', value: 16, ignoreCase: false },
    };
  }
  return c.add(
    `${p}.name`,
    `unknown anomal flag (known: ${ANOMAL_FLAGS.join(', ')}; or use our when/beaconing/rarePair/volumeSpike form)`,
  );
}

function readAnomalFilters(v: unknown, a: AnalysisDefinition, c: Collector): void {
  if (!Array.isArray(v)) return void c.add('filters', 'must be a list');
  v.forEach((item, i) => {
    const p = `filters[${i}]`;
    if (!isObj(item)) return c.add(p, 'must be an object');
    c.unknownKeys(item, p, ['name', 'data_needed', 'params']);
    if (own(item, 'name') !== 'remove_match') return c.add(`${p}.name`, 'only remove_match is known (or use exclude:)');
    const field = c.field(own(item, 'data_needed'), `${p}.data_needed`);
    const params = own(item, 'params');
    const keyword = isObj(params) ? own(params, 'keyword') : undefined;
    if (typeof keyword !== 'string' || keyword.length > LIMITS.pattern)
      return c.add(`${p}.params.keyword`, 'must be text');
    if (field) a.exclude.push({ field, op: 'eq', value: keyword, ignoreCase: false });
  });
}

export function readCondition(v: unknown, p: string, c: Collector, depth: number): Condition | undefined {
  if (depth > LIMITS.conditionDepth) return c.add(p, `conditions nest at most ${LIMITS.conditionDepth} levels`);
  if (!isObj(v)) return c.add(p, 'must be a condition ({field, op, value} or all/any/not)');
  for (const group of ['all', 'any'] as const) {
    if (own(v, group) === undefined) continue;
    c.unknownKeys(v, p, [group]);
    const list = own(v, group);
    if (!Array.isArray(list) || list.length === 0 || list.length > 64)
      return c.add(`${p}.${group}`, 'must be a list of 1–64 conditions');
    const parts = list.map((x, i) => readCondition(x, `${p}.${group}[${i}]`, c, depth + 1));
    if (parts.some((x) => !x)) return undefined;
    return group === 'all' ? { all: parts as Condition[] } : { any: parts as Condition[] };
  }
  if (own(v, 'not') !== undefined) {
    c.unknownKeys(v, p, ['not']);
    const inner = readCondition(own(v, 'not'), `${p}.not`, c, depth + 1);
    return inner ? { not: inner } : undefined;
  }
  c.unknownKeys(v, p, ['field', 'op', 'value', 'ignoreCase']);
  const field = c.field(own(v, 'field'), `${p}.field`);
  const op = own(v, 'op');
  if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op))
    return c.add(`${p}.op`, `must be one of ${OPERATORS.join(', ')}`);
  const ignoreCase = own(v, 'ignoreCase') === true;
  const value = readOperand(op as Operator, own(v, 'value'), `${p}.value`, c);
  if (!field || value === null) return undefined;
  return { field, op: op as Operator, ...(value === undefined ? {} : { value }), ignoreCase };
}

/** The operand an operator needs, `undefined` when it needs none, `null` when it is wrong (already reported). */
function readOperand(
  op: Operator,
  v: unknown,
  p: string,
  c: Collector,
): string | number | boolean | Array<string | number> | undefined | null {
  switch (op) {
    case 'exists':
    case 'missing':
      if (v !== undefined) c.add(p, `${op} takes no value`);
      return undefined;
    case 'base64_token':
      return c.number(v, p, 8, 1024, 16, true);
    case 'in':
    case 'not_in':
      if (
        !Array.isArray(v) ||
        v.length === 0 ||
        v.length > LIMITS.setMembers ||
        v.some((x) => typeof x !== 'string' && typeof x !== 'number')
      )
        return c.add(p, `must be a list of 1–${LIMITS.setMembers} strings or numbers`) ?? null;
      return v as Array<string | number>;
    case 'prefix':
    case 'suffix':
    case 'contains':
    case 'glob':
      if (typeof v !== 'string' || v.length === 0 || v.length > LIMITS.pattern)
        return c.add(p, `must be text of 1–${LIMITS.pattern} characters`) ?? null;
      return v;
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      if (typeof v === 'string' && v.length <= LIMITS.pattern) return v;
      return c.add(p, 'must be a number (or text, compared as text)') ?? null;
    default:
      if (
        (typeof v === 'number' && Number.isFinite(v)) ||
        typeof v === 'boolean' ||
        (typeof v === 'string' && v.length <= LIMITS.pattern)
      )
        return v;
      return c.add(p, 'must be a string, number or boolean') ?? null;
  }
}

function readEngine(v: unknown, c: Collector): EngineSettings {
  const e = { ...DEFAULT_ENGINE };
  if (!isObj(v)) return c.add('engine', 'must be an object') ?? e;
  c.unknownKeys(v, 'engine', ['id', 'seed', 'sampleSize', 'k', 'draws', 'minClusterShare', 'topOutliers']);
  const id = own(v, 'id');
  if (id !== undefined && !(ENGINES as readonly unknown[]).includes(id))
    c.add('engine.id', `must be one of ${ENGINES.join(', ')}`);
  e.seed = c.number(own(v, 'seed'), 'engine.seed', 0, 0xffffffff, e.seed, true);
  e.sampleSize = c.number(own(v, 'sampleSize'), 'engine.sampleSize', 50, 5000, e.sampleSize, true);
  const k = own(v, 'k');
  if (k !== undefined) {
    if (!Array.isArray(k) || k.length !== 2) c.add('engine.k', 'must be [min, max], e.g. [2, 8]');
    else {
      e.minK = c.number(k[0], 'engine.k[0]', 1, 20, e.minK, true);
      e.maxK = c.number(k[1], 'engine.k[1]', 1, 20, e.maxK, true);
      if (e.minK > e.maxK) c.add('engine.k', 'min must not exceed max');
    }
  }
  e.draws = c.number(own(v, 'draws'), 'engine.draws', 1, 10, e.draws, true);
  e.minClusterShare = c.number(own(v, 'minClusterShare'), 'engine.minClusterShare', 0, 0.5, e.minClusterShare);
  e.topOutliers = c.number(own(v, 'topOutliers'), 'engine.topOutliers', 1, 1000, e.topOutliers, true);
  return e;
}

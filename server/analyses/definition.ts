/**
 * What an analysis is, once validated: where the records come from (index pattern, time range, query), which
 * features describe a record, which flags mark one directly, and how the engine clusters and scores them.
 * validate.ts turns user input (ours or anomal's YAML shape) into this; nothing here is ever executed as code.
 */
import type { CharClass } from './metrics';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const METRICS = [
  'length',
  'byte_length',
  'digit_count',
  'entropy',
  'char_class_ratio',
  'ngram_rarity',
  'label_depth',
  'registered_domain_rarity',
  'hour_of_week',
  'hour_of_day',
  'count_per_entity',
  'distinct_per_entity',
] as const;
export type MetricId = (typeof METRICS)[number];

export interface MetricParams {
  /** Decimals to round to (entropy; anomal's `hostname_entropy` rounds to 2). */
  round?: number;
  /** n of the n-grams (ngram_rarity), 2–5. */
  n?: number;
  /** Character class (char_class_ratio). */
  class?: CharClass;
  /** Window length in ms (count_per_entity, distinct_per_entity): tumbling windows aligned on the epoch. */
  window?: number;
  /** The field whose distinct values are counted per entity (distinct_per_entity). */
  of?: string;
}

export interface FieldFeature {
  kind: 'field';
  name: string;
  field: string;
  /** `auto`: numeric when every non-empty value in the fitting sample reads as a number. */
  type: 'numeric' | 'categorical' | 'auto';
  weight: number;
}

export interface MetricFeature {
  kind: 'metric';
  name: string;
  metric: MetricId;
  /** The field the metric reads (the entity for the per-entity counts; the time field for hour_*). */
  field: string;
  weight: number;
  params: MetricParams;
}

export type FeatureSpec = FieldFeature | MetricFeature;

export const OPERATORS = [
  'eq',
  'ne',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'not_in',
  'prefix',
  'suffix',
  'contains',
  'glob',
  'exists',
  'missing',
  'base64_token',
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Comparison {
  field: string;
  op: Operator;
  /** A number or string (comparisons, patterns), a list (in/not_in), a minimum token length (base64_token). */
  value?: string | number | boolean | Array<string | number>;
  ignoreCase: boolean;
}

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Comparison;

interface FlagCommon {
  name: string;
  severity: Severity;
  description: string;
}

export interface RecordFlag extends FlagCommon {
  kind: 'record';
  when: Condition;
}

/** Regular inter-arrival times per source (and destination, when given): see flags.ts for the test. */
export interface BeaconingFlag extends FlagCommon {
  kind: 'beaconing';
  source: string;
  destination?: string;
  timestamp: string;
  /** Allowed deviation of a gap from the period, as a share of the period (0.1 = ±10 %). */
  jitter: number;
  /** Share of the gaps that must be regular (multiples of the period within the jitter). */
  threshold: number;
  minEvents: number;
  /** Shortest period considered (ms): bursts of retries a few ms apart are not beacons. */
  minPeriod: number;
}

/** A pair of values (user × country, host × domain…) seen at most `maxCount` times while `a` is seen often. */
export interface RarePairFlag extends FlagCommon {
  kind: 'rare_pair';
  a: string;
  b: string;
  maxCount: number;
  /** Records `a` must have in all, so a newcomer's every pair is not "rare". */
  minTotal: number;
}

/** An entity's record count in one window far above its usual count per window. */
export interface VolumeSpikeFlag extends FlagCommon {
  kind: 'volume_spike';
  entity: string;
  timestamp: string;
  window: number;
  /** Count ≥ factor × the entity's median count over its active windows. */
  factor: number;
  minCount: number;
}

export type FlagSpec = RecordFlag | BeaconingFlag | RarePairFlag | VolumeSpikeFlag;

export const ENGINES = ['kmedoids'] as const;
export type EngineId = (typeof ENGINES)[number];

export interface EngineSettings {
  id: EngineId;
  seed: number;
  /** Records kept (reservoir) to fit on; the distance matrix of the fit is sampleSize². */
  sampleSize: number;
  minK: number;
  maxK: number;
  /** CLARA draws: sub-samples fitted independently, the one with the lowest cost on the whole reservoir kept. */
  draws: number;
  /** A cluster holding less than this share of the sample is not "normal": its members are scored against the others. */
  minClusterShare: number;
  /** Outliers kept for the report. */
  topOutliers: number;
}

export interface AnalysisDefinition {
  name: string;
  description: string;
  indexPattern?: string;
  timeRange?: { from: string; to: string };
  query?: string;
  timestampField: string;
  /** Records matching any of these are left out before features and flags (anomal's `filters`). */
  exclude: Condition[];
  features: FeatureSpec[];
  flags: FlagSpec[];
  engine: EngineSettings;
  /** Run on its own every `interval` (Task Manager's `{number}{s|m|h|d}`, at least a minute) as well as on demand. */
  schedule?: { interval: string };
}

export const DEFAULT_ENGINE: EngineSettings = {
  id: 'kmedoids',
  seed: 1,
  sampleSize: 2000,
  minK: 2,
  maxK: 8,
  draws: 3,
  minClusterShare: 0.05,
  topOutliers: 50,
};

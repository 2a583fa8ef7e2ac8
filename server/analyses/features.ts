/**
 * Features compiled for a run. Each reads one record and gives a number (numeric) or a string (categorical), or
 * nothing when the record lacks the field. Metrics that judge a value against the data itself first see every
 * record (`observe`, the first pass), so the second pass scores each record against the whole run, not its prefix.
 *
 * Memory: the data-wide tables are keyed by distinct values (n-grams, registered domains, entity×window) and capped
 * (distinct values per entity in total, too); past a cap new keys are not counted and the feature reads them as
 * unseen (`capped` says so in the report). Keys and categorical values are cut by keyText, so a long value costs
 * at most ~300 characters wherever it is kept.
 */
import type { FeatureSpec, MetricFeature } from './definition';
import {
  byteLength,
  characterLength,
  charClassRatio,
  digitCount,
  hourOfDay,
  hourOfWeek,
  labelDepth,
  ngrams,
  registeredDomain,
  shannonEntropy,
  surprisal,
} from './metrics';
import { fieldReader, keyOf, keyText, numberOf, textOf, timeOf, type AnalysisRecord } from './record';

export type FeatureValue = number | string | undefined;

export interface CompiledFeature {
  readonly name: string;
  readonly weight: number;
  /** `auto` field features are settled by resolveTypes() on the fitting sample. */
  type: 'numeric' | 'categorical' | 'auto';
  /** Whether the feature needs the first pass over the data. */
  readonly needsData: boolean;
  observe(record: AnalysisRecord): void;
  value(record: AnalysisRecord): FeatureValue;
  /** True once a table hit its cap: some values were read as unseen. */
  capped(): boolean;
}

export const TABLE_CAP = 1_000_000;

class CountTable {
  readonly counts = new Map<string, number>();
  total = 0;
  capped = false;
  add(key: string): void {
    this.total++;
    const n = this.counts.get(key);
    if (n !== undefined) this.counts.set(key, n + 1);
    else if (this.counts.size < TABLE_CAP) this.counts.set(key, 1);
    else this.capped = true;
  }
  surprisal(key: string): number {
    return surprisal(this.counts.get(key) ?? 0, this.total, this.counts.size);
  }
}

export function compileFeature(spec: FeatureSpec, timestampField: string): CompiledFeature {
  const read = fieldReader(spec.field);
  if (spec.kind === 'field') {
    const f: CompiledFeature = {
      name: spec.name,
      weight: spec.weight,
      type: spec.type,
      needsData: false,
      observe: () => undefined,
      value: (r) => (f.type === 'numeric' ? numberOf(read(r)) : keyOf(read(r))),
      capped: () => false,
    };
    return f;
  }
  return compileMetric(spec, read, fieldReader(timestampField));
}

function compileMetric(
  spec: MetricFeature,
  read: (r: AnalysisRecord) => unknown,
  readTime: (r: AnalysisRecord) => unknown,
): CompiledFeature {
  const base = {
    name: spec.name,
    weight: spec.weight,
    type: 'numeric' as const,
    needsData: false,
    capped: () => false,
  };
  const text = (r: AnalysisRecord): string | undefined => textOf(read(r));
  const ofText = (fn: (s: string) => number) => ({
    ...base,
    observe: () => undefined,
    value: (r: AnalysisRecord): FeatureValue => {
      const s = text(r);
      return s === undefined ? undefined : fn(s);
    },
  });
  const p = spec.params;
  switch (spec.metric) {
    case 'length':
      return ofText(characterLength);
    case 'byte_length':
      return ofText(byteLength);
    case 'digit_count':
      return ofText(digitCount);
    case 'entropy':
      return ofText((s) => shannonEntropy(s, p.round));
    case 'char_class_ratio':
      return ofText((s) => charClassRatio(s, p.class ?? 'digit'));
    case 'label_depth':
      return ofText(labelDepth);
    case 'hour_of_week':
    case 'hour_of_day': {
      const fn = spec.metric === 'hour_of_week' ? hourOfWeek : hourOfDay;
      return {
        ...base,
        observe: () => undefined,
        value: (r) => {
          const t = timeOf(read(r));
          return t === undefined ? undefined : fn(t);
        },
      };
    }
    case 'ngram_rarity': {
      const n = p.n ?? 3;
      const table = new CountTable();
      return {
        ...base,
        needsData: true,
        capped: () => table.capped,
        observe: (r) => {
          const s = text(r);
          if (s !== undefined) for (const g of ngrams(s, n)) table.add(g);
        },
        // Mean surprisal of the value's n-grams: names made of common n-grams score low, random strings high.
        value: (r) => {
          const s = text(r);
          if (s === undefined) return undefined;
          const grams = ngrams(s, n);
          let sum = 0;
          for (const g of grams) sum += table.surprisal(g);
          return sum / grams.length;
        },
      };
    }
    case 'registered_domain_rarity': {
      const table = new CountTable();
      return {
        ...base,
        needsData: true,
        capped: () => table.capped,
        observe: (r) => {
          const s = text(r);
          if (s !== undefined) table.add(keyText(registeredDomain(s)));
        },
        value: (r) => {
          const s = text(r);
          return s === undefined ? undefined : table.surprisal(keyText(registeredDomain(s)));
        },
      };
    }
    case 'count_per_entity':
    case 'distinct_per_entity': {
      const window = p.window ?? 3_600_000;
      const readOf = p.of ? fieldReader(p.of) : undefined;
      const counts = new Map<string, number>();
      const distinct = new Map<string, Set<string>>();
      // Values held across all the sets: each key's 10,000 cap alone let a million keys hold ten billion.
      let held = 0;
      let capped = false;
      const key = (r: AnalysisRecord): string | undefined => {
        const entity = keyOf(read(r));
        const t = timeOf(readTime(r));
        return entity === undefined || t === undefined ? undefined : `${entity}\u0000${Math.floor(t / window)}`;
      };
      return {
        ...base,
        needsData: true,
        capped: () => capped,
        observe: (r) => {
          const k = key(r);
          if (k === undefined) return;
          if (!readOf) {
            const n = counts.get(k);
            if (n !== undefined) counts.set(k, n + 1);
            else if (counts.size < TABLE_CAP) counts.set(k, 1);
            else capped = true;
            return;
          }
          const v = keyOf(readOf(r));
          if (v === undefined) return;
          let set = distinct.get(k);
          if (!set) {
            if (distinct.size >= TABLE_CAP) return void (capped = true);
            distinct.set(k, (set = new Set()));
          }
          // Past 10,000 distinct values the count is "at least 10,000": enough to stand out, bounded in memory.
          // Past TABLE_CAP values in all, new ones are not counted either (`capped` tells the report).
          if (set.size >= 10_000 || set.has(v)) return;
          if (held >= TABLE_CAP) return void (capped = true);
          set.add(v);
          held++;
        },
        value: (r) => {
          const k = key(r);
          if (k === undefined) return undefined;
          return readOf ? (distinct.get(k)?.size ?? 0) : (counts.get(k) ?? 0);
        },
      };
    }
  }
}

/** `auto` field features: numeric when every value present in the sample reads as a number, else categorical. */
export function resolveTypes(features: readonly CompiledFeature[], sample: readonly AnalysisRecord[]): void {
  for (const f of features) {
    if (f.type !== 'auto') continue;
    f.type = 'categorical';
    const values = sample.map((r) => f.value(r)).filter((v) => v !== undefined);
    f.type = values.length > 0 && values.every((v) => numberOf(v) !== undefined) ? 'numeric' : 'categorical';
  }
}

export type FeatureVector = FeatureValue[];

export function vectorOf(features: readonly CompiledFeature[], record: AnalysisRecord): FeatureVector {
  return features.map((f) => f.value(record));
}

/**
 * The credential families' threshold tables: each row a default, its bounds and why. A family's kibana.yml schema and
 * its `settingsFrom` are both derived from its one table (here and in ./threshold_schema.ts), so the defaults, the
 * bounds and the settings never disagree.
 */
export interface ThresholdRow<K extends string> {
  key: K;
  default: number;
  min: number;
  max: number;
  why: string;
}

export function tableDefaults<K extends string>(table: readonly ThresholdRow<K>[]): Record<K, number> {
  return Object.fromEntries(table.map((r) => [r.key, r.default])) as Record<K, number>;
}

/** Thresholds from a validated kibana.yml section (undefined when unset): a key missing or out of bounds is its default. */
export function thresholdsFrom<K extends string>(
  table: readonly ThresholdRow<K>[],
  section: unknown,
): Record<K, number> {
  const given = (section ?? {}) as Partial<Record<K, unknown>>;
  const out = {} as Record<K, number>;
  for (const r of table) {
    const v = Object.prototype.hasOwnProperty.call(given, r.key) ? given[r.key] : undefined;
    out[r.key] = typeof v === 'number' && Number.isFinite(v) && v >= r.min && v <= r.max ? v : r.default;
  }
  return out;
}

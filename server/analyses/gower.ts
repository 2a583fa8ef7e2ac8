/**
 * Gower distance over mixed features: per feature, |a−b| / range for numbers (capped at 1: a value beyond the fitted
 * range is as far as the range) and 0/1 for categories; the weighted mean of those over the features both records
 * have. Weights are the features' multipliers. A feature missing on either side is left out of that pair's mean.
 */
import type { FeatureValue, FeatureVector } from './features';

export interface GowerSchema {
  types: ReadonlyArray<'numeric' | 'categorical'>;
  weights: readonly number[];
  /** max − min per numeric feature over the fitting sample (0 for categorical ones). */
  ranges: readonly number[];
}

export function featureDistance(
  a: FeatureValue,
  b: FeatureValue,
  type: 'numeric' | 'categorical',
  range: number,
): number {
  if (type === 'categorical') return a === b ? 0 : 1;
  const d = Math.abs((a as number) - (b as number));
  if (d === 0) return 0;
  return range > 0 ? Math.min(1, d / range) : 1;
}

export function gowerDistance(a: FeatureVector, b: FeatureVector, s: GowerSchema): number {
  let num = 0;
  let den = 0;
  for (let f = 0; f < s.types.length; f++) {
    const w = s.weights[f];
    const x = a[f];
    const y = b[f];
    if (w === 0 || x === undefined || y === undefined) continue;
    num += w * featureDistance(x, y, s.types[f], s.ranges[f]);
    den += w;
  }
  return den === 0 ? 0 : num / den;
}

/** Ranges of the numeric features over a sample, each at most the largest double. */
export function rangesOf(vectors: readonly FeatureVector[], types: GowerSchema['types']): number[] {
  return types.map((t, f) => {
    if (t !== 'numeric') return 0;
    let min = Infinity;
    let max = -Infinity;
    for (const v of vectors) {
      const x = v[f];
      if (typeof x !== 'number') continue;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    // 1e308 and -1e308 (hostile event fields) are 2e308 apart, past the largest double: an Infinity range made every
    // other distance on the feature 0 and theirs Infinity / Infinity (NaN), and every score 0.
    return max > min ? Math.min(max - min, Number.MAX_VALUE) : 0;
  });
}

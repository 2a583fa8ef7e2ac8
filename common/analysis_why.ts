/**
 * One line saying why a record of an analysis scored as it did, for the places that show it as text: the CLI's
 * summary, the report's CSV export and a flag alert's message (the app lays the same reason out in the outliers table).
 */
import type { AnalysisExplainedRecord, AnalysisFeatureValue } from './analysis_api';

type Why = NonNullable<AnalysisExplainedRecord['why']>;

/** A feature's value as shown: a dash when the record or the medoid has none. */
export const featureValueText = (v: AnalysisFeatureValue): string => (v === undefined || v === null ? '—' : String(v));

/** `country SG (usual FR)`: one feature that sets the record apart, beside the cluster's usual value. */
export const apartText = (f: Why['features'][number]): string =>
  `${f.name} ${featureValueText(f.value)} (usual ${featureValueText(f.usual)})`;

/** e.g. `distance 0.41 to cluster 1 ÷ its spread 0.18: country SG (usual FR) 55 %; asn 14061 (usual 3215) 45 %`. */
export function whyText(why: Why): string {
  const parts = why.features.map((f) => `${apartText(f)} ${Math.round(f.share * 100)} %`);
  const head = `distance ${why.distance} to cluster ${why.cluster} ÷ its spread ${why.spread}`;
  return parts.length ? `${head}: ${parts.join('; ')}` : head;
}

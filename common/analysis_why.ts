/**
 * One line saying why a record of an analysis scored as it did, for the places that show it as text: the CLI's
 * summary and the report's CSV export (the app lays the same reason out in the outliers table).
 */
import type { AnalysisExplainedRecord, AnalysisFeatureValue } from './analysis_api';

const text = (v: AnalysisFeatureValue) => (v === undefined || v === null ? '—' : String(v));

/** e.g. `distance 0.41 to cluster 1 ÷ its spread 0.18: country SG (usual FR) 55 %; asn 14061 (usual 3215) 45 %`. */
export function whyText(why: NonNullable<AnalysisExplainedRecord['why']>): string {
  const parts = why.features.map(
    (f) => `${f.name} ${text(f.value)} (usual ${text(f.usual)}) ${Math.round(f.share * 100)} %`,
  );
  const head = `distance ${why.distance} to cluster ${why.cluster} ÷ its spread ${why.spread}`;
  return parts.length ? `${head}: ${parts.join('; ')}` : head;
}

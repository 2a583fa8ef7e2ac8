/**
 * One line saying why a record of an analysis scored as it did, for the places that show it as text: the CLI's
 * summary and the report's CSV export (the app lays the same reason out in the outliers table).
 */
import type { AnalysisExplainedRecord, AnalysisFeatureValue } from './analysis_api';

const text = (v: AnalysisFeatureValue) => (v === undefined || v === null ? '—' : String(v));

/** e.g. `0.41 from cluster 1 (spread 0.18): country SG (usual FR) 45 %; asn 14061 (usual 3215) 40 %`. */
export function whyText(why: NonNullable<AnalysisExplainedRecord['why']>): string {
  const parts = why.features.map(
    (f) => `${f.name} ${text(f.value)} (usual ${text(f.usual)}) ${Math.round(f.share * 100)} %`,
  );
  const head = `${why.distance} from cluster ${why.cluster} (spread ${why.spread})`;
  return parts.length ? `${head}: ${parts.join('; ')}` : head;
}

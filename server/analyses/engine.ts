/**
 * The engine interface: fit on a sample of feature vectors, then judge records one at a time. Only the sample is
 * ever held; judging a record costs k distances. Another engine (an isolation forest…) implements the same two
 * calls and is chosen by `engine.id`.
 */
import type { EngineSettings } from './definition';
import type { FeatureVector } from './features';
import type { GowerSchema } from './gower';

export interface Judgement {
  /** Index of the nearest cluster. */
  cluster: number;
  /** Higher is more anomalous; about 1 at the edge of a normal cluster. */
  score: number;
  /** Distance to the nearest medoid (Gower, 0–1). */
  distance: number;
  /** The normal cluster the score is measured against and the distance to its medoid (absent with no cluster). */
  against?: { cluster: number; distance: number };
}

/**
 * Why a record scored as it did: the normal cluster its score is measured against (score = distance ÷ spread) and
 * each feature's part of that distance, so the report can say what sets an outlier apart instead of a bare number.
 */
export interface ScoreReason {
  cluster: number;
  distance: number;
  spread: number;
  /** Per feature, in the schema's order: its share of `distance` (0–1; they sum to 1 when the distance is not 0). */
  shares: number[];
}

export interface ClusterSummary {
  id: number;
  /** Records of the fitting sample in the cluster, and their share. */
  sampleSize: number;
  share: number;
  medoid: FeatureVector;
  /** 90th percentile of the members' distances to the medoid: the scale of the cluster's scores. */
  spread: number;
  /** Clusters below `minClusterShare` are not a baseline: their members are scored against the major ones. */
  major: boolean;
}

export interface AnomalyModel {
  judge(vector: FeatureVector): Judgement;
  /** The reason behind `judge`'s score for the same vector; undefined when it had no cluster to measure against. */
  explain(vector: FeatureVector, judgement: Judgement): ScoreReason | undefined;
  clusters(): ClusterSummary[];
  /** Share of the clusters' separation owed to each feature (sums to 1; 0 for every feature with one cluster). */
  featureSeparation(): number[];
  /** How the model was chosen: e.g. silhouette per k. */
  diagnostics(): Record<string, number | string>;
}

export interface AnomalyEngine {
  readonly id: string;
  fit(sample: readonly FeatureVector[], schema: Omit<GowerSchema, 'ranges'>, settings: EngineSettings): AnomalyModel;
}

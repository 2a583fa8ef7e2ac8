/**
 * What the anomaly explorer's routes answer (server/routes/analyses.ts, analysis_runs.ts), as the app reads it. The
 * report's shape is server/analyses/analyzer.ts's AnalysisReport; it is restated here because the browser bundle
 * must not import server code.
 */

export interface AnalysisFieldError {
  path: string;
  message: string;
}

export interface SavedAnalysisItem {
  name: string;
  /** As the user wrote it (ours or anomal's YAML shape). */
  definition: unknown;
  updated_by: string;
  updated_at: string;
  /** Problems this version of the plugin finds in it (it does not run until they are fixed). */
  errors?: AnalysisFieldError[];
}

export interface SavedAnalysesResponse {
  items: SavedAnalysisItem[];
}

export type AnalysisRunPhase = 'counting' | 'observing' | 'fitting' | 'judging' | 'writing' | 'done';

export interface AnalysisScheduleInfo {
  interval: string;
  next_run_at: string;
  last_run_at?: string;
  last_outcome?: 'ok' | 'cancelled' | 'failed';
  task_status: string;
}

export type AnalysisStatusResponse =
  | { state: 'never_run'; schedule?: AnalysisScheduleInfo }
  | {
      /** `queued`: "run now" asked for it and Task Manager has not started it yet (it can be cancelled already). */
      state: 'queued' | 'running' | 'done' | 'cancelled' | 'failed';
      analysis: { name: string; run_id: string };
      /** `read` counts both passes: 0 … 2 × `total`. */
      progress: { phase: AnalysisRunPhase; total: number; read: number; msLeft?: number };
      /** When "run now" asked for it (absent for a scheduled run). */
      requested_at?: string;
      /** Absent while queued, and for a run cancelled before it started. */
      started_at?: string;
      updated_at: string;
      error?: string;
      cancel_requested: boolean;
      schedule?: AnalysisScheduleInfo;
    };

export type AnalysisFeatureValue = number | string | null | undefined;

export interface AnalysisExplainedRecord {
  /** `<index>/<_id>` of the source document. */
  ref: string;
  score: number;
  cluster: number;
  flags: string[];
  features: Record<string, AnalysisFeatureValue>;
  fields: Record<string, string>;
  /**
   * What sets it apart: the normal cluster its score is measured against (score = distance ÷ spread) and the features
   * where it differs from that cluster's medoid (`usual`), largest share of the distance first. Absent in reports
   * written before it existed, and when the model had no cluster.
   */
  why?: {
    cluster: number;
    distance: number;
    spread: number;
    features: Array<{ name: string; value?: AnalysisFeatureValue; usual?: AnalysisFeatureValue; share: number }>;
  };
}

/**
 * The evidence of an analysis flag's alert (server/analysis_run/results.ts `flagAlert`): a flag of high or critical
 * severity raised on one record becomes an alert in the alerts index, `buffalogs.family: analysis`.
 */
export interface AnalysisFlagEvidence {
  kind: 'analysis_flag';
  analysis: string;
  run_id: string;
  flag: {
    name: string;
    kind: 'record' | 'beaconing' | 'rare_pair' | 'volume_spike';
    severity: 'low' | 'medium' | 'high' | 'critical';
    description: string;
  };
  /** The record's score (1 ≈ the edge of a normal cluster), its cluster and every flag it raised. */
  score: number;
  cluster: number;
  flags: string[];
  /** The record's values of the fields the analysis read, and its features. */
  values: Record<string, string>;
  features: Record<string, AnalysisFeatureValue>;
  /** What sets the record apart from the cluster its score is measured against (absent when no cluster). */
  why?: AnalysisExplainedRecord['why'];
}

export interface AnalysisReportBody {
  name: string;
  records: { observed: number; excluded: number; judged: number };
  engine: Record<string, number | string>;
  features: Array<{ name: string; type: string; weight: number; separationShare: number; capped: boolean }>;
  clusters: Array<{
    id: number;
    records: number;
    sampleShare: number;
    major: boolean;
    spread: number;
    medoid: Record<string, AnalysisFeatureValue>;
  }>;
  topOutliers: AnalysisExplainedRecord[];
  flags: Array<{
    name: string;
    kind: string;
    severity: 'low' | 'medium' | 'high' | 'critical';
    description: string;
    records: number;
    findings: Array<{ key: string; values: Record<string, number | string> }>;
    examples: AnalysisExplainedRecord[];
  }>;
  notes: string[];
}

export interface AnalysisReportResponse {
  '@timestamp': string;
  kind: 'report';
  analysis: { name: string; run_id: string };
  report: AnalysisReportBody;
}

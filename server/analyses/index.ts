/** Anomaly explorer (issue 18): analyses of any records by features, flags and a clustering engine. Pure core. */
export { Analyzer, type AnalysisReport, type ExplainedRecord, type RecordResult } from './analyzer';
export type { AnalysisDefinition, FeatureSpec, FlagSpec } from './definition';
export type { AnomalyEngine, AnomalyModel } from './engine';
export { ENGINES_BY_ID, kMedoidsEngine } from './kmedoids';
export { BUILTIN_PACKS } from './packs';
export { parseAnalysisText } from './parse_text';
export { formatErrors, validateAnalysis, type FieldError, type ValidationResult } from './validate';

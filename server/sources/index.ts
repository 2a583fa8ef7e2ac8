export { AUTH_KINDS, type AuthKind, type MfaStep, type Verdict, type SourceFamily, type Contributes } from './types';
export { AUTH_VALUES, type AuthValues } from './auth_values';
export {
  SOURCE_FAMILIES,
  KNOWN_DATASETS,
  SOURCE_TABLE_FIELDS,
  judgeSource,
  genericVerdict,
  datasetOf,
  familyOf,
  type SourceJudgement,
  type JudgeOptions,
  type GenericTypeRule,
} from './table';
export {
  canonicalIdentity,
  isServiceAccount,
  parseIdentityConfig,
  DEFAULT_IDENTITY_CONFIG,
  DEFAULT_SERVICE_ACCOUNTS,
  IDENTITY_LIMITS,
  type IdentityConfig,
} from './identity';
export { sourceLoginClauses, familyLoginClause, inDatasets } from './login_clauses';
export { kindQueries, exclusiveKindFilters, QUERY_KINDS, type QueryKind, type KindQueries } from './kind_clauses';

export { normalizeLogin, stableDocumentId, REJECTION_REASONS } from './normalize_login';
export type { NormalizeOptions, NormalizeResult, RejectionCode, EventTypeRule } from './normalize_login';
export { parseIsoTimestamp } from '../../common/iso_timestamp';

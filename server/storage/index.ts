export { ensureIndexFromTemplate, installIndices, type InstallResult } from './install_indices';
export {
  analysisResultsIndex,
  pluginIndices,
  familyStateIndex,
  contextIndex,
  observationsIndex,
  reputationIndex,
  type PluginIndices,
} from './index_names';
export {
  PLUGIN_TEMPLATES,
  ALERTS_TEMPLATE,
  STATE_TEMPLATE,
  CHECKPOINT_TEMPLATE,
  ENTITY_STATE_TEMPLATE,
  DEADLETTER_TEMPLATE,
  REPUTATION_TEMPLATE,
  type PluginTemplate,
} from './templates';
export { writeAlerts, fitAlert, type AlertsWritten, type AlertUpdate, type AlertSignalIds } from './alerts_writer';
export { readDeadLetters, deadLetterDocs, type DeadLetterContext } from './dead_letters';
export { backfillAlertSortKeys, type BackfillResult } from './backfill_sort_keys';
export { bulkWrite, BulkWriteError, type BulkDoc, type BulkResult, type StoredVersion } from './bulk_writer';
export { DEFAULT_RETRY_POLICY, withRetry, isRetryableError, type RetryPolicy } from './retry';
export {
  loadStates,
  writeStates,
  stateDocId,
  toStateDocument,
  MAX_STATE_MERGE_ROUNDS,
  type StateDocument,
  type LoadedStates,
  type StateMerge,
  type StatesWritten,
} from './user_state_store';
export {
  readCheckpoint,
  earliestCompleted,
  checkpointBulkDoc,
  checkpointDocId,
  type Checkpoint,
  type WindowProgress,
} from './checkpoint_store';
export { throwIfAborted, isAbortError, type EsClient, type CallOptions } from './es_client';
export { IncompleteReadError, throwIfIncomplete, throwIfDocFailed } from './complete_read';

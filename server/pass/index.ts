export { runDetectionPass, type PassDeps, type PassLogger, type ExplicitWindow, type BatchDone } from './run_pass';
export { PASS_DEFAULTS, type PassSettings } from './pass_settings';
export {
  MAX_PASS_DURATION_MS,
  MIN_MAX_WINDOW_MS,
  MAX_WINDOW_PROBLEM,
  nextWindow,
  TOO_LONG_PROBLEM,
} from './pass_window';
export { summarisePass, emptyPassResult, type PassResult } from './pass_result';
export {
  loadDetectionRuntime,
  DetectionRuntimeError,
  savedDetectionConfig,
  type DetectionRuntime,
  type DetectionRuntimeInput,
  type SavedSettingsSource,
} from './detection_runtime';
export { checkPrivileges, MissingPrivilegesError } from './privileges';

/**
 * One detection pass of the login family, as the task, `buffalogs run` and the tests have always called it: the
 * generic runner (server/runner/family_pass.ts) with the login family (server/families/login/). Its settings are
 * the runner's (windows, batches, partitions) and the family's (source indices, login rule, detection settings) in
 * one object, as kibana.yml and the CLI give them.
 */
import type { Enricher } from '../enrichment';
import { loginFamily } from '../families/login/family';
import { runFamilyPass, type ExplicitWindow, type RunnerDeps } from '../runner/family_pass';
import type { SavedSettingsSource } from './detection_runtime';
import type { PassSettings } from './pass_settings';
import type { PassResult } from './pass_result';

export type { BatchDone, ExplicitWindow, PassLogger } from '../runner/family_pass';

export interface PassDeps extends RunnerDeps {
  enricher: Enricher;
  /**
   * Where settings saved through the API come from (the task's and `buffalogs run`'s runtime): when given, they
   * override `settings.detection` for this pass (invalid ones are ignored with a warning). Absent: `settings.detection`.
   */
  savedSettings?: SavedSettingsSource;
}

export function runDetectionPass(settings: PassSettings, deps: PassDeps, explicit?: ExplicitWindow): Promise<PassResult> {
  const family = {
    indices: settings.indices,
    extraQuery: settings.extraQuery,
    eventType: settings.eventType,
    ...(settings.identity ? { identity: settings.identity } : {}),
    detection: settings.detection,
    enricher: deps.enricher,
    savedSettings: deps.savedSettings,
  };
  return runFamilyPass(loginFamily, settings, family, settings.indices, deps, explicit);
}

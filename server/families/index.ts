/**
 * The registry of detection families. The background task registers one Task Manager task type per family and the
 * CLI runs each in turn; adding a family is its folder plus one line here.
 */
import type { DetectionFamily } from './family';
import { credentialFamily } from './credential/family';
import { credentialUserFamily } from './credential_user/family';
import { loginFamily } from './login/family';
import { sequenceFamily } from './sequence/family';
import { webFamily } from './web/family';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each family has its own settings, events and state
export type AnyFamily = DetectionFamily<any, any, any, any>;

export const FAMILIES: readonly AnyFamily[] = [
  loginFamily,
  credentialFamily,
  credentialUserFamily,
  sequenceFamily,
  webFamily,
];

export type {
  DetectionFamily,
  FamilyPass,
  EntityReader,
  StateStore,
  LoadedStates,
  FamilyExample,
  Window,
} from './family';
export { loginFamily, type LoginFamilySettings } from './login/family';

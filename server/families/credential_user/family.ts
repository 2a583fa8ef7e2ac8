/**
 * The user-keyed credential family: brute force, distributed brute force and MFA fatigue, keyed by the attacked
 * account (`user.name` as stored).
 *
 * Why the account is the entity: these attacks are one account attacked from anywhere — one address or hundreds — so
 * only a view keyed by the account sees them whole, and the success or MFA approval that ends them is on the same
 * account, judged in the same batch, on one node. Its source-keyed sibling (server/families/credential/: stuffing and
 * spray) reads the same events; this family reuses its normaliser and query (events.ts), bucketed counts, exactly-once
 * counting, alert documents and threshold table. Each account keeps failures and successes in 1-minute buckets over
 * the longest window, its failing addresses and MFA denials (capped, expiring) and the attacks it is under
 * (./state.ts).
 * Not covered: an account whose sources name it differently in `user.name` (an e-mail here, a short name there) is
 * two entities; the login family's identity grouping is not used here.
 */
import type { Type } from '@kbn/config-schema';
import type { FamilyAlertDocument } from '../../../common/alert_document';
import type { KeyedStates } from '../../runner/keyed_state_store';
import { CREDENTIAL_REJECTIONS, CREDENTIAL_SET_ASIDE, replayEvents, type CredentialEvent } from '../credential/events';
import { openCredentialPass } from '../credential/pass';
import type { DetectionFamily } from '../family';
import { credentialUserSettingsFrom, DEFAULT_USER_THRESHOLDS, type CredentialUserSettings } from './config';
import { CREDENTIAL_USER_EXAMPLES } from './examples';
import { CREDENTIAL_USER_FAMILY, judgeUsers, USER_FIELD } from './judge';
import { readAccountState, type UserState } from './state';

export type { CredentialUserSettings } from './config';

export const credentialUserFamily: DetectionFamily<
  CredentialUserSettings,
  CredentialEvent,
  UserState,
  KeyedStates<UserState>
> = {
  id: CREDENTIAL_USER_FAMILY,
  title: 'Credential attacks by account',
  entityName: 'user',
  eventName: ['event', 'events'],
  rejections: CREDENTIAL_REJECTIONS,
  setAside: CREDENTIAL_SET_ASIDE,
  taskType: 'buffalogs:credential_user',
  checkpointId: (partition, partitions) => `${CREDENTIAL_USER_FAMILY}:${partition}-of-${partitions}`,
  // Lazy: @kbn/config-schema exists only inside Kibana (and jest); `buffalogs run` and the benches never read this.
  get configSchema() {
    return (require('./config_schema') as { credentialUserConfigSchema: Type<unknown> }).credentialUserConfigSchema;
  },
  settingsFrom: credentialUserSettingsFrom,
  async open(context) {
    return openCredentialPass(context, {
      family: CREDENTIAL_USER_FAMILY,
      field: USER_FIELD,
      read: readAccountState,
      judge: judgeUsers,
    });
  },
  replay(documents, settings, now): FamilyAlertDocument[] {
    return judgeUsers(replayEvents(documents), new Map(), settings, now).alerts;
  },
  exampleSettings: () => ({ indices: ['logs-*'], ...DEFAULT_USER_THRESHOLDS }),
  examples: CREDENTIAL_USER_EXAMPLES,
};

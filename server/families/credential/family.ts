/**
 * The credential family: stuffing and password spray, keyed by the attacking source (`source.ip`).
 *
 * Why the source is the entity: stuffing and spray are one address trying many users, so only a view keyed by the
 * address sees them whole — and the success that follows comes from the same address, so the compromised account
 * is judged in the same batch as the attack, on one node, with no cross-partition join. Each address keeps a bounded
 * per-source view of its users (the users that failed, capped and expiring after a day; its last successes, capped),
 * counts in 10-minute buckets, and its open attack (server/families/credential/state.ts).
 * Brute force, distributed brute force and MFA fatigue are one *account* attacked from anywhere: they belong to the
 * family keyed by user (server/families/credential_user/), which reads the same events through this folder's
 * normaliser, query, buckets, alerts and threshold table.
 * Not covered yet: a spray spread over a /24 or an ASN (the key is the address alone).
 */
import type { Type } from '@kbn/config-schema';
import type { FamilyAlertDocument } from '../../../common/alert_document';
import type { KeyedStates } from '../../runner/keyed_state_store';
import type { DetectionFamily } from '../family';
import { credentialAttackUpdate } from './alerts';
import { credentialSettingsFrom, DEFAULT_CREDENTIAL_THRESHOLDS, type CredentialSettings } from './config';
import { CREDENTIAL_REJECTIONS, CREDENTIAL_SET_ASIDE, replayEvents, type CredentialEvent } from './events';
import { CREDENTIAL_EXAMPLES } from './examples';
import { CREDENTIAL_FAMILY, judgeSources } from './judge';
import { openCredentialPass } from './pass';
import { readSourceState, type SourceState } from './state';

export type { CredentialSettings } from './config';

const FIELD = 'source.ip';

export const credentialFamily: DetectionFamily<
  CredentialSettings,
  CredentialEvent,
  SourceState,
  KeyedStates<SourceState>
> = {
  id: CREDENTIAL_FAMILY,
  title: 'Credential attacks by source',
  entityName: 'source',
  eventName: ['event', 'events'],
  rejections: CREDENTIAL_REJECTIONS,
  setAside: CREDENTIAL_SET_ASIDE,
  taskType: 'buffalogs:credential',
  checkpointId: (partition, partitions) => `credential:${partition}-of-${partitions}`,
  // Lazy: @kbn/config-schema exists only inside Kibana (and jest); `buffalogs run` and the benches never read this.
  get configSchema() {
    return (require('./config_schema') as { credentialConfigSchema: Type<unknown> }).credentialConfigSchema;
  },
  settingsFrom: credentialSettingsFrom,
  async open(context) {
    return openCredentialPass(context, {
      family: CREDENTIAL_FAMILY,
      field: FIELD,
      read: readSourceState,
      judge: judgeSources,
    });
  },
  // A followed attack's alert is raised again with its figures so far. Unguarded, unlike an incident's: a triaged
  // attack is still the same attack, and its figures change nothing of the triage.
  alertUpdate: credentialAttackUpdate,
  replay(documents, settings, now): FamilyAlertDocument[] {
    return judgeSources(replayEvents(documents), new Map(), settings, now).alerts;
  },
  exampleSettings: () => ({ indices: ['logs-*'], ...DEFAULT_CREDENTIAL_THRESHOLDS }),
  examples: CREDENTIAL_EXAMPLES,
};

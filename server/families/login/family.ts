/**
 * The login family: interactive logins keyed by user, judged by BuffaLogs' detectors (impossible travel, new
 * device/country, atypical country, anonymous IP, user risk) in the detection core (server/detection/). Its task
 * type, checkpoint ids, state index and alert ids are the ones the plugin used before families existed, so nothing
 * migrates on upgrade.
 */
import type { AlertDocument, FamilyAlertDocument } from '../../../common/alert_document';
import { DETECTION_TASK_TYPE } from '../../../common/constants';
import {
  detect,
  resolveDetectionConfig,
  type DetectionConfig,
  type LoginEvent,
  type PopulationContext,
  type UserState,
} from '../../detection';
import { incidentUpdate } from '../../detection/verdict/incident';
import { emptyEnrichmentStats, enrichLogin, UserAgentParser, type Enricher } from '../../enrichment';
import { DEFAULT_SOURCE_INDICES } from '../../pass/pass_settings';
import { normalizeLogin, REJECTION_REASONS, type EventTypeRule } from '../../events';
import { loginQuery, PERSON_EXISTS } from '../../ingest';
import type { IdentityConfig } from '../../sources';
import { savedDetectionConfig, type SavedSettingsSource } from '../../pass/detection_runtime';
import { checkpointDocId, observationsIndex, pluginIndices } from '../../storage';
import type { DetectionFamily } from '../family';
import { judgedByAPass } from '../judged_to';
import { holdToClock } from './as_of_clock';
import { LOGIN_EXAMPLES } from './examples';
import { identityReader } from './identity_reader';
import { observationRecords } from './observations';
import { populationStore } from './population_store';
import { loginReader } from './reader';
import { userStateStore, type LoadedUserStates } from './states';

export interface LoginFamilySettings {
  /** Source index patterns. */
  indices: string[];
  /** Extra Query DSL ANDed to the login query (already validated). */
  extraQuery?: Record<string, unknown>;
  eventType: EventTypeRule;
  /** Per-source domains, the user map and service accounts (server/sources/identity.ts); default: built-in list. */
  identity?: IdentityConfig;
  /** kibana.yml's (or --config's) detection settings. */
  detection: DetectionConfig;
  enricher: Enricher;
  /** Where settings saved through the API come from: when given, they override `detection` for each pass. */
  savedSettings?: SavedSettingsSource;
}

export const loginFamily: DetectionFamily<LoginFamilySettings, LoginEvent, UserState, LoadedUserStates> = {
  id: 'login',
  title: 'Logins',
  entityName: 'user',
  eventName: ['login', 'logins'],
  rejections: REJECTION_REASONS,
  taskType: DETECTION_TASK_TYPE,
  checkpointId: checkpointDocId,
  async open({ client, space, partition, partitions, settings, retry, logger, signal }) {
    // Read per pass, so a change saved through the settings API applies from the next run on.
    const detection = settings.savedSettings
      ? await savedDetectionConfig(client, space, settings.savedSettings, logger)
      : settings.detection;
    // The verdict's context learned across users, as the space's earlier passes left it (population_store.ts).
    const verdict = detection.verdict;
    const learns = verdict?.enabled === true && detection.baseline.store === 'per_attribute';
    const store = learns ? populationStore({ client, space, partition, partitions, retry, logger }) : undefined;
    const context: PopulationContext | undefined = store
      ? await store.load(
          { orgMinUsersPerPrefix: verdict!.orgMinUsersPerPrefix, carrierMobileShare: verdict!.carrierMobileShare },
          signal,
        )
      : undefined;
    return {
      indices: settings.indices,
      // With `identity` configured, users are people across sources (identity_reader.ts); without it, stored names.
      query: (window) =>
        loginQuery({
          ...window,
          eventType: settings.eventType,
          extraQuery: settings.extraQuery,
          ...(settings.identity ? { personClause: PERSON_EXISTS } : {}),
        }),
      reader: settings.identity
        ? identityReader({ eventType: settings.eventType, enricher: settings.enricher, identity: settings.identity })
        : loginReader({ eventType: settings.eventType, enricher: settings.enricher }),
      states: userStateStore(
        client,
        pluginIndices(space).state,
        // The habit model's half-life: what "mark safe" taught is re-applied as the route applied it.
        { ...detection.baseline, halfLifeDays: detection.verdict.unusualHalfLifeDays },
        retry,
        // Incidents span batches: the alerts of the users' open incidents are checked for triage as states load.
        verdict?.enabled && (verdict.incidentMinutes ?? 0) > 0 ? pluginIndices(space).alerts : undefined,
      ),
      detect(events, loaded, now, window, checkpointed) {
        // A checkpointed window read again (a resumed interruption, a new partition layout) skips what each user's
        // state says it has judged; an explicit backfill judges everything it reads, against the states as they are.
        const alreadyJudged = checkpointed ? dropAlreadyJudged(events, loaded.states, now) : 0;
        // The users' stored times no pass could have written (a hand edit), dropped or held to the clock.
        for (const state of loaded.states.values()) holdToClock(state, now);
        const output = detect({ events, states: loaded.states, config: detection, now, reuseStates: true, context });
        if (checkpointed) {
          for (const state of output.states.values())
            state.judgedTo = Math.max(usableJudgedTo(state, now) ?? -Infinity, window.to);
        }
        return {
          alerts: output.alerts,
          states: output.states,
          stats: { ...output.stats, entities: output.stats.users, alreadyJudged },
          records: observationRecords(output.observations),
          ...(loaded.incidentAlerts ? { alertGuards: loaded.incidentAlerts } : {}),
        };
      },
      recordsIndex: observationsIndex(space),
      async saveLearned(now, signal) {
        if (store && context) await store.save(context, now, signal);
      },
    };
  },
  // An incident's alert is raised again as later logins join it (its writes guarded by `alertGuards`); the login
  // family's alerts are all its core's, so each is an AlertDocument.
  alertUpdate: (alert) => incidentUpdate(alert as AlertDocument),
  alertSignalIds: verdictSignalIds,
  replay(documents, settings, now) {
    const events: LoginEvent[] = [];
    for (const document of documents) {
      const normalised = normalizeLogin(document, { eventType: settings.eventType });
      if (normalised.ok) events.push(enrichLogin(normalised.event, settings.enricher));
    }
    return detect({ events, states: new Map(), config: settings.detection, now }).alerts;
  },
  exampleSettings: () => ({
    indices: [...DEFAULT_SOURCE_INDICES],
    eventType: 'start_or_absent',
    detection: resolveDetectionConfig('default'),
    enricher: { userAgents: new UserAgentParser(), stats: emptyEnrichmentStats() },
  }),
  examples: LOGIN_EXAMPLES,
};

/**
 * A verdict's signal ids (an incident's: the union of its logins'), indexed as `buffalogs.signal_ids` beside its
 * evidence: the alerts mapping does not index the evidence (server/storage/templates.ts). Undefined for the alerts
 * of the `buffalogs` profile's detectors, one per rule. Read defensively, as the writer always did: only text ids.
 */
function verdictSignalIds(alert: FamilyAlertDocument): string[] | undefined {
  const evidence = alert.buffalogs.evidence as { kind?: unknown; signals?: unknown } | undefined;
  if (evidence?.kind !== 'verdict' || !Array.isArray(evidence.signals)) return undefined;
  return evidence.signals.flatMap((s: { id?: unknown } | null) => (typeof s?.id === 'string' ? [s.id] : []));
}

/**
 * The user's `judgedTo`, or none when no pass could have written it (../judged_to.ts): kept, every login of the user
 * until then would be dropped as judged (and kept so by the max above).
 */
function usableJudgedTo(state: UserState | undefined, now: number): number | undefined {
  const judgedTo = state?.judgedTo;
  return judgedTo !== undefined && judgedByAPass(judgedTo, now) ? judgedTo : undefined;
}

/** Removes (in place) the logins at or before their user's `judgedTo`; returns how many. */
function dropAlreadyJudged(events: LoginEvent[], states: ReadonlyMap<string, UserState>, now: number): number {
  let kept = 0;
  for (const event of events) {
    const judgedTo = usableJudgedTo(states.get(event.user), now);
    if (judgedTo === undefined || event.timestamp > judgedTo) events[kept++] = event;
  }
  const dropped = events.length - kept;
  events.length = kept;
  return dropped;
}

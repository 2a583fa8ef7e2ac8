/**
 * Runs one profile of the detection core over ECS documents in process, as the CLI and the task do: the CLI's
 * normaliser and enricher (server/events, server/enrichment), settings through the same loader
 * (server/pass/detection_runtime.ts), then `detect` in consecutive windows of log time with every user's state carried
 * over, `now` being each window's end — what the Kibana task sees when it runs every `windowMs` (the CLI's replay clock
 * would instead start every user's wall-clock learning period at the end of a 10,000-event batch).
 *
 * Settings: the profile's defaults plus a published Tor exit list (`anonymousIp.cidrs`, what the README's
 * `anonymizerLists` loads). Nothing else: no trusted VPN ranges, no allowed countries — a new user's setup, since the
 * issue asks for context learned from the data with no configuration.
 */
import type { ProfileName } from '../../common/alert_document';
import {
  detect,
  type AlertDocument,
  type LoginEvent,
  type Observation,
  type PopulationContext,
  type UserState,
} from '../../server/detection';
import { enrichLogin } from '../../server/enrichment/enrich_login';
import { normalizeLogin } from '../../server/events/normalize_login';
import { loadDetectionRuntime } from '../../server/pass/detection_runtime';
import { TOR_EXITS } from '../demo/world';

export interface DetectionRun {
  alerts: AlertDocument[];
  /** Default profile: logins whose verdict stayed below the alerting threshold. */
  observations: Observation[];
  /** Documents the normaliser turned away, by reason (failed logins are `not a successful login`). */
  rejected: Record<string, number>;
  logins: number;
  /** Time in `detect` only. */
  detectSeconds: number;
}

export const BENCH_OVERRIDES = { anonymousIp: { cidrs: TOR_EXITS.cidrs } };

export async function runDetection(
  documents: readonly unknown[],
  profile: ProfileName,
  options: { windowMs?: number } = {},
): Promise<DetectionRun> {
  const windowMs = options.windowMs ?? 3_600_000;
  const runtime = await loadDetectionRuntime({ profile, overrides: BENCH_OVERRIDES });
  const rejected: Record<string, number> = {};
  const logins: LoginEvent[] = [];
  for (const doc of documents) {
    const result = normalizeLogin(doc);
    if (result.ok) logins.push(enrichLogin(result.event, runtime.enricher));
    else rejected[result.reason] = (rejected[result.reason] ?? 0) + 1;
  }
  logins.sort((a, b) => a.timestamp - b.timestamp);
  const states = new Map<string, UserState>();
  const alerts: AlertDocument[] = [];
  const incidentAt = new Map<string, number>();
  const observations: Observation[] = [];
  // The verdict's cross-user context (the organisation's networks, population rarity), carried like the states.
  let context: PopulationContext | undefined;
  let detectNs = 0n;
  for (let i = 0; i < logins.length;) {
    const windowEnd = (Math.floor(logins[i].timestamp / windowMs) + 1) * windowMs;
    let j = i;
    while (j < logins.length && logins[j].timestamp < windowEnd) j++;
    const t0 = process.hrtime.bigint();
    const result = detect({
      events: logins.slice(i, j),
      states,
      config: runtime.detection,
      now: windowEnd,
      reuseStates: true,
      context,
    });
    context = result.context;
    detectNs += process.hrtime.bigint() - t0;
    for (const [user, state] of result.states) states.set(user, state);
    for (const alert of result.alerts) {
      // An incident's alert emitted again by a later window (a login joined it) is the same alert, updated: it
      // replaces the earlier version, as the pass's update does in the alerts index.
      const incident = alert.buffalogs.evidence.kind === 'verdict' && alert.buffalogs.evidence.incident;
      const at = incident ? incidentAt.get(alert.buffalogs.alert_id) : undefined;
      if (at !== undefined) alerts[at] = alert;
      else {
        if (incident) incidentAt.set(alert.buffalogs.alert_id, alerts.length);
        alerts.push(alert);
      }
    }
    for (const o of result.observations) observations.push(o);
    i = j;
  }
  return { alerts, observations, rejected, logins: logins.length, detectSeconds: Number(detectNs) / 1e9 };
}

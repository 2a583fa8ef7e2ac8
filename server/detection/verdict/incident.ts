/**
 * Incidents (issue 12: "one alert per suspicious login, or per incident: same user, overlapping minutes"). An attacker
 * with a stolen password logs in more than once within minutes (another app, a token refresh, a retry after an MFA
 * prompt); each login was its own `suspicious_login` alert, so one takeover read as two or three. Here a suspicious
 * login of a user within `verdict.incidentMinutes` of that user's open incident (its first to last login) JOINS it:
 * the incident's one alert — its id is the first login's alert id — is updated with the login, never a second one.
 *
 * - Signals: the union of the logins' signals, each signal id once, the instance where it weighed most (with its
 *   evidence); every login is listed with its own score and signals (`evidence.incident.logins`, the first 20).
 * - Score: COMBINED, the verdict's sum of that union (capped at 100), not the maximum of the logins' scores. The
 *   logins are one attacker's doing, so what different logins showed are different facts about the same incident (the
 *   first login's new device, the second's anonymiser) and add up, as signals of one login do; a signal repeated by
 *   a later login counts once, so repetition inflates nothing. The "why this score" table (the union's points) then
 *   adds up to the score, as for one login. It can only raise an incident that already alerted: a login joins only
 *   when it reaches the threshold itself, so combining never creates an alert (precision is untouched).
 * - Span: `event.start`/`event.end` and `evidence.incident.start/end/count`; the sentence says how many logins.
 * - Risk: the incident counts once in the user's risk (its first login's alert); a joining login adds no risk entry.
 * - Filtered: only while every login of it was filtered (an unfiltered one makes the incident worth an analyst).
 *
 * Exactly once across batches, passes and crashes: the open incident lives in the user's state (`state.incident`,
 * one per user, bounded), so a login in a later batch finds it and emits the alert again under the SAME id with the
 * cumulative content; the pass writes such alerts as a partial update that leaves the analyst's triage alone
 * (`incidentUpdate`, the login family's `alertUpdate`: server/storage/alerts_writer.ts). Within one batch, the
 * incident's document is replaced in the batch's alert list rather than appended. A batch redone after a crash
 * recomputes the same document from the same state (an update that changes nothing).
 *
 * Triage: an incident whose alert an analyst closed (closed or false positive) or deleted is dropped from the state
 * when the pass loads it (server/families/login/states.ts): the next suspicious login starts a NEW incident with a new
 * alert, rather than reopening (which would undo the analyst's decision) or joining silently (which would hide a
 * new login in a closed alert). An acknowledged alert is still being looked at: logins keep joining it, its status
 * stays as the analyst set it.
 */
import type { AlertDocument, IncidentLogin, VerdictEvidence, VerdictSignal } from '../../../common/alert_document';
import { ANY_NUMBER } from '../../../common/number_layout';
import { buildAlertDocument } from '../alert_document';
import type { CompiledConfig } from '../compiled_config';
import type { LoginContext } from '../detectors/detector';
import { filterReasons } from '../filters';
import { currentRisk } from '../risk';
import type { UserState } from '../user_state';
import { suspiciousLoginDetector } from './judge';
import { verdictScore, verdictWhy } from './signals';

/** Logins listed in an incident's evidence (and state); `count` goes on. Bounds the state and the alert. */
export const MAX_INCIDENT_LOGINS = 20;
const MINUTE_MS = 60_000;

/** The user's latest incident, as the state keeps it between batches (JSON). */
export interface IncidentState {
  /** Its alert's id: the alert id of its first login. */
  id: string;
  /** Its first login (the alert's trigger and `@timestamp`). */
  eventId: string;
  index: string;
  at: number;
  /** Earliest and latest login time. */
  start: number;
  end: number;
  count: number;
  /** The union of its logins' signals (each id once: where it weighed most); at most one per signal id. */
  signals: VerdictSignal[];
  /** Its first logins (at most MAX_INCIDENT_LOGINS). */
  logins: IncidentLogin[];
  /** Non-empty while every login of it was filtered: the latest login's reasons. */
  filterReasons: string[];
}

/** Where each incident's alert sits in the batch's alert list, so a login joining it in the same batch replaces it. */
const batchPositions = new WeakMap<AlertDocument[], Map<string, number>>();
function positions(alerts: AlertDocument[]): Map<string, number> {
  let map = batchPositions.get(alerts);
  if (!map) batchPositions.set(alerts, (map = new Map()));
  return map;
}

/** The stored incident when it is one this version can use (states come from files and indices: hostile). */
function storedIncident(ctx: LoginContext): IncidentState | undefined {
  const inc = ctx.state.incident as Partial<IncidentState> | undefined;
  if (inc === undefined) return undefined;
  const ok =
    typeof inc === 'object' &&
    inc !== null &&
    typeof inc.id === 'string' &&
    typeof inc.eventId === 'string' &&
    typeof inc.index === 'string' &&
    Number.isFinite(inc.at) &&
    Number.isFinite(inc.start) &&
    Number.isFinite(inc.end) &&
    Number.isFinite(inc.count) &&
    Array.isArray(inc.signals) &&
    Array.isArray(inc.logins) &&
    Array.isArray(inc.filterReasons);
  if (!ok) ctx.state.incident = undefined; // not delete: that would put the state in dictionary mode
  return ok ? (inc as IncidentState) : undefined;
}

/** The incident gap in ms; 0 when incidents are off. */
function gapOf(cc: CompiledConfig): number {
  const minutes = cc.config.verdict.incidentMinutes;
  return Number.isFinite(minutes) && minutes > 0 ? minutes * MINUTE_MS : 0;
}
const gapMs = (ctx: LoginContext): number => gapOf(ctx.cc);

function incidentLogin(ctx: LoginContext, verdict: VerdictEvidence): IncidentLogin {
  const { event } = ctx;
  const login: IncidentLogin = {
    event_id: event.id,
    index: event.index,
    timestamp: new Date(event.timestamp).toISOString(),
    score: verdict.score,
    signals: verdict.signals.map(signalWeight),
  };
  if (event.ip !== undefined) login.ip = event.ip;
  if (ctx.country !== undefined) login.country = ctx.country;
  return login;
}

/** Each signal id once: the instance that weighed most (the earlier one on a tie), in first-seen order. */
export function unionSignals(a: readonly VerdictSignal[], b: readonly VerdictSignal[]): VerdictSignal[] {
  const out = a.slice();
  for (const s of b) {
    const i = out.findIndex((o) => o.id === s.id);
    if (i < 0) out.push(s);
    else if (s.weight > out[i].weight) out[i] = s;
  }
  return out;
}

/**
 * Before a suspicious login raises its own alert: when the user's open incident is within the gap, the login joins
 * it (its alert is updated in `alerts`: replaced when produced in this batch, else emitted again under its id) and
 * true is returned. Otherwise false: the caller raises the login's alert and then calls `openIncident`.
 */
export function joinIncident(
  ctx: LoginContext,
  verdict: VerdictEvidence,
  now: number,
  alerts: AlertDocument[],
): boolean {
  const gap = gapMs(ctx);
  if (gap === 0) return false;
  const inc = storedIncident(ctx);
  const t = ctx.event.timestamp;
  if (!inc || t > inc.end + gap || t < inc.start - gap) return false;
  const { event, state, cc } = ctx;

  const signals = unionSignals(inc.signals, verdict.signals);
  const score = verdictScore(signals);
  const start = Math.min(inc.start, t);
  const end = Math.max(inc.end, t);
  const count = inc.count + 1;
  const logins = inc.logins.length < MAX_INCIDENT_LOGINS ? [...inc.logins, incidentLogin(ctx, verdict)] : inc.logins;
  const own = filterReasons({
    ctx,
    rule: suspiciousLoginDetector.id,
    evidence: verdict,
    riskBefore: currentRisk(state, cc, t, now).level,
    now,
  });
  const reasons = inc.filterReasons.length > 0 && own.length > 0 ? own : [];
  const evidence = incidentEvidence(ctx, { score, signals, start, end, count, logins });

  const fresh = buildAlertDocument({
    id: inc.id,
    event,
    rule: {
      id: suspiciousLoginDetector.id,
      name: suspiciousLoginDetector.name,
      description: suspiciousLoginDetector.description,
    },
    message: `Suspicious logins for ${event.user}: ${evidence.why}`,
    severity: suspiciousLoginDetector.severity(evidence),
    evidence,
    filterReasons: reasons,
    risk: state.risk,
    profile: cc.config.profile,
    now,
  });
  // What belongs to the first login stays the first login's: the alert's time, trigger, address and agent.
  fresh['@timestamp'] = new Date(inc.at).toISOString();
  fresh.buffalogs.trigger = { event_id: inc.eventId, index: inc.index };
  setSpan(fresh, start, end);

  const at = positions(alerts).get(inc.id);
  if (at !== undefined && alerts[at]?.buffalogs.alert_id === inc.id) {
    // Produced in this batch: as Elasticsearch would merge the update into it (triage and first-login fields kept).
    alerts[at] = mergeUpdate(alerts[at], incidentUpdate(fresh)!);
  } else {
    positions(alerts).set(inc.id, alerts.length);
    alerts.push(fresh);
  }
  state.incident = { ...inc, start, end, count, signals, logins, filterReasons: reasons };
  return true;
}

/**
 * After a suspicious login raised its own alert (`alerts[position]`): it opens the user's incident (replacing an
 * older one), and the alert says so (count 1, its span). A login older than the open incident by more than the gap
 * (a late arrival) leaves that incident open.
 */
export function openIncident(ctx: LoginContext, alerts: AlertDocument[], position: number): void {
  const gap = gapMs(ctx);
  const doc = alerts[position];
  if (gap === 0 || doc === undefined || doc.buffalogs.evidence.kind !== 'verdict') return;
  const { event } = ctx;
  const t = event.timestamp;
  const open = storedIncident(ctx);
  const verdict = doc.buffalogs.evidence;
  const login = incidentLogin(ctx, verdict);
  verdict.incident = {
    count: 1,
    start: login.timestamp,
    end: login.timestamp,
    gap_minutes: gap / MINUTE_MS,
    logins: [login],
  };
  setSpan(doc, t, t);
  positions(alerts).set(doc.buffalogs.alert_id, position);
  if (open && open.start > t) return;
  ctx.state.incident = {
    id: doc.buffalogs.alert_id,
    eventId: event.id,
    index: event.index,
    at: t,
    start: t,
    end: t,
    count: 1,
    signals: verdict.signals,
    logins: [login],
    filterReasons: doc.buffalogs.filter_reasons,
  };
}

/**
 * After a user's batch: an incident the user's newest login is already past (by more than the gap) can take no later
 * login in time order, so it leaves the state (a few hundred bytes to a few KB less, and no triage lookup per batch).
 */
export function endPastIncident(state: UserState, cc: CompiledConfig): void {
  const inc = state.incident;
  if (inc === undefined || state.lastLoginAt === undefined) return;
  const gap = gapOf(cc);
  if (gap === 0 || !(typeof inc === 'object' && inc !== null && Number.isFinite(inc.end))) state.incident = undefined;
  // Cleared, not deleted: a delete would turn the state into a slow dictionary-mode object for the rest of the run.
  else if (state.lastLoginAt > inc.end + gap) state.incident = undefined;
}

function incidentEvidence(
  ctx: LoginContext,
  i: { score: number; signals: VerdictSignal[]; start: number; end: number; count: number; logins: IncidentLogin[] },
): VerdictEvidence {
  const threshold = ctx.cc.config.verdict.alertThreshold;
  const startIso = new Date(i.start).toISOString();
  const endIso = new Date(i.end).toISOString();
  const minutes = Math.round((i.end - i.start) / MINUTE_MS);
  return {
    kind: 'verdict',
    score: i.score,
    threshold,
    signals: i.signals,
    why:
      `${i.count} suspicious logins in ${minutes} min (${startIso} to ${endIso}), one incident; their signals ` +
      `combined: ${verdictWhy(i.score, threshold, i.signals)}`,
    incident: {
      count: i.count,
      start: startIso,
      end: endIso,
      gap_minutes: gapMs(ctx) / MINUTE_MS,
      logins: i.logins,
    },
  };
}

function setSpan(doc: AlertDocument, start: number, end: number): void {
  doc.event.start = new Date(start).toISOString();
  doc.event.end = new Date(end).toISOString();
}

/**
 * The part of an incident's alert that detection rewrites when a login joins it, as a partial document: its score,
 * severity, span, sentence, evidence, filtering and the user's risk. Never the triage (status, tags, note, who
 * triaged), nor what belongs to the first login (`@timestamp`, trigger, `source`, `user_agent`, `event.created`).
 * Undefined for an alert that is not an incident's: it is written once (`create`).
 */
export function incidentUpdate(doc: AlertDocument): Record<string, unknown> | undefined {
  const evidence = doc.buffalogs?.evidence;
  if (evidence?.kind !== 'verdict' || evidence.incident === undefined) return undefined;
  const event: Record<string, unknown> = { risk_score: doc.event.risk_score, severity: doc.event.severity };
  if (doc.event.start !== undefined) event.start = doc.event.start;
  if (doc.event.end !== undefined) event.end = doc.event.end;
  return {
    event,
    message: doc.message,
    buffalogs: {
      severity: doc.buffalogs.severity,
      filtered: doc.buffalogs.filtered,
      filter_reasons: doc.buffalogs.filter_reasons,
      user_risk: doc.buffalogs.user_risk,
      evidence,
      // The evidence's signal ids, indexed for the map, when the writer set them (the login family's alertSignalIds).
      ...(doc.buffalogs.signal_ids ? { signal_ids: doc.buffalogs.signal_ids } : {}),
    },
  };
}

/**
 * Elasticsearch's partial-update merge: objects merge key by key, anything else (arrays too) is replaced. The merged
 * objects are built anew (Object.fromEntries), not as a copy that is then written to: a copy (`{ ...stored }`) has the
 * very shape of the alert's objects, the verdict's and the user's risk among them, and writing a field of that shape
 * makes it a changing one for every object of it. V8 had taken those fields, written once, for constants, and threw
 * away the code built on that (judgeLogin's and the engine's login path, processUser), compiled again in the first
 * batch, at its first merged incident. Built anew, the keys keep their order: the stored ones first, where they were,
 * then the patch's new ones.
 */
function mergeUpdate<T>(stored: T, patch: Record<string, unknown>): T {
  const merged = new Map(Object.entries(stored as Record<string, unknown>));
  for (const [key, value] of Object.entries(patch)) {
    const before = merged.get(key);
    merged.set(key, isPlainObject(before) && isPlainObject(value) ? mergeUpdate(before, value) : value);
  }
  return Object.fromEntries(merged) as T;
}
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A signal's id and weight, the weight laid out for any number first (common/number_layout.ts). */
function signalWeight(s: { id: VerdictSignal['id']; weight: number }): { id: VerdictSignal['id']; weight: number } {
  const out = { id: s.id, weight: ANY_NUMBER };
  out.weight = s.weight;
  return out;
}

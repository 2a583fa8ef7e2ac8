/**
 * The ECS document of one BuffaLogs alert, exactly as the alerts index holds it and as `buffalogs detect`
 * prints it. Produced by the detection core (`server/detection/`), stored by the task, read by routes and the UI.
 *
 * ECS fields are used where ECS has one (`@timestamp`, `event.*`, `rule.*`, `user.name`, `source.*`,
 * `user_agent.*`); everything specific to BuffaLogs lives under `buffalogs.*`.
 */
import type { AlertStatus, RiskLevel, RuleId } from './constants';
import { parseIsoTimestamp } from './iso_timestamp';

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type ProfileName = 'default' | 'buffalogs';

/** A person's name as one source spelled it (the dataset it came from, when known). */
export interface SourceUser {
  name: string;
  dataset?: string;
}

/** A `geo_point` as ECS writes it. */
export interface GeoLocation {
  lat: number;
  lon: number;
}

/** One end of a journey: where and when a login happened, as the evidence of a travel alert shows it. */
export interface LoginPlace {
  timestamp: string;
  ip?: string;
  location?: GeoLocation;
  country_iso_code?: string;
  country_name?: string;
  city_name?: string;
  /** GeoIP accuracy radius in km, when the database has one. */
  accuracy_radius_km?: number;
  as_number?: number;
  as_organization?: string;
  event_id?: string;
}

/** Evidence of impossible travel: the two logins and the numbers that made the speed impossible. */
export interface TravelEvidence {
  kind: 'travel';
  from: LoginPlace;
  to: LoginPlace;
  distance_km: number;
  /** Distance after subtracting both ends' GeoIP uncertainty (default profile); equals distance_km otherwise. */
  effective_distance_km: number;
  elapsed_seconds: number;
  speed_kmh: number;
  speed_threshold_kmh: number;
  distance_threshold_km: number;
}

/** Evidence of novelty: the value that was new and the baseline it was compared with. */
export interface NoveltyEvidence {
  kind: 'novelty';
  /** What was new: a country, a device fingerprint, an IP, an ASN… */
  field: string;
  value: string;
  /** The user's known values at the time (bounded; `known_count` is the full count). */
  known: string[];
  known_count: number;
  /** For atypical country: the last login from that country and how long ago it was. */
  last_seen?: string;
  days_since_last_seen?: number;
  threshold_days?: number;
}

/** Evidence of an anonymising network: which signal matched. */
export interface AnonymousIpEvidence {
  kind: 'anonymous_ip';
  /** e.g. `source.intelligence_category`, `cidr_list`, `asn_list`. */
  signal: string;
  matched: string;
  list_name?: string;
  /** The login's IP. */
  ip?: string;
}

/** Evidence of a risk-level change. */
export interface RiskEvidence {
  kind: 'risk';
  previous_level: RiskLevel;
  level: RiskLevel;
  score: number;
  threshold_level: RiskLevel;
  /** The alert whose risk increase crossed the threshold. */
  caused_by_alert_id: string;
  caused_by_rule_id: RuleId;
}

/** How many of the organisation's other users log in from a country or network (population rarity). */
export interface RarityEvidence {
  kind: 'rarity';
  field: 'country' | 'asn';
  value: string;
  /** Other users seen using it, of `population` other users seen. */
  others: number;
  population: number;
  share: number;
  /** Below this share a value counts as rare. */
  rare_below: number;
}

/** A known device far away, faster than a journey, soon after the user's previous login: a replayed session. */
export interface SessionEvidence {
  kind: 'session';
  device: string;
  from: LoginPlace;
  to: LoginPlace;
  distance_km: number;
  elapsed_seconds: number;
  /** The network the device appeared on is new to the user. */
  new_network: string;
}

/**
 * One feature of the per-user habit model (server/detection/verdict/user_model.ts): the login's value, how often the
 * user's decayed history holds it, and how surprising that is.
 */
export interface HabitFeatureEvidence {
  feature: 'country' | 'city' | 'asn' | 'device' | 'hour';
  /** The login's value (`AS3269`, `Sun 03:00 UTC`…). */
  value: string;
  /** Decayed logins with this value (hour: within ±1 hour of it, same kind of day), of `of` decayed logins. */
  seen: number;
  of: number;
  /** Smoothed probability of the value for this user, and its surprise −log2 p. */
  p: number;
  bits: number;
  /** 0–1: how unusual, after the feature's normalisation (0 = usual, 1 = as rare as the model can tell). */
  unusual: number;
  /** The points of the 0–1 model score this feature gave (its share × unusual × context). */
  part: number;
  /** The user's most usual values, with their decayed logins (`IT 180`). */
  usual: string[];
  /** What lowered it (the organisation's network, a traveller). */
  context?: string;
}

/** The per-user habit model's finding: how unusual the login is for this user, feature by feature. */
export interface HabitEvidence {
  kind: 'habits';
  /** 0–1: the features' parts summed. */
  score: number;
  /** The signal counts from this score (verdict.unusualThreshold). */
  threshold: number;
  /** Decayed logins the model has learned from, and its half-life in days. */
  logins: number;
  half_life_days: number;
  /** Strongest part first. */
  features: HabitFeatureEvidence[];
}

export type SignalEvidence =
  TravelEvidence | NoveltyEvidence | AnonymousIpEvidence | RarityEvidence | SessionEvidence | HabitEvidence;

/** Signal ids of the default profile's verdict (server/detection/verdict/signals.ts says what each means). */
export const SIGNAL_IDS = [
  'anonymous_ip',
  'new_device',
  'device_upgrade',
  'new_network',
  'new_network_for_device',
  'new_country',
  'atypical_country',
  'rare_country',
  'rare_network',
  'impossible_travel',
  'stolen_session',
  'unfamiliar_address',
  // The per-user habit model (busybody's idea, explained per feature): server/detection/verdict/user_model.ts.
  'unusual_for_user',
] as const;
export type SignalId = (typeof SIGNAL_IDS)[number];

/** One signal of a login, with what it weighs in the verdict and why. */
export interface VerdictSignal {
  id: SignalId;
  /** The points it adds to the score, after context. */
  weight: number;
  /** Its configured weight before context (verdict.weights). */
  base_weight: number;
  /** One sentence with the numbers, including any context that lowered the weight. */
  reason: string;
  /** What lowered the weight (the organisation's network, a traveller's journey, a same-country hop…). */
  context?: string[];
  evidence: SignalEvidence;
}

/** One suspicious login of an incident (IncidentEvidence): which event, when, from where, and its own verdict. */
export interface IncidentLogin {
  event_id: string;
  index: string;
  timestamp: string;
  /** This login's own score (the incident's score combines every login's signals). */
  score: number;
  /** This login's signals and their points (the full evidence of each signal id is in `VerdictEvidence.signals`). */
  signals: Array<{ id: SignalId; weight: number }>;
  ip?: string;
  country?: string;
}

/**
 * The suspicious logins of one user that make one incident (server/detection/verdict/incident.ts): each login within
 * `verdict.incidentMinutes` of the incident's span joins it, and the alert (its id: the first login's) is updated
 * instead of a second one being raised.
 */
export interface IncidentEvidence {
  /** Suspicious logins in the incident (`logins` lists at most the first 20). */
  count: number;
  /** The earliest and latest login's time. */
  start: string;
  end: string;
  /** The gap that keeps an incident open (verdict.incidentMinutes). */
  gap_minutes: number;
  logins: IncidentLogin[];
}

/** The default profile's verdict on one login: every signal, the score, the threshold and why. */
export interface VerdictEvidence {
  kind: 'verdict';
  /** Sum of the signals' weights, capped at 100. */
  score: number;
  /** The alerting threshold (verdict.alertThreshold). */
  threshold: number;
  signals: VerdictSignal[];
  /** One sentence: why this score. */
  why: string;
  /**
   * The incident the login opened or joined (absent when `verdict.incidentMinutes` is 0): with several logins,
   * `signals` is the union of theirs (each signal id once, where it weighed most) and `score` their combined score.
   */
  incident?: IncidentEvidence;
}

export type AlertEvidence = TravelEvidence | NoveltyEvidence | AnonymousIpEvidence | RiskEvidence | VerdictEvidence;

/**
 * An observation (issue 12) as stored in `buffalogs-observations-<space>` and returned by the API: a login whose
 * verdict stayed under the alerting threshold, with its signals, score and why (server/detection/verdict/observation.ts).
 */
export interface ObservationDocument {
  '@timestamp': string;
  event: { kind: 'signal'; id: string; index: string };
  user: { name: string };
  score: number;
  /** The alerting threshold the score stayed under. */
  threshold: number;
  signals: VerdictEvidence['signals'];
  /** One sentence: why this score. */
  why: string;
}

/** The latest instant a JavaScript Date holds (and the earliest, negated): ±8.64e15 ms. */
export const MAX_DATE_MS = 8.64e15;

/**
 * The alert's time in milliseconds, NaN when it has none or a Date cannot hold it (±MAX_DATE_MS). Read as Elasticsearch
 * reads the date field (strict_date_optional_time||epoch_millis; another writer's document) and as the detector reads
 * a login's: a number or a string of digits is epoch milliseconds, a time without offset is UTC. Date.parse read
 * "1733000000000" as NaN, "0" as the year 2000 and an offsetless time in the server's zone.
 */
export function alertTime(alert: Pick<AlertDocument, '@timestamp'>): number {
  const stamp: unknown = alert['@timestamp'];
  const at = typeof stamp === 'number' ? stamp : typeof stamp === 'string' ? parseIsoTimestamp(stamp) : undefined;
  return at !== undefined && Math.abs(at) <= MAX_DATE_MS ? at : NaN;
}

/**
 * Any stored time (a state's first/last seen, an evidence's last_seen) in epoch milliseconds, read as alertTime reads
 * `@timestamp` (ISO text, or epoch milliseconds as a number or a string of digits, which Elasticsearch's date field
 * takes); undefined for anything else.
 */
export function timeMs(at: unknown): number | undefined {
  const ms = alertTime({ '@timestamp': at as string });
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * What an alert is about: its family's entity, or (alerts written before families existed, all about users) its user.
 */
export function alertEntity(alert: Pick<FamilyAlertDocument, 'user' | 'buffalogs'>): { field: string; value: string } {
  return alert.buffalogs.entity ?? { field: 'user.name', value: alert.user?.name ?? '' };
}

/**
 * What every family's alerts share (server/families/): the ECS fields, the rule, the message, the entity, the
 * evidence and the triage fields. A family narrows the rule ids and the evidence; the login family adds its profile
 * and the user's risk (`AlertDocument`).
 */
export interface FamilyAlertDocument<R extends string = string, E = unknown> {
  /** The triggering event's time. */
  '@timestamp': string;
  event: {
    kind: 'alert';
    category: string[];
    type: ['info'];
    /** 0–100, as ECS `event.risk_score`. */
    risk_score: number;
    /** Numeric severity for sorting (low 21, medium 47, high 73, critical 99; as Elastic Security). */
    severity: number;
    /** When the detection produced this alert (supplied by the caller; the core has no clock). */
    created?: string;
    /** An incident's first and last login (ECS `event.start`/`event.end`; default profile's verdict). */
    start?: string;
    end?: string;
  };
  rule: { id: R; name: string; description: string; ruleset: 'buffalogs' };
  /** One sentence that explains the alert with its numbers. */
  message: string;
  /** The user the alert is about; absent on alerts keyed by something else (a source address, a host…). */
  user?: { name: string };
  /** The triggering event's ECS `source` object (after enrichment). */
  source?: Record<string, unknown>;
  /** The triggering event's ECS `user_agent` object. */
  user_agent?: Record<string, unknown>;
  buffalogs: {
    /** Deterministic: derived from the entity, detector and triggering event; also the document `_id`. */
    alert_id: string;
    /** A number derived from `alert_id` (server/detection/alert_document.ts `alertSortKey`): the lists' tiebreaker. */
    sort_key: number;
    /**
     * The detection family that raised it (server/families/): `login` for BuffaLogs' detectors. Absent on alerts
     * written before families existed, which are all login alerts.
     */
    family?: string;
    /** What the alert is about: the family's entity field and its value (`user.name` = `alice`, `source.ip` = …). */
    entity?: { field: string; value: string };
    severity: Severity;
    trigger: { event_id: string; index: string };
    filtered: boolean;
    filter_reasons: string[];
    evidence: E;
    /** Triage, owned by analysts; the detector always writes `open`. */
    status: AlertStatus;
    tags?: string[];
    note?: string;
    /**
     * Values of the triggering event whose shape the alerts mapping cannot take (e.g. `source.as.organization` as a
     * string where ECS has `organization.name`): moved here, as JSON text, so the alert could be stored.
     */
    unmapped_fields?: Array<{ field: string; value: string }>;
    /**
     * A verdict's signal ids, copied from its evidence as the pass writes it (the login family's `alertSignalIds`) so they
     * are indexed (the map's impossible travels). Template v5; absent on other alerts and on verdicts written before.
     */
    signal_ids?: string[];
  };
}

/** An alert of the login family (BuffaLogs' detectors). */
export interface AlertDocument extends FamilyAlertDocument<RuleId, AlertEvidence> {
  event: FamilyAlertDocument['event'] & { category: ['authentication'] };
  buffalogs: FamilyAlertDocument<RuleId, AlertEvidence>['buffalogs'] & {
    profile: ProfileName;
    /** The user's risk after this alert was counted. */
    user_risk: { level: RiskLevel; score: number };
    /**
     * The triggering login's user as its source wrote it, when `user.name` is a canonical identity derived from it
     * (`buffalogs.identity`): `CORP\jdoe` in `system.security` for `jdoe@corp.com`. Template v4.
     */
    source_user?: SourceUser;
  };
}

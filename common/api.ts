/**
 * The HTTP API's contract, shared by the server routes (server/routes/) and the browser: paths, limits and the
 * request/response shapes. No runtime imports beyond common/, so the browser bundle can take it whole.
 *
 * Every route is versioned (`elastic-api-version: API_VERSION`) and public, so scripts can call it with curl.
 */
import type {
  AlertDocument,
  AlertEvidence,
  GeoLocation,
  ObservationDocument,
  Severity,
  SignalId,
} from './alert_document';
import { API_BASE_PATH, isDetectorId, type AlertStatus, type RiskLevel, type RuleId } from './constants';
import type { DetectionConfig, DetectionConfigOverrides } from './detection_config';
import type { FamilyAlertDocument, ProfileName } from './alert_document';
import type { SequenceAlertDocument } from './sequence_alert_document';
import { isSequenceRuleId, RULE_ID_MAX_LENGTH, type SequenceRuleInput } from './sequence_rule';
import type { WebRuleId } from './web_config';

export const API_PATHS = {
  riskDistribution: `${API_BASE_PATH}/stats/risk_distribution`,
  alertsOverTime: `${API_BASE_PATH}/stats/alerts_over_time`,
  alertsByCountry: `${API_BASE_PATH}/stats/alerts_by_country`,
  alerts: `${API_BASE_PATH}/alerts`,
  /** `{id}`: the alert id (`buffalogs.alert_id`, also the document `_id`). */
  alert: `${API_BASE_PATH}/alerts/{id}`,
  triage: `${API_BASE_PATH}/alerts/_triage`,
  markSafe: `${API_BASE_PATH}/alerts/{id}/_mark_safe`,
  users: `${API_BASE_PATH}/users`,
  /** `{name}`: the user name, URL-encoded. */
  user: `${API_BASE_PATH}/users/{name}`,
  /** `{name}`: the user name, URL-encoded. The user's observations (issue 12), newest first. */
  userObservations: `${API_BASE_PATH}/users/{name}/observations`,
  /** Every user's observations, newest first: filtered by range, user and signal, paged as the alerts list. */
  observations: `${API_BASE_PATH}/observations`,
  /** How many observations a period holds (the Overview's figure beside its alerts). */
  observationsCount: `${API_BASE_PATH}/stats/observations`,
  settings: `${API_BASE_PATH}/settings`,
  settingsHistory: `${API_BASE_PATH}/settings/history`,
  task: `${API_BASE_PATH}/task`,
  taskRunNow: `${API_BASE_PATH}/task/_run_now`,
  /** The space's sequence rules (issue 15): list (GET) and replace (PUT). */
  sequenceRules: `${API_BASE_PATH}/sequence_rules`,
  /** Adds rules from an imported document (porlock's list format, or the project's). */
  sequenceRulesImport: `${API_BASE_PATH}/sequence_rules/_import`,
  /** What rules would have flagged over the last days, without writing alerts. */
  sequenceRulesDryRun: `${API_BASE_PATH}/sequence_rules/_dry_run`,
  /** Web traffic views (issue 17): aggregations over `buffalogs.web.indices`, and the web family's alerts. */
  webReferrers: `${API_BASE_PATH}/web/referrers`,
  webPages: `${API_BASE_PATH}/web/pages`,
  webTraffic: `${API_BASE_PATH}/web/traffic`,
  webTimeline: `${API_BASE_PATH}/web/timeline`,
  webAlerts: `${API_BASE_PATH}/web/alerts`,
  /** `{ip}`: the client address (`source.ip`), URL-encoded. */
  webAddress: `${API_BASE_PATH}/web/addresses/{ip}`,
  /** The space's saved analyses (issue 18): list (GET). */
  analyses: `${API_BASE_PATH}/analyses`,
  /** `{name}`: one saved analysis: save (PUT), delete (DELETE). */
  analysis: `${API_BASE_PATH}/analyses/{name}`,
  /** Run a saved analysis now (POST): Task Manager task `buffalogs:analysis`. */
  analysisRun: `${API_BASE_PATH}/analyses/{name}/_run`,
  /** The latest run's progress and outcome (GET). */
  analysisStatus: `${API_BASE_PATH}/analyses/{name}/status`,
  /** The latest completed run's report (GET): clusters, features' shares, top outliers, flags. */
  analysisReport: `${API_BASE_PATH}/analyses/{name}/report`,
  /** Ask the running run to stop (POST). */
  analysisCancel: `${API_BASE_PATH}/analyses/{name}/_cancel`,
  /** The channels of kibana.yml `buffalogs.notifiers`, without their secrets. */
  notifiers: `${API_BASE_PATH}/notifiers`,
  /** `{name}`: a channel name. Sends one test message through it. */
  notifierTest: `${API_BASE_PATH}/notifiers/{name}/_test`,
  /** The space's delivery log, newest first (`channel`, `status`, `size`). */
  notifierDeliveries: `${API_BASE_PATH}/notifiers/deliveries`,
  /** Per index and dataset of `buffalogs.indices`: what the source table makes of the events (issue 13). */
  sourcesHealth: `${API_BASE_PATH}/sources/health`,
  /** Attacking addresses and networks of the credential families (issue 14): users targeted, accounts compromised. */
  sources: `${API_BASE_PATH}/sources`,
} as const;

/** Fills a path template: `apiPath(API_PATHS.alert, { id })`. Values are URL-encoded. */
export function apiPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(params[key] ?? ''));
}

/** Limits the routes enforce (also useful to a form that wants to check first). */
export const API_LIMITS = {
  /** Page size of the lists. */
  maxPageSize: 500,
  defaultPageSize: 25,
  /** Ids in one triage request. */
  maxTriageIds: 1000,
  maxTags: 20,
  maxTagLength: 64,
  maxNoteLength: 4000,
  maxSearchLength: 200,
  maxUserNameLength: 512,
  maxCursorLength: 2048,
  /** Travel arcs the map gets at most. */
  maxTravelPairs: 1000,
  maxSettingsCommentLength: 500,
  /** Sequence dry run: days back at most, events judged at most, alerts returned at most. */
  maxDryRunDays: 90,
  maxDryRunEvents: 500_000,
  maxDryRunAlerts: 200,
  /** Rows of the web top lists (referrer domains, pages) and of the per-address breakdowns. */
  maxWebTop: 100,
  /**
   * The alerts list's `users` and a notifier channel's (its summary's link carries them): values at most, and
   * characters per value (an entity value: a user name, an address).
   */
  maxUsersFilter: 1000,
  maxUsersFilterLength: 1024,
  /** The alert filters' `detector` values at most: a notifier channel's `detectors` (its summary's link has them). */
  maxDetectorFilter: 100,
  /**
   * Observations in one answer, a user's (the user page shows the newest; the flyout those before an alert) or every
   * user's (the Observations page).
   */
  maxObservations: 100,
  defaultObservations: 20,
} as const;

export type SortDirection = 'asc' | 'desc';
/** Which alerts a list or chart counts: the detector's filters mark alerts `filtered` (suppressed, kept as evidence). */
export type FilteredMode = 'unfiltered' | 'filtered' | 'all';

/** A `detector` filter value: a fixed detector, `sequence` (every rule), or one sequence rule by its own id. */
export type DetectorFilter = string;

/**
 * Whether the alert filters' `detector` takes `value`: a fixed detector, or a sequence rule's id as the rule routes
 * take one (its alerts' `rule.id`). A channel may name rules beside other detectors, and its summary's link carries
 * them all as `detector`, ORed as the summary counts them (server/queries/alert_filters.ts detectorClause). Anything
 * else (a pattern, syntax) is no detector: the API refuses it, the app drops it from the URL.
 */
export const isDetectorFilter = (value: string): boolean =>
  isDetectorId(value) || (value.length <= RULE_ID_MAX_LENGTH && isSequenceRuleId(value));

/** Filters shared by the alert charts and the list. Times are ISO 8601; `from` inclusive, `to` exclusive. */
export interface AlertFilters {
  from?: string;
  to?: string;
  /** Fixed detectors (DETECTOR_IDS) and sequence rules by their own ids, any of them (see `isDetectorFilter`). */
  detector?: DetectorFilter[];
  user?: string;
  /** ISO 3166-1 alpha-2 code of the triggering login's country. */
  country?: string;
  status?: AlertStatus[];
  filtered?: FilteredMode;
  /** One sequence rule's alerts (its id, `sequence_…`); `detector: ['sequence']` is every rule's. */
  sequence_rule?: string;
}

// ---- stats ------------------------------------------------------------------------------------------------------

export interface RiskDistributionResponse {
  /** Users per level, every level present (0 when none). */
  levels: Record<RiskLevel, number>;
  total: number;
}

export const HISTOGRAM_INTERVALS = ['auto', 'hour', 'day', 'week', 'month'] as const;
export type HistogramInterval = (typeof HISTOGRAM_INTERVALS)[number];

export interface AlertsOverTimeResponse {
  /** The interval used (`auto` resolves like BuffaLogs: < 1 day hourly, ≤ 31 days daily, else monthly). */
  interval: Exclude<HistogramInterval, 'auto'>;
  buckets: Array<{ start: string; total: number; by_detector: Partial<Record<RuleId, number>> }>;
  total: number;
  /** The name each detector's alerts carry (`rule.name`), where it is not its id: a sequence rule's, for the legend. */
  detector_names?: Record<string, string>;
}

export interface TravelPair {
  alert_id: string;
  user: string;
  timestamp: string;
  from: { location: GeoLocation; country_iso_code?: string; city_name?: string };
  to: { location: GeoLocation; country_iso_code?: string; city_name?: string };
  speed_kmh: number;
  distance_km: number;
}

export interface AlertsByCountryResponse {
  countries: Array<{ country_iso_code: string; country_name?: string; count: number; location?: GeoLocation }>;
  /** Impossible-travel alerts with both ends' coordinates, newest first. */
  travel_pairs: TravelPair[];
  /** Alerts with no country (no GeoIP data). */
  unknown_country: number;
  total: number;
}

// ---- alerts -----------------------------------------------------------------------------------------------------

export const ALERT_SORT_FIELDS = [
  'timestamp',
  'severity',
  'user',
  'detector',
  'risk_score',
  'score',
  'country',
  'status',
] as const;
export type AlertSortField = (typeof ALERT_SORT_FIELDS)[number];

/**
 * Which time an alert list's range is on: the login's (`@timestamp`, the default), or the alert's creation
 * (`event.created`), the time a notification channel's summary counts its period by.
 */
export const ALERT_TIME_FIELDS = ['@timestamp', 'event.created'] as const;
export type AlertTimeField = (typeof ALERT_TIME_FIELDS)[number];

/** The filters of a notification channel's summary that its link carries to the alerts list (server/notifications). */
export interface AlertChannelFilters {
  /** This severity or a higher one (`buffalogs.severity`). */
  min_severity?: Severity;
  /** `event.risk_score` at least this (0–100). */
  min_score?: number;
  /** Alerts about any of these: the alert's entity value or its user name. */
  users?: string[];
  /**
   * The `users` of this notifier channel (kibana.yml `buffalogs.notifiers`) as configured now, read by the server: a
   * summary's link names its channel so when its users would make the URL too long. Excludes `users`.
   */
  channel_users?: string;
  time_field?: AlertTimeField;
}

/**
 * A notifier channel's name (kibana.yml): it is part of every delivery record's id (`<name>:<alert id>`), so it is
 * kept to a safe alphabet; the alerts list's `channel_users` and the app's URL take the same.
 */
export const CHANNEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface AlertsListQuery extends AlertFilters, AlertChannelFilters {
  /** Free text: user name, IP, country, detector name or message words. Never query syntax. */
  search?: string;
  sort?: AlertSortField;
  direction?: SortDirection;
  /** 1-based page for the first pages (page × size within the index's max_result_window). */
  page?: number;
  size?: number;
  /** Opaque cursor from a previous page's `next_cursor`: continues after it, however deep. Excludes `page`. */
  cursor?: string;
}

/** An alert as lists and the detail return it: the stored document plus its id. */
export type AlertItem = AlertDocument & { id: string };

export interface ListPage<T> {
  items: T[];
  total: number;
  /** `gte` when the count stopped early (very large results). */
  total_relation: 'eq' | 'gte';
  page?: number;
  size: number;
  /** Pass as `cursor` for the page after this one; absent on the last page. */
  next_cursor?: string;
}

export type AlertsListResponse = ListPage<AlertItem>;

/** A login as the detail views show it (from the source events or the detector's remembered logins). */
export interface LoginSummary {
  timestamp: string;
  event_id?: string;
  index?: string;
  ip?: string;
  country_iso_code?: string;
  country_name?: string;
  city_name?: string;
  location?: GeoLocation;
  as_organization?: string;
  user_agent?: string;
  /** The event's `user.name` and `event.outcome` as the source wrote them (source-index events only). */
  user?: string;
  outcome?: string;
  /** Device fingerprint (remembered logins of the BuffaLogs model only). */
  device?: string;
  /** True for the login that triggered the alert. */
  is_trigger?: boolean;
}

export interface AlertDetailResponse {
  alert: AlertItem;
  /** Absent when the stored alert has none (another writer's document without `buffalogs`). */
  evidence?: AlertEvidence;
  /** The user's logins around the alert, oldest first; of an alert naming no user, its entity's events (every account). */
  logins: LoginSummary[];
  /**
   * Where `logins` come from: `events` = the source index of the triggering event (±`window_hours`), read with the
   * caller's privileges; `state` = the detector's remembered recent logins (when the caller cannot read the source
   * index, or it is gone); `none` = neither.
   */
  logins_source: 'events' | 'state' | 'none';
  logins_note?: string;
  window_hours: number;
}

// ---- triage -----------------------------------------------------------------------------------------------------

export interface TriageRequest {
  ids: string[];
  status?: AlertStatus;
  /** Replaces the alert's tags. */
  tags?: string[];
  /** Replaces the note; '' clears it. */
  note?: string;
}

export interface TriageInfo {
  updated_by: string;
  updated_at: string;
}

export interface TriageResponse {
  updated: string[];
  not_found: string[];
  /** Ids Elasticsearch refused, with the reason. */
  failed: Array<{ id: string; reason: string }>;
  triage: TriageInfo;
}

export interface MarkSafeRequest {
  /** What to teach; each defaults to true when the alert carries such a value. */
  country?: boolean;
  device?: boolean;
  ip?: boolean;
  /** The login's AS (suspicious_login alerts). */
  network?: boolean;
  /** The alert's new status (default `false_positive`). */
  status?: AlertStatus;
  note?: string;
}

export interface MarkSafeResponse {
  alert_id: string;
  user: string;
  /** What is now known in the user's baseline. */
  learned: { country?: string; device?: string; ip?: string; network?: string; habits?: string };
  status: AlertStatus;
  /** Optimistic-concurrency retries it took against the running detector. */
  retries: number;
  triage: TriageInfo;
}

// ---- users ------------------------------------------------------------------------------------------------------

export const USER_SORT_FIELDS = ['risk', 'name', 'last_login', 'first_seen'] as const;
export type UserSortField = (typeof USER_SORT_FIELDS)[number];

export interface UsersListQuery {
  search?: string;
  risk_level?: RiskLevel[];
  sort?: UserSortField;
  direction?: SortDirection;
  page?: number;
  size?: number;
  cursor?: string;
}

export interface UserSummary {
  name: string;
  risk_level: RiskLevel;
  /** `alert_count` model: counted alerts; `alert_scores`: 0–100 (README "User risk"). */
  risk_score: number;
  /**
   * `alert_scores` (default profile): level and score read now from the user's open alerts, decayed to now. Absent:
   * BuffaLogs' count, as the detector stored it.
   */
  risk_model?: 'alert_count' | 'alert_scores';
  /** `alert_scores`: an open takeover pattern holds the user at High. */
  risk_takeover?: boolean;
  first_seen?: string;
  last_login?: string;
  countries: number;
  devices: number;
  ips: number;
}

export type UsersListResponse = ListPage<UserSummary>;

export interface BaselineValue {
  value: string;
  first_seen: string;
  last_seen: string;
  count: number;
}

export interface UserDetailResponse {
  user: UserSummary;
  profile: { countries: BaselineValue[]; devices: BaselineValue[]; ips: BaselineValue[]; asns: BaselineValue[] };
  /** The detector's remembered logins, newest first. */
  recent_logins: LoginSummary[];
  /** The user's newest alerts. */
  alerts: AlertItem[];
  alerts_total: number;
  /**
   * The user's risk over time, oldest first. `alert_count`: each change, from the alerts' `buffalogs.user_risk`.
   * `alert_scores`: the score after each counted alert still open, as it decays in between, and now.
   */
  risk_history: Array<{
    timestamp: string;
    level: RiskLevel;
    score: number;
    /** The alert at this point ('' for a decay or "now" point). */
    alert_id: string;
    /** `alert_scores` only: what the point is. */
    point?: 'alert' | 'decay' | 'now';
  }>;
  /**
   * Identity mode (`buffalogs.identity`): the user is a canonical identity and these are the names its sources
   * wrote, newest first (`okta.system` → `jdoe@corp.com`, `system.security` → `CORP\jdoe`). Absent otherwise.
   */
  source_names?: SourceName[];
}

/**
 * One observation (issue 12): a login whose verdict stayed under the alerting threshold, stored in
 * `buffalogs-observations-<space>` (server/detection/verdict/observation.ts) — not an alert, kept as context.
 */
export interface ObservationItem extends ObservationDocument {
  /** The stored document's id (deterministic: user, index and event id). */
  id: string;
}

/** Paging of the observation lists, as the alerts list pages (numbered pages, then `next_cursor`). */
export interface ObservationsPaging {
  /** 1-based page (page × size within the index's max_result_window). */
  page?: number;
  /** How many, newest first (default API_LIMITS.defaultObservations, at most API_LIMITS.maxObservations). */
  size?: number;
  /** Opaque cursor from a previous page's `next_cursor` (either list's: they share one order). Excludes `page`. */
  cursor?: string;
}

export interface UserObservationsQuery extends ObservationsPaging {
  from?: string;
  to?: string;
}

/**
 * The user's observations, newest first; none (total 0) when the space has none yet. `page`, `size` and
 * `next_cursor` were added with paging: an answer has every field it had before.
 */
export type UserObservationsResponse = ListPage<ObservationItem>;

/** `GET /observations`: every user's observations, or one user's, or those with one signal. */
export interface ObservationsListQuery extends ObservationsPaging {
  from?: string;
  to?: string;
  /** Exact user name (`user.name`), never a pattern. */
  user?: string;
  /** One signal id (SIGNAL_IDS): the observations that have it among their signals. */
  signal?: SignalId;
}

/** Every user's observations, newest first (ties by event id, index and user: a stable order to page through). */
export type ObservationsListResponse = ListPage<ObservationItem>;

export interface ObservationsCountResponse {
  /** Observations whose login falls in the range (every user's). */
  total: number;
  total_relation: 'eq' | 'gte';
}

/** One source's spelling of a person, with when it was first and last seen. */
export interface SourceName {
  name: string;
  dataset?: string;
  first_seen: string;
  last_seen: string;
  count: number;
}

// ---- settings ---------------------------------------------------------------------------------------------------

export interface SettingsResponse {
  profile: ProfileName;
  /** What an administrator changed from the profile's defaults. */
  overrides: DetectionConfigOverrides;
  /** The settings the detector runs with (profile defaults + kibana.yml + overrides). */
  effective: DetectionConfig;
  /** 0 before the first change. */
  version: number;
  updated_by?: string;
  updated_at?: string;
}

export interface SettingsUpdateRequest {
  profile?: ProfileName;
  /** Replaces the stored overrides whole (send what should remain). */
  overrides: DetectionConfigOverrides;
  /** Guards against overwriting someone else's change: the `version` you read. */
  expected_version?: number;
  comment?: string;
}

export interface SettingsHistoryEntry {
  version: number;
  updated_by: string;
  updated_at: string;
  profile: ProfileName;
  overrides: DetectionConfigOverrides;
  /** Dotted paths whose value changed from the previous version. */
  changed: string[];
  comment?: string;
}

export interface SettingsHistoryResponse {
  items: SettingsHistoryEntry[];
  total: number;
}

// ---- task -------------------------------------------------------------------------------------------------------

export interface DetectionTaskStatus {
  task_id: string;
  /** false when Task Manager has no such task (not scheduled yet, or removed). */
  scheduled: boolean;
  status?: string;
  run_at?: string;
  started_at?: string | null;
  retry_at?: string | null;
  attempts?: number;
  interval?: string;
  /** What the task's last run returned (its state), as Task Manager stores it. */
  last_run_state?: Record<string, unknown>;
}

export interface DetectionCheckpoint {
  partition: number;
  partitions: number;
  /** Every event up to this time has been judged. */
  completed_to?: string;
  updated_at?: string;
  /** The window in progress, when a run was interrupted inside it. */
  current?: { from: string; to: string };
}

/** Alerts Elasticsearch refused for their content, set aside so detection went on (`buffalogs-deadletter-<space>`). */
export interface DeadLetterSummary {
  total: number;
  /** Newest first. */
  latest: Array<{ at: string; alert_id: string; user?: string; rule?: string; error_type: string; reason: string }>;
}

/** What a family's last runs did not judge, summed over its partitions' tasks (GET /api/buffalogs/task `families`). */
export interface DetectionFamilyLastRun {
  events: number;
  rejected: number;
  /**
   * `rejected` by the family's reason, most first, with its words (`label`); empty for states stored before reasons
   * were kept, so their sum may be less than `rejected`.
   */
  rejected_by: Array<{
    reason: string;
    label: string;
    count: number;
    /** Events of another kind the family's query also reads, set aside (the family's `setAside`), not unusable. */
    set_aside?: boolean;
  }>;
  duplicates: number;
  skipped: number;
  already_judged: number;
  out_of_order: number;
}

/** One detection family's tasks and what their last runs counted, so the app can say whose events were not judged. */
export interface DetectionFamilyRun {
  /** The family's id (`buffalogs.family` on its alerts) and title. */
  family: string;
  title: string;
  /** What one event of the family is, for one and for several ("login", "logins"). */
  event_name: [string, string];
  task_ids: string[];
  /** Absent when none of its tasks has counts from a last run. */
  last_run?: DetectionFamilyLastRun;
}

export interface TaskStatusResponse {
  /** One task per family and partition. */
  tasks: DetectionTaskStatus[];
  /** The same tasks by family, their last runs' counts summed over partitions. */
  families: DetectionFamilyRun[];
  checkpoints: DetectionCheckpoint[];
  /** Absent when the caller may not read the dead-letter index. */
  dead_letters?: DeadLetterSummary;
  /** Task Manager is not available (the plugin runs without it, e.g. in a test host). */
  task_manager_available: boolean;
}

export interface RunNowResponse {
  /** Tasks asked to run now. */
  requested: string[];
  /** Tasks already running (they finish their run; nothing to do). */
  already_running: string[];
  not_scheduled: string[];
  requested_at: string;
}

// ---- sequence rules ---------------------------------------------------------------------------------------------

/** The space's sequence rules (GET, and the answer to PUT and _import). */
export interface SequenceRulesResponse {
  /** 0 before the first save (the built-in pack alone). */
  version: number;
  updated_by?: string;
  updated_at?: string;
  /** The space's own rules, as saved; one with a built-in's id replaces that built-in. */
  rules: SequenceRuleInput[];
  /** Built-in ids the space turned off. */
  builtin_disabled: string[];
  /** The built-in pack ([] when kibana.yml turns it off). */
  builtin: SequenceRuleInput[];
  /** Every rule in force (enabled or not), and whether it is the built-in one. */
  effective: Array<{ id: string; name: string; enabled: boolean; builtin: boolean; rule: SequenceRuleInput }>;
  /** Stored rules this version of the plugin refuses (they do not run). */
  errors?: string[];
}

export interface SequenceRulesUpdateRequest {
  /** Replaces the space's own rules whole. */
  rules: SequenceRuleInput[];
  builtin_disabled?: string[];
  /** The `version` you read: a 409 when someone saved in between. */
  expected_version?: number;
  comment?: string;
}

export interface SequenceRulesImportRequest {
  /** porlock's list (one rule or a list of them), or the project's format. */
  document: unknown;
  expected_version?: number;
}

export interface SequenceRulesImportResponse extends SequenceRulesResponse {
  imported: string[];
  /** What converting from porlock's format changed or assumed. */
  notes: string[];
}

export interface SequenceDryRunRequest {
  /** 1 to `API_LIMITS.maxDryRunDays`. */
  days: number;
  /** The rules to try; without them, the space's rules in force. */
  rules?: SequenceRuleInput[];
  /** The end of the range (ISO 8601); default now. */
  to?: string;
}

export interface SequenceDryRunResponse {
  from: string;
  to: string;
  /** Events judged. */
  events: number;
  /** More events than the route judges were in the range: the later ones were not judged. */
  truncated: boolean;
  /** Events refused (no identifier, bad timestamp…). */
  rejected: number;
  total_alerts: number;
  /** The first alerts, in the order they fired. */
  alerts: SequenceAlertDocument[];
  per_rule: Array<{ id: string; alerts: number; open: number; dropped_windows: number }>;
}

// ---- web traffic (issue 17) -------------------------------------------------------------------------------------

/** The web views' filters: times ISO 8601, `from` inclusive, `to` exclusive (default: the last 7 days). */
export interface WebRangeQuery {
  from?: string;
  to?: string;
}

/** How the traffic views classify a response code (common/web_config.ts `WEB_BLOCKED_STATUS_CODES` for blocked). */
export const WEB_TRAFFIC_CLASSES = ['allowed', 'blocked', 'client_error', 'server_error', 'other'] as const;
export type WebTrafficClass = (typeof WEB_TRAFFIC_CLASSES)[number];

export interface WebReferrersResponse {
  domains: Array<{
    domain: string;
    requests: number;
    /** Distinct client addresses across the domain's referrer URLs (exact up to 40,000; an estimate above). */
    addresses: number;
    /** Set when `addresses` is over 40,000: Elasticsearch's estimate then, typically within a few percent. */
    addresses_estimated?: true;
    /** VirusTotal's cached answer on the domain (`buffalogs.web.virusTotal`), when the web family has asked. */
    virustotal?: { malicious: number; suspicious: number; harmless: number; undetected: number; checked_at: string };
  }>;
  /** The site's own domains, left out (kibana.yml `buffalogs.web.siteDomains`, and `url.domain` where logged). */
  site_domains: string[];
  /** Requests of the range with no referrer (direct visits, scripts). */
  without_referrer: number;
  total: number;
  /** True when more distinct referrers exist than were folded into domains (the counts are then lower bounds). */
  partial: boolean;
}

export interface WebPagesResponse {
  pages: Array<{ path: string; requests: number; addresses: number; not_found: number; blocked: number }>;
  total: number;
}

export interface WebTrafficResponse {
  classes: Record<WebTrafficClass, number>;
  /** Requests per blocked code, so "blocked" explains itself. */
  blocked_codes: Record<string, number>;
  total: number;
}

export interface WebTimelineResponse {
  interval: Exclude<HistogramInterval, 'auto'>;
  buckets: Array<{ start: string; total: number; by_class: Record<WebTrafficClass, number> }>;
  total: number;
  /**
   * When the range holds no request, the newest request in the web indices (ISO time), so the page says where the
   * data is (a log imported from another year, a shipper that stopped); absent otherwise, or when they hold none.
   */
  newest?: string;
}

export type WebAlertItem = FamilyAlertDocument<WebRuleId> & { id: string };

export interface WebAlertsQuery extends WebRangeQuery {
  rule?: WebRuleId[];
  /** Only the alerts about this address. */
  ip?: string;
  page?: number;
  size?: number;
}

export interface WebAlertsResponse extends ListPage<WebAlertItem> {
  by_rule: Partial<Record<WebRuleId, number>>;
}

export interface WebAddressResponse {
  ip: string;
  total: number;
  first_seen?: string;
  last_seen?: string;
  interval: Exclude<HistogramInterval, 'auto'>;
  over_time: WebTimelineResponse['buckets'];
  codes: Array<{ value: string; count: number }>;
  paths: Array<{ value: string; count: number }>;
  methods: Array<{ value: string; count: number }>;
  user_agents: Array<{ value: string; count: number }>;
  referrers: Array<{ value: string; count: number }>;
  alerts: WebAlertItem[];
  alerts_total: number;
}

// ---- notifications (issue 16) ------------------------------------------------------------------------------------

/** A channel of kibana.yml `buffalogs.notifiers` as the app shows it: never its URL, token, password or recipients. */
export interface NotifierChannelView {
  name: string;
  type: string;
  filters: {
    minSeverity: string;
    minScore: number;
    detectors: string[];
    users: string[];
    includeFiltered: boolean;
  };
  groupByUser: boolean;
  maxGroupSize: number;
  ratePerMinute: number;
  /** False: the channel only gets its summary. */
  sendAlerts?: boolean;
  /** The daily or weekly summary's schedule (UTC). */
  summary?: { frequency: 'daily' | 'weekly'; time: string; day?: string };
  /** How many users the channel mentions (never who, nor their ids or addresses). */
  mentionedUsers?: number;
  /** How requests are signed (webhook): `hmac`, `jwt`; never the secrets. */
  signing?: Array<'hmac' | 'jwt'>;
}
export interface NotifiersResponse {
  channels: NotifierChannelView[];
}
/** The outcome of one test message (its error is redacted of the channel's secrets). */
export interface NotifierTestResponse {
  channel: string;
  ok: boolean;
  attempts: number;
  error?: string;
}
/** One row of the delivery log: an alert sent (or not) to a channel. `unknown`: the process stopped mid-send. */
export interface DeliveryLogRow {
  alert_id: string;
  channel: string;
  channel_type: string;
  status: 'sending' | 'sent' | 'failed' | 'unknown';
  attempts: number;
  claimed_at: string;
  finished_at?: string;
  error?: string;
  entity: { field: string; value: string };
  rule: { id: string };
  severity: string;
  group_size: number;
}
export interface DeliveriesResponse {
  deliveries: DeliveryLogRow[];
}

/** Why events of a dataset were not taken as logins, with how many. */
export interface SourceSkipped {
  /** `failure`, `mfa`, `logout`, `token_refresh`, or `other` (not a login by the source table's clauses). */
  kind: string;
  reason: string;
  count: number;
}

/** One index and dataset of the authentication indices over the range, as the source table sees it. */
export interface SourceHealthRow {
  index: string;
  /** `data_stream.dataset` / `event.dataset`; `(none)` when neither is written. */
  dataset: string;
  /** The source table's family (`okta`, `windows_security`, …); absent: the generic ECS rule. */
  family?: string;
  title: string;
  events: number;
  logins: number;
  failures: number;
  mfa: number;
  /** Events neither logins, failures nor MFA (logouts, token refreshes, everything else). */
  otherKinds: number;
  skipped: SourceSkipped[];
  /** Kinds the source table tells apart that a query cannot count: they are inside `other`. */
  notCountedByQuery: string[];
  missing: {
    /** No `source.geo`: GeoIP enrichment is needed for travel and country signals. */
    geo: number;
    /** No `user_agent.original`: no new-device signal. */
    userAgent: number;
    /** None of the family's identity fields: such logins cannot be judged. */
    user: number;
  };
}

export interface SourceHealthResponse {
  from: string;
  to: string;
  /** The index patterns read (kibana.yml `buffalogs.indices`). */
  indices: string[];
  rows: SourceHealthRow[];
}

// ---- sources (credential attacks by address) ----------------------------------------------------------------------

export interface SourcesRequest {
  from?: string;
  to?: string;
  /** Only the addresses whose alerts name this user (the user page's attacks). */
  user?: string;
  /** Addresses returned at most (the busiest first). */
  size?: number;
}

/** One attacking address, from the credential families' alerts (trusted shared addresses excluded). */
export interface AttackingSource {
  address: string;
  /** Its /24 (IPv4) or /48 (IPv6). */
  network: string;
  first_seen: string;
  last_seen: string;
  alerts: number;
  /** Rule ids of its alerts (credential_stuffing, password_spray, brute_force…). */
  rules: string[];
  /** Distinct users its attacks tried (the largest count an attack alert measured; at least the users its alerts name). */
  users_targeted: number;
  /** A few of them. */
  sample_users: string[];
  /** Accounts compromised from it (one alert each), sorted. */
  compromised: string[];
  /** Its newest attack alert, to open. */
  attack_alert_id?: string;
}

export interface AttackingNetwork {
  network: string;
  addresses: number;
  alerts: number;
  compromised: number;
  first_seen: string;
  last_seen: string;
}

export interface SourcesTimelineBucket {
  start: string;
  /** Attack alerts (stuffing, spray, brute force, MFA fatigue) and compromised-account alerts in the bucket. */
  attacks: number;
  compromised: number;
}

export interface SourcesResponse {
  sources: AttackingSource[];
  networks: AttackingNetwork[];
  timeline: { interval: Exclude<HistogramInterval, 'auto'>; buckets: SourcesTimelineBucket[] };
  /** Distinct attacking addresses in the range (approximate above 3,000), of which `sources` lists the busiest. */
  total_sources: number;
  compromised_accounts: number;
}

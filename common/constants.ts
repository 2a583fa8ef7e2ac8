/**
 * Constants shared by the server and the browser. Keep this file free of imports that only one side can load.
 */
import { WEB_RULE_IDS } from './web_config';

/** Kibana plugin id (camelCase as Kibana's manifest parser requires); also the app id and the config path. */
export const PLUGIN_ID = 'buffalogs';
export const PLUGIN_NAME = 'BuffaLogs';

/** Base path of every HTTP route the plugin registers; see `server/routes/`. */
export const API_BASE_PATH = '/api/buffalogs';
export const HEALTH_ROUTE_PATH = `${API_BASE_PATH}/health`;
/** Public versioned routes use date versions, as Kibana's public APIs do. */
export const API_VERSION = '2023-10-31';

/** The detection task type registered with Task Manager. */
export const DETECTION_TASK_TYPE = 'buffalogs:detect';

/** Index names are per space (server/storage/index_names.ts maps a space id to them); never `.alerts-*` (owned by Kibana alerting) nor `.kibana*` (system indices). */
export const ALERTS_INDEX_PREFIX = 'buffalogs-alerts-';
export const STATE_INDEX_PREFIX = 'buffalogs-state-';
export const DEFAULT_SPACE = 'default';

/** Detector ids, used as the alert's `rule.id`. Later detectors add their own. */
export const RULE_IDS = [
  'impossible_travel',
  'new_device',
  'new_country',
  'atypical_country',
  'anonymous_ip',
  'user_risk_threshold',
  // The default profile's one verdict per suspicious login (server/detection/verdict/): its signals are the detectors'.
  'suspicious_login',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** The credential families' detectors (server/families/credential/alerts.ts), as their alerts carry them in `rule.id`. */
export const CREDENTIAL_RULE_IDS = [
  'brute_force',
  'distributed_brute_force',
  'credential_stuffing',
  'password_spray',
  'mfa_fatigue',
] as const;

/**
 * `detector=sequence`: the alerts of every sequence rule. Each carries its rule's own id (`sequence_…`, a space's
 * rules are its own), so the filter names the family (`buffalogs.family`), not a `rule.id`.
 */
export const SEQUENCE_DETECTOR = 'sequence';

/**
 * Every detector an alert list can be filtered by: login, credential and web families' ids, and every sequence rule
 * at once. The Alerts page's filter and the API's `detector` take these, and refuse anything else.
 */
export const DETECTOR_IDS = [...RULE_IDS, ...CREDENTIAL_RULE_IDS, ...WEB_RULE_IDS, SEQUENCE_DETECTOR] as const;
export type DetectorId = (typeof DETECTOR_IDS)[number];
/** One of the fixed detectors (not a sequence rule's own id, which the alert filters also take). */
export const isDetectorId = (value: string): value is DetectorId => (DETECTOR_IDS as readonly string[]).includes(value);

/** BuffaLogs' four user risk levels, lowest first (rank = index). */
export const RISK_LEVELS = ['no_risk', 'low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const riskRank = (level: RiskLevel): number => RISK_LEVELS.indexOf(level);

/** Triage states an analyst can set on an alert. */
export const ALERT_STATUSES = ['open', 'acknowledged', 'closed', 'false_positive'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

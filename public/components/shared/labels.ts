import type { AlertStatus, RiskLevel, RuleId } from '../../../common/constants';
import type { WebTrafficClass } from '../../../common/api';
import type { WebRuleId } from '../../../common/web_config';
import { CREDENTIAL_RULE_LABELS } from '../../families/credential/labels';

/** Words an analyst reads instead of the API's ids. */
export const DETECTOR_LABELS: Record<RuleId, string> = {
  impossible_travel: 'Impossible travel',
  new_device: 'New device',
  new_country: 'New country',
  atypical_country: 'Atypical country',
  anonymous_ip: 'Anonymous IP',
  user_risk_threshold: 'User risk threshold',
  suspicious_login: 'Suspicious login',
};

export const STATUS_LABELS: Record<AlertStatus, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  closed: 'Closed',
  false_positive: 'False positive',
};

export const RISK_LABELS: Record<RiskLevel, string> = {
  no_risk: 'No risk',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

/** EUI health/badge colours by risk, the same on every page and chart legend. */
export const RISK_COLORS: Record<RiskLevel, string> = {
  no_risk: 'success',
  low: 'primary',
  medium: 'warning',
  high: 'danger',
};

export const SEVERITY_COLORS: Record<string, string> = {
  low: 'default',
  medium: 'warning',
  high: 'danger',
  critical: 'danger',
};

/** The label of `id` when the map names it (not an inherited `constructor` or `toString`). */
export const own = (labels: Record<string, string>, id: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(labels, id) ? labels[id] : undefined;

/**
 * Any family's detector as the alert list names it (the Overview's chart legend showed `password_spray`, `web_scanning`
 * beside "Suspicious login"); an id no family names (a sequence rule's own) stays as it is.
 */
export const detectorLabel = (id: string): string =>
  own(DETECTOR_LABELS, id) ?? own(CREDENTIAL_RULE_LABELS, id) ?? own(WEB_RULE_LABELS, id) ?? id;

export const WEB_RULE_LABELS: Record<WebRuleId, string> = {
  web_scanning: 'Endpoint scanning',
  web_flood: 'Scraping or brute force',
  web_burst: 'Burst of one error code',
  web_exfiltration: 'Large uploads',
  web_malicious_referrer: 'Malicious referrer',
};

export const WEB_CLASS_LABELS: Record<WebTrafficClass, string> = {
  allowed: 'Allowed (2xx/3xx)',
  blocked: 'Blocked (401/403/418/429)',
  client_error: 'Other client errors (4xx)',
  server_error: 'Server errors (5xx)',
  other: 'Other',
};

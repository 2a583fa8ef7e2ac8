import type { AlertStatus, RiskLevel, RuleId } from '../../../common/constants';

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

export const detectorLabel = (id: string) => DETECTOR_LABELS[id as RuleId] ?? id;

/**
 * The reasons a filter adds to `buffalogs.filter_reasons`: BuffaLogs' exact strings (constants.AlertFilterType), so
 * its users recognise them. A filtered alert is still produced; it is only flagged.
 */
export const FILTER_REASONS = {
  userLearningPeriod: 'user_learning_period',
  ignoredUsers: 'ignored_users filter',
  ignoredIps: 'ignored_ips filter',
  allowedCountries: 'allowed_countries filter',
  isVip: 'is_vip_filter',
  minimumRiskScore: 'alert_minimum_risk_score filter',
  filteredAlertTypes: 'filtered_alerts_types filter',
  ignoreMobileLogins: 'ignore_mobile_logins filter',
  ignoredIsps: 'ignored_ISPs filter',
  sameCountry: 'ignored_all_same_country',
  countryCouple: 'ignored_country_couple',
} as const;
export type FilterReason = (typeof FILTER_REASONS)[keyof typeof FILTER_REASONS];

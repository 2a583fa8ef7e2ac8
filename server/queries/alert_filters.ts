/**
 * The alert filters of the charts and the list as an Elasticsearch `bool` query. Pure: no client, no clock.
 *
 * Caller input only ever becomes the *value* of a term, terms, range, match or wildcard clause: never query-string
 * syntax, never a script. Free text in particular is not `query_string`/`simple_query_string` (whose operators a
 * caller could use to widen the search or make it expensive); wildcard values are escaped so `*`, `?` and `\` match
 * themselves.
 */
import type { estypes } from '@elastic/elasticsearch';
import { isIP } from 'node:net';
import type { AlertChannelFilters, AlertFilters } from '../../common/api';
import { SEQUENCE_DETECTOR } from '../../common/constants';
import { SEVERITIES } from '../../common/sequence_rule';

export const ALERT_FIELDS = {
  timestamp: '@timestamp',
  /** When the alert was made: a notification summary's period is on this. */
  created: 'event.created',
  detector: 'rule.id',
  detectorName: 'rule.name',
  family: 'buffalogs.family',
  /** A verdict's signal ids (the default profile's one alert per login), indexed since alerts template v5. */
  signalIds: 'buffalogs.signal_ids',
  user: 'user.name',
  country: 'source.geo.country_iso_code',
  countryName: 'source.geo.country_name',
  cityName: 'source.geo.city_name',
  location: 'source.geo.location',
  ip: 'source.ip',
  status: 'buffalogs.status',
  filtered: 'buffalogs.filtered',
  alertId: 'buffalogs.alert_id',
  sortKey: 'buffalogs.sort_key',
  severity: 'event.severity',
  /** The severity's name (low … critical): a notification channel's `minSeverity`. */
  severityName: 'buffalogs.severity',
  /** Whom the alert is about (a user name, an address): a notification channel's `users`. */
  entity: 'buffalogs.entity.value',
  /** The alert's own 0–100 score (ECS): a verdict's score, another alert's severity number (detection/alert_document.ts). */
  score: 'event.risk_score',
  /** The user's risk after the alert was counted (login alerts only): the API's `sort=risk_score`. */
  userRisk: 'buffalogs.user_risk.score',
  message: 'message',
} as const;

/** Escapes the wildcard query's metacharacters so the text matches literally. */
export function escapeWildcard(text: string): string {
  return text.replace(/[\\*?]/g, (c) => `\\${c}`);
}

/** `*text*`, case-insensitive, on a keyword field: "contains". */
export function containsClause(field: string, text: string): estypes.QueryDslQueryContainer {
  return { wildcard: { [field]: { value: `*${escapeWildcard(text)}*`, case_insensitive: true } } };
}

export function timeRangeClause(field: string, from?: string, to?: string): estypes.QueryDslQueryContainer | undefined {
  if (!from && !to) return undefined;
  const range: estypes.QueryDslDateRangeQuery = { format: 'strict_date_optional_time' };
  if (from) range.gte = new Date(from).toISOString();
  if (to) range.lt = new Date(to).toISOString();
  return { range: { [field]: range } };
}

/** Free text over what an analyst would type: a user, an IP, a country, a detector, words of the message, an id. */
export function alertSearchClause(text: string): estypes.QueryDslQueryContainer {
  const trimmed = text.trim();
  const should: estypes.QueryDslQueryContainer[] = [
    containsClause(ALERT_FIELDS.user, trimmed),
    containsClause(ALERT_FIELDS.countryName, trimmed),
    containsClause(ALERT_FIELDS.cityName, trimmed),
    containsClause(ALERT_FIELDS.detectorName, trimmed),
    // `match` analyses the text into words; its operators are not interpreted, so it cannot be turned into a query.
    { match: { [ALERT_FIELDS.message]: { query: trimmed, operator: 'and' } } },
  ];
  if (isIP(trimmed)) should.push({ term: { [ALERT_FIELDS.ip]: trimmed } });
  if (/^[A-Za-z]{2}$/.test(trimmed)) should.push({ term: { [ALERT_FIELDS.country]: trimmed.toUpperCase() } });
  if (/^[0-9a-f]{40}$/i.test(trimmed)) should.push({ term: { [ALERT_FIELDS.alertId]: trimmed.toLowerCase() } });
  return { bool: { should, minimum_should_match: 1 } };
}

/**
 * The `detector` filter: fixed detectors by `rule.id`, `sequence` by the family (its rules' ids are their own). Also a
 * verdict that has the detector as a signal (`buffalogs.signal_ids`): the default profile writes one `suspicious_login`
 * alert per login, so "Impossible travel" by rule alone matched nothing there. One meaning of a detector everywhere:
 * the list and the charts, and a notifier channel's `detectors` in its summaries (server/notifications/summary.ts) and
 * per alert (server/notifications/filters.ts `takesDetector`), so a summary counts what its link lists. Verdicts
 * written before alerts template v5 have no `signal_ids` (not backfilled): they match `suspicious_login` only.
 */
export function detectorClause(detectors: readonly string[]): estypes.QueryDslQueryContainer {
  const ids = detectors.filter((d) => d !== SEQUENCE_DETECTOR);
  const should: estypes.QueryDslQueryContainer[] = [];
  if (ids.length) should.push({ terms: { [ALERT_FIELDS.detector]: ids } });
  // Validated detector ids (server/routes/params.ts) or a channel's configured ones: term values, never syntax.
  // `suspicious_login` is no signal and matches no signal id; left in, it costs nothing.
  if (ids.length) should.push({ terms: { [ALERT_FIELDS.signalIds]: ids } });
  if (ids.length < detectors.length) should.push({ term: { [ALERT_FIELDS.family]: SEQUENCE_DETECTOR } });
  return should.length === 1 ? should[0] : { bool: { should, minimum_should_match: 1 } };
}

/**
 * A notification channel's severity, score and users filters, one meaning for its summary's count
 * (server/notifications/summary.ts) and the alerts list its link opens. "At least low", a score of 0 and no users
 * filter nothing (every alert has a severity and a score of 0–100), so they add no clause in either.
 */
export function channelFilterClauses(
  input: Pick<AlertChannelFilters, 'min_severity' | 'min_score'> & { users?: readonly string[] },
): estypes.QueryDslQueryContainer[] {
  const filter: estypes.QueryDslQueryContainer[] = [];
  const min = input.min_severity === undefined ? 0 : SEVERITIES.indexOf(input.min_severity);
  if (min > 0) filter.push({ terms: { [ALERT_FIELDS.severityName]: SEVERITIES.slice(min) } });
  if (input.min_score !== undefined && input.min_score > 0)
    filter.push({ range: { [ALERT_FIELDS.score]: { gte: input.min_score } } });
  // Term values, never syntax: validated by the route (server/routes/params.ts) or a channel's configuration.
  if (input.users?.length) {
    const users = [...input.users];
    filter.push({
      bool: {
        should: [{ terms: { [ALERT_FIELDS.entity]: users } }, { terms: { [ALERT_FIELDS.user]: users } }],
        minimum_should_match: 1,
      },
    });
  }
  return filter;
}

export interface AlertQueryInput extends AlertFilters, AlertChannelFilters {
  search?: string;
}

/** The `query` of every alert search: all filters as non-scoring `filter` clauses (cacheable, no relevance). */
export function buildAlertQuery(input: AlertQueryInput): estypes.QueryDslQueryContainer {
  const filter: estypes.QueryDslQueryContainer[] = [];
  const time = timeRangeClause(input.time_field ?? ALERT_FIELDS.timestamp, input.from, input.to);
  if (time) filter.push(time);
  if (input.detector?.length) filter.push(detectorClause(input.detector));
  // A sequence alert's rule.id is its rule's own id (validated as one, so no other family's detector).
  if (input.sequence_rule !== undefined) filter.push({ term: { [ALERT_FIELDS.detector]: input.sequence_rule } });
  if (input.user !== undefined) filter.push({ term: { [ALERT_FIELDS.user]: input.user } });
  if (input.country !== undefined) filter.push({ term: { [ALERT_FIELDS.country]: input.country.toUpperCase() } });
  if (input.status?.length) filter.push({ terms: { [ALERT_FIELDS.status]: input.status } });
  if (input.filtered === 'filtered') filter.push({ term: { [ALERT_FIELDS.filtered]: true } });
  // Not `filtered: false`: families without filters (sequence rules) write no `filtered` field, and their alerts are
  // not suppressed; `term: false` hid them from the default list, the overview's counts and the charts.
  if (input.filtered === 'unfiltered')
    filter.push({ bool: { must_not: [{ term: { [ALERT_FIELDS.filtered]: true } }] } });
  filter.push(...channelFilterClauses(input));
  if (input.search !== undefined && input.search.trim() !== '') filter.push(alertSearchClause(input.search));
  return filter.length ? { bool: { filter } } : { match_all: {} };
}

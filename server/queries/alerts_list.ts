/**
 * The alerts list: one search request from the validated query, and the page from its answer.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { AlertItem, AlertSortField, AlertsListQuery, AlertsListResponse, SortDirection } from '../../common/api';
import { API_LIMITS } from '../../common/api';
import type { AlertDocument } from '../../common/alert_document';
import { ALERT_FIELDS, buildAlertQuery } from './alert_filters';
import { MAX_DATE_SORT_VALUE, MAX_FLOAT_SORT_VALUE, planPage, shapeListPage } from './pagination';

const SORT_FIELD: Record<AlertSortField, string> = {
  timestamp: ALERT_FIELDS.timestamp,
  severity: ALERT_FIELDS.severity,
  user: ALERT_FIELDS.user,
  detector: ALERT_FIELDS.detector,
  // The user's risk at alert time (its name predates `score`; scripts sort by it). The alert's own score is `score`.
  risk_score: ALERT_FIELDS.userRisk,
  score: ALERT_FIELDS.score,
  country: ALERT_FIELDS.country,
  status: ALERT_FIELDS.status,
};

/** The sort fields whose cursor values are strings; the others (dates, numbers, the sort key) are numbers. */
const KEYWORD_SORT_FIELDS: ReadonlySet<string> = new Set([
  ALERT_FIELDS.user,
  ALERT_FIELDS.detector,
  ALERT_FIELDS.country,
  ALERT_FIELDS.status,
]);
/** The sort fields that are dates: their cursor values are bounded (pagination.ts). */
const DATE_SORT_FIELDS: ReadonlySet<string> = new Set([ALERT_FIELDS.timestamp]);

/**
 * The requested order, then newest first, then the alert's numeric sort key: unique, so `search_after` never skips
 * or repeats a hit, and a number, because a keyword tiebreaker (`buffalogs.alert_id`) made deep newest-first cursor
 * pages 7–10× slower (see alertSortKey). Alerts written before the key existed get it when the plugin starts
 * (backfill_sort_keys.ts); until then they sort last among their ties.
 */
export function alertSort(
  field: AlertSortField = 'timestamp',
  direction: SortDirection = 'desc',
): estypes.SortCombinations[] {
  // An alert without @timestamp (another writer's document) sorts last through a date a cursor can carry back: with
  // '_last' Elasticsearch gave it ±2^63 ms, which the next cursor refused (pagination.ts).
  const lastDate = (order: SortDirection) => (order === 'asc' ? MAX_DATE_SORT_VALUE : -MAX_DATE_SORT_VALUE);
  // So does an alert without buffalogs.user_risk (every family's but the login family's), or without event.risk_score
  // (another writer's document), through the largest float: with '_last' it got ±Infinity, answered as the string
  // "Infinity", which the next cursor refused.
  const lastFloat = direction === 'asc' ? MAX_FLOAT_SORT_VALUE : -MAX_FLOAT_SORT_VALUE;
  const missing =
    field === 'timestamp' ? lastDate(direction) : field === 'risk_score' || field === 'score' ? lastFloat : '_last';
  const sort: estypes.SortCombinations[] = [{ [SORT_FIELD[field]]: { order: direction, missing } }];
  if (field !== 'timestamp') sort.push({ [ALERT_FIELDS.timestamp]: { order: 'desc', missing: lastDate('desc') } });
  // Not `missing: '_last'`: Elasticsearch would put Long.MAX_VALUE in the cursor, which JSON numbers cannot carry.
  sort.push({ [ALERT_FIELDS.sortKey]: { order: 'asc', missing: Number.MAX_SAFE_INTEGER } });
  return sort;
}

/** How far a cursor page counts matching alerts before it answers `total_relation: 'gte'`. */
export const CURSOR_PAGE_TOTAL_LIMIT = 10_000;

export function buildAlertsListSearch(
  index: string,
  query: AlertsListQuery,
  maxResultWindow: number,
): { request: estypes.SearchRequest; sort: estypes.SortCombinations[]; page?: number; size: number } {
  const size = query.size ?? API_LIMITS.defaultPageSize;
  const sort = alertSort(query.sort, query.direction);
  const plan = planPage(
    { page: query.page, size, cursor: query.cursor },
    sort,
    maxResultWindow,
    KEYWORD_SORT_FIELDS,
    DATE_SORT_FIELDS,
  );
  const request: estypes.SearchRequest = {
    index,
    ignore_unavailable: true,
    allow_no_indices: true,
    query: buildAlertQuery(query),
    sort,
    size: plan.size,
    // An exact total forces every shard to visit every match, which made cursor pages deep in a 1M-alert index take
    // ~0.8 s; a bounded count lets Elasticsearch skip hits that cannot be competitive for the sort. Numbered pages
    // keep the exact total the paginator shows; cursor pages report at least CURSOR_PAGE_TOTAL_LIMIT ('gte').
    track_total_hits: plan.search_after ? CURSOR_PAGE_TOTAL_LIMIT : true,
    ...(plan.from !== undefined ? { from: plan.from } : {}),
    ...(plan.search_after ? { search_after: plan.search_after } : {}),
  };
  return { request, sort, page: plan.page, size };
}

export function toAlertItem(hit: estypes.SearchHit<AlertDocument>): AlertItem {
  return { ...(hit._source as AlertDocument), id: hit._id as string };
}

export function shapeAlertsPage(
  result: estypes.SearchResponse<AlertDocument>,
  sort: estypes.SortCombinations[],
  size: number,
  page?: number,
): AlertsListResponse {
  return shapeListPage(result, toAlertItem, sort, size, page);
}

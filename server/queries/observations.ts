/**
 * Reading the login family's observations (issue 12; stored by server/families/login/observations.ts in
 * `buffalogs-observations-<space>`): every user's or one user's, newest first and paged as the alerts list pages
 * (pagination.ts: numbered pages, then a cursor), and how many a period holds. The index is created on the first
 * observation, so every search tolerates its absence: a space with none yet answers an empty list and 0.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { ObservationItem, ObservationsListQuery, ObservationsListResponse } from '../../common/api';
import { MAX_DATE_SORT_VALUE, planPage, shapeListPage } from './pagination';

interface Range {
  from?: string;
  to?: string;
}

/** `from` inclusive, `to` exclusive, as every route's range. */
function rangeFilter({ from, to }: Range): estypes.QueryDslQueryContainer[] {
  if (!from && !to) return [];
  return [{ range: { '@timestamp': { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } }];
}

/**
 * Newest first, then by event id, source index and user: the stored document's id is made of those three, so the
 * order is total and `search_after` never skips or repeats an observation. One order for both lists, so a cursor of
 * one user's list continues in the list of every user. A document without a time (not the plugin's) sorts last
 * through a date a cursor can carry back (pagination.ts MAX_DATE_SORT_VALUE).
 */
export const OBSERVATION_SORT: estypes.SortCombinations[] = [
  { '@timestamp': { order: 'desc', unmapped_type: 'date', missing: -MAX_DATE_SORT_VALUE } },
  { 'event.id': { order: 'asc', unmapped_type: 'keyword' } },
  { 'event.index': { order: 'asc', unmapped_type: 'keyword' } },
  { 'user.name': { order: 'asc', unmapped_type: 'keyword' } },
];
const KEYWORD_SORT_FIELDS: ReadonlySet<string> = new Set(['event.id', 'event.index', 'user.name']);
const DATE_SORT_FIELDS: ReadonlySet<string> = new Set(['@timestamp']);

/**
 * The observations the query names, newest first: in the range, of the user (exact `user.name`), with the signal
 * among theirs (`signals.id`). Values are validated by the route and used as terms, never as query syntax.
 * `maxResultWindow` bounds numbered pages (pagination.ts planPage: a 400 pointing at the cursor beyond it).
 */
export function buildObservationsListSearch(
  index: string,
  query: ObservationsListQuery & { size: number },
  maxResultWindow: number,
): { request: estypes.SearchRequest; page?: number; size: number } {
  const plan = planPage(
    { page: query.page, size: query.size, cursor: query.cursor },
    OBSERVATION_SORT,
    maxResultWindow,
    KEYWORD_SORT_FIELDS,
    DATE_SORT_FIELDS,
  );
  const filter: estypes.QueryDslQueryContainer[] = [...rangeFilter(query)];
  if (query.user !== undefined) filter.push({ term: { 'user.name': query.user } });
  if (query.signal !== undefined) filter.push({ term: { 'signals.id': query.signal } });
  const request: estypes.SearchRequest = {
    index,
    ignore_unavailable: true,
    allow_no_indices: true,
    size: plan.size,
    track_total_hits: true,
    query: { bool: { filter } },
    sort: OBSERVATION_SORT,
    ...(plan.from !== undefined ? { from: plan.from } : {}),
    ...(plan.search_after ? { search_after: plan.search_after } : {}),
  };
  return { request, page: plan.page, size: plan.size };
}

/** Every user's observations in the range: only the total is read. */
export function buildObservationsCountSearch(index: string, range: Range): estypes.SearchRequest {
  return {
    index,
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 0,
    track_total_hits: true,
    query: { bool: { filter: rangeFilter(range) } },
  };
}

/** An observation as stored: the API's item without the document id. */
export type StoredObservation = Omit<ObservationItem, 'id'>;

/**
 * The stored documents as the API returns them, one page. Observations are the plugin's own documents, but read as
 * any stored document is (the app's readers show a dash for a field missing or of another type).
 */
export function shapeObservationsPage(
  result: estypes.SearchResponse<StoredObservation>,
  size: number,
  page?: number,
): ObservationsListResponse {
  return shapeListPage(
    result,
    (hit) => ({ ...(hit._source as StoredObservation), id: hit._id ?? '' }),
    OBSERVATION_SORT,
    size,
    page,
  );
}

/**
 * Reading the login family's observations (issue 12; stored by server/families/login/observations.ts in
 * `buffalogs-observations-<space>`): a user's newest, and how many a period holds. The index is created on the first
 * observation, so every search tolerates its absence: a space with none yet answers an empty list and 0.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { ObservationItem, UserObservationsResponse } from '../../common/api';
import { totalOf } from './pagination';

interface Range {
  from?: string;
  to?: string;
}

/** `from` inclusive, `to` exclusive, as every route's range. */
function rangeFilter({ from, to }: Range): estypes.QueryDslQueryContainer[] {
  if (!from && !to) return [];
  return [{ range: { '@timestamp': { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } }];
}

/** The user's observations in the range, newest first (ties by event id, so pages are stable). */
export function buildUserObservationsSearch(
  index: string,
  user: string,
  query: Range & { size: number },
): estypes.SearchRequest {
  return {
    index,
    ignore_unavailable: true,
    allow_no_indices: true,
    size: query.size,
    track_total_hits: true,
    query: { bool: { filter: [{ term: { 'user.name': user } }, ...rangeFilter(query)] } },
    sort: [
      { '@timestamp': { order: 'desc', unmapped_type: 'date' } },
      { 'event.id': { order: 'asc', unmapped_type: 'keyword' } },
    ],
  };
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

/**
 * The stored documents as the API returns them. Observations are the plugin's own documents, but read as any stored
 * document is (the app's readers show a dash for a field missing or of another type).
 */
export function shapeUserObservations(
  result: estypes.SearchResponse<Omit<ObservationItem, 'id'>>,
): UserObservationsResponse {
  const { total, relation } = totalOf(result.hits.total);
  return {
    items: result.hits.hits.map((hit) => ({ ...(hit._source as Omit<ObservationItem, 'id'>), id: hit._id ?? '' })),
    total,
    total_relation: relation,
  };
}

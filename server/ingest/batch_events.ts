/**
 * All logins of one batch of users in the window, normalised and enriched. Sorted by `_shard_doc`, the cheapest
 * order a point in time offers (the detection core orders each user's logins itself), paged with `search_after`.
 */
import type { LoginEvent } from '../detection';
import { enrichLogin, type Enricher } from '../enrichment';
import { normalizeLogin, type EventTypeRule, type RejectionCode } from '../events';
import { throwIfAborted } from '../storage';
import { LOGIN_SOURCE_FIELDS, type Query } from './login_query';
import type { PointInTime } from './point_in_time';

export interface BatchEvents {
  events: LoginEvent[];
  hits: number;
  pages: number;
  /** Hits the normaliser refused (malformed fields), by reason. */
  rejected: Partial<Record<RejectionCode, number>>;
}

export async function readBatchEvents(
  pit: PointInTime,
  windowQuery: Query,
  storedNames: readonly string[],
  options: { pageSize: number; eventType: EventTypeRule; enricher: Enricher; signal?: AbortSignal },
): Promise<BatchEvents> {
  const result: BatchEvents = { events: [], hits: 0, pages: 0, rejected: {} };
  const query: Query = { bool: { filter: [windowQuery, { terms: { 'user.name': [...storedNames] } }] } };
  const fetchPage = (searchAfter?: unknown[]) => {
    const page = pit.search<Record<string, unknown>>(
      {
        size: options.pageSize,
        query,
        sort: ['_shard_doc'],
        _source: LOGIN_SOURCE_FIELDS,
        ...(searchAfter ? { search_after: searchAfter as never } : {}),
      },
      options.signal,
    );
    // Awaited below; this only keeps an abort that lands while we normalise from being reported as unhandled.
    page.catch(() => undefined);
    return page;
  };
  let pending = fetchPage();
  for (;;) {
    throwIfAborted(options.signal);
    const hits = (await pending).hits.hits;
    const more = hits.length === options.pageSize;
    // The next page is requested before this one is normalised: Elasticsearch reads while Node parses.
    if (more) pending = fetchPage(hits[hits.length - 1].sort);
    result.pages++;
    result.hits += hits.length;
    for (const hit of hits) {
      const normalised = normalizeLogin({ _index: hit._index, _id: hit._id, _source: hit._source }, { eventType: options.eventType });
      if (normalised.ok) result.events.push(enrichLogin(normalised.event, options.enricher));
      else result.rejected[normalised.code] = (result.rejected[normalised.code] ?? 0) + 1;
    }
    if (!more) return result;
  }
}

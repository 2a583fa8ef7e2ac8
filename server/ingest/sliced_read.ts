/**
 * Reads every hit of a query in a point in time, sorted by `_shard_doc` (the cheapest order a point in time offers),
 * paged with `search_after`, optionally in several slices read at once. Every family's batch reads go through here.
 */
import { throwIfAborted } from '../storage';
import type { Query } from './login_query';
import type { PointInTime } from './point_in_time';

/** What a page response is cut down to; `_shards` so a shard that failed is not mistaken for "no more events". */
export const HIT_FILTER_PATH = [
  'timed_out',
  'pit_id',
  '_shards.failed',
  '_shards.failures',
  'hits.hits._index',
  'hits.hits._id',
  'hits.hits._source',
  'hits.hits.sort',
];

export type Hit = { _index: string; _id?: string; _source?: Record<string, unknown>; sort?: unknown[] };

export interface SlicedReadOptions {
  pageSize: number;
  /** Slices read side by side (1: one plain paged search). */
  slices: number;
  /** `_source` fields fetched. */
  sourceFields: readonly string[];
  signal?: AbortSignal;
}

/**
 * Hands each page's hits to `take` as it arrives (pages of different slices interleave). A `take` that returns a
 * promise holds its slice's next-but-one page until it settles: a consumer writing results applies backpressure.
 */
export async function readSliced(
  pit: PointInTime,
  query: Query,
  options: SlicedReadOptions,
  take: (hits: Hit[]) => void | Promise<void>,
): Promise<void> {
  const slices = Math.max(1, options.slices);
  // Elasticsearch fetches one search's hits on one thread. Slices of the point in time (by document id, cheap with
  // a PIT) are read side by side, as _reindex and Logstash's elasticsearch input do, so a shard is read by several
  // threads; their hits simply interleave (each family's core orders an entity's events itself).
  // A slice that fails stops the others: the batch has failed, their pages would only be thrown away.
  const failed = new AbortController();
  const forward = (): void => failed.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', forward, { once: true });
  try {
    await Promise.all(
      Array.from({ length: slices }, (_, id) =>
        readSlice(
          pit,
          query,
          slices > 1 ? { id, max: slices } : undefined,
          { ...options, signal: failed.signal },
          take,
        ).catch((error: unknown) => {
          failed.abort(error);
          throw error;
        }),
      ),
    );
  } finally {
    options.signal?.removeEventListener('abort', forward);
  }
}

/** Pages through one slice (or the whole query), handing each page's hits to `take`. */
async function readSlice(
  pit: PointInTime,
  query: Query,
  slice: { id: number; max: number } | undefined,
  options: { pageSize: number; sourceFields: readonly string[]; signal?: AbortSignal },
  take: (hits: Hit[]) => void | Promise<void>,
): Promise<void> {
  const fetchPage = (searchAfter?: unknown[]) => {
    const page = pit.search<Record<string, unknown>>(
      {
        size: options.pageSize,
        query,
        sort: ['_shard_doc'],
        _source: [...options.sourceFields],
        filter_path: HIT_FILTER_PATH,
        // The client types `slice.id` as a string; Elasticsearch takes the number.
        ...(slice ? { slice: slice as never } : {}),
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
    const response = await pending;
    // With filter_path, a page without hits has no `hits` at all.
    const hits = (response.hits?.hits ?? []) as Hit[];
    const more = hits.length === options.pageSize;
    // The next page is requested before this one is normalised: Elasticsearch reads while Node parses. The request
    // leaves only when the event loop runs, which the synchronous `take` would hold up until it ends: let it go.
    if (more) {
      pending = fetchPage(hits[hits.length - 1].sort);
      await dispatched();
    }
    await take(hits);
    if (!more) return;
  }
}

/** One turn of the event loop: a request just made is then on the wire. */
export const dispatched = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

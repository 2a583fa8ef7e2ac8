/**
 * The entities with events in a window, in the order of their stored keys: a composite aggregation on the key field,
 * paged so any number of entities is listed in bounded memory, resuming after a given key. Each comes with its number
 * of events in the window, so batches can be cut by how many events they will hold.
 */
import { throwIfAborted } from '../storage';
import type { Query } from './login_query';
import type { PointInTime } from './point_in_time';

interface CompositeAgg {
  after_key?: { key: string };
  buckets: Array<{ key: { key: string | number }; doc_count: number }>;
}

export async function* windowKeys(
  pit: PointInTime,
  query: Query,
  field: string,
  options: { pageSize: number; after?: string; signal?: AbortSignal },
): AsyncGenerator<{ key: string; events: number }> {
  let after: { key: string } | undefined = options.after !== undefined ? { key: options.after } : undefined;
  for (;;) {
    throwIfAborted(options.signal);
    const response = await pit.search<never>(
      {
        size: 0,
        query,
        aggs: {
          keys: {
            composite: {
              size: options.pageSize,
              sources: [{ key: { terms: { field } } }],
              ...(after ? { after } : {}),
            },
          },
        },
      },
      options.signal,
    );
    // A shard that failed listed nothing: PointInTime.search refuses such an answer (server/storage/complete_read.ts).
    const agg = response.aggregations?.keys as CompositeAgg | undefined;
    const buckets = agg?.buckets ?? [];
    for (const bucket of buckets) {
      const key = String(bucket.key.key);
      if (key.trim() !== '') yield { key, events: bucket.doc_count };
    }
    if (!agg?.after_key || buckets.length < options.pageSize) return;
    after = agg.after_key;
  }
}

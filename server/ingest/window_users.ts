/**
 * The users with logins in a window, in the order of their stored names (composite aggregation on `user.name`, paged
 * so any number of users is listed in bounded memory), resuming after a given name.
 */
import { throwIfAborted } from '../storage';
import type { Query } from './login_query';
import type { PointInTime } from './point_in_time';

interface CompositeAgg {
  after_key?: { user: string };
  buckets: Array<{ key: { user: string | number } }>;
}

export async function* windowUserNames(
  pit: PointInTime,
  query: Query,
  options: { pageSize: number; after?: string; signal?: AbortSignal },
): AsyncGenerator<string> {
  let after: { user: string } | undefined = options.after !== undefined ? { user: options.after } : undefined;
  for (;;) {
    throwIfAborted(options.signal);
    const response = await pit.search<never>(
      {
        size: 0,
        query,
        aggs: {
          users: {
            composite: { size: options.pageSize, sources: [{ user: { terms: { field: 'user.name' } } }], ...(after ? { after } : {}) },
          },
        },
      },
      options.signal,
    );
    const agg = response.aggregations?.users as CompositeAgg | undefined;
    const buckets = agg?.buckets ?? [];
    for (const bucket of buckets) {
      const name = String(bucket.key.user);
      // BuffaLogs skips empty names too (spec §5.2a); whitespace-only names normalise to nothing.
      if (name.trim() !== '') yield name;
    }
    if (!agg?.after_key || buckets.length < options.pageSize) return;
    after = agg.after_key;
  }
}

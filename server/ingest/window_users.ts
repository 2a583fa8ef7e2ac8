/**
 * The users with logins in a window, in the order of their stored names (composite aggregation on `user.name`, paged
 * so any number of users is listed in bounded memory), resuming after a given name. Each comes with its number of
 * logins in the window, so batches can be cut by how many events they will hold.
 */
import { throwIfAborted } from '../storage';
import type { Query } from './login_query';
import type { PointInTime } from './point_in_time';

interface CompositeAgg {
  after_key?: { user: string };
  buckets: Array<{ key: { user: string | number }; doc_count: number }>;
}

export interface WindowUser {
  /** `user.name` as stored. */
  name: string;
  /** Its logins in the window (this spelling's). */
  events: number;
}

export async function* windowUserNames(
  pit: PointInTime,
  query: Query,
  options: { pageSize: number; after?: string; signal?: AbortSignal },
): AsyncGenerator<WindowUser> {
  let after: { user: string } | undefined = options.after !== undefined ? { user: options.after } : undefined;
  for (;;) {
    throwIfAborted(options.signal);
    const response = await pit.search<never>(
      {
        size: 0,
        query,
        aggs: {
          users: {
            composite: {
              size: options.pageSize,
              sources: [{ user: { terms: { field: 'user.name' } } }],
              ...(after ? { after } : {}),
            },
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
      if (name.trim() !== '') yield { name, events: bucket.doc_count };
    }
    if (!agg?.after_key || buckets.length < options.pageSize) return;
    after = agg.after_key;
  }
}

/**
 * The users with logins in a window, in the order of their stored names, resuming after a given name: the generic
 * entity listing (window_keys.ts: a paged composite aggregation, bounded memory) on `user.name`. Each comes with its
 * number of logins in the window, so batches can be cut by how many events they will hold. Whitespace-only names are
 * skipped there (BuffaLogs skips empty names too, spec §5.2a; they normalise to nothing).
 */
import type { Query } from './login_query';
import type { PointInTime } from './point_in_time';
import { windowKeys } from './window_keys';

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
  for await (const entry of windowKeys(pit, query, 'user.name', options))
    yield { name: entry.key, events: entry.events };
}

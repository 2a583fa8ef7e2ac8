/**
 * One user may be stored under several spellings (`JSmith` from Windows, `jsmith` from Okta); the detection core
 * knows them as one (lower-cased) user, and all of a user's logins in a window must be judged together, in time
 * order, in one batch. Names arrive in stored order, where spellings of one user are not adjacent, so each batch
 * asks which spellings of its users exist in the window (case-insensitive term queries) and takes a user only in the
 * batch that holds the user's first spelling in stored order; later spellings, met in later batches, are skipped.
 */
import type { Query } from './login_query';
import { normaliseUserName } from './partition';
import type { PointInTime } from './point_in_time';

export interface OwnedUsers {
  /** Normalised name → every stored spelling in the window (stored order). */
  users: Map<string, string[]>;
}

interface CompositeAgg {
  after_key?: { user: string };
  buckets: Array<{ key: { user: string | number } }>;
}

export async function ownedUsers(
  pit: PointInTime,
  windowQuery: Query,
  batchNames: readonly string[],
  options: { pageSize: number; signal?: AbortSignal },
): Promise<OwnedUsers> {
  const normalised = [...new Set(batchNames.map(normaliseUserName))];
  const spellings = new Map<string, string[]>();
  // Asked in slices: one case-insensitive clause per user, and a query may hold only so many clauses. Every spelling
  // of a user comes from its slice's query alone, so each user's spellings stay in stored order.
  for (let start = 0; start < normalised.length; start += MAX_CLAUSES) {
    const slice = normalised.slice(start, start + MAX_CLAUSES);
    const inSlice = new Set(slice);
    const variantClauses: Query[] = [
      // The batch's own names, also those whose spelling differs by more than case (surrounding spaces).
      { terms: { 'user.name': batchNames.filter((name) => inSlice.has(normaliseUserName(name))) } },
      ...slice.map((name) => ({ term: { 'user.name': { value: name, case_insensitive: true } } })),
    ];
    await collectSpellings(pit, { bool: { filter: [windowQuery], should: variantClauses, minimum_should_match: 1 } }, spellings, options);
  }
  const inBatch = new Set(batchNames);
  const users = new Map<string, string[]>();
  for (const key of normalised) {
    const names = spellings.get(key);
    // Composite buckets come in stored order, so names[0] is the first spelling: the batch holding it owns the user.
    if (names && inBatch.has(names[0])) users.set(key, names);
  }
  return { users };
}

/** Clauses per spelling query, well under Elasticsearch's clause limit on a small heap. */
const MAX_CLAUSES = 1000;

/** Adds every stored spelling matching `query` to `spellings` (by normalised name, in stored order, no repeats). */
async function collectSpellings(
  pit: PointInTime,
  query: Query,
  spellings: Map<string, string[]>,
  options: { pageSize: number; signal?: AbortSignal },
): Promise<void> {
  let after: { user: string } | undefined;
  for (;;) {
    const response = await pit.search<never>(
      {
        size: 0,
        query,
        aggs: {
          users: { composite: { size: options.pageSize, sources: [{ user: { terms: { field: 'user.name' } } }], ...(after ? { after } : {}) } },
        },
      },
      options.signal,
    );
    const agg = response.aggregations?.users as CompositeAgg | undefined;
    for (const bucket of agg?.buckets ?? []) {
      const name = String(bucket.key.user);
      const key = normaliseUserName(name);
      if (key === '') continue;
      const list = spellings.get(key);
      if (list) list.push(name);
      else spellings.set(key, [name]);
    }
    if (!agg?.after_key || (agg.buckets?.length ?? 0) < options.pageSize) return;
    after = agg.after_key;
  }
}

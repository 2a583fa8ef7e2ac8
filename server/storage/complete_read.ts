/**
 * Reads that must be whole. Elasticsearch answers 200 when some shards fail (a `terms` aggregation on a field one
 * index maps as `text`, a shard relocating) or a search times out, with whatever the rest returned; and `mget` answers
 * 200 with a per-document error. A pass that took such an answer for the whole truth would judge (and checkpoint) a
 * window without some users' logins, or start a user afresh whose state it could not read.
 */

/** A read that left part of the data out: the pass fails, so nothing after its last durable batch moves. */
export class IncompleteReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncompleteReadError';
  }
}

interface ShardFailure {
  index?: string | null;
  shard?: number;
  reason?: { type?: string; reason?: string | null; caused_by?: { type?: string; reason?: string | null } };
}

/** Throws when a search answered without every shard, or timed out (its results are then partial too). */
export function throwIfIncomplete(response: {
  timed_out?: boolean;
  _shards?: { failed?: number; failures?: ShardFailure[] };
}): void {
  const failed = response._shards?.failed ?? 0;
  if (failed > 0) {
    const failures = response._shards?.failures ?? [];
    const where = [...new Set(failures.map((f) => f.index ?? '(unknown index)'))];
    const first = failures[0]?.reason;
    const cause = first?.caused_by?.reason
      ? ` (caused by ${first.caused_by.type ?? ''}: ${first.caused_by.reason})`
      : '';
    throw new IncompleteReadError(
      `${failed} shard(s) failed to answer a detection read` +
        (where.length ? ` in ${where.join(', ')}` : '') +
        (first ? `: ${first.type ?? 'error'}: ${first.reason ?? ''}${cause}` : '') +
        '; the pass stops and the checkpoint stays before this window (fix the mapping, or leave the index out of buffalogs.indices)',
    );
  }
  if (response.timed_out) {
    throw new IncompleteReadError(
      'a detection read timed out with partial results (search.default_search_timeout?); the pass stops and the checkpoint stays before this window',
    );
  }
}

/** Throws when an `mget` document could not be read (its shard failed); a missing document is not an error. */
export function throwIfDocFailed(
  doc: { _index?: string; _id?: string; error?: { type?: string; reason?: string | null } } | undefined,
  what: string,
): void {
  if (doc?.error) {
    throw new IncompleteReadError(
      `could not read ${what} ${doc._id ?? ''} from ${doc._index ?? '(unknown index)'}: ${doc.error.type ?? 'error'}: ${doc.error.reason ?? ''}`,
    );
  }
}

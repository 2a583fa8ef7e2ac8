/**
 * Where each partition's detection has got to. `completedTo`: every event with `@timestamp <= completedTo` has been
 * judged. `current`: the window in progress and the last user (composite key, as stored in the source) whose alerts
 * and state are durable, so an interrupted window resumes after the last completed batch, with the same bounds.
 */
import type { BulkDoc } from './bulk_writer';
import { throwIfDocFailed, throwIfIncomplete } from './complete_read';
import type { EsClient } from './es_client';

export interface WindowProgress {
  /** Exclusive start, epoch ms. */
  from: number;
  /** Inclusive end, epoch ms. */
  to: number;
  /** The composite-aggregation key of the last user done; absent before the first batch completes. */
  afterUser?: string;
}

export interface Checkpoint {
  partition: number;
  partitions: number;
  completedTo?: number;
  current?: WindowProgress;
}

interface CheckpointDocument {
  /** Since checkpoints template v2; absent on the login family's older documents. */
  family?: string;
  partition: number;
  partitions: number;
  completed_to?: string;
  updated_at: string;
  current?: { from: string; to: string; after_user?: string };
}

/** The login family's checkpoint ids (kept from before families existed, so nothing migrates). */
export const checkpointDocId = (partition: number, partitions: number): string =>
  `detect:${partition}-of-${partitions}`;

/** The family a checkpoint id belongs to: its prefix (`detect:` is the login family's, from before families existed). */
export function checkpointFamily(id: string): string {
  const prefix = id.slice(0, id.indexOf(':'));
  return prefix === 'detect' ? 'login' : prefix;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export async function readCheckpoint(
  client: EsClient,
  index: string,
  partition: number,
  partitions: number,
  signal?: AbortSignal,
  id: string = checkpointDocId(partition, partitions),
): Promise<Checkpoint | undefined> {
  const response = await client.mget<CheckpointDocument>({ index, ids: [id] }, { signal });
  const doc = response.docs[0];
  throwIfDocFailed(doc as never, 'the checkpoint');
  if (!doc || !('found' in doc) || !doc.found || !doc._source) return undefined;
  const src = doc._source;
  return {
    partition,
    partitions,
    ...(src.completed_to ? { completedTo: Date.parse(src.completed_to) } : {}),
    ...(src.current
      ? {
          current: {
            from: Date.parse(src.current.from),
            to: Date.parse(src.current.to),
            ...(src.current.after_user !== undefined ? { afterUser: src.current.after_user } : {}),
          },
        }
      : {}),
  };
}

/**
 * When the partition count changes, the new partitions have no checkpoint yet. They start from the earliest point
 * any previous layout completed (re-judging a little is harmless: alert ids and the state's memory of processed
 * events make it idempotent), rather than from the first-run look-back. Only *other* layouts count: a partition of
 * the current layout whose first run comes after its siblings' must still read the whole look-back, not start where
 * a sibling stopped (its users' history would never be judged).
 */
export async function earliestCompleted(
  client: EsClient,
  index: string,
  signal?: AbortSignal,
  id: string = checkpointDocId(0, 1),
  currentPartitions?: number,
): Promise<number | undefined> {
  // Only the same family's checkpoints: each family reads its own events from its own start. The login family's
  // checkpoints from before families existed carry no `family`.
  const family = checkpointFamily(id);
  const ofFamily =
    family === 'login'
      ? {
          bool: {
            should: [{ term: { family } }, { bool: { must_not: { exists: { field: 'family' } } } }],
            minimum_should_match: 1,
          },
        }
      : { term: { family } };
  const query =
    currentPartitions === undefined
      ? ofFamily
      : { bool: { filter: [ofFamily], must_not: [{ term: { partitions: currentPartitions } }] } };
  const response = await client.search(
    { index, size: 0, query, aggs: { earliest: { min: { field: 'completed_to' } } } },
    { signal },
  );
  throwIfIncomplete(response);
  const value = (response.aggregations?.earliest as { value?: number | null } | undefined)?.value;
  return typeof value === 'number' ? value : undefined;
}

export function checkpointBulkDoc(
  index: string,
  checkpoint: Checkpoint,
  now: number,
  id: string = checkpointDocId(checkpoint.partition, checkpoint.partitions),
): BulkDoc {
  const doc: CheckpointDocument = {
    family: checkpointFamily(id),
    partition: checkpoint.partition,
    partitions: checkpoint.partitions,
    ...(checkpoint.completedTo !== undefined ? { completed_to: iso(checkpoint.completedTo) } : {}),
    updated_at: iso(now),
    ...(checkpoint.current
      ? {
          current: {
            from: iso(checkpoint.current.from),
            to: iso(checkpoint.current.to),
            ...(checkpoint.current.afterUser !== undefined ? { after_user: checkpoint.current.afterUser } : {}),
          },
        }
      : {}),
  };
  return { action: 'index', index, id, doc };
}

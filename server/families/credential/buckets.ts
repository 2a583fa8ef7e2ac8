/**
 * Counts in fixed time buckets: the credential families' state keeps how many failures and successes fell in each
 * bucket of the last day, never the events themselves, so an entity's state stays bounded whatever its volume.
 */
import { writtenByAPass } from '../judged_to';

export interface Bucket {
  /** Bucket start, epoch ms (a multiple of the bucket size). */
  t: number;
  failures: number;
  successes: number;
}

export function addToBuckets(buckets: Bucket[], at: number, size: number, kind: 'failures' | 'successes'): void {
  const t = Math.floor(at / size) * size;
  let b = buckets.length ? buckets[buckets.length - 1] : undefined;
  if (!b || b.t !== t) {
    // Events arrive in time order within a pass; a bucket earlier than the last is looked up (rare, bounded list).
    b = buckets.find((x) => x.t === t);
    if (!b) {
      b = { t, failures: 0, successes: 0 };
      buckets.push(b);
      buckets.sort((x, y) => x.t - y.t);
    }
  }
  b[kind]++;
}

/** Sums over the buckets of `size` that overlap `(at - windowMs, at]`. */
export function sumSince(
  buckets: readonly Bucket[],
  at: number,
  windowMs: number,
  size: number,
): { failures: number; successes: number } {
  let failures = 0;
  let successes = 0;
  for (const b of buckets)
    if (b.t + size > at - windowMs && b.t <= at) {
      failures += b.failures;
      successes += b.successes;
    }
  return { failures, successes };
}

/**
 * The buckets a pass at `now` could have written (../judged_to.ts: a bucket starts at or before an event it counts).
 * A later one is counted in no window (sumSince stops at the event judged) but pruned by none either (pruneBuckets
 * keeps all after the window's start), so it was carried for good; and the account family takes an attack's start
 * from its first bucket with failures, so one listed before this minute's moved the start there (no success was then
 * the takeover).
 */
export const bucketsBy = (buckets: Bucket[], now: number): Bucket[] => writtenByAPass(buckets, bucketStart, now);
const bucketStart = (b: Bucket): number => b.t;

/** Drops buckets older than `keepMs` before `at`. */
export const pruneBuckets = (buckets: Bucket[], at: number, keepMs: number): Bucket[] =>
  buckets.filter((b) => b.t > at - keepMs);

export const isBucket = (v: unknown): v is Bucket =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Bucket).t === 'number' &&
  typeof (v as Bucket).failures === 'number' &&
  typeof (v as Bucket).successes === 'number';

/**
 * Reading the credential families' stored states (./state.ts by source, ../credential_user/state.ts by account): a
 * document may be hand-edited or left by another writer, and the cores read every entry's fields as their types (a
 * null entry made every later batch of the entity throw, and so fail the whole pass, for as long as it was stored).
 * What the helpers give back is the very value when it is usable, so a usual state is read without a copy. Their
 * lists are read by the shared ../../stored_list.ts.
 */
import { isBucket, type Bucket } from './buckets';
import { MAX_LAST_IDS, type CountedEvents } from './count_once';
import { usableList } from '../../stored_list';

/** Longer text than a user name, address or event id can be is no entry of ours (as the login family's states). */
const MAX_TEXT = 512;

export const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;
/**
 * A time (epoch ms) within the Date range: one outside it is no event's, and the core writes the attack's times into
 * its alerts as dates (a first failure at -1e308 threw "Invalid time value" at the alert, failing the pass).
 */
export const isTime = (v: unknown): v is number => Number.isFinite(v) && Math.abs(v as number) <= MAX_DATE_MS;
const MAX_DATE_MS = 8.64e15;
/** A count (failures, attempts): a whole number from zero. */
export const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

const usableBucket = (b: unknown): boolean =>
  isBucket(b) && isTime(b.t) && Number.isFinite(b.failures) && Number.isFinite(b.successes);
export const usableBuckets = (list: unknown): Bucket[] => usableList(list, usableBucket);

/**
 * The exactly-once marks: undefined when the newest counted time is no number (what was counted is not known); ids
 * that are no text dropped, and no more than countOnce keeps.
 */
export function usableCounted(s: Record<string, unknown>): CountedEvents | undefined {
  if (!isTime(s.lastAt)) return undefined;
  return { lastAt: s.lastAt, lastIds: usableList(s.lastIds, isText, MAX_LAST_IDS) };
}

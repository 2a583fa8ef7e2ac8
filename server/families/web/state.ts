/**
 * What the web family remembers per address, bounded whatever the traffic: for each detector the recent relevant
 * requests inside its window (time and what matters about them), pruned to the window and capped; when each rule last
 * alerted; and the latest event judged, so a re-read window counts nothing twice.
 */
import { usableList } from '../../stored_list';
import { judgedByAPass, JUDGED_TO_SLACK_MS, writtenByAPass } from '../judged_to';

export type Timed<T> = [number, T];

export interface WebState {
  /** Latest event time judged (epoch ms): events at or before it were counted already. */
  through: number;
  /** 404/410 not made by browsers on their own: [time, path shape]. */
  misses: Array<Timed<string>>;
  /** Requests for known sensitive paths: [time, matched prefix]. */
  probes: Array<Timed<string>>;
  /** 429 answers: [time, 0]. */
  tooMany: Array<Timed<0>>;
  /** 401/403 on login endpoints: [time, path]. */
  loginFailures: Array<Timed<string>>;
  /** Error answers for the burst detector: [time, status code]. */
  codes: Array<Timed<number>>;
  /** POST/PUT request bodies with a known size: [time, bytes]. */
  uploads: Array<Timed<number>>;
  /** When each rule (or rule and referrer domain) last alerted: [time, key]. */
  alerted: Array<Timed<string>>;
}

/** Each list's cap: above every threshold's maximum, so a capped list still decides correctly. */
export const MAX_TRACKED = 1000;
export const MAX_ALERT_KEYS = 64;

export const emptyWebState = (): WebState => ({
  through: 0,
  misses: [],
  probes: [],
  tooMany: [],
  loginFailures: [],
  codes: [],
  uploads: [],
  alerted: [],
});

const isTimedList = (v: unknown): boolean =>
  Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'number');

export function isWebState(v: unknown): v is WebState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    typeof s.through === 'number' &&
    ['misses', 'probes', 'tooMany', 'loginFailures', 'codes', 'uploads', 'alerted'].every((k) => isTimedList(s[k]))
  );
}

/**
 * A stored state as a pass at `now` can use it. A `through` no pass could have written (../judged_to.ts) is none:
 * kept, every later event of the address until then would be skipped as counted, and the max in judgeWeb would keep
 * it. The detectors' entries it let through when read (readWebState keeps those no later than `through`) are held to
 * the latest time a pass could have written instead, so a hand-edited year 3000 brings no entries of its own along.
 * So are the cooldowns, dropped rather than moved back: a pass dates one at the request that alerted (a late alert's
 * too), so a later one says no alert, and kept it silenced its rule for the address for good (the request's time minus
 * the year 3000 is within any cooldown, and the rule then never alerts to replace it); dropped, the rule may alert.
 * Here rather than in readWebState: the reader has the stored state only, the core (./core.ts, judgeWeb) and the merge
 * of a concurrent write (mergeWebStates) have the pass's clock.
 */
export function asOfClock(stored: WebState, now: number): WebState {
  const alerted = writtenByAPass(stored.alerted, ([at]) => at, now);
  if (judgedByAPass(stored.through, now)) return alerted === stored.alerted ? stored : { ...stored, alerted };
  return { ...readWebState({ ...stored, through: now + JUDGED_TO_SLACK_MS })!, alerted, through: 0 };
}

/**
 * Two writes of one address's state folded together (the store's merge on a version conflict). Besides the pass that
 * judges the address, a pass that alerts it late writes the alert's cooldown into its stored state: another batch of
 * the same pass (the next batch's states are loaded while this one is written), or another partition's pass (late
 * alerts follow the referrer domain, not the address). The state that judged further (`through`) keeps its lists;
 * each alert key keeps its latest time from either, so neither the judging nor the cooldown is lost. The stored state
 * is read as a pass at `now` loads it (asOfClock): as written, a `through` no pass could have written (a hand edit)
 * won the merge, so the batch's judging was lost and the forged time written back, and a cooldown so dated replaced
 * the batch's for its key.
 */
export function mergeWebStates(computed: WebState, written: WebState, now: number): WebState {
  const stored = asOfClock(written, now);
  const base = stored.through > computed.through ? stored : computed;
  const latest = new Map<string, number>();
  for (const [at, key] of [...stored.alerted, ...computed.alerted])
    latest.set(key, Math.max(at, latest.get(key) ?? at));
  const alerted = [...latest]
    .map(([key, at]): Timed<string> => [at, key])
    .sort((a, b) => a[0] - b[0])
    .slice(-MAX_ALERT_KEYS);
  return { ...base, alerted };
}

/**
 * A stored state as the core can use it. A document may be hand-edited or left by another writer, and isWebState
 * refused the whole state for one bad entry (the address lost its counts and cooldowns, and its events were counted
 * again). Instead: an entry that is no `[finite time, value of its list's type]` is dropped (an upload size stored as
 * text was added up as text, the sum compared as NaN, and a false exfiltration alert was raised); a list that is no
 * list is empty; a list over its cap keeps its newest entries (the detectors cap only a list they add to: one of a
 * detector the address no longer triggers was cloned and written back by every pass for ever). `through` must be a
 * finite number, else the state is unusable. A state of usable entries is returned as the very object (no copy).
 */
export function readWebState(v: unknown): WebState | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const s = v as Record<string, unknown>;
  if (!Number.isFinite(s.through)) return undefined;
  let out: Record<string, unknown> | undefined;
  for (const [list, value, cap] of WEB_LISTS) {
    const stored = s[list];
    // A detector's entry is an event judged, so no later than `through`; one later would count in every window to come
    // (ten misses dated next year made each 404 of the address a scan). A cooldown is not bounded so: a late alert's
    // may be set before the address's events are judged (core.ts, withLateCooldowns).
    const usable = usableList(stored, usableEntry(value, list === 'alerted' ? Infinity : (s.through as number)), cap);
    if (usable !== stored) (out ??= { ...s })[list] = usable;
  }
  return (out ?? s) as unknown as WebState;
}

/** Each list, the type of its entries' value and its cap. */
const WEB_LISTS: ReadonlyArray<readonly [keyof WebState, 'string' | 'number', number]> = [
  ['misses', 'string', MAX_TRACKED],
  ['probes', 'string', MAX_TRACKED],
  ['tooMany', 'number', MAX_TRACKED],
  ['loginFailures', 'string', MAX_TRACKED],
  ['codes', 'number', MAX_TRACKED],
  ['uploads', 'number', MAX_TRACKED],
  ['alerted', 'string', MAX_ALERT_KEYS],
];

/**
 * The longest text a list entry holds: the detectors keep a path shape (120 characters), a failed login's path (200)
 * or a cooldown key naming a referrer host (300 at most, paths.ts and domain_list.ts). A longer one was not written by
 * them, and a hand-edited megabyte would otherwise be read, cloned and written back by every pass.
 */
const MAX_STORED_TEXT = 512;

/** A `[time, value]` entry whose value is of type `value`, at a finite time no later than `latest`. */
function usableEntry(value: 'string' | 'number', latest: number): (e: unknown) => boolean {
  return (e) =>
    Array.isArray(e) &&
    e.length === 2 &&
    Number.isFinite(e[0]) &&
    e[0] <= latest &&
    (value === 'string' ? typeof e[1] === 'string' && e[1].length <= MAX_STORED_TEXT : Number.isFinite(e[1]));
}

/** Adds one entry and drops what fell out of the window or over the cap (oldest first). */
export function push<T>(list: Array<Timed<T>>, entry: Timed<T>, windowMs: number, cap = MAX_TRACKED): void {
  list.push(entry);
  const from = entry[0] - windowMs;
  let drop = 0;
  while (drop < list.length && list[drop][0] <= from) drop++;
  if (list.length - drop > cap) drop = list.length - cap;
  if (drop > 0) list.splice(0, drop);
}

/** Entries within `windowMs` up to `now` (the list is in time order). */
export function inWindow<T>(list: ReadonlyArray<Timed<T>>, now: number, windowMs: number): Array<Timed<T>> {
  let i = list.length;
  while (i > 0 && list[i - 1][0] > now - windowMs) i--;
  return list.slice(i);
}

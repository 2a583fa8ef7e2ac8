/**
 * What the web family remembers per address, bounded whatever the traffic: for each detector the recent relevant
 * requests inside its window (time and what matters about them), pruned to the window and capped; when each rule last
 * alerted; and the latest event judged, so a re-read window counts nothing twice.
 */
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
 * Two writes of one address's state folded together (the store's merge on a version conflict). Besides the pass that
 * judges the address, a pass that alerts it late writes the alert's cooldown into its stored state: another batch of
 * the same pass (the next batch's states are loaded while this one is written), or another partition's pass (late
 * alerts follow the referrer domain, not the address). The state that judged further (`through`) keeps its lists;
 * each alert key keeps its latest time from either, so neither the judging nor the cooldown is lost.
 */
export function mergeWebStates(computed: WebState, stored: WebState): WebState {
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

/**
 * How a pass cuts its backlog into windows. A window shorter than `MIN_MAX_WINDOW_MS` is refused wherever the length
 * is set (kibana.yml `buffalogs.maxWindow`, `buffalogs run --max-window`): each window opens a point in time and lists
 * its users, so a 7-day backlog cut into 1 ms windows would take 600 million of them, and 0 never moves at all (a
 * window from the checkpoint to itself, judged and checkpointed forever). A minute keeps a week's backlog at
 * most 10,080 windows while staying under the shortest sensible schedule interval.
 */
export const MIN_MAX_WINDOW_MS = 60_000;

/** The message every entry point gives for a too-short window (the caller prefixes the key). */
export const MAX_WINDOW_PROBLEM =
  'must be at least 1 minute (each window is one pass over the events; 0 never advances)';

/**
 * The longest `lag`, `lookback` or window a pass takes (kibana.yml `buffalogs.lag`/`lookback`/`maxWindow`,
 * `buffalogs run --lag/--lookback/--max-window`): ten years. Past about 274,000 years a time is no Date at all and the
 * pass's first `toISOString` threw "Invalid time value" at every run; ten years is more history than any index keeps.
 */
export const MAX_PASS_DURATION_MS = 3650 * 86_400_000;

/** The message every entry point gives for a too-long duration (the caller prefixes the key). */
export const TOO_LONG_PROBLEM = 'must be at most 3650d (ten years)';

/**
 * The next window after `completedTo`, or `undefined` when the backlog is done. Throws rather than returning a
 * window that does not advance, so the pass's loop cannot spin without progress whatever settings reach it.
 */
export function nextWindow(
  completedTo: number,
  end: number,
  maxWindowMs: number,
): { from: number; to: number } | undefined {
  if (!Number.isFinite(completedTo) || !Number.isFinite(end))
    throw new Error(`window bounds must be finite (from ${completedTo} to ${end})`);
  if (completedTo >= end) return undefined;
  if (!(maxWindowMs >= MIN_MAX_WINDOW_MS)) throw new Error(`maxWindow ${MAX_WINDOW_PROBLEM}; got ${maxWindowMs} ms`);
  return { from: completedTo, to: Math.min(completedTo + maxWindowMs, end) };
}

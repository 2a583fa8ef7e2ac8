/**
 * How far past a pass's clock a stored "judged up to" time may be, in every family's per-entity state: the login
 * family's `judgedTo`, the web family's `through`, the credential families' `lastAt`, the sequence family's watermark
 * and latest time seen. A pass sets one from the events it read, which end at its window's end, and a checkpointed
 * window ends at the pass's clock at the latest; a day covers Kibana nodes whose clocks disagree (the node that wrote
 * the state ahead of the one that reads it). A later one was written by no pass — a hand edit, or another writer of
 * the state index (anyone with access can edit it) — and read as it stands it would skip every later event of the
 * entity until then as already judged, for good where the family keeps the max of the stored and the new time.
 * Detection cores have no clock: each family applies this where its pass's `now` is handed in.
 */
export const JUDGED_TO_SLACK_MS = 86_400_000;

/** Whether a stored judged-up-to time is one a pass at `now` (or a node a day ahead of it) could have written. */
export const judgedByAPass = (time: number, now: number): boolean => time <= now + JUDGED_TO_SLACK_MS;

/**
 * The entries of a stored list whose time (`timeOf`: an event's, an alert's) a pass at `now` could have written, by the
 * same day of slack: the list itself when all are (the usual case, which allocates nothing: it runs per entity per
 * batch), else a copy of those. The families drop the others rather than move them back: no event came then.
 */
export function writtenByAPass<T>(list: T[], timeOf: (entry: T) => number, now: number): T[] {
  for (let i = 0; i < list.length; i++)
    if (!judgedByAPass(timeOf(list[i]), now)) return list.filter((e) => judgedByAPass(timeOf(e), now));
  return list;
}

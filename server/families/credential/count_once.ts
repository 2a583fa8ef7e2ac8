/**
 * Exactly-once counting for the credential families' states: a window read again (after a crash, or a backfill over
 * a judged range) must not count an event twice. Events are judged in time order, so a state keeps only the newest
 * event time it counted and the ids counted at that time.
 */
export const MAX_LAST_IDS = 256;

export interface CountedEvents {
  lastAt: number;
  lastIds: string[];
}

/** Whether an event was already counted. Marks it counted otherwise. */
export function countOnce(state: CountedEvents, at: number, id: string): boolean {
  if (at < state.lastAt) return false;
  if (at === state.lastAt) {
    if (state.lastIds.includes(id)) return false;
    if (state.lastIds.length < MAX_LAST_IDS) state.lastIds.push(id);
    return true;
  }
  state.lastAt = at;
  state.lastIds = [id];
  return true;
}

export const isCountedEvents = (v: unknown): v is CountedEvents =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as CountedEvents).lastAt === 'number' &&
  Array.isArray((v as CountedEvents).lastIds);

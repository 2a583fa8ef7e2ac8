/**
 * Exactly-once counting for the credential families' states: a window read again (after a crash, or a backfill over
 * a judged range) must not count an event twice. Events are judged in time order, so a state keeps only the newest
 * event time it counted and the ids counted at that time.
 */
import { judgedByAPass } from '../judged_to';

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

/**
 * Forgets (in place) a newest counted time no pass could have written (../judged_to.ts), and its ids: kept, every
 * later event of the entity until then would be taken as counted (`at < lastAt`) and the time would stay stored, the
 * entity's counts frozen for good. Called by each family's core on its copy of the stored state, not by the readers
 * (./stored.ts): the core has the pass's clock, a reader the stored state only.
 */
export function forgetCountsPastClock(state: CountedEvents, now: number): void {
  if (judgedByAPass(state.lastAt, now)) return;
  state.lastAt = 0;
  state.lastIds = [];
}

export const isCountedEvents = (v: unknown): v is CountedEvents =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as CountedEvents).lastAt === 'number' &&
  Array.isArray((v as CountedEvents).lastIds);

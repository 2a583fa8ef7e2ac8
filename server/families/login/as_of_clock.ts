/**
 * A user's stored state as a pass at `now` can judge with it: its times that no pass could have written
 * (../judged_to.ts: a pass writes a login's time, which is its window's end at the latest, or its own clock) are
 * dropped or held to the latest time a pass could have written. Each, hand-edited to the year 3000, kept the user as
 * the edit left it for good, because every bound on the state is a window back from the newest time:
 * - a risk alert raised then counted in BuffaLogs' risk (by when it was raised) in every window and was never pruned:
 *   the user stayed at high risk. Dropped: no pass raised it when it says, and the risk counts raised alerts.
 * - an incident ending then took every later suspicious login of the user (joining it updates its alert: no alert of
 *   its own), and one starting then was never replaced. Dropped: the user's next suspicious login is its own alert.
 * - a baseline value (country, device, address, network, habit) or stored login seen then stayed known for good, a
 *   newest login then pruned the user's baselines at the end of every batch (every value more than the retention
 *   before the year 3000), and a habit model decayed to then never decayed again. Held to the latest time a pass
 *   could have written: the value was seen, when is what the edit made up; held so, it ages out as one seen today.
 * Two times need nothing: `names` is shown, never judged; `firstLoginAt` is set back by the user's first login.
 * Called once per user per batch by the family, before the core judges (the core has no clock of its own, and its
 * per-login speed is measured: nothing here runs per login). `judgedTo` is the family's own (./family.ts).
 */
import type { UserState } from '../../detection';
import type { BaselineEntry } from '../../detection/user_state';
import { JUDGED_TO_SLACK_MS, writtenByAPass } from '../judged_to';

const DAY_MS = 86_400_000;

/** Changes `state` in place (the family's states are its own, freshly read, as the core's reuseStates expects). */
export function holdToClock(state: UserState, now: number): void {
  const latest = now + JUDGED_TO_SLACK_MS;
  // Module functions and plain calls, no closure or list of the lists: this runs for every user of every batch, and
  // the usual state (nothing past the clock) should cost its reads alone.
  state.riskAlerts = writtenByAPass(state.riskAlerts, raisedAt, now);
  // Its shape is judged where it is used (verdict/incident.ts): here only its times, when they are numbers.
  const incident = state.incident as Partial<Record<'at' | 'start' | 'end', unknown>> | undefined;
  if (
    typeof incident === 'object' &&
    incident !== null &&
    (pastClock(incident.at, latest) || pastClock(incident.start, latest) || pastClock(incident.end, latest))
  )
    state.incident = undefined; // not deleted: the state keeps its shape (user_state.ts, newUserState)
  holdEntries(state.countries, latest);
  holdEntries(state.devices, latest);
  holdEntries(state.ips, latest);
  holdEntries(state.asns, latest);
  if (state.habits !== undefined) holdEntries(state.habits, latest);
  for (const login of state.logins) {
    if (login.at > latest) login.at = latest;
    if (login.insertedAt !== undefined && login.insertedAt > latest) login.insertedAt = latest;
  }
  if (state.lastLoginAt !== undefined && state.lastLoginAt > latest) state.lastLoginAt = latest;
  // Read only by a write's merge (login/states.ts), which teaches each again at its time: the habit model decayed to
  // the year 3000 there lost every weight it had.
  if (state.taught !== undefined) for (const t of state.taught) if (t.at > latest) t.at = latest;
  if (state.model !== undefined && state.model.d > Math.floor(latest / DAY_MS))
    state.model.d = Math.floor(latest / DAY_MS);
}

const pastClock = (t: unknown, latest: number): boolean => typeof t === 'number' && t > latest;

/** A risk alert is one a pass raised when both its login's time and its raising are: the later of the two. */
const raisedAt = (a: UserState['riskAlerts'][number]): number => Math.max(a.createdAt, a.at);

function holdEntries(list: BaselineEntry[], latest: number): void {
  for (const e of list) {
    if (e.last > latest) e.last = latest;
    if (e.first > latest) e.first = latest;
  }
}

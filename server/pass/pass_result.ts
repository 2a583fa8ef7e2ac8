/** What one pass did: returned to the task (its state), printed by `buffalogs run`, logged in one line. */
import type { RejectionCode } from '../events';

export interface PassResult {
  /** Windows judged (or resumed) in this pass, epoch ms, `(from, to]`. */
  windows: Array<{ from: number; to: number }>;
  /** Where the partition's checkpoint stands after the pass (absent for an explicit --from/--to run). */
  completedTo?: number;
  batches: number;
  /** Users whose logins were judged. */
  users: number;
  hits: number;
  /** Logins passed to the detection core. */
  events: number;
  rejected: Partial<Record<RejectionCode, number>>;
  alertsCreated: number;
  /** Alerts that were already stored (a re-run of a window). */
  alertsExisting: number;
  statesWritten: number;
  /** Stored states this version could not use; those users started afresh. */
  invalidStates: number;
  /** Bulk items sent again after a rejection. */
  retries: number;
  timings: { readMs: number; detectMs: number; writeMs: number; totalMs: number };
}

export function emptyPassResult(): PassResult {
  return {
    windows: [],
    batches: 0,
    users: 0,
    hits: 0,
    events: 0,
    rejected: {},
    alertsCreated: 0,
    alertsExisting: 0,
    statesWritten: 0,
    invalidStates: 0,
    retries: 0,
    timings: { readMs: 0, detectMs: 0, writeMs: 0, totalMs: 0 },
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The one log line per run: counts and timings. */
export function summarisePass(result: PassResult): string {
  const t = result.timings;
  const rejected = Object.values(result.rejected).reduce((a, b) => a + (b ?? 0), 0);
  const windows = result.windows.length ? `${iso(result.windows[0].from)}..${iso(result.windows[result.windows.length - 1].to)}` : 'none (up to date)';
  return (
    `window ${windows}: ${result.users} users, ${result.events} logins (${rejected} rejected) in ${result.batches} batches; ` +
    `${result.alertsCreated} new alerts (${result.alertsExisting} already stored), ${result.statesWritten} states written` +
    `${result.retries ? `, ${result.retries} bulk retries` : ''}${result.invalidStates ? `, ${result.invalidStates} unusable states reset` : ''}; ` +
    `${t.totalMs} ms (read ${t.readMs}, detect ${t.detectMs}, write ${t.writeMs})`
  );
}

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
  /** Of those, dropped by the core: the same event (index + id) was judged already. */
  duplicates: number;
  /** Of those, dropped by the core: the profile cannot judge them (buffalogs: no IP, country or coordinates). */
  skipped: number;
  /** Of those, judged although a later login of the same user was judged before (against the state as it was). */
  outOfOrder: number;
  /** Logins not judged again: a window read a second time that the user's stored state already holds (`judgedTo`). */
  alreadyJudged: number;
  rejected: Partial<Record<RejectionCode, number>>;
  alertsCreated: number;
  /** Alerts that were already stored (a re-run of a window). */
  alertsExisting: number;
  /** Stored alerts of an incident that a later login joined, updated (server/detection/verdict/incident.ts). */
  alertsUpdated: number;
  /** Other documents the families created beside their alerts (the login family's observations). */
  recordsCreated: number;
  /** Alerts Elasticsearch refused for their content, kept in `buffalogs-deadletter-<space>` instead. */
  deadLetters: number;
  /** Alerts written with event values moved to `buffalogs.unmapped_fields` (their shape did not fit the mapping). */
  reshapedAlerts: number;
  statesWritten: number;
  /** Stored states this version could not use; those users started afresh. */
  invalidStates: number;
  /** Bulk items sent again after a rejection. */
  retries: number;
  timings: { readMs: number; detectMs: number; writeMs: number; totalMs: number };
  /**
   * A family's own counters, added up over the batches (`DetectOutput.stats` beyond the ones above): the web
   * family's `reputation_cached`, `reputation_looked_up`, `reputation_deferred`, `reputation_failed`, the login
   * family's `filteredAlerts`. Shown in the pass's log line.
   */
  familyCounts: Record<string, number>;
}

/** `DetectOutput.stats` the result has fields of its own for (or that restate one): not family counters. */
export const PASS_STATS = new Set([
  'entities',
  'users',
  'events',
  'alerts',
  'duplicates',
  'skipped',
  'outOfOrder',
  'alreadyJudged',
]);

export function emptyPassResult(): PassResult {
  return {
    windows: [],
    batches: 0,
    users: 0,
    hits: 0,
    events: 0,
    duplicates: 0,
    skipped: 0,
    outOfOrder: 0,
    alreadyJudged: 0,
    rejected: {},
    alertsCreated: 0,
    alertsExisting: 0,
    alertsUpdated: 0,
    recordsCreated: 0,
    deadLetters: 0,
    reshapedAlerts: 0,
    statesWritten: 0,
    invalidStates: 0,
    retries: 0,
    timings: { readMs: 0, detectMs: 0, writeMs: 0, totalMs: 0 },
    familyCounts: {},
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The one log line per run: counts and timings. */
export function summarisePass(result: PassResult): string {
  const t = result.timings;
  const rejected = Object.values(result.rejected).reduce((a, b) => a + (b ?? 0), 0);
  const counts = Object.entries(result.familyCounts)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const windows = result.windows.length
    ? `${iso(result.windows[0].from)}..${iso(result.windows[result.windows.length - 1].to)}`
    : 'none (up to date)';
  return (
    `window ${windows}: ${result.users} users, ${result.events} logins (${rejected} rejected) in ${result.batches} batches; ` +
    `dropped: ${result.duplicates} duplicates, ${result.skipped} skipped by the profile, ${result.alreadyJudged} already judged` +
    `${result.outOfOrder ? ` (${result.outOfOrder} judged out of order)` : ''}; ` +
    `${result.alertsCreated} new alerts (${result.alertsExisting} already stored)` +
    `${result.alertsUpdated ? `, ${result.alertsUpdated} incident alerts updated` : ''}` +
    `${result.recordsCreated ? `, ${result.recordsCreated} observations` : ''}, ${result.statesWritten} states written` +
    `${result.deadLetters ? `, ${result.deadLetters} refused alerts kept as dead letters` : ''}` +
    `${result.reshapedAlerts ? `, ${result.reshapedAlerts} alerts reshaped to fit the mapping` : ''}` +
    `${result.retries ? `, ${result.retries} bulk retries` : ''}${result.invalidStates ? `, ${result.invalidStates} unusable states reset` : ''}; ` +
    `${counts ? `${counts}; ` : ''}` +
    `${t.totalMs} ms (read ${t.readMs}, detect ${t.detectMs}, write ${t.writeMs})`
  );
}

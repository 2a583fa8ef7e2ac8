/**
 * Waits, through the plugin's own HTTP API, until the detection task has judged everything loaded before it ran:
 * a task run that finished after `since`, whose checkpoint reaches the newest sample event. Used by the demo and
 * the end-to-end tests. Fails with the task's own error when a run failed.
 */
import { API_LIMITS, API_PATHS, type AlertsListResponse, type TaskStatusResponse } from '../../common/api';
import { API_VERSION, RULE_IDS, type RuleId } from '../../common/constants';

export interface DetectionSummary {
  runs: number;
  events: number;
  users: number;
  /** Every alert stored, and those not suppressed by a filter (e.g. during a user's learning period). */
  alerts: number;
  unfilteredAlerts: number;
  /** Unfiltered alerts per detector. */
  byDetector: Partial<Record<RuleId, number>>;
}

/**
 * Unfiltered alerts whose own rule is `rule`. The list's `detector` filter also matches the verdicts (the default
 * profile's suspicious_login) with that signal, so its total is not the rule's count: walk its pages and count by
 * `rule.id` (a demo's or a test's few hundred alerts: a page or two).
 */
async function countRuleAlerts(baseUrl: string, rule: RuleId): Promise<number> {
  let count = 0;
  let cursor = '';
  for (;;) {
    const page = await apiGet<AlertsListResponse>(
      baseUrl,
      `${API_PATHS.alerts}?detector=${rule}&size=${API_LIMITS.maxPageSize}&filtered=unfiltered${cursor}`,
    );
    count += page.items.filter((a) => a.rule?.id === rule).length;
    if (!page.next_cursor || page.items.length === 0) return count;
    cursor = `&cursor=${encodeURIComponent(page.next_cursor)}`;
  }
}

interface TaskRunState {
  runs?: number;
  lastOutcome?: 'ok' | 'cancelled' | 'failed';
  lastError?: string;
  completedTo?: string;
  lastCounts?: { users: number; events: number; alertsCreated: number };
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function apiGet<T>(baseUrl: string, route: string): Promise<T> {
  const res = await fetch(`${baseUrl}${route}`, { headers: { 'elastic-api-version': API_VERSION } });
  if (!res.ok) throw new ApiError(`GET ${route}: ${res.status} ${await res.text()}`, res.status);
  return (await res.json()) as T;
}

/**
 * The task's status, or undefined while the route answers 503: right after start the plugin is still creating its
 * indices, and a search can reach one whose shard has not started (no_shard_available_action_exception).
 */
async function taskStatus(baseUrl: string): Promise<TaskStatusResponse | undefined> {
  try {
    return await apiGet<TaskStatusResponse>(baseUrl, API_PATHS.task);
  } catch (error) {
    if (error instanceof ApiError && error.status === 503) return undefined;
    throw error;
  }
}

export async function waitForDetection(
  baseUrl: string,
  opts: { timeoutMs: number; minRuns?: number; pollMs?: number },
): Promise<DetectionSummary> {
  const deadline = Date.now() + opts.timeoutMs;
  let state: TaskRunState | undefined;
  for (;;) {
    const status = await taskStatus(baseUrl);
    if (!status) {
      if (Date.now() > deadline) throw new Error(`the task route still answered 503 after ${opts.timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
      continue;
    }
    if (!status.task_manager_available) throw new Error('the host reports no Task Manager: detection cannot run');
    state = status.tasks[0]?.last_run_state as TaskRunState | undefined;
    if (state?.lastOutcome === 'failed') throw new Error(`the detection task failed: ${state.lastError}`);
    // A run that threw leaves no state behind; Task Manager keeps its attempt count and reschedules it.
    const task = status.tasks[0];
    if (task && task.status === 'idle' && (task.attempts ?? 0) > 0 && state?.lastOutcome === undefined) {
      throw new Error('the detection task ran and failed (its error is in the Kibana host log)');
    }
    if (state?.lastOutcome === 'ok' && (state.runs ?? 0) >= (opts.minRuns ?? 1)) break;
    if (Date.now() > deadline) {
      throw new Error(
        `detection did not finish within ${opts.timeoutMs / 1000} s (task: ${JSON.stringify(status.tasks[0])})`,
      );
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }
  // Alerts become searchable at the alerts index's refresh, batch by batch: wait until this run's are all visible.
  const created = state.lastCounts?.alertsCreated ?? 0;
  let all = await apiGet<AlertsListResponse>(baseUrl, `${API_PATHS.alerts}?size=1&filtered=all`);
  for (const refreshDeadline = Date.now() + 15_000; all.total < created && Date.now() < refreshDeadline;) {
    await new Promise((r) => setTimeout(r, 300));
    all = await apiGet<AlertsListResponse>(baseUrl, `${API_PATHS.alerts}?size=1&filtered=all`);
  }
  // `created` is the last run's count: when a later run (a schedule tick, a run-now) finished first, it is smaller than
  // what the first run wrote and the wait above ends before their refresh. Wait until the total holds still for longer
  // than the index's 1 s refresh, so the counts below include every alert written so far.
  for (let stableSince = Date.now(), last = all.total, end = Date.now() + 15_000; Date.now() < end;) {
    await new Promise((r) => setTimeout(r, 300));
    all = await apiGet<AlertsListResponse>(baseUrl, `${API_PATHS.alerts}?size=1&filtered=all`);
    if (all.total !== last) [last, stableSince] = [all.total, Date.now()];
    else if (Date.now() - stableSince >= 1_500) break;
  }
  const shown = await apiGet<AlertsListResponse>(baseUrl, `${API_PATHS.alerts}?size=1&filtered=unfiltered`);
  const byDetector: DetectionSummary['byDetector'] = {};
  for (const rule of RULE_IDS) {
    const n = await countRuleAlerts(baseUrl, rule);
    if (n > 0) byDetector[rule] = n;
  }
  return {
    runs: state.runs ?? 0,
    events: state.lastCounts?.events ?? 0,
    users: state.lastCounts?.users ?? 0,
    alerts: all.total,
    unfilteredAlerts: shown.total,
    byDetector,
  };
}

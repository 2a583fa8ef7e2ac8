/**
 * Waits, through the plugin's own HTTP API, until the detection task has judged everything loaded before it ran:
 * a task run that finished after `since`, whose checkpoint reaches the newest sample event. Used by the demo and
 * the end-to-end tests. Fails with the task's own error when a run failed.
 */
import { API_LIMITS, API_PATHS, type AlertsListResponse, type TaskStatusResponse } from '../../common/api';
import { API_VERSION, RULE_IDS, type RuleId } from '../../common/constants';
import { FAMILIES, loginFamily } from '../../server/families';

const LOGIN_FAMILY_ID = loginFamily.id;

export interface DetectionSummary {
  runs: number;
  events: number;
  users: number;
  /** Every alert stored, and those not suppressed by a filter (e.g. during a user's learning period). */
  alerts: number;
  unfilteredAlerts: number;
  /** The login family's unfiltered alerts per detector. */
  byDetector: Partial<Record<RuleId, number>>;
  /** Every family's unfiltered alerts by rule, in the registry's order. */
  byFamily: FamilyAlerts[];
}

/** One family's unfiltered alerts by rule, as the demo prints them. */
export interface FamilyAlerts {
  family: string;
  /** The family's title in the registry (server/families/). */
  title: string;
  /** By rule id and the name the family wrote on its alerts (a credential attack and its compromised account differ). */
  rules: Array<{ id: string; name: string; count: number }>;
}

/**
 * Every unfiltered alert, counted by family and by its own rule. One walk of the list, unfiltered by detector: the
 * `detector` filter also matches verdicts with that signal, and a list of rule ids to ask for (RULE_IDS) knows only
 * the login family's, which is how the demo's summary came to leave out the credential and sequence alerts. Families
 * come from the registry, in its order; an alert of a family it does not know is listed under its id.
 */
export async function alertsByFamily(baseUrl: string): Promise<FamilyAlerts[]> {
  const counts = new Map<string, Map<string, { id: string; name: string; count: number }>>();
  let cursor = '';
  for (;;) {
    const page = await apiGet<AlertsListResponse>(
      baseUrl,
      `${API_PATHS.alerts}?size=${API_LIMITS.maxPageSize}&filtered=unfiltered${cursor}`,
    );
    for (const a of page.items) {
      // Alerts written before families existed are the login family's.
      const family = a.buffalogs?.family ?? LOGIN_FAMILY_ID;
      const id = a.rule?.id ?? 'unknown';
      const name = a.rule?.name ?? id;
      const rules = counts.get(family) ?? new Map();
      counts.set(family, rules);
      const key = `${id}\u0000${name}`;
      const entry = rules.get(key) ?? { id, name, count: 0 };
      entry.count++;
      rules.set(key, entry);
    }
    if (!page.next_cursor || page.items.length === 0) break;
    cursor = `&cursor=${encodeURIComponent(page.next_cursor)}`;
  }
  const known = FAMILIES.map((f) => f.id);
  const order = [...known, ...[...counts.keys()].filter((f) => !known.includes(f)).sort()];
  return order
    .filter((family) => counts.has(family))
    .map((family) => ({
      family,
      title: FAMILIES.find((f) => f.id === family)?.title ?? family,
      rules: [...counts.get(family)!.values()].sort((x, y) => y.count - x.count || x.name.localeCompare(y.name)),
    }));
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
    // The other families' tasks run beside the login family's: the summary counts their alerts too, so each must have
    // finished a run (a failed one is theirs to report in the app's detection status, not a reason to stop the demo).
    const othersDone = status.tasks
      .slice(1)
      .filter((t) => t.scheduled !== false)
      .every((t) => (t.last_run_state as TaskRunState | undefined)?.lastOutcome !== undefined);
    if (state?.lastOutcome === 'ok' && (state.runs ?? 0) >= (opts.minRuns ?? 1) && othersDone) break;
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
  const byFamily = await alertsByFamily(baseUrl);
  const byDetector: DetectionSummary['byDetector'] = {};
  for (const r of byFamily.find((f) => f.family === LOGIN_FAMILY_ID)?.rules ?? [])
    if ((RULE_IDS as readonly string[]).includes(r.id))
      byDetector[r.id as RuleId] = (byDetector[r.id as RuleId] ?? 0) + r.count;
  return {
    runs: state.runs ?? 0,
    events: state.lastCounts?.events ?? 0,
    users: state.lastCounts?.users ?? 0,
    alerts: all.total,
    unfilteredAlerts: shown.total,
    byDetector,
    byFamily,
  };
}

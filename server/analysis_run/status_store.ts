/**
 * A run's request, progress and cancellation, in one `kind: status` document per analysis in
 * `buffalogs-analysis-<space>`. Task Manager saves a task's state only when a run ends, and the run may be on another
 * Kibana node than the request asking about it: Elasticsearch is the one place both can see. The runner writes its
 * progress at most every `intervalMs` and reads back the cancel request each time, so a cancel lands within one
 * interval wherever the run is.
 *
 * Its states: `queued` (run now was asked, Task Manager has not started the task yet: that waits for a poll of some
 * Kibana node), `running`, then `done`, `cancelled` or `failed`. A run asked for and cancelled before it started is
 * `cancelled` with no `started_at` and `cancel_requested` still set: the task's next start (the one run now asked
 * for) finds it, clears the flag and stops before reading anything. Every change of state is a compare-and-set on
 * the document's `_seq_no` (the request, the cancel of a queued run, the runner's start), so a cancel on one node and
 * a start on another cannot both win: either the start sees the cancel, or the cancel sees the run and asks it to
 * stop (setting the flag, which is no change of state: a partial update, like the runner's progress writes).
 */
import { createHash } from 'node:crypto';
import { analysisResultsIndex, ensureIndexFromTemplate, type EsClient } from '../storage';
import { ANALYSIS_RESULTS_TEMPLATE } from '../storage/templates';
import type { AnalysisProgress } from './run_analysis';

export interface AnalysisStatus {
  kind: 'status';
  analysis: { name: string; run_id: string };
  state: 'queued' | 'running' | 'done' | 'cancelled' | 'failed';
  progress: AnalysisProgress;
  /** When "run now" asked for the run (absent for a scheduled run). */
  requested_at?: string;
  /** When the run started; absent while queued, and for a run cancelled before it started. */
  started_at?: string;
  updated_at: string;
  error?: string;
  cancel_requested?: boolean;
}

export const statusDocId = (analysis: string): string =>
  createHash('sha1').update(`status\u0000${analysis}`).digest('hex');

const esStatusOf = (error: unknown): number | undefined =>
  (error as { meta?: { statusCode?: number } }).meta?.statusCode;

/** The status with what a compare-and-set on it needs (no document: `create` only). */
interface StatusRead {
  status?: AnalysisStatus;
  seqNo?: number;
  primaryTerm?: number;
}

async function readVersioned(client: EsClient, space: string, name: string): Promise<StatusRead> {
  try {
    const res = await client.get<AnalysisStatus>({ index: analysisResultsIndex(space), id: statusDocId(name) });
    return { status: res._source, seqNo: res._seq_no, primaryTerm: res._primary_term };
  } catch (error) {
    if (esStatusOf(error) === 404) return {};
    throw error;
  }
}

export async function readStatus(client: EsClient, space: string, name: string): Promise<AnalysisStatus | undefined> {
  return (await readVersioned(client, space, name)).status;
}

/**
 * Writes `doc` if the status is still as `read` saw it; false when another writer changed it in between (read it
 * again and decide again).
 */
async function writeIfUnchanged(
  client: EsClient,
  space: string,
  name: string,
  read: StatusRead,
  doc: AnalysisStatus,
): Promise<boolean> {
  try {
    await client.index({
      index: analysisResultsIndex(space),
      id: statusDocId(name),
      document: doc,
      ...(read.status && read.seqNo !== undefined && read.primaryTerm !== undefined
        ? { if_seq_no: read.seqNo, if_primary_term: read.primaryTerm }
        : { op_type: 'create' as const }),
      // Every reader gets the document by id, which is real-time: no refresh to wait for.
    });
    return true;
  } catch (error) {
    if (esStatusOf(error) === 409) return false;
    throw error;
  }
}

/**
 * How long a `running` status may go unchanged before it is taken for a run that died with its Kibana node (a crash,
 * an OOM kill, a restart: nothing wrote `failed`). Past the task's own time-out (1h, analysis_task.ts) Task Manager has
 * cancelled any live run, so a status older than that (with a margin) cannot be a live one. The same bound for a
 * `queued` one: Task Manager starts a due task within a poll or a few, so a request that waited that long was lost
 * (its node stopped before asking Task Manager, say) and nothing will serve it.
 */
export const STALE_RUNNING_MS = 70 * 60_000;

const fresh = (status: AnalysisStatus, now: number): boolean => {
  const updated = Date.parse(status.updated_at);
  return Number.isFinite(updated) && now - updated <= STALE_RUNNING_MS;
};

/** Whether a run is going on: `running`, and written recently enough to be alive (STALE_RUNNING_MS). */
export function isRunning(status: AnalysisStatus | undefined, now: number): boolean {
  return status?.state === 'running' && fresh(status, now);
}

/** Whether a run was asked for and has not started yet (and is not so old that nothing will start it). */
export function isQueued(status: AnalysisStatus | undefined, now: number): boolean {
  return status?.state === 'queued' && fresh(status, now);
}

/** A run cancelled before it started whose start has not come yet (that start stops at once). */
export function isCancelledBeforeStart(status: AnalysisStatus | undefined, now: number): boolean {
  return (
    status?.state === 'cancelled' &&
    status.started_at === undefined &&
    status.cancel_requested === true &&
    fresh(status, now)
  );
}

/**
 * The status as the app shows it: a `running` one that stopped being written is a failed run (else the analysis read
 * as running for ever, and could be neither run again nor cancelled); so is a `queued` one that never started.
 */
export function shownStatus(status: AnalysisStatus, now: number): AnalysisStatus {
  if (status.state === 'running' && !isRunning(status, now))
    return {
      ...status,
      state: 'failed',
      error: `the run stopped reporting at ${status.updated_at} (its Kibana node stopped?)`,
    };
  if (status.state === 'queued' && !isQueued(status, now))
    return {
      ...status,
      state: 'failed',
      error: `the run asked for at ${status.requested_at ?? status.updated_at} never started (is Task Manager running tasks on a Kibana node?)`,
    };
  return status;
}

/** How many times a compare-and-set is tried again after another writer changed the status in between. */
const CAS_ATTEMPTS = 10;

export type RunRequest =
  { queued: true; status: AnalysisStatus; undo: () => Promise<void> } | { queued: false; status: AnalysisStatus };

/**
 * "Run now": marks the analysis `queued` unless a run is asked for or going on already (then `queued: false` and
 * the status that says so). `undo` puts the previous status back when Task Manager could not be asked to run it.
 */
export async function requestRun(
  client: EsClient,
  space: string,
  name: string,
  now: number = Date.now(),
): Promise<RunRequest> {
  await ensureIndexFromTemplate(client, analysisResultsIndex(space), ANALYSIS_RESULTS_TEMPLATE);
  for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
    const read = await readVersioned(client, space, name);
    const { status } = read;
    if (status && (isRunning(status, now) || isQueued(status, now))) return { queued: false, status };
    const at = new Date(now).toISOString();
    const doc: AnalysisStatus = {
      kind: 'status',
      // The run id of the last run until this one starts (the app keeps showing that run's report).
      analysis: { name, run_id: status?.analysis.run_id ?? '' },
      state: 'queued',
      progress: { phase: 'counting', total: 0, read: 0 },
      requested_at: at,
      updated_at: at,
      cancel_requested: false,
    };
    if (await writeIfUnchanged(client, space, name, read, doc)) {
      const undo = async () => {
        const mine = await readVersioned(client, space, name);
        if (mine.status?.state !== 'queued' || mine.status.requested_at !== at) return;
        if (status) await writeIfUnchanged(client, space, name, mine, status);
        else
          await client
            .delete({
              index: analysisResultsIndex(space),
              id: statusDocId(name),
              if_seq_no: mine.seqNo,
              if_primary_term: mine.primaryTerm,
            })
            .catch((error: unknown) => {
              if (esStatusOf(error) !== 409 && esStatusOf(error) !== 404) throw error;
            });
      };
      return { queued: true, status: doc, undo };
    }
  }
  throw new Error(`the status of analysis "${name}" kept changing; try again`);
}

/**
 * Cancels the analysis's run: one asked for and not started yet is `cancelled` at once (its start will stop before
 * reading anything); a running one is asked to stop (it does at its next progress write). What was cancelled, or
 * false when no run of this analysis is asked for or going on.
 */
export async function requestCancel(
  client: EsClient,
  space: string,
  name: string,
  now: number = Date.now(),
): Promise<'queued' | 'running' | false> {
  for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
    const read = await readVersioned(client, space, name);
    const { status } = read;
    if (!status) return false;
    if (isQueued(status, now)) {
      const doc: AnalysisStatus = {
        ...status,
        state: 'cancelled',
        cancel_requested: true,
        updated_at: new Date(now).toISOString(),
      };
      if (await writeIfUnchanged(client, space, name, read, doc)) return 'queued';
    } else if (isRunning(status, now)) {
      if (status.cancel_requested) return 'running';
      // Not a compare-and-set: the runner writes its progress as partial updates that leave the flag alone, as often
      // as every page when its interval is short, and a compare-and-set lost to each of them in turn (the cancel then
      // failed with "kept changing"); a partial update merges with them instead. Landing after the run ended, it
      // leaves the flag on a finished status, where nothing acts on it: the next start writes it false, and the app
      // shows it only on a running one.
      await client.update<AnalysisStatus, Partial<AnalysisStatus>>({
        index: analysisResultsIndex(space),
        id: statusDocId(name),
        doc: { cancel_requested: true },
        retry_on_conflict: 5,
      });
      return 'running';
    } else {
      return false;
    }
    // The runner started in between: look again.
  }
  throw new Error(`the status of analysis "${name}" kept changing; try again`);
}

/** The runner's side: progress written at most every `intervalMs`; `cancelled()` says whether a cancel was asked. */
export class StatusWriter {
  private lastWrite = -Infinity;
  private cancel = false;
  private pending: Promise<void> = Promise.resolve();
  private readonly startedAt: string;
  private requestedAt?: string;

  constructor(
    private readonly client: EsClient,
    private readonly space: string,
    private readonly name: string,
    private readonly runId: string,
    private readonly now: () => number,
    private readonly intervalMs = 2000,
  ) {
    this.startedAt = new Date(now()).toISOString();
  }

  /**
   * The run's start: `run`, and the status says `running` (the request it serves, if any, is taken); or `cancelled`
   * when the run it serves was cancelled before it started: the status says so (flag cleared) and nothing is read.
   */
  async start(): Promise<'run' | 'cancelled'> {
    await ensureIndexFromTemplate(this.client, analysisResultsIndex(this.space), ANALYSIS_RESULTS_TEMPLATE);
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const read = await readVersioned(this.client, this.space, this.name);
      const { status } = read;
      const at = new Date(this.now()).toISOString();
      if (status && isCancelledBeforeStart(status, this.now())) {
        const taken: AnalysisStatus = {
          ...status,
          analysis: { name: this.name, run_id: this.runId },
          cancel_requested: false,
          updated_at: at,
        };
        if (await writeIfUnchanged(this.client, this.space, this.name, read, taken)) return 'cancelled';
        continue;
      }
      // A queued request is this start's to serve, whichever start it is (run now's, or a scheduled one due then).
      this.requestedAt = status?.state === 'queued' ? status.requested_at : undefined;
      const running = this.doc('running', { phase: 'counting', total: 0, read: 0 });
      if (await writeIfUnchanged(this.client, this.space, this.name, read, running)) return 'run';
      // A cancel (or a request) landed in between: look again.
    }
    throw new Error(`the status of analysis "${this.name}" kept changing; the run did not start`);
  }

  /** Called on every progress report; writes (and reads the cancel flag back) only every `intervalMs`. */
  progress(progress: AnalysisProgress): void {
    if (this.now() - this.lastWrite < this.intervalMs) return;
    this.lastWrite = this.now();
    this.pending = this.pending.then(async () => {
      const res = await this.client.update<AnalysisStatus, Partial<AnalysisStatus>, AnalysisStatus>({
        index: analysisResultsIndex(this.space),
        id: statusDocId(this.name),
        doc: { progress, updated_at: new Date(this.now()).toISOString() },
        _source: ['cancel_requested'],
        retry_on_conflict: 5,
      });
      if (res.get?._source?.cancel_requested) this.cancel = true;
    });
    // A failed status write never fails the run; the next one tries again.
    this.pending = this.pending.catch(() => undefined);
  }

  cancelled(): boolean {
    return this.cancel;
  }

  async finish(state: AnalysisStatus['state'], progress: AnalysisProgress, error?: string): Promise<void> {
    await this.pending;
    await this.write(state, progress, error);
  }

  private doc(state: AnalysisStatus['state'], progress: AnalysisProgress, error?: string): AnalysisStatus {
    return {
      kind: 'status',
      analysis: { name: this.name, run_id: this.runId },
      state,
      progress,
      ...(this.requestedAt ? { requested_at: this.requestedAt } : {}),
      started_at: this.startedAt,
      updated_at: new Date(this.now()).toISOString(),
      ...(error ? { error } : {}),
      cancel_requested: false,
    };
  }

  private async write(state: AnalysisStatus['state'], progress: AnalysisProgress, error?: string): Promise<void> {
    await this.client.index({
      index: analysisResultsIndex(this.space),
      id: statusDocId(this.name),
      document: this.doc(state, progress, error),
      refresh: 'wait_for',
    });
  }
}

/**
 * A run's progress and a request to cancel it, in one `kind: status` document per analysis in
 * `buffalogs-analysis-<space>`. Task Manager saves a task's state only when a run ends, and the run may be on another
 * Kibana node than the request asking about it: Elasticsearch is the one place both can see. The runner writes its
 * progress at most every `intervalMs` and reads back the cancel request each time, so a cancel lands within one
 * interval wherever the run is.
 */
import { createHash } from 'node:crypto';
import { analysisResultsIndex, ensureIndexFromTemplate, type EsClient } from '../storage';
import { ANALYSIS_RESULTS_TEMPLATE } from '../storage/templates';
import type { AnalysisProgress } from './run_analysis';

export interface AnalysisStatus {
  kind: 'status';
  analysis: { name: string; run_id: string };
  state: 'running' | 'done' | 'cancelled' | 'failed';
  progress: AnalysisProgress;
  started_at: string;
  updated_at: string;
  error?: string;
  cancel_requested?: boolean;
}

export const statusDocId = (analysis: string): string =>
  createHash('sha1').update(`status\u0000${analysis}`).digest('hex');

const esStatusOf = (error: unknown): number | undefined =>
  (error as { meta?: { statusCode?: number } }).meta?.statusCode;

export async function readStatus(client: EsClient, space: string, name: string): Promise<AnalysisStatus | undefined> {
  try {
    const res = await client.get<AnalysisStatus>({ index: analysisResultsIndex(space), id: statusDocId(name) });
    return res._source;
  } catch (error) {
    if (esStatusOf(error) === 404) return undefined;
    throw error;
  }
}

/**
 * How long a `running` status may go unchanged before it is taken for a run that died with its Kibana node (a crash,
 * an OOM kill, a restart: nothing wrote `failed`). Past the task's own time-out (1h, analysis_task.ts) Task Manager has
 * cancelled any live run, so a status older than that (with a margin) cannot be a live one.
 */
export const STALE_RUNNING_MS = 70 * 60_000;

/** Whether a run is going on: `running`, and written recently enough to be alive (STALE_RUNNING_MS). */
export function isRunning(status: AnalysisStatus | undefined, now: number): boolean {
  if (status?.state !== 'running') return false;
  const updated = Date.parse(status.updated_at);
  return Number.isFinite(updated) && now - updated <= STALE_RUNNING_MS;
}

/**
 * The status as the app shows it: a `running` one that stopped being written is a failed run (else the analysis read
 * as running for ever, and could be neither run again nor cancelled).
 */
export function shownStatus(status: AnalysisStatus, now: number): AnalysisStatus {
  if (status.state !== 'running' || isRunning(status, now)) return status;
  return {
    ...status,
    state: 'failed',
    error: `the run stopped reporting at ${status.updated_at} (its Kibana node stopped?)`,
  };
}

/** Asks the running run to stop; false when no run of this analysis is going on. */
export async function requestCancel(
  client: EsClient,
  space: string,
  name: string,
  now: number = Date.now(),
): Promise<boolean> {
  const status = await readStatus(client, space, name);
  if (!isRunning(status, now)) return false;
  await client.update({
    index: analysisResultsIndex(space),
    id: statusDocId(name),
    doc: { cancel_requested: true },
    // The runner updates the same document every few seconds.
    retry_on_conflict: 5,
    refresh: 'wait_for',
  });
  return true;
}

/** The runner's side: progress written at most every `intervalMs`; `cancelled()` says whether a cancel was asked. */
export class StatusWriter {
  private lastWrite = -Infinity;
  private cancel = false;
  private pending: Promise<void> = Promise.resolve();
  private readonly startedAt: string;

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

  async start(): Promise<void> {
    await ensureIndexFromTemplate(this.client, analysisResultsIndex(this.space), ANALYSIS_RESULTS_TEMPLATE);
    await this.write('running', { phase: 'counting', total: 0, read: 0 });
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

  private async write(state: AnalysisStatus['state'], progress: AnalysisProgress, error?: string): Promise<void> {
    const doc: AnalysisStatus = {
      kind: 'status',
      analysis: { name: this.name, run_id: this.runId },
      state,
      progress,
      started_at: this.startedAt,
      updated_at: new Date(this.now()).toISOString(),
      ...(error ? { error } : {}),
      cancel_requested: false,
    };
    await this.client.index({
      index: analysisResultsIndex(this.space),
      id: statusDocId(this.name),
      document: doc,
      refresh: 'wait_for',
    });
  }
}

import React, { useCallback, useEffect, useState } from 'react';
import {
  EuiButton,
  EuiCallOut,
  EuiDescriptionList,
  EuiFlexGroup,
  EuiFlexItem,
  EuiHealth,
  EuiPanel,
  EuiProgress,
  EuiSpacer,
  EuiText,
  EuiTitle,
} from '@elastic/eui';
import type { AnalysisStatusResponse } from '../../../common/analysis_api';
import { describeHttpError } from '../../services/http_errors';
import { formatNumber, formatTime } from '../shared/format';
import type { AnalysesApi } from './analyses_api';
import { formatMsLeft, PHASE_LABELS, percentDone } from './analysis_model';

/** How often a run's progress is read while it goes on (the runner writes it every 2 s). */
export const POLL_MS = 1000;

/**
 * The latest run's status, read again every POLL_MS while a run goes on or waits to start (`queued`: Task Manager
 * starts it on its next poll). `watch(previousRunId)` starts watching after a Run click, until the server's status
 * says the run is queued or going on; `refresh()` (after a cancel) reads it again and trusts what it says.
 */
export function useAnalysisStatus(api: AnalysesApi, name: string) {
  const [status, setStatus] = useState<AnalysisStatusResponse>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  // The run id before a Run click (`''` when there was none); null when no run was asked for.
  const [waitingAfter, setWaitingAfter] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api.status(name, controller.signal).then(
      (s) => {
        if (controller.signal.aborted) return;
        setStatus(s);
        setError(undefined);
        const runId = s.state === 'never_run' ? '' : s.analysis.run_id;
        // The server has the request from here on (or the run came and went between two reads).
        setWaitingAfter((w) =>
          w !== null && (s.state === 'queued' || s.state === 'running' || runId !== w) ? null : w,
        );
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setError(describeHttpError(e));
      },
    );
    return () => controller.abort();
  }, [api, name, tick]);

  const queued = status?.state === 'queued';
  const active = status?.state === 'running' || queued || waitingAfter !== null;
  useEffect(() => {
    if (!active) return;
    const timer = setTimeout(() => setTick((n) => n + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [active, status, error]);

  const watch = useCallback((previousRunId: string) => setWaitingAfter(previousRunId), []);
  const refresh = useCallback(() => {
    setWaitingAfter(null);
    setTick((n) => n + 1);
  }, []);
  return { status, error, waiting: queued || waitingAfter !== null, watch, refresh };
}

const STATE_COLORS: Record<string, string> = {
  queued: 'subdued',
  running: 'primary',
  done: 'success',
  cancelled: 'warning',
  failed: 'danger',
  never_run: 'subdued',
};

interface Props {
  api: AnalysesApi;
  name: string;
  canSave: boolean;
  runnable: boolean;
  tracker: ReturnType<typeof useAnalysisStatus>;
  onProblem: (message: string) => void;
}

/** Run now, the run's live progress (phase, records read, time left), Cancel, and the schedule's last and next run. */
export function AnalysisRunPanel({ api, name, canSave, runnable, tracker, onProblem }: Props) {
  const { status, error, waiting, watch, refresh } = tracker;
  const [busy, setBusy] = useState<'run' | 'cancel'>();
  const running = status?.state === 'running';
  // A run asked for and not started yet can be cancelled too (it then never starts); one already asked to stop cannot.
  const cancellable = running ? !(status?.state === 'running' && status.cancel_requested) : waiting;

  const run = async () => {
    setBusy('run');
    try {
      await api.run(name);
      watch(status && status.state !== 'never_run' ? status.analysis.run_id : '');
    } catch (e) {
      onProblem(describeHttpError(e));
    } finally {
      setBusy(undefined);
    }
  };
  const cancel = async () => {
    setBusy('cancel');
    try {
      await api.cancel(name);
      refresh();
    } catch (e) {
      onProblem(describeHttpError(e));
    } finally {
      setBusy(undefined);
    }
  };

  // Progress only for a run that started (a queued one, or one cancelled before it started, has read nothing).
  const progress = status && status.state !== 'never_run' && status.started_at ? status.progress : undefined;
  const cancelledBeforeStart = status?.state === 'cancelled' && !status.started_at;
  const schedule = status?.schedule;
  return (
    <EuiPanel hasBorder data-test-subj="analysisRunPanel">
      <EuiFlexGroup alignItems="center" responsive={false}>
        <EuiFlexItem>
          <EuiTitle size="s">
            <h2>Run</h2>
          </EuiTitle>
        </EuiFlexItem>
        {status && (
          <EuiFlexItem grow={false}>
            {/* A dot and plain text: EUI's green badge has too little contrast for WCAG AA (axe flags it). */}
            <EuiHealth color={STATE_COLORS[status.state] ?? 'subdued'} data-test-subj="analysisRunState">
              {status.state === 'never_run' ? 'never run' : status.state}
            </EuiHealth>
          </EuiFlexItem>
        )}
        {canSave && (
          <>
            <EuiFlexItem grow={false}>
              <EuiButton
                iconType="play"
                fill
                onClick={() => void run()}
                isLoading={busy === 'run' || (waiting && !running)}
                isDisabled={!runnable || running || busy !== undefined || waiting}
                data-test-subj="analysisRunButton"
              >
                Run now
              </EuiButton>
            </EuiFlexItem>
            <EuiFlexItem grow={false}>
              <EuiButton
                iconType="stop"
                color="danger"
                onClick={() => void cancel()}
                isLoading={busy === 'cancel'}
                isDisabled={!cancellable || busy !== undefined}
                data-test-subj="analysisCancelButton"
              >
                Cancel
              </EuiButton>
            </EuiFlexItem>
          </>
        )}
      </EuiFlexGroup>
      <EuiSpacer size="s" />
      {error && (
        <EuiText size="s" color="danger">
          <p>Could not read the run&apos;s status: {error}</p>
        </EuiText>
      )}
      {waiting && !running && (
        <EuiText size="s" color="subdued" data-test-subj="analysisRunWaiting">
          <p>Asked Task Manager to run it; waiting for the run to start…</p>
        </EuiText>
      )}
      {status && status.state !== 'never_run' && progress && (
        <div data-test-subj="analysisProgress">
          {running && (
            <EuiProgress
              value={percentDone(status)}
              max={100}
              size="m"
              color="primary"
              aria-label={`Run progress: ${percentDone(status)} %`}
            />
          )}
          <EuiSpacer size="s" />
          <EuiDescriptionList
            compressed
            type="column"
            listItems={[
              {
                title: 'Phase',
                description: (
                  <span data-test-subj="analysisPhase">{PHASE_LABELS[progress.phase] ?? progress.phase}</span>
                ),
              },
              {
                title: 'Records read',
                description: (
                  <span data-test-subj="analysisRecordsRead">
                    {`${formatNumber(progress.read)} of ${formatNumber(2 * progress.total)} (two passes over ${formatNumber(progress.total)} records)`}
                  </span>
                ),
              },
              ...(running
                ? [
                    {
                      title: 'Time left',
                      description: <span data-test-subj="analysisTimeLeft">{formatMsLeft(progress.msLeft)}</span>,
                    },
                  ]
                : []),
              ...(status.requested_at ? [{ title: 'Asked for', description: formatTime(status.requested_at) }] : []),
              { title: 'Started', description: formatTime(status.started_at) },
              ...(running ? [] : [{ title: 'Ended', description: formatTime(status.updated_at) }]),
            ]}
          />
          {status.state === 'running' && status.cancel_requested && (
            <EuiText size="s" color="subdued">
              <p>Cancel requested: the run stops at its next progress report.</p>
            </EuiText>
          )}
        </div>
      )}
      {cancelledBeforeStart && (
        <EuiText size="s" color="subdued" data-test-subj="analysisCancelledBeforeStart">
          <p>
            {`Cancelled before it started${status.requested_at ? ` (asked for ${formatTime(status.requested_at)})` : ''}: it read nothing.`}
          </p>
        </EuiText>
      )}
      {status?.state === 'failed' && status.error && (
        <EuiCallOut title="The run failed" color="danger" iconType="error" size="s">
          <p>{status.error}</p>
        </EuiCallOut>
      )}
      <EuiSpacer size="s" />
      <EuiText size="s" data-test-subj="analysisSchedule">
        {schedule ? (
          <p>
            {`Runs every ${schedule.interval}. Next run: ${formatTime(schedule.next_run_at)}.`}
            {schedule.last_run_at
              ? ` Last scheduled task run: ${formatTime(schedule.last_run_at)}${schedule.last_outcome ? ` (${schedule.last_outcome})` : ''}.`
              : ''}
          </p>
        ) : (
          <p>No schedule: runs on demand only.</p>
        )}
      </EuiText>
    </EuiPanel>
  );
}

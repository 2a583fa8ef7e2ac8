import React from 'react';
import { EuiCallOut, EuiSpacer, EuiText } from '@elastic/eui';
import type { TaskStatusResponse } from '../../../common/api';
import { ATTENTION_COUNTS, familyCountLabel, familyCountsOf } from '../../../common/family_counts';
import { ownValue } from '../../../common/own_keys';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { formatNumber, formatTime } from '../shared/format';

/**
 * What each family's last runs did not judge (the status route's `families`, its partitions summed), one line per
 * family that dropped anything: whose events, how many, and why in the family's words. The sum over every task said
 * "6 rejected as malformed" for a fresh demo, where two credential families had each set aside 3 password changes
 * (neither malformed, nor logins); a state stored before reasons were kept shows its total alone.
 */
export function droppedSummary(status: TaskStatusResponse): string[] {
  return (status.families ?? []).flatMap((f) => {
    const r = f.last_run;
    if (!r) return [];
    const parts: string[] = [];
    // Events of another kind the family's query also read (a password change beside the logins) were set aside, not
    // refused: nothing to act on, so left out (a fresh demo's overview greeted the analyst with its password changes).
    // A state stored before reasons were kept has a total alone, shown as it is.
    const refused = r.rejected_by.filter((x) => !x.set_aside);
    const setAside = r.rejected_by.reduce((n, x) => n + (x.set_aside ? x.count : 0), 0);
    const rejected = Math.max(0, r.rejected - setAside);
    if (rejected > 0) {
      const why = refused.map((x) => `${formatNumber(x.count)} ${x.label}`).join(', ');
      const events = f.event_name[rejected === 1 ? 0 : 1];
      parts.push(`${formatNumber(rejected)} ${events} rejected${why ? ` (${why})` : ''}`);
    }
    const others: Array<[number, string]> = [
      [r.duplicates, 'duplicates dropped'],
      [r.skipped, 'skipped by the profile'],
      [r.already_judged, 'already judged'],
      [r.out_of_order, 'judged out of order'],
    ];
    for (const [n, label] of others) if (n > 0) parts.push(`${formatNumber(n)} ${label}`);
    return parts.length ? [`${f.title}: ${parts.join(', ')}.`] : [];
  });
}

/**
 * What the families counted of their own in the last runs that asks for attention (VirusTotal lookups deferred by the
 * budget, events dropped at a limit: ATTENTION_COUNTS), added up across tasks, in words; counters that are zero, not
 * fit to show or routine (lookups made, filtered alerts) are left out.
 */
export function familyCountsSummary(status: TaskStatusResponse): string[] {
  const totals = new Map<string, number>();
  for (const t of status.tasks) {
    const lastCounts = t.last_run_state?.lastCounts;
    const counts = familyCountsOf(
      lastCounts && typeof lastCounts === 'object' ? ownValue(lastCounts, 'familyCounts') : undefined,
    );
    for (const [name, n] of Object.entries(counts)) totals.set(name, (totals.get(name) ?? 0) + n);
  }
  return [...totals]
    .filter(([name, n]) => n > 0 && ATTENTION_COUNTS.has(name))
    .map(([name, n]) => `${formatNumber(n)} ${familyCountLabel(name, n)}`);
}

/**
 * One line on how detection runs, shown only when there is something to act on: a failed last run, logins the last
 * run did not judge, what the families counted that needs attention (family_counts.ts), or alerts Elasticsearch refused (dead letters,
 * with the latest reasons).
 */
export function DetectionStatus() {
  const { api } = useServices();
  const { state } = useFetch((signal) => api.taskStatus(signal), [api]);
  // Secondary to the page: while loading, or when the status cannot be read, nothing is shown.
  if (state.status !== 'ok') return null;
  const status = state.data;
  const failed = status.tasks.filter((t) => t.last_run_state?.lastOutcome === 'failed');
  const dropped = droppedSummary(status);
  const counted = familyCountsSummary(status);
  const letters = status.dead_letters;
  if (failed.length === 0 && dropped.length === 0 && counted.length === 0 && !letters?.total) return null;
  return (
    <>
      <EuiCallOut
        size="s"
        color={failed.length || letters?.total ? 'warning' : 'primary'}
        iconType={failed.length || letters?.total ? 'warning' : 'iInCircle'}
        title="Detection status"
        data-test-subj="detectionStatus"
      >
        <EuiText size="s">
          {failed.map((t) => (
            <p key={t.task_id} data-test-subj="detectionStatusFailed">
              Last run of {t.task_id} failed ({formatTime(t.last_run_state?.lastRunAt as string | undefined)}):{' '}
              {String(t.last_run_state?.lastError ?? 'no reason recorded')}
            </p>
          ))}
          {dropped.length > 0 && (
            <div data-test-subj="detectionStatusDropped">
              <p>Last run, not judged:</p>
              <ul>
                {dropped.map((line) => (
                  <li key={line} data-test-subj="detectionStatusDroppedFamily">
                    {line}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {counted.length > 0 && (
            <p data-test-subj="detectionStatusFamilyCounts">Last run also counted: {counted.join(', ')}.</p>
          )}
          {letters && letters.total > 0 && (
            <>
              <p data-test-subj="detectionStatusDeadLetters">
                {formatNumber(letters.total)} alert{letters.total === 1 ? '' : 's'} refused by Elasticsearch, kept in
                the dead-letter index; latest:
              </p>
              <ul>
                {letters.latest.map((l) => (
                  <li key={l.alert_id} data-test-subj="detectionStatusDeadLetter">
                    {formatTime(l.at)} {l.user ?? ''} {l.rule ?? ''}: {l.error_type}: {l.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </EuiText>
      </EuiCallOut>
      <EuiSpacer size="m" />
    </>
  );
}

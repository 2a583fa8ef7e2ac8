import React from 'react';
import {
  EuiHealth,
  EuiBasicTable,
  EuiCallOut,
  EuiCode,
  EuiPanel,
  EuiSpacer,
  EuiText,
  EuiTitle,
  type EuiBasicTableColumn,
} from '@elastic/eui';
import type { SourceHealthResponse, SourceHealthRow } from '../../../common/api';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { formatNumber, formatTime } from '../shared/format';
import { noRowsMessage, PageError } from '../shared/page_error';

/** What a missing field costs, as the issue words it: the signal that cannot fire without it. */
export function missingNotes(row: SourceHealthRow): Array<{ id: string; text: string }> {
  const notes: Array<{ id: string; text: string }> = [];
  const { geo, userAgent, user } = row.missing;
  if (geo > 0) notes.push({ id: 'geo', text: `${formatNumber(geo)} without source.geo: GeoIP enrichment needed` });
  if (userAgent > 0)
    notes.push({ id: 'userAgent', text: `${formatNumber(userAgent)} without a user agent: no new-device signal` });
  if (user > 0) notes.push({ id: 'user', text: `${formatNumber(user)} without a user: cannot be judged` });
  return notes;
}

/** The one-line verdict on a cluster's data, for a new user before anything alerts. */
export function healthSummary(data: SourceHealthResponse): { color: 'success' | 'warning'; text: string } {
  const events = data.rows.reduce((n, r) => n + r.events, 0);
  const logins = data.rows.reduce((n, r) => n + r.logins, 0);
  const where = data.indices.join(', ');
  if (events === 0)
    return {
      color: 'warning',
      text: `No events in ${where} over this range: check buffalogs.indices and that Elastic Agent is shipping.`,
    };
  if (logins === 0)
    return {
      color: 'warning',
      text: `${formatNumber(events)} events in ${where}, but none is an interactive login by the source table: nothing can alert yet. The skipped counts say why.`,
    };
  return {
    color: 'success',
    text: `${formatNumber(logins)} logins recognised out of ${formatNumber(events)} events in ${where}.`,
  };
}

const columns: Array<EuiBasicTableColumn<SourceHealthRow>> = [
  {
    field: 'title',
    name: 'Source',
    render: (title: string, row: SourceHealthRow) => (
      <span data-test-subj="sourceHealthSource">
        <strong>{title}</strong>
        <br />
        <EuiCode transparentBackground>{row.dataset}</EuiCode> in {row.index}
      </span>
    ),
  },
  {
    field: 'events',
    name: 'Events',
    render: (n: number) => <span data-test-subj="sourceHealthEvents">{formatNumber(n)}</span>,
  },
  {
    field: 'logins',
    name: 'Logins recognised',
    render: (n: number) => <span data-test-subj="sourceHealthLogins">{formatNumber(n)}</span>,
  },
  {
    field: 'failures',
    name: 'Failures',
    render: (n: number) => <span data-test-subj="sourceHealthFailures">{formatNumber(n)}</span>,
  },
  { field: 'mfa', name: 'MFA', render: (n: number) => <span data-test-subj="sourceHealthMfa">{formatNumber(n)}</span> },
  {
    field: 'skipped',
    name: 'Skipped, and why',
    render: (skipped: SourceHealthRow['skipped'], row: SourceHealthRow) =>
      skipped.length === 0 ? (
        'none'
      ) : (
        <ul data-test-subj="sourceHealthSkipped">
          {skipped.map((s) => (
            <li key={s.kind}>
              {formatNumber(s.count)} {s.kind.replace('_', ' ')}: {s.reason}
              {s.kind === 'other' && row.notCountedByQuery.length > 0
                ? ` (includes ${row.notCountedByQuery.join(', ').replace(/_/g, ' ')})`
                : ''}
            </li>
          ))}
        </ul>
      ),
  },
  {
    field: 'missing',
    name: 'Fields missing',
    render: (_: SourceHealthRow['missing'], row: SourceHealthRow) => {
      const notes = missingNotes(row);
      return notes.length === 0 ? (
        // A health dot with its word: the green badge fails axe colour contrast on Kibana 8.19's EUI.
        <EuiHealth color="success">complete</EuiHealth>
      ) : (
        <ul data-test-subj="sourceHealthMissing">
          {notes.map((n) => (
            <li key={n.id} data-test-subj={`sourceHealthMissing-${n.id}`}>
              {n.text}
            </li>
          ))}
        </ul>
      );
    },
  },
];

/**
 * Source health (issue 13): per index and dataset of `buffalogs.indices`, over the range (the route's default: the
 * last day), events seen, logins the source table recognises, failures, MFA, what was skipped and why, and the fields
 * a signal needs that are missing. The first thing a new user should see when nothing alerts.
 */
export function SourceHealthPanel({
  from,
  to,
  refreshCount = 0,
  intro,
}: {
  from?: string;
  to?: string;
  refreshCount?: number;
  /** A sentence above the table (the Overview says why it shows the panel). */
  intro?: string;
}) {
  const { api } = useServices();
  const { state, reload } = useFetch(
    (signal) => api.sourcesHealth({ from, to }, signal),
    [api, from, to, refreshCount],
  );
  // A failed read shows its error and no rows: not another range's, nor "No events in this range." (a source that
  // stopped shipping).
  const data = state.status === 'error' ? undefined : state.data;
  const summary = data ? healthSummary(data) : undefined;
  return (
    <EuiPanel hasBorder data-test-subj="sourceHealthPanel">
      <EuiTitle size="xs">
        <h2>Source health</h2>
      </EuiTitle>
      <EuiText size="s" color="subdued">
        <p data-test-subj="sourceHealthRange">
          {intro ? `${intro} ` : ''}
          {data ? `${formatTime(data.from)} to ${formatTime(data.to)}.` : ''}
        </p>
      </EuiText>
      <EuiSpacer size="s" />
      {state.status === 'error' && (
        <PageError title="Could not read the source health" message={state.error} onRetry={reload} />
      )}
      {summary && (
        <>
          <EuiCallOut size="s" color={summary.color} title={summary.text} data-test-subj="sourceHealthSummary" />
          <EuiSpacer size="s" />
        </>
      )}
      <EuiBasicTable
        tableCaption="Source health per index and dataset"
        items={data?.rows ?? []}
        columns={columns}
        loading={state.status === 'loading'}
        noItemsMessage={noRowsMessage(state.status, {
          failed: 'The source health could not be read',
          empty: 'No events in this range.',
        })}
        rowProps={(row: SourceHealthRow) => ({ 'data-test-subj': `sourceHealthRow-${row.dataset}` })}
        data-test-subj="sourceHealthTable"
      />
    </EuiPanel>
  );
}

import React from 'react';
import { EuiBasicTable, type Criteria, type EuiBasicTableColumn, type Pagination } from '@elastic/eui';
import type { ObservationItem } from '../../../common/api';
import { storedNumber, textOrDash } from '../../families/family_view';
import { signalBadges } from '../../families/login/labels';
import { RowBadges } from '../alerts/alert_columns';
import { formatTime } from '../shared/format';
import { UserLink } from './user_link';

/** "32 / 50": the observation's score against the alerting threshold it stayed under. */
export function observationScore(o: Pick<ObservationItem, 'score' | 'threshold'>): {
  text: string;
  title: string;
} {
  const score = storedNumber(o.score);
  const threshold = storedNumber(o.threshold);
  const shown = score === undefined ? '—' : String(Math.round(score));
  if (threshold === undefined) return { text: shown, title: `Score ${shown}` };
  return { text: `${shown} / ${threshold}`, title: `Score ${shown}, below the alerting threshold ${threshold}` };
}

const timeColumn: EuiBasicTableColumn<ObservationItem> = {
  field: '@timestamp',
  name: 'Login time',
  // As the alerts list's: the time on one line.
  width: '170px',
  render: (at: unknown) => formatTime(at),
};

/** The user, a link to their page (a stored document's odd name reads as a dash). */
const userColumn: EuiBasicTableColumn<ObservationItem> = {
  field: 'user',
  name: 'User',
  width: '14em',
  render: (user: unknown) => {
    const name = (user as { name?: unknown } | undefined)?.name;
    return typeof name === 'string' && name !== '' ? (
      <span data-test-subj="observationUser">
        <UserLink name={name} />
      </span>
    ) : (
      '—'
    );
  },
};

const columns: Array<EuiBasicTableColumn<ObservationItem>> = [
  {
    field: 'score',
    name: 'Score / threshold',
    // Room for the whole header: at 8em it read "Score / thr…".
    width: '10em',
    render: (_: unknown, o: ObservationItem) => {
      const { text, title } = observationScore(o);
      return (
        <span title={title} data-test-subj="observationScore">
          {text}
        </span>
      );
    },
  },
  {
    field: 'signals',
    name: 'Signals',
    width: '16em',
    // The signals with their points, as the alerts list's rows show a verdict's (signalBadges, RowBadges).
    render: (signals: unknown) => (
      <div style={{ minWidth: 0 }}>
        <RowBadges badges={signalBadges(signals)} dataTestSubj="observationSignals" />
      </div>
    ),
  },
  {
    field: 'why',
    name: 'Why this score',
    render: (why: unknown) => <span data-test-subj="observationWhy">{textOrDash(why)}</span>,
  },
];

/**
 * Observations (issue 12): logins whose signals stayed under the alerting threshold. Each row: when, whose (`showUser`:
 * the list of every user's), the score against the threshold, the signals as badges with their points, and the
 * verdict's sentence. Rows are stored documents, read defensively (a dash for a field missing or of another type).
 * With `pagination`, the table pages (server side: `onChange` gets the new page and size).
 */
export function ObservationsTable({
  observations,
  caption,
  noItemsMessage,
  dataTestSubj,
  compressed,
  showUser,
  loading,
  pagination,
  onChange,
}: {
  observations: ObservationItem[];
  caption: string;
  noItemsMessage: string;
  dataTestSubj: string;
  compressed?: boolean;
  showUser?: boolean;
  loading?: boolean;
  pagination?: Pagination;
  onChange?: (criteria: Criteria<ObservationItem>) => void;
}) {
  return (
    <EuiBasicTable
      tableCaption={caption}
      items={observations}
      itemId="id"
      columns={showUser ? [timeColumn, userColumn, ...columns] : [timeColumn, ...columns]}
      compressed={compressed}
      loading={loading}
      pagination={pagination}
      onChange={onChange}
      noItemsMessage={noItemsMessage}
      rowProps={() => ({ 'data-test-subj': 'observationRow' })}
      data-test-subj={dataTestSubj}
    />
  );
}

import React from 'react';
import { EuiBasicTable, type EuiBasicTableColumn } from '@elastic/eui';
import type { ObservationItem } from '../../../common/api';
import { storedNumber, textOrDash } from '../../families/family_view';
import { signalBadges } from '../../families/login/labels';
import { RowBadges } from '../alerts/alert_columns';
import { formatTime } from '../shared/format';

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

const columns: Array<EuiBasicTableColumn<ObservationItem>> = [
  {
    field: '@timestamp',
    name: 'Login time',
    // As the alerts list's: the time on one line.
    width: '170px',
    render: (at: unknown) => formatTime(at),
  },
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
 * Observations (issue 12): logins whose signals stayed under the alerting threshold. Each row: when, the score
 * against the threshold, the signals as badges with their points, and the verdict's sentence. Rows are stored
 * documents, read defensively (a dash for a field missing or of another type).
 */
export function ObservationsTable({
  observations,
  caption,
  noItemsMessage,
  dataTestSubj,
  compressed,
}: {
  observations: ObservationItem[];
  caption: string;
  noItemsMessage: string;
  dataTestSubj: string;
  compressed?: boolean;
}) {
  return (
    <EuiBasicTable
      tableCaption={caption}
      items={observations}
      itemId="id"
      columns={columns}
      compressed={compressed}
      noItemsMessage={noItemsMessage}
      rowProps={() => ({ 'data-test-subj': 'observationRow' })}
      data-test-subj={dataTestSubj}
    />
  );
}

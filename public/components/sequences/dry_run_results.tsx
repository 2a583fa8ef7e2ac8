import React from 'react';
import { EuiBasicTable, EuiCallOut, EuiPanel, EuiSpacer, EuiText, EuiTitle } from '@elastic/eui';
import type { SequenceDryRunResponse } from '../../../common/api';
import type { SequenceEvidenceEvent } from '../../../common/sequence_alert_document';
import { formatTime } from '../shared/format';

const ROLE_LABELS: Record<SequenceEvidenceEvent['role'], string> = {
  first: 'initial',
  match: 'matched',
  secondary: 'secondary',
};

/** What a dry run would have flagged: each alert with its matched events in the order they happened. Nothing stored. */
export function DryRunResults({ result }: { result: SequenceDryRunResponse }) {
  return (
    <EuiPanel hasBorder data-test-subj="sequenceDryRunResults">
      <EuiTitle size="xs">
        <h2>Dry run: what would have been flagged</h2>
      </EuiTitle>
      <EuiText size="s" color="subdued">
        <p data-test-subj="sequenceDryRunSummary">
          {`${result.total_alerts} alert(s) from ${result.events} event(s) between ${formatTime(result.from)} and ` +
            `${formatTime(result.to)}. No alert was written.`}
          {result.rejected > 0 ? ` ${result.rejected} event(s) were unreadable and skipped.` : ''}
        </p>
      </EuiText>
      {result.truncated && (
        <EuiCallOut title="Only the first events were judged" color="warning" iconType="warning" size="s">
          <p>The range held more events than a dry run reads: try fewer days.</p>
        </EuiCallOut>
      )}
      {result.alerts.length < result.total_alerts && (
        <EuiText size="s">
          <p>{`The first ${result.alerts.length} are listed.`}</p>
        </EuiText>
      )}
      {result.alerts.map((alert) => (
        <div key={alert.buffalogs.alert_id} data-test-subj="sequenceDryRunAlert">
          <EuiSpacer size="m" />
          <EuiTitle size="xxs">
            <h3>{`${alert.rule.name}: ${alert.buffalogs.entity.field} = ${alert.buffalogs.entity.value}`}</h3>
          </EuiTitle>
          <EuiText size="s">
            <p>{alert.message}</p>
          </EuiText>
          <EuiBasicTable
            tableCaption={`Events of the sequence for ${alert.buffalogs.entity.value}, in order`}
            items={alert.buffalogs.evidence.events}
            rowProps={() => ({ 'data-test-subj': 'sequenceDryRunEvent' })}
            columns={[
              { field: '@timestamp', name: 'Time', render: (t: string) => formatTime(t) },
              { field: 'role', name: 'Step', render: (r: SequenceEvidenceEvent['role']) => ROLE_LABELS[r] },
              { field: 'name', name: 'Rule event' },
              { field: 'action', name: 'event.action' },
              { field: 'index', name: 'Index' },
            ]}
          />
        </div>
      ))}
    </EuiPanel>
  );
}

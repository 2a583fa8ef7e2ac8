import React, { useState } from 'react';
import {
  EuiBadge,
  EuiBasicTable,
  EuiButtonEmpty,
  EuiCallOut,
  EuiFlexGroup,
  EuiFlexItem,
  EuiFormRow,
  EuiSelect,
  EuiSpacer,
  type EuiBasicTableColumn,
} from '@elastic/eui';
import type { DeliveryLogRow } from '../../../common/api';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { formatTime } from '../shared/format';
import { noRowsMessage, PageError } from '../shared/page_error';

type StatusFilter = '' | 'sent' | 'failed' | 'sending';

const STATUS_BADGES: Record<DeliveryLogRow['status'], { color: string; label: string }> = {
  sent: { color: 'success', label: 'Sent' },
  failed: { color: 'danger', label: 'Failed' },
  sending: { color: 'primary', label: 'Sending' },
  // Claimed long ago and never finished: the process stopped mid-send. Not resent (it may have arrived).
  unknown: { color: 'warning', label: 'Interrupted' },
};

const columns: Array<EuiBasicTableColumn<DeliveryLogRow>> = [
  { name: 'When', width: '170px', render: (d: DeliveryLogRow) => formatTime(d.finished_at ?? d.claimed_at) },
  { field: 'channel', name: 'Channel' },
  {
    field: 'status',
    name: 'Status',
    width: '110px',
    render: (s: DeliveryLogRow['status']) => (
      <EuiBadge color={STATUS_BADGES[s].color}>{STATUS_BADGES[s].label}</EuiBadge>
    ),
  },
  { name: 'Alert', render: (d: DeliveryLogRow) => <code>{d.alert_id}</code> },
  { name: 'About', render: (d: DeliveryLogRow) => `${d.entity.value} · ${d.rule.id} · ${d.severity}` },
  { field: 'attempts', name: 'Attempts', width: '80px' },
  { field: 'error', name: 'Error', render: (e?: string) => e ?? '' },
];

/**
 * The space's delivery log (newest first): each alert sent, failed or interrupted per channel, with the error of a
 * failure as the server recorded it (redacted of the channel's secrets there). Filters by channel and status.
 */
export function DeliveryLog({ channels }: { channels: string[] }) {
  const { api } = useServices();
  const [channel, setChannel] = useState('');
  const [status, setStatus] = useState<StatusFilter>('');
  const { state, reload } = useFetch(
    (signal) =>
      api.notifierDeliveries({ channel: channel || undefined, status: status || undefined, size: 100 }, signal),
    [api, channel, status],
  );
  // A failed read shows its error and no rows: not another filter's, nor "No delivery yet.".
  const rows = state.status === 'error' ? [] : (state.data?.deliveries ?? []);
  const failures = rows.filter((d) => d.status === 'failed' || d.status === 'unknown').length;
  return (
    <>
      <EuiFlexGroup gutterSize="s" alignItems="flexEnd" wrap>
        <EuiFlexItem grow={false} style={{ minWidth: 200 }}>
          <EuiFormRow label="Channel" display="rowCompressed">
            <EuiSelect
              compressed
              value={channel}
              options={[{ value: '', text: 'Every channel' }, ...channels.map((c) => ({ value: c, text: c }))]}
              onChange={(e) => setChannel(e.target.value)}
              data-test-subj="deliveriesFilterChannel"
            />
          </EuiFormRow>
        </EuiFlexItem>
        <EuiFlexItem grow={false} style={{ minWidth: 200 }}>
          <EuiFormRow label="Status" display="rowCompressed">
            <EuiSelect
              compressed
              value={status}
              options={[
                { value: '', text: 'Any status' },
                { value: 'sent', text: 'Sent' },
                { value: 'failed', text: 'Failed' },
                { value: 'sending', text: 'Sending or interrupted' },
              ]}
              onChange={(e) => setStatus(e.target.value as StatusFilter)}
              data-test-subj="deliveriesFilterStatus"
            />
          </EuiFormRow>
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiButtonEmpty size="s" iconType="refresh" onClick={reload} data-test-subj="deliveriesRefresh">
            Refresh
          </EuiButtonEmpty>
        </EuiFlexItem>
      </EuiFlexGroup>
      <EuiSpacer size="s" />
      {state.status === 'error' && (
        <PageError title="Could not load the delivery log" message={state.error} onRetry={reload} />
      )}
      {failures > 0 && (
        <>
          <EuiCallOut
            size="s"
            color="warning"
            iconType="warning"
            title={`${failures} deliver${failures === 1 ? 'y' : 'ies'} below did not arrive (or may not have)`}
            data-test-subj="deliveriesFailures"
          >
            <p>
              Failed deliveries were retried until the channel&apos;s limit. Interrupted ones stopped mid-send and are
              not sent again, so no one gets a message twice.
            </p>
          </EuiCallOut>
          <EuiSpacer size="s" />
        </>
      )}
      <EuiBasicTable
        tableCaption="Notification deliveries, newest first"
        items={rows}
        columns={columns}
        loading={state.status === 'loading'}
        noItemsMessage={noRowsMessage(state.status, {
          failed: 'The delivery log could not be loaded',
          empty: 'No delivery yet.',
        })}
        rowProps={(d) => ({ 'data-test-subj': `deliveryRow-${d.status}` })}
        data-test-subj="deliveriesTable"
      />
    </>
  );
}

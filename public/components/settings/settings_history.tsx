import React from 'react';
import { EuiBasicTable, EuiPanel, EuiTitle, type EuiBasicTableColumn } from '@elastic/eui';
import type { SettingsHistoryEntry } from '../../../common/api';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { formatTime } from '../shared/format';
import { PageError } from '../shared/page_error';

const columns: Array<EuiBasicTableColumn<SettingsHistoryEntry>> = [
  { field: 'version', name: 'Version', width: '80px' },
  { field: 'updated_at', name: 'When', render: (t: string) => formatTime(t) },
  { field: 'updated_by', name: 'Who' },
  { field: 'profile', name: 'Profile' },
  { field: 'changed', name: 'Changed', render: (changed: string[]) => changed.join(', ') || '—' },
  { field: 'comment', name: 'Comment', render: (c?: string) => c ?? '' },
];

/** Who changed which settings when (newest first). `version` re-fetches after a save. */
export function SettingsHistory({ version }: { version: number }) {
  const { api } = useServices();
  const { state, reload } = useFetch((signal) => api.settingsHistory(signal), [api, version]);
  return (
    <EuiPanel hasBorder>
      <EuiTitle size="xs">
        <h2>Change history</h2>
      </EuiTitle>
      {state.status === 'error' ? (
        <PageError title="Could not load the change history" message={state.error} onRetry={reload} />
      ) : (
        <EuiBasicTable
          tableCaption="Settings changes, newest first"
          items={state.data?.items ?? []}
          columns={columns}
          loading={state.status === 'loading'}
          noItemsMessage={state.status === 'loading' ? 'Loading…' : 'No changes yet: the profile defaults apply.'}
          data-test-subj="settingsHistory"
        />
      )}
    </EuiPanel>
  );
}

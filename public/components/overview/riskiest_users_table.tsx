import React from 'react';
import { EuiBasicTable, EuiPanel, EuiTitle, type EuiBasicTableColumn } from '@elastic/eui';
import type { UserSummary } from '../../../common/api';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { formatTime } from '../shared/format';
import { PageError } from '../shared/page_error';
import { RiskBadge } from '../shared/risk_badge';
import { UserLink } from '../users/user_link';

// Fixed widths for the short columns leave the rest to the name: shared out evenly, the user column broke names
// inside a word ("george.wilso" / "n") at 1440 px.
const columns: Array<EuiBasicTableColumn<UserSummary>> = [
  { field: 'name', name: 'User', render: (name: string) => <UserLink name={name} /> },
  {
    field: 'risk_level',
    name: 'Risk',
    width: '8.5em',
    render: (_: unknown, u: UserSummary) => <RiskBadge level={u.risk_level} score={u.risk_score} />,
  },
  { field: 'countries', name: 'Countries', dataType: 'number', width: '6.5em' },
  // The date above the time, each whole: the column cannot hold both on one line without squeezing the names, and
  // left to wrap it broke at the date's hyphens ("2026-12-" / "04" / "08:17:21").
  {
    field: 'last_login',
    name: 'Last login',
    width: '7.5em',
    render: (t?: string) => (
      <span data-test-subj="riskiestUserLastLogin">
        {formatTime(t)
          .split(' ')
          .map((part, i) => (
            <React.Fragment key={i}>
              {i > 0 ? ' ' : ''}
              <span style={{ whiteSpace: 'nowrap' }}>{part}</span>
            </React.Fragment>
          ))}
      </span>
    ),
  },
];

export function RiskiestUsersTable({ refreshCount }: { refreshCount: number }) {
  const { api } = useServices();
  const { state, reload } = useFetch(
    (signal) => api.listUsers({ sort: 'risk', direction: 'desc', size: 10 }, signal),
    [api, refreshCount],
  );
  return (
    <EuiPanel hasBorder>
      <EuiTitle size="xs">
        <h2>Riskiest users</h2>
      </EuiTitle>
      {state.status === 'error' ? (
        <PageError title="Could not load the riskiest users" message={state.error} onRetry={reload} />
      ) : (
        <EuiBasicTable
          tableCaption="The ten users with the highest risk"
          items={state.data?.items ?? []}
          columns={columns}
          loading={state.status === 'loading'}
          noItemsMessage={
            state.status === 'loading' ? 'Loading users…' : 'No users yet: detection has not seen a login.'
          }
          data-test-subj="riskiestUsersTable"
        />
      )}
    </EuiPanel>
  );
}

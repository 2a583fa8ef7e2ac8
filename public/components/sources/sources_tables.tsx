import React from 'react';
import { EuiBadge, EuiBasicTable, EuiLink, type EuiBasicTableColumn } from '@elastic/eui';
import type { AttackingNetwork, AttackingSource } from '../../../common/api';
import { useNavigate } from '../../hooks/use_navigate';
import { paths } from '../../router/routes';
import { credentialRuleLabel } from '../../families/credential/labels';
import { formatNumber, formatTime } from '../shared/format';
import { UserLink } from '../users/user_link';

/** Attacking addresses: what they ran, how many users they tried, which accounts they broke into. */
export function SourcesTable({ sources, caption }: { sources: AttackingSource[]; caption: string }) {
  const { linkProps } = useNavigate();
  const columns: Array<EuiBasicTableColumn<AttackingSource>> = [
    {
      field: 'address',
      name: 'Address',
      render: (address: string, s: AttackingSource) =>
        s.attack_alert_id ? (
          <EuiLink {...linkProps(paths.alert(s.attack_alert_id, { filtered: 'all', start: 'now-10y' }))}>
            {address}
          </EuiLink>
        ) : (
          address
        ),
    },
    { field: 'network', name: 'Network' },
    {
      field: 'rules',
      name: 'Attacks',
      render: (rules: string[]) => rules.map((r) => <EuiBadge key={r}>{credentialRuleLabel(r)}</EuiBadge>),
    },
    {
      field: 'users_targeted',
      name: 'Users targeted',
      render: (n: number, s: AttackingSource) =>
        `${formatNumber(n)}${s.sample_users.length ? ` (${s.sample_users.join(', ')}…)` : ''}`,
    },
    {
      field: 'compromised',
      name: 'Compromised accounts',
      render: (users: string[]) =>
        users.length ? (
          <span data-test-subj="sourceCompromised">
            {users.map((u, i) => (
              <React.Fragment key={u}>
                {i > 0 && ', '}
                <UserLink name={u} />
              </React.Fragment>
            ))}
          </span>
        ) : (
          'none'
        ),
    },
    { field: 'first_seen', name: 'First seen', render: (t: string) => formatTime(t) },
    { field: 'last_seen', name: 'Last seen', render: (t: string) => formatTime(t) },
  ];
  return (
    <EuiBasicTable
      tableCaption={caption}
      items={sources}
      columns={columns}
      rowProps={() => ({ 'data-test-subj': 'sourcesTableRow' })}
      noItemsMessage="No attacking addresses in this time range."
      data-test-subj="sourcesTable"
    />
  );
}

export function NetworksTable({ networks }: { networks: AttackingNetwork[] }) {
  const columns: Array<EuiBasicTableColumn<AttackingNetwork>> = [
    { field: 'network', name: 'Network' },
    { field: 'addresses', name: 'Addresses', render: (n: number) => formatNumber(n) },
    { field: 'alerts', name: 'Alerts', render: (n: number) => formatNumber(n) },
    { field: 'compromised', name: 'Compromised accounts', render: (n: number) => formatNumber(n) },
    { field: 'first_seen', name: 'First seen', render: (t: string) => formatTime(t) },
    { field: 'last_seen', name: 'Last seen', render: (t: string) => formatTime(t) },
  ];
  return (
    <EuiBasicTable
      tableCaption="Attacking networks"
      items={networks}
      columns={columns}
      noItemsMessage="No attacking networks in this time range."
      data-test-subj="networksTable"
    />
  );
}

import React from 'react';
import { EuiBasicTable, EuiPageTemplate, EuiSpacer, type Criteria, type EuiBasicTableColumn } from '@elastic/eui';
import type { UserSortField, UserSummary } from '../../../common/api';
import { useFetch } from '../../hooks/use_fetch';
import { useNavigate } from '../../hooks/use_navigate';
import { usePageChrome } from '../../hooks/use_page_chrome';
import { useServices } from '../../hooks/use_services';
import { PAGE_SIZES, paths, type UsersUrlState } from '../../router/routes';
import { formatTime } from '../shared/format';
import { noRowsMessage, PageError } from '../shared/page_error';
import { SearchField } from '../shared/search_field';
import { RiskBadge } from '../shared/risk_badge';
import { UserLink } from './user_link';

// `field` values are the API's sort fields (risk, name, last_login, first_seen).
const columns: Array<EuiBasicTableColumn<UserSummary>> = [
  { field: 'name', name: 'User', sortable: true, render: (name: string) => <UserLink name={name} /> },
  {
    field: 'risk',
    name: 'Risk',
    sortable: true,
    render: (_: unknown, u: UserSummary) => <RiskBadge level={u.risk_level} score={u.risk_score} />,
  },
  { field: 'countries', name: 'Countries', dataType: 'number' },
  { field: 'devices', name: 'Devices', dataType: 'number' },
  { field: 'ips', name: 'IPs', dataType: 'number' },
  {
    field: 'first_seen',
    name: 'First seen',
    sortable: true,
    render: (_: unknown, u: UserSummary) => formatTime(u.first_seen),
  },
  {
    field: 'last_login',
    name: 'Last login',
    sortable: true,
    render: (_: unknown, u: UserSummary) => formatTime(u.last_login),
  },
];

/** Users by risk: searchable, sortable, paged on the server; state in the URL. */
export function UsersPage({ state }: { state: UsersUrlState }) {
  usePageChrome([{ text: 'Users' }]);
  const { api } = useServices();
  const { navigate } = useNavigate();
  const { state: list, reload } = useFetch(
    (signal) =>
      api.listUsers(
        {
          search: state.search,
          sort: state.sort,
          direction: state.direction,
          page: state.pageIndex + 1,
          size: state.pageSize,
        },
        signal,
      ),
    [api, state.search, state.sort, state.direction, state.pageIndex, state.pageSize],
  );
  const update = (change: Partial<UsersUrlState>) => navigate(paths.users({ ...state, pageIndex: 0, ...change }));
  const onChange = ({ page, sort }: Criteria<UserSummary>) => {
    const sortChanged = !!sort && (sort.field !== state.sort || sort.direction !== state.direction);
    const sizeChanged = !!page && page.size !== state.pageSize;
    update({
      ...(sort ? { sort: sort.field as UserSortField, direction: sort.direction } : {}),
      ...(page ? { pageSize: page.size } : {}),
      pageIndex: sortChanged || sizeChanged ? 0 : (page?.index ?? 0),
    });
  };
  // A failed request shows its error and no rows: not the last answer's (another search's), nor "No users match.".
  const failed = list.status === 'error';
  const data = failed ? undefined : list.data;
  return (
    <EuiPageTemplate.Section>
      <SearchField
        key={state.search ?? ''}
        value={state.search}
        placeholder="Search users by name"
        onSearch={(search) => update({ search })}
        fullWidth
        dataTestSubj="usersSearch"
      />
      <EuiSpacer size="m" />
      {list.status === 'error' && <PageError title="Could not load the users" message={list.error} onRetry={reload} />}
      <EuiBasicTable<UserSummary>
        tableCaption="Users, riskiest first unless sorted otherwise"
        items={data?.items ?? []}
        itemId="name"
        columns={columns}
        loading={list.status === 'loading'}
        noItemsMessage={noRowsMessage(list.status, {
          failed: 'The users could not be loaded',
          loading: 'Loading users…',
          empty: 'No users match.',
        })}
        pagination={{
          pageIndex: state.pageIndex,
          pageSize: state.pageSize,
          // Numbered pages only: the first 10,000 users by any order is deeper than anyone pages by hand.
          totalItemCount: data ? Math.min(data.total, 10_000) : 0,
          pageSizeOptions: PAGE_SIZES,
        }}
        sorting={{ sort: { field: state.sort as keyof UserSummary, direction: state.direction } }}
        onChange={onChange}
        rowProps={() => ({ 'data-test-subj': 'usersTableRow' })}
        data-test-subj="usersTable"
      />
    </EuiPageTemplate.Section>
  );
}

import React, { useMemo, useState } from 'react';
import {
  EuiBasicTable,
  EuiFlexGroup,
  EuiFlexItem,
  EuiPageTemplate,
  EuiSpacer,
  EuiText,
  type Criteria,
} from '@elastic/eui';
import type { AlertItem, AlertSortField } from '../../../common/api';
import { useIsoRange } from '../../hooks/use_iso_range';
import { useNavigate } from '../../hooks/use_navigate';
import { usePageChrome } from '../../hooks/use_page_chrome';
import { useServices } from '../../hooks/use_services';
import { PAGE_SIZES, paths, type AlertsUrlState } from '../../router/routes';
import { totalLabel } from '../shared/format';
import { noRowsMessage, PageError } from '../shared/page_error';
import { AlertFlyout } from './alert_flyout';
import { alertColumns } from './alert_columns';
import { AlertsFilters } from './alerts_filters';
import { alertsListQuery } from './alerts_query';
import { reachableItemCount, useCursorPagedList } from '../../hooks/use_page_cursors';
import { BulkTriage } from './bulk_triage';
import { ChannelFiltersCallout } from './channel_filters';

/** The alert list with server-side paging, sorting and filters (all in the URL), bulk triage and the alert flyout. */
export function AlertsPage({ state, alertId }: { state: AlertsUrlState; alertId?: string }) {
  usePageChrome(alertId ? [{ text: 'Alerts', path: paths.alerts(state) }, { text: 'Alert' }] : [{ text: 'Alerts' }]);
  const { api } = useServices();
  const { navigate, linkProps } = useNavigate();
  const [refreshCount, setRefreshCount] = useState(0);
  const [selected, setSelected] = useState<AlertItem[]>([]);
  const range = useIsoRange(state, refreshCount);

  const { state: list, reload } = useCursorPagedList(
    { ...state, pageIndex: 0, range },
    state,
    refreshCount,
    (cursor) => alertsListQuery(state, range, cursor),
    (query, signal) => api.listAlerts(query, signal),
  );

  const update = (change: Partial<AlertsUrlState>) => {
    const pageChange = 'pageIndex' in change;
    navigate(paths.alerts({ ...state, ...change, pageIndex: pageChange ? change.pageIndex : 0 }));
  };
  const columns = useMemo(() => alertColumns((a) => linkProps(paths.alert(a.id, state))), [linkProps, state]);

  const onTableChange = ({ page, sort }: Criteria<AlertItem>) => {
    const sortField = sort?.field as AlertSortField | undefined;
    const sortChanged = !!sortField && (sortField !== state.sort || sort!.direction !== state.direction);
    const sizeChanged = !!page && page.size !== state.pageSize;
    update({
      ...(sortField ? { sort: sortField, direction: sort!.direction } : {}),
      ...(sizeChanged ? { pageSize: page!.size } : {}),
      pageIndex: sortChanged || sizeChanged ? 0 : (page?.index ?? state.pageIndex),
    });
  };

  // A failed request shows its error and no rows: not the last answer's rows (another filter's, under this one's
  // labels), nor "no alerts match" (Elasticsearch down read as nothing having alerted).
  const failed = list.status === 'error';
  const data = failed ? undefined : list.data;
  // Past the numbered window a page is reachable only from the one before it (its cursor).
  const totalItemCount = data
    ? reachableItemCount(data.total, state.pageIndex, state.pageSize, data.next_cursor !== undefined)
    : 0;

  return (
    <EuiPageTemplate.Section>
      <AlertsFilters state={state} onChange={update} onRefresh={() => setRefreshCount((n) => n + 1)} />
      <EuiSpacer size="m" />
      <ChannelFiltersCallout state={state} onClear={update} />
      <EuiFlexGroup alignItems="center" justifyContent="spaceBetween">
        <EuiFlexItem grow={false}>
          <EuiText size="s" aria-live="polite" data-test-subj="alertsTotal">
            {failed
              ? 'Alerts not loaded'
              : data
                ? `${totalLabel(data.total, data.total_relation)} alerts`
                : 'Loading alerts…'}
          </EuiText>
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <BulkTriage
            ids={selected.map((a) => a.id)}
            onDone={() => {
              setSelected([]);
              reload();
            }}
          />
        </EuiFlexItem>
      </EuiFlexGroup>
      <EuiSpacer size="s" />
      {list.status === 'error' && <PageError title="Could not load the alerts" message={list.error} onRetry={reload} />}
      <EuiBasicTable<AlertItem>
        tableCaption="Alerts, newest first unless sorted otherwise"
        items={data?.items ?? []}
        itemId="id"
        columns={columns}
        loading={list.status === 'loading'}
        noItemsMessage={noRowsMessage(list.status, {
          failed: 'The alerts could not be loaded',
          loading: 'Loading alerts…',
          empty: 'No alerts match these filters and time range.',
        })}
        pagination={{
          pageIndex: state.pageIndex,
          pageSize: state.pageSize,
          totalItemCount,
          pageSizeOptions: PAGE_SIZES,
        }}
        sorting={{ sort: { field: state.sort as keyof AlertItem, direction: state.direction } }}
        selection={{ onSelectionChange: setSelected, selected }}
        onChange={onTableChange}
        rowProps={() => ({ 'data-test-subj': 'alertsTableRow' })}
        data-test-subj="alertsTable"
      />
      {alertId && (
        <AlertFlyout
          alertId={alertId}
          onClose={() => navigate(paths.alerts(state))}
          onTriaged={() => setRefreshCount((n) => n + 1)}
        />
      )}
    </EuiPageTemplate.Section>
  );
}

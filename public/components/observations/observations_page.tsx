import React, { useState } from 'react';
import {
  EuiFlexGroup,
  EuiFlexItem,
  EuiFormRow,
  EuiPageTemplate,
  EuiSelect,
  EuiSpacer,
  EuiText,
  type Criteria,
} from '@elastic/eui';
import { API_LIMITS, type ObservationItem, type ObservationsListQuery } from '../../../common/api';
import { SIGNAL_IDS, type SignalId } from '../../../common/alert_document';
import { signalLabel } from '../../families/login/labels';
import { useIsoRange } from '../../hooks/use_iso_range';
import { useNavigate } from '../../hooks/use_navigate';
import { reachableItemCount, useCursorPagedList } from '../../hooks/use_page_cursors';
import { usePageChrome } from '../../hooks/use_page_chrome';
import { useServices } from '../../hooks/use_services';
import { PAGE_SIZES, paths, type ObservationsUrlState } from '../../router/routes';
import { TimeRangeFilter, UserFilter } from '../shared/list_filters';
import { totalLabel } from '../shared/format';
import { noRowsMessage, PageError } from '../shared/page_error';
import { ObservationsTable } from '../users/observations_table';

/**
 * The API query of a URL state: its resolved range, filters and page. Numbered pages within the index's window;
 * beyond it, `cursor` (the page before's `next_cursor`, usePageCursors) instead of the number the API would refuse.
 */
export function observationsListQuery(
  state: ObservationsUrlState,
  range: { from?: string; to?: string },
  cursor?: string,
): ObservationsListQuery {
  const base = {
    from: range.from,
    to: range.to,
    user: state.user,
    signal: state.signal,
    size: Math.min(state.pageSize, API_LIMITS.maxObservations),
  };
  return cursor !== undefined ? { ...base, cursor } : { ...base, page: state.pageIndex + 1 };
}

/**
 * Observations (issue 12: "stored, searchable"), every user's: logins whose verdict stayed under the alerting
 * threshold, newest first, filtered by time range, user and signal, paged on the server. Every filter and the page are
 * in the URL: the Overview's figure links here for its range, a user page's panel for its user.
 */
export function ObservationsPage({ state }: { state: ObservationsUrlState }) {
  usePageChrome([{ text: 'Observations' }]);
  const { api } = useServices();
  const { navigate } = useNavigate();
  const [refreshCount, setRefreshCount] = useState(0);
  const range = useIsoRange(state, refreshCount);
  const { state: list, reload } = useCursorPagedList(
    { ...state, pageIndex: 0, range },
    state,
    refreshCount,
    (cursor) => observationsListQuery(state, range, cursor),
    (query, signal) => api.listObservations(query, signal),
  );

  const update = (change: Partial<ObservationsUrlState>) => {
    const pageChange = 'pageIndex' in change;
    navigate(paths.observations({ ...state, ...change, pageIndex: pageChange ? change.pageIndex : 0 }));
  };
  const onTableChange = ({ page }: Criteria<ObservationItem>) => {
    if (!page) return;
    const sizeChanged = page.size !== state.pageSize;
    update({ pageSize: page.size, pageIndex: sizeChanged ? 0 : page.index });
  };

  // A failed request shows its error and no rows, not the last answer's under this one's filters.
  const failed = list.status === 'error';
  const data = failed ? undefined : list.data;
  return (
    <EuiPageTemplate.Section>
      <EuiText size="s" color="subdued">
        <p>
          Logins whose signals stayed below the alerting threshold: kept as context for later alerts, not alerts
          themselves.
        </p>
      </EuiText>
      <EuiSpacer size="s" />
      <EuiFlexGroup gutterSize="s" wrap alignItems="flexEnd">
        <UserFilter
          user={state.user}
          onChange={(user) => update({ user })}
          dataTestSubj="observationsFilterUser"
          minWidth={180}
        />
        <EuiFlexItem grow={false} style={{ minWidth: 200 }}>
          <EuiFormRow label="Signal" display="rowCompressed">
            <EuiSelect
              compressed
              value={state.signal ?? ''}
              options={[
                { value: '', text: 'Any signal' },
                ...SIGNAL_IDS.map((id) => ({ value: id, text: signalLabel(id) })),
              ]}
              onChange={(e) => update({ signal: (e.target.value || undefined) as SignalId | undefined })}
              data-test-subj="observationsFilterSignal"
            />
          </EuiFormRow>
        </EuiFlexItem>
        <TimeRangeFilter
          range={state}
          onChange={(next) => update(next)}
          onRefresh={() => setRefreshCount((n) => n + 1)}
          dataTestSubj="observationsDatePicker"
        />
      </EuiFlexGroup>
      <EuiSpacer size="m" />
      <EuiText size="s" aria-live="polite" data-test-subj="observationsTotal">
        {failed
          ? 'Observations not loaded'
          : data
            ? `${totalLabel(data.total, data.total_relation)} observations`
            : 'Loading observations…'}
      </EuiText>
      <EuiSpacer size="s" />
      {failed && <PageError title="Could not load the observations" message={list.error} onRetry={reload} />}
      <ObservationsTable
        observations={data?.items ?? []}
        caption="Observations of every user, newest first: logins below the alerting threshold"
        noItemsMessage={noRowsMessage(list.status, {
          failed: 'The observations could not be loaded',
          loading: 'Loading observations…',
          empty: 'No observations match these filters and time range.',
        })}
        dataTestSubj="observationsTable"
        showUser
        loading={list.status === 'loading'}
        pagination={{
          pageIndex: state.pageIndex,
          pageSize: state.pageSize,
          // Numbered pages within the index's result window, then each page reached from the one before (its cursor).
          totalItemCount: data
            ? reachableItemCount(data.total, state.pageIndex, state.pageSize, data.next_cursor !== undefined)
            : 0,
          pageSizeOptions: PAGE_SIZES,
        }}
        onChange={onTableChange}
      />
    </EuiPageTemplate.Section>
  );
}

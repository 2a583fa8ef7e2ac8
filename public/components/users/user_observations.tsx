import React, { useState } from 'react';
import { EuiFlexGroup, EuiFlexItem, EuiLink, EuiPanel, EuiText, EuiTitle } from '@elastic/eui';
import { API_LIMITS } from '../../../common/api';
import { useFetch } from '../../hooks/use_fetch';
import { useNavigate } from '../../hooks/use_navigate';
import { useServices } from '../../hooks/use_services';
import { paths } from '../../router/routes';
import { NUMBERED_PAGE_WINDOW } from '../alerts/alerts_query';
import { totalLabel } from '../shared/format';
import { noRowsMessage, PageError } from '../shared/page_error';
import { ObservationsTable } from './observations_table';

/** "See all": the panel is of all time, so is the page it opens (the picker reads "Last 100 years"). */
const ALL_TIME_START = 'now-100y';

/** Rows a page of the panel shows. */
const PANEL_PAGE_SIZE = API_LIMITS.defaultObservations;

/**
 * The user's observations (issue 12): their logins whose verdict stayed under the alerting threshold, newest first,
 * a page at a time — kept as context (a new device, a first VPN login), not alerts. From
 * `GET /users/{name}/observations`; "See all" opens the Observations page filtered by the user (any time).
 */
export function UserObservations({ userName }: { userName: string }) {
  const { api } = useServices();
  const { linkProps } = useNavigate();
  const [pageIndex, setPageIndex] = useState(0);
  const { state, reload } = useFetch(
    (signal) => api.userObservations(userName, { page: pageIndex + 1, size: PANEL_PAGE_SIZE }, signal),
    [api, userName, pageIndex],
  );
  const items = state.status === 'error' ? [] : (state.data?.items ?? []);
  const total = state.data?.total ?? 0;
  return (
    <EuiPanel hasBorder data-test-subj="userObservations">
      <EuiFlexGroup justifyContent="spaceBetween" alignItems="baseline" responsive={false}>
        <EuiFlexItem grow={false}>
          <EuiTitle size="xs">
            <h2>Observations</h2>
          </EuiTitle>
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiText size="xs">
            <EuiLink
              {...linkProps(paths.observations({ user: userName, start: ALL_TIME_START }))}
              data-test-subj="userObservationsSeeAll"
            >
              See all
            </EuiLink>
          </EuiText>
        </EuiFlexItem>
      </EuiFlexGroup>
      <EuiText size="xs" color="subdued">
        <p>
          Logins whose signals stayed below the alerting threshold: kept as context for later alerts, not alerts
          themselves.
          {state.status === 'ok' && total > 0 ? ` ${totalLabel(total, state.data.total_relation)} in all.` : ''}
        </p>
      </EuiText>
      {state.status === 'error' && (
        <PageError title="Could not load the observations" message={state.error} onRetry={reload} />
      )}
      <ObservationsTable
        observations={items}
        caption={`Observations of ${userName}: logins below the alerting threshold`}
        noItemsMessage={noRowsMessage(state.status, {
          failed: 'The observations could not be loaded',
          empty: 'No observations for this user.',
        })}
        dataTestSubj="userObservationsTable"
        loading={state.status === 'loading'}
        pagination={
          total > PANEL_PAGE_SIZE
            ? {
                pageIndex,
                pageSize: PANEL_PAGE_SIZE,
                // Numbered pages within the index's result window (the API refuses beyond).
                totalItemCount: Math.min(total, NUMBERED_PAGE_WINDOW),
                showPerPageOptions: false,
              }
            : undefined
        }
        onChange={({ page }) => page && setPageIndex(page.index)}
      />
    </EuiPanel>
  );
}

import React from 'react';
import { EuiPanel, EuiText, EuiTitle } from '@elastic/eui';
import { API_LIMITS } from '../../../common/api';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { totalLabel } from '../shared/format';
import { noRowsMessage, PageError } from '../shared/page_error';
import { ObservationsTable } from './observations_table';

/**
 * The user's observations (issue 12): their newest logins whose verdict stayed under the alerting threshold — kept
 * as context (a new device, a first VPN login), not alerts. From `GET /users/{name}/observations`.
 */
export function UserObservations({ userName }: { userName: string }) {
  const { api } = useServices();
  const { state, reload } = useFetch(
    (signal) => api.userObservations(userName, { size: API_LIMITS.defaultObservations }, signal),
    [api, userName],
  );
  const items = state.data?.items ?? [];
  const total = state.data?.total ?? 0;
  return (
    <EuiPanel hasBorder data-test-subj="userObservations">
      <EuiTitle size="xs">
        <h2>Observations</h2>
      </EuiTitle>
      <EuiText size="xs" color="subdued">
        <p>
          Logins whose signals stayed below the alerting threshold: kept as context for later alerts, not alerts
          themselves.
          {state.status === 'ok' && items.length < total
            ? ` The newest ${items.length} of ${totalLabel(total, state.data.total_relation)}.`
            : ''}
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
      />
    </EuiPanel>
  );
}

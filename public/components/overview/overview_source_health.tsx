import React from 'react';
import { EuiSpacer } from '@elastic/eui';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { SourceHealthPanel } from '../sources/source_health_panel';

/** Whether no alert exists yet (any time, the unfiltered ones the lists show); undefined until known. */
export function useNoAlerts(refreshCount: number): boolean | undefined {
  const { api } = useServices();
  const { state } = useFetch(
    (signal) => api.listAlerts({ size: 1, filtered: 'unfiltered' }, signal),
    [api, refreshCount],
  );
  return state.status === 'ok' ? state.data.total === 0 : undefined;
}

/**
 * The Overview's Source health over the last day: first on the page while nothing has alerted (a new user's question
 * is "does it see my data?"), below the charts once alerts exist.
 */
export function OverviewSourceHealth({
  refreshCount,
  place,
  noAlerts,
}: {
  refreshCount: number;
  place: 'top' | 'bottom';
  noAlerts: boolean | undefined;
}) {
  if (noAlerts === undefined || noAlerts !== (place === 'top')) return null;
  return place === 'top' ? (
    <>
      <SourceHealthPanel
        refreshCount={refreshCount}
        intro="No alerts yet. This is what BuffaLogs makes of your authentication data over the last day:"
      />
      <EuiSpacer size="m" />
    </>
  ) : (
    <>
      <EuiSpacer size="m" />
      <SourceHealthPanel refreshCount={refreshCount} intro="Over the last day:" />
    </>
  );
}

import React from 'react';
import { EuiText } from '@elastic/eui';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { WorldMap } from '../../map/world_map';
import { ChartPanel } from '../shared/chart_panel';
import { formatNumber } from '../shared/format';

/** Where alerts come from, with the impossible journeys drawn between their two logins. */
export function AlertsWorldMap({ from, to, refreshCount }: { from?: string; to?: string; refreshCount: number }) {
  const { api } = useServices();
  const { state, reload } = useFetch(
    (signal) => api.alertsByCountry({ from, to, filtered: 'unfiltered', travel_limit: 200 }, signal),
    [api, from, to, refreshCount],
  );
  return (
    <ChartPanel
      title="Alerts by country, with impossible travels"
      state={state}
      isEmpty={(d) => d.total === 0}
      emptyText="No alerts in this time range."
      onRetry={reload}
      dataTestSubj="alertsWorldMap"
    >
      {(data) => (
        <>
          <WorldMap
            title="World map of alerts by country"
            countries={data.countries.map((c) => ({ code: c.country_iso_code, name: c.country_name, count: c.count }))}
            arcs={data.travel_pairs.map((t) => ({
              id: t.alert_id,
              from: t.from.location,
              to: t.to.location,
              label: `${t.user}: ${t.from.city_name ?? t.from.country_iso_code ?? '?'} → ${
                t.to.city_name ?? t.to.country_iso_code ?? '?'
              }, ${formatNumber(t.distance_km)} km at ${formatNumber(t.speed_kmh)} km/h`,
            }))}
          />
          <EuiText size="xs" color="subdued">
            {data.countries.length} countries, {data.travel_pairs.length} impossible travels
            {data.unknown_country > 0 ? `, ${data.unknown_country} alerts without a location` : ''}.
          </EuiText>
        </>
      )}
    </ChartPanel>
  );
}

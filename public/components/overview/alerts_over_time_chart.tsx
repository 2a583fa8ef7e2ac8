import React from 'react';
import type { AlertsOverTimeResponse } from '../../../common/api';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { detectorLabel, own } from '../shared/labels';
import { ChartPanel } from '../shared/chart_panel';
import { StackedTimeBars } from '../shared/stacked_time_bars';

/**
 * The chart's rows, one per bucket and detector, named as the alert list names them; a detector no family names (a
 * sequence rule's own id, `sequence_porlock_otp_pa…`) by the name its alerts carry, else its id.
 */
export function overTimeRows(data: AlertsOverTimeResponse) {
  const name = (id: string) => {
    const label = detectorLabel(id);
    return label !== id ? label : (own(data.detector_names ?? {}, id) ?? id);
  };
  return data.buckets.flatMap((b) =>
    Object.entries(b.by_detector).map(([detector, count]) => ({
      time: Date.parse(b.start),
      detector: name(detector),
      count: count ?? 0,
    })),
  );
}

/** Alerts per interval, stacked by detector (BuffaLogs' alerts line chart). */
export function AlertsOverTimeChart({ from, to, refreshCount }: { from?: string; to?: string; refreshCount: number }) {
  const { api } = useServices();
  const { state, reload } = useFetch(
    (signal) => api.alertsOverTime({ from, to, filtered: 'unfiltered' }, signal),
    [api, from, to, refreshCount],
  );
  return (
    <ChartPanel
      title="Alerts over time by detector"
      state={state}
      isEmpty={(d) => d.total === 0}
      emptyText="No alerts in this time range."
      onRetry={reload}
      dataTestSubj="alertsOverTimeChart"
    >
      {(data, titleId) => {
        const rows = overTimeRows(data);
        return (
          <StackedTimeBars
            id="alerts"
            rows={rows}
            splitBy="detector"
            times={data.buckets.map((b) => Date.parse(b.start))}
            yTitle="Alerts"
            titleId={titleId}
            description={`${data.total} alerts, one bar per ${data.interval}`}
          />
        );
      }}
    </ChartPanel>
  );
}

import React from 'react';
import type { RuleId } from '../../../common/constants';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { detectorLabel } from '../shared/labels';
import { ChartPanel } from '../shared/chart_panel';
import { StackedTimeBars } from '../shared/stacked_time_bars';

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
        const rows = data.buckets.flatMap((b) =>
          Object.entries(b.by_detector).map(([detector, count]) => ({
            time: Date.parse(b.start),
            detector: detectorLabel(detector as RuleId),
            count: count ?? 0,
          })),
        );
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

import React from 'react';
import { Axis, BarSeries, Chart, Position, ScaleType, Settings, niceTimeFormatter } from '@elastic/charts';
import type { RuleId } from '../../../common/constants';
import { useChartBaseTheme } from '../../hooks/use_chart_theme';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { detectorLabel } from '../shared/labels';
import { ChartPanel } from '../shared/chart_panel';
import { chartA11y } from '../shared/chart_a11y';

/** Alerts per interval, stacked by detector (BuffaLogs' alerts line chart). */
export function AlertsOverTimeChart({ from, to, refreshCount }: { from?: string; to?: string; refreshCount: number }) {
  const { api } = useServices();
  const baseTheme = useChartBaseTheme();
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
        const times = data.buckets.map((b) => Date.parse(b.start));
        return (
          <Chart size={{ height: 240 }}>
            <Settings
              baseTheme={baseTheme}
              showLegend
              legendPosition={Position.Right}
              {...chartA11y(titleId, `${data.total} alerts, one bar per ${data.interval}`)}
            />
            <BarSeries
              id="alerts"
              data={rows}
              xScaleType={ScaleType.Time}
              yScaleType={ScaleType.Linear}
              xAccessor="time"
              yAccessors={['count']}
              splitSeriesAccessors={['detector']}
              stackAccessors={['time']}
            />
            <Axis
              id="time"
              position={Position.Bottom}
              tickFormat={niceTimeFormatter([Math.min(...times), Math.max(...times)])}
            />
            <Axis id="count" position={Position.Left} title="Alerts" ticks={4} />
          </Chart>
        );
      }}
    </ChartPanel>
  );
}

import React from 'react';
import { Axis, BarSeries, Chart, Position, ScaleType, Settings, niceTimeFormatter } from '@elastic/charts';
import type { SourcesResponse } from '../../../common/api';
import { useChartBaseTheme } from '../../hooks/use_chart_theme';
import type { FetchState } from '../../hooks/use_fetch';
import { ChartPanel } from '../shared/chart_panel';
import { chartA11y } from '../shared/chart_a11y';

/** Attack alerts and compromised accounts per interval: a spray and, after it, the account it broke into. */
export function SourcesTimeline({ state, onRetry }: { state: FetchState<SourcesResponse>; onRetry: () => void }) {
  const baseTheme = useChartBaseTheme();
  return (
    <ChartPanel
      title="Attacks and compromised accounts over time"
      state={state}
      isEmpty={(d) => d.timeline.buckets.every((b) => b.attacks + b.compromised === 0)}
      emptyText="No credential attacks in this time range."
      onRetry={onRetry}
      dataTestSubj="sourcesTimeline"
    >
      {(data, titleId) => {
        const rows = data.timeline.buckets.flatMap((b) => [
          { time: Date.parse(b.start), what: 'Attacks', count: b.attacks },
          { time: Date.parse(b.start), what: 'Compromised accounts', count: b.compromised },
        ]);
        const times = data.timeline.buckets.map((b) => Date.parse(b.start));
        const attacks = data.timeline.buckets.reduce((n, b) => n + b.attacks, 0);
        const compromised = data.timeline.buckets.reduce((n, b) => n + b.compromised, 0);
        return (
          <Chart size={{ height: 220 }}>
            <Settings
              baseTheme={baseTheme}
              showLegend
              legendPosition={Position.Right}
              {...chartA11y(
                titleId,
                `${attacks} attacks and ${compromised} compromised accounts, one bar per ${data.timeline.interval}`,
              )}
            />
            <BarSeries
              id="sources"
              data={rows}
              xScaleType={ScaleType.Time}
              yScaleType={ScaleType.Linear}
              xAccessor="time"
              yAccessors={['count']}
              splitSeriesAccessors={['what']}
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

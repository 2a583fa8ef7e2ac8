import React from 'react';
import { Axis, BarSeries, Chart, Position, ScaleType, Settings, niceTimeFormatter } from '@elastic/charts';
import { WEB_TRAFFIC_CLASSES, type WebTimelineResponse } from '../../../common/api';
import { useChartBaseTheme } from '../../hooks/use_chart_theme';
import type { FetchState } from '../../hooks/use_fetch';
import { ChartPanel } from '../shared/chart_panel';
import { chartA11y } from '../shared/chart_a11y';
import { WEB_CLASS_LABELS } from '../shared/labels';

/** Requests per interval stacked by class (LogiSOC's activity timeline); the whole site's or one address's. */
export function WebTimelineChart({
  title,
  state,
  onRetry,
  dataTestSubj,
}: {
  title: string;
  state: FetchState<Pick<WebTimelineResponse, 'buckets' | 'interval' | 'total'>>;
  onRetry: () => void;
  dataTestSubj: string;
}) {
  const baseTheme = useChartBaseTheme();
  return (
    <ChartPanel
      title={title}
      state={state}
      isEmpty={(d) => d.total === 0}
      emptyText="No requests in this time range."
      onRetry={onRetry}
      dataTestSubj={dataTestSubj}
    >
      {(data, titleId) => {
        const rows = data.buckets.flatMap((b) =>
          WEB_TRAFFIC_CLASSES.filter((c) => b.by_class[c] > 0).map((c) => ({
            time: Date.parse(b.start),
            class: WEB_CLASS_LABELS[c],
            count: b.by_class[c],
          })),
        );
        const times = data.buckets.map((b) => Date.parse(b.start));
        return (
          <Chart size={{ height: 240 }}>
            <Settings
              baseTheme={baseTheme}
              showLegend
              legendPosition={Position.Right}
              {...chartA11y(titleId, `${data.total} requests, one bar per ${data.interval}`)}
            />
            <BarSeries
              id="requests"
              data={rows}
              xScaleType={ScaleType.Time}
              yScaleType={ScaleType.Linear}
              xAccessor="time"
              yAccessors={['count']}
              splitSeriesAccessors={['class']}
              stackAccessors={['time']}
            />
            <Axis
              id="time"
              position={Position.Bottom}
              tickFormat={niceTimeFormatter([Math.min(...times), Math.max(...times)])}
            />
            <Axis id="count" position={Position.Left} title="Requests" ticks={4} />
          </Chart>
        );
      }}
    </ChartPanel>
  );
}

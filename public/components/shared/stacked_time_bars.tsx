import React from 'react';
import { Axis, BarSeries, Chart, Position, ScaleType, Settings, niceTimeFormatter } from '@elastic/charts';
import { useChartBaseTheme } from '../../hooks/use_chart_theme';
import { chartA11y } from './chart_a11y';

/**
 * Counts per interval on a time axis, stacked by one field of the rows, with its legend on the right: the Overview's
 * alerts by detector and the web pages' requests by class. `times`: every bucket's start (empty ones too), for the axis.
 */
export function StackedTimeBars({
  id,
  rows,
  splitBy,
  times,
  yTitle,
  titleId,
  description,
}: {
  id: string;
  rows: Array<{ time: number; count: number } & Record<string, string | number>>;
  splitBy: string;
  times: number[];
  yTitle: string;
  titleId: string;
  description: string;
}) {
  const baseTheme = useChartBaseTheme();
  // The axis spans the whole range: from the data alone it spanned only the buckets with counts, so three busy days
  // of a quiet month filled the chart as if they were the month.
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  const xDomain = {
    min: Math.min(...times),
    max: Math.max(...times),
    ...(gaps.length ? { minInterval: Math.min(...gaps) } : {}),
  };
  return (
    <Chart size={{ height: 240 }}>
      <Settings
        baseTheme={baseTheme}
        showLegend
        legendPosition={Position.Right}
        xDomain={xDomain}
        {...chartA11y(titleId, description)}
      />
      <BarSeries
        id={id}
        data={rows}
        xScaleType={ScaleType.Time}
        yScaleType={ScaleType.Linear}
        xAccessor="time"
        yAccessors={['count']}
        splitSeriesAccessors={[splitBy]}
        stackAccessors={['time']}
      />
      <Axis
        id="time"
        position={Position.Bottom}
        tickFormat={niceTimeFormatter([Math.min(...times), Math.max(...times)])}
      />
      <Axis id="count" position={Position.Left} title={yTitle} ticks={4} />
    </Chart>
  );
}

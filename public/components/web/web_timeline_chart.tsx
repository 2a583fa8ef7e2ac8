import React from 'react';
import { WEB_TRAFFIC_CLASSES, type WebTimelineResponse } from '../../../common/api';
import type { FetchState } from '../../hooks/use_fetch';
import { ChartPanel } from '../shared/chart_panel';
import { StackedTimeBars } from '../shared/stacked_time_bars';
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
        return (
          <StackedTimeBars
            id="requests"
            rows={rows}
            splitBy="class"
            times={data.buckets.map((b) => Date.parse(b.start))}
            yTitle="Requests"
            titleId={titleId}
            description={`${data.total} requests, one bar per ${data.interval}`}
          />
        );
      }}
    </ChartPanel>
  );
}

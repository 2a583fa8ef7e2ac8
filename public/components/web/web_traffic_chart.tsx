import React from 'react';
import { Axis, BarSeries, Chart, Position, ScaleType, Settings } from '@elastic/charts';
import { EuiText, useEuiTheme } from '@elastic/eui';
import { WEB_TRAFFIC_CLASSES, type WebRangeQuery, type WebTrafficClass } from '../../../common/api';
import { useChartBaseTheme } from '../../hooks/use_chart_theme';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { ChartPanel } from '../shared/chart_panel';
import { chartA11y } from '../shared/chart_a11y';
import { formatNumber } from '../shared/format';
import { WEB_CLASS_LABELS } from '../shared/labels';

const percent = (n: number, total: number) => (total === 0 ? '0 %' : `${((100 * n) / total).toFixed(1)} %`);

/** Requests by class of response: what got through, what the server refused, what failed. */
export function WebTrafficChart({ range, refreshCount }: { range: WebRangeQuery; refreshCount: number }) {
  const { api } = useServices();
  const baseTheme = useChartBaseTheme();
  const { euiTheme } = useEuiTheme();
  const { state, reload } = useFetch(
    (signal) => api.webTraffic(range, signal),
    [api, range.from, range.to, refreshCount],
  );
  const colors: Record<WebTrafficClass, string> = {
    allowed: euiTheme.colors.success,
    blocked: euiTheme.colors.warning,
    client_error: euiTheme.colors.primary,
    server_error: euiTheme.colors.danger,
    other: euiTheme.colors.mediumShade,
  };
  return (
    <ChartPanel
      title="Traffic by response"
      state={state}
      isEmpty={(d) => d.total === 0}
      emptyText="No requests in this time range (check buffalogs.web.indices)."
      onRetry={reload}
      dataTestSubj="webTrafficChart"
    >
      {(data, titleId) => {
        const rows = WEB_TRAFFIC_CLASSES.map((c) => ({
          cls: c,
          label: WEB_CLASS_LABELS[c],
          requests: data.classes[c],
        }));
        const blocked = Object.entries(data.blocked_codes)
          .map(([code, n]) => `${code}: ${formatNumber(n)}`)
          .join(', ');
        return (
          <>
            <Chart size={{ height: 200 }}>
              <Settings
                baseTheme={baseTheme}
                rotation={90}
                {...chartA11y(
                  titleId,
                  rows.map((r) => `${r.label}: ${r.requests} (${percent(r.requests, data.total)})`).join(', '),
                )}
              />
              <BarSeries
                id="traffic"
                name="Requests"
                data={rows}
                xScaleType={ScaleType.Ordinal}
                yScaleType={ScaleType.Linear}
                xAccessor="label"
                yAccessors={['requests']}
                styleAccessor={(datum) => colors[(datum.datum as { cls: WebTrafficClass }).cls]}
              />
              <Axis id="class" position={Position.Left} />
              <Axis id="count" position={Position.Bottom} title="Requests" ticks={4} />
            </Chart>
            <EuiText size="xs" color="subdued" data-test-subj="webTrafficSummary">
              <p>
                {formatNumber(data.total)} requests: {percent(data.classes.allowed, data.total)} allowed,{' '}
                {percent(data.classes.blocked, data.total)} blocked{blocked ? ` (${blocked})` : ''}. 418 counts as
                blocked: servers answer it to probes they refuse.
              </p>
            </EuiText>
          </>
        );
      }}
    </ChartPanel>
  );
}

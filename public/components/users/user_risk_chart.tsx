import React from 'react';
import { Axis, Chart, CurveType, LineSeries, Position, ScaleType, Settings, niceTimeFormatter } from '@elastic/charts';
import { EuiEmptyPrompt, EuiPanel, EuiTitle, useGeneratedHtmlId } from '@elastic/eui';
import type { UserDetailResponse } from '../../../common/api';
import { useChartBaseTheme } from '../../hooks/use_chart_theme';
import { RISK_LABELS } from '../shared/labels';
import { chartA11y } from '../shared/chart_a11y';
import { formatTime, timeMs } from '../shared/format';

/**
 * The user's risk score over time. BuffaLogs' count: a step line (the count holds until the next alert changes it).
 * The score model (points say what they are): a line that jumps at each alert and falls as the alerts fade; the
 * description reads the alerts' points and now.
 */
export function UserRiskChart({ history }: { history: UserDetailResponse['risk_history'] }) {
  const baseTheme = useChartBaseTheme();
  const titleId = useGeneratedHtmlId({ prefix: 'riskOverTime' });
  const rows = riskChartRows(history);
  const times = rows.map((r) => r.time);
  const decays = rows.some((r) => r.point !== undefined);
  return (
    <EuiPanel hasBorder data-test-subj="userRiskChart">
      <EuiTitle size="xs">
        <h2 id={titleId}>Risk over time</h2>
      </EuiTitle>
      {rows.length === 0 ? (
        <EuiEmptyPrompt
          titleSize="xs"
          title={<h3>No risk changes</h3>}
          body={<p>No counted alert has raised this user's risk.</p>}
        />
      ) : (
        <Chart size={{ height: 200 }}>
          <Settings baseTheme={baseTheme} {...chartA11y(titleId, riskChartDescription(history))} />
          <LineSeries
            id="risk"
            name="Risk score"
            data={rows}
            xScaleType={ScaleType.Time}
            yScaleType={ScaleType.Linear}
            xAccessor="time"
            yAccessors={['score']}
            curve={decays ? CurveType.LINEAR : CurveType.CURVE_STEP_AFTER}
          />
          <Axis
            id="time"
            position={Position.Bottom}
            tickFormat={niceTimeFormatter([Math.min(...times), Math.max(...times)])}
          />
          <Axis
            id="score"
            position={Position.Left}
            title="Score"
            ticks={4}
            {...(decays ? { domain: { min: 0, max: 100 } } : {})}
          />
        </Chart>
      )}
    </EuiPanel>
  );
}

/**
 * The chart's points. The server sends ISO text; read as any stored time all the same (Date.parse made epoch-millisecond
 * text NaN), and a point without a time is left out.
 */
export function riskChartRows(history: UserDetailResponse['risk_history']) {
  return history.flatMap((h) => {
    const time = timeMs(h.timestamp);
    return time === undefined ? [] : [{ time, score: h.score, point: h.point }];
  });
}

/** The chart's figures in words: every point (count model), or the alerts' points and now (the score model). */
export function riskChartDescription(history: UserDetailResponse['risk_history']): string {
  return history
    .filter((h) => h.point !== 'decay')
    .map((h) => `${formatTime(h.timestamp)}${h.point === 'now' ? ' (now)' : ''}: ${RISK_LABELS[h.level]} (${h.score})`)
    .join(', ');
}

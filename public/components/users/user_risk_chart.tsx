import React from 'react';
import { Axis, Chart, CurveType, LineSeries, Position, ScaleType, Settings, niceTimeFormatter } from '@elastic/charts';
import { EuiEmptyPrompt, EuiPanel, EuiTitle, useGeneratedHtmlId } from '@elastic/eui';
import type { UserDetailResponse } from '../../../common/api';
import { useChartBaseTheme } from '../../hooks/use_chart_theme';
import { RISK_LABELS } from '../shared/labels';
import { chartA11y } from '../shared/chart_a11y';
import { formatTime } from '../shared/format';

/** The user's risk score at each change, as a step line (the score holds until the next alert changes it). */
export function UserRiskChart({ history }: { history: UserDetailResponse['risk_history'] }) {
  const baseTheme = useChartBaseTheme();
  const titleId = useGeneratedHtmlId({ prefix: 'riskOverTime' });
  const rows = history.map((h) => ({
    iso: h.timestamp,
    time: Date.parse(h.timestamp),
    score: h.score,
    level: RISK_LABELS[h.level],
  }));
  const times = rows.map((r) => r.time);
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
          <Settings
            baseTheme={baseTheme}
            {...chartA11y(titleId, rows.map((r) => `${formatTime(r.iso)}: ${r.level} (${r.score})`).join(', '))}
          />
          <LineSeries
            id="risk"
            name="Risk score"
            data={rows}
            xScaleType={ScaleType.Time}
            yScaleType={ScaleType.Linear}
            xAccessor="time"
            yAccessors={['score']}
            curve={CurveType.CURVE_STEP_AFTER}
          />
          <Axis
            id="time"
            position={Position.Bottom}
            tickFormat={niceTimeFormatter([Math.min(...times), Math.max(...times)])}
          />
          <Axis id="score" position={Position.Left} title="Score" ticks={4} />
        </Chart>
      )}
    </EuiPanel>
  );
}

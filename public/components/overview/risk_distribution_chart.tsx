import React from 'react';
import { Axis, BarSeries, Chart, Position, ScaleType, Settings } from '@elastic/charts';
import { useEuiTheme } from '@elastic/eui';
import { RISK_LEVELS, type RiskLevel } from '../../../common/constants';
import { useChartBaseTheme } from '../../hooks/use_chart_theme';
import { useFetch } from '../../hooks/use_fetch';
import { useServices } from '../../hooks/use_services';
import { RISK_LABELS } from '../shared/labels';
import { ChartPanel } from '../shared/chart_panel';
import { chartA11y } from '../shared/chart_a11y';

/** Users per risk level (BuffaLogs' users pie), as bars so small levels stay readable next to a big "no risk". */
export function RiskDistributionChart({ refreshCount }: { refreshCount: number }) {
  const { api } = useServices();
  const baseTheme = useChartBaseTheme();
  const { euiTheme } = useEuiTheme();
  const { state, reload } = useFetch((signal) => api.riskDistribution(signal), [api, refreshCount]);
  const colors: Record<RiskLevel, string> = {
    no_risk: euiTheme.colors.success,
    low: euiTheme.colors.primary,
    medium: euiTheme.colors.warning,
    high: euiTheme.colors.danger,
  };
  return (
    <ChartPanel
      title="Users by risk level"
      state={state}
      isEmpty={(d) => d.total === 0}
      emptyText="No user has logged in yet, or detection has not run."
      onRetry={reload}
      dataTestSubj="riskDistributionChart"
    >
      {(data, titleId) => {
        const rows = RISK_LEVELS.map((level) => ({ level, label: RISK_LABELS[level], users: data.levels[level] }));
        return (
          <Chart size={{ height: 240 }}>
            <Settings
              baseTheme={baseTheme}
              {...chartA11y(titleId, rows.map((r) => `${r.label}: ${r.users}`).join(', '))}
            />
            <BarSeries
              id="users"
              name="Users"
              data={rows}
              xScaleType={ScaleType.Ordinal}
              yScaleType={ScaleType.Linear}
              xAccessor="label"
              yAccessors={['users']}
              styleAccessor={(datum) => colors[(datum.datum as { level: RiskLevel }).level]}
            />
            <Axis id="level" position={Position.Bottom} />
            <Axis id="count" position={Position.Left} title="Users" ticks={4} />
          </Chart>
        );
      }}
    </ChartPanel>
  );
}

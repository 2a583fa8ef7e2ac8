import React, { useState } from 'react';
import { EuiFlexGroup, EuiFlexItem, EuiPageTemplate, EuiSpacer } from '@elastic/eui';
import { useIsoRange } from '../../hooks/use_iso_range';
import { usePageChrome } from '../../hooks/use_page_chrome';
import { paths, type TimeRange } from '../../router/routes';
import { PageTimeBar } from '../shared/time_picker';
import { AlertsOverTimeChart } from './alerts_over_time_chart';
import { AlertsWorldMap } from './alerts_world_map';
import { DetectionStatus } from './detection_status';
import { HeadlineStats } from './headline_stats';
import { OverviewSourceHealth, useNoAlerts } from './overview_source_health';
import { RiskDistributionChart } from './risk_distribution_chart';
import { RiskiestUsersTable } from './riskiest_users_table';

/** Who is at risk and where alerts come from; the time range (in the URL) applies to the charts and the map. */
export function OverviewPage({ range }: { range: TimeRange }) {
  usePageChrome([{ text: 'Overview' }]);
  const [refreshCount, setRefreshCount] = useState(0);
  const { from, to } = useIsoRange(range, refreshCount);
  const noAlerts = useNoAlerts(refreshCount);
  return (
    <EuiPageTemplate.Section>
      <PageTimeBar
        range={range}
        pathFor={paths.overview}
        onRefresh={() => setRefreshCount((n) => n + 1)}
        dataTestSubj="overviewDatePicker"
      />
      <EuiSpacer size="m" />
      <DetectionStatus />
      <OverviewSourceHealth refreshCount={refreshCount} place="top" noAlerts={noAlerts} />
      <HeadlineStats refreshCount={refreshCount} range={range} iso={{ from, to }} />
      <EuiSpacer size="m" />
      <EuiFlexGroup gutterSize="m" wrap>
        <EuiFlexItem style={{ minWidth: 320 }}>
          <RiskDistributionChart refreshCount={refreshCount} />
        </EuiFlexItem>
        <EuiFlexItem grow={2} style={{ minWidth: 420 }}>
          <AlertsOverTimeChart from={from} to={to} refreshCount={refreshCount} />
        </EuiFlexItem>
      </EuiFlexGroup>
      <EuiSpacer size="m" />
      <EuiFlexGroup gutterSize="m" wrap>
        <EuiFlexItem grow={3} style={{ minWidth: 420 }}>
          <AlertsWorldMap from={from} to={to} refreshCount={refreshCount} />
        </EuiFlexItem>
        <EuiFlexItem grow={2} style={{ minWidth: 400 }}>
          <RiskiestUsersTable refreshCount={refreshCount} />
        </EuiFlexItem>
      </EuiFlexGroup>
      <OverviewSourceHealth refreshCount={refreshCount} place="bottom" noAlerts={noAlerts} />
    </EuiPageTemplate.Section>
  );
}

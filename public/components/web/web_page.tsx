import React, { useState } from 'react';
import { EuiFlexGroup, EuiFlexItem, EuiPageTemplate, EuiSpacer } from '@elastic/eui';
import { useFetch } from '../../hooks/use_fetch';
import { useIsoRange } from '../../hooks/use_iso_range';
import { usePageChrome } from '../../hooks/use_page_chrome';
import { useServices } from '../../hooks/use_services';
import { paths, type TimeRange } from '../../router/routes';
import { PageTimeBar } from '../shared/time_picker';
import { WebTimelineChart } from './web_timeline_chart';
import { WebTrafficChart } from './web_traffic_chart';
import { PagesTable, ReferrersTable, WebAlertsTable } from './web_tables';

/** Web traffic (issue 17): the access logs of `buffalogs.web.indices` over the URL's time range, and the web alerts. */
export function WebPage({ range }: { range: TimeRange }) {
  usePageChrome([{ text: 'Web traffic' }]);
  const { api } = useServices();
  const [refreshCount, setRefreshCount] = useState(0);
  const iso = useIsoRange(range, refreshCount);
  const timeline = useFetch((signal) => api.webTimeline(iso, signal), [api, iso.from, iso.to]);
  const alerts = useFetch((signal) => api.webAlerts({ ...iso, size: 50 }, signal), [api, iso.from, iso.to]);
  return (
    <EuiPageTemplate.Section>
      <PageTimeBar
        range={range}
        pathFor={paths.web}
        onRefresh={() => setRefreshCount((n) => n + 1)}
        dataTestSubj="webDatePicker"
      />
      <EuiSpacer size="m" />
      <EuiFlexGroup gutterSize="m" wrap>
        <EuiFlexItem style={{ minWidth: 320 }}>
          <WebTrafficChart range={iso} refreshCount={refreshCount} />
        </EuiFlexItem>
        <EuiFlexItem grow={2} style={{ minWidth: 420 }}>
          <WebTimelineChart
            title="Requests over time"
            state={timeline.state}
            onRetry={timeline.reload}
            dataTestSubj="webTimelineChart"
          />
        </EuiFlexItem>
      </EuiFlexGroup>
      <EuiSpacer size="m" />
      <EuiFlexGroup gutterSize="m" wrap>
        <EuiFlexItem style={{ minWidth: 360 }}>
          <ReferrersTable range={iso} refreshCount={refreshCount} />
        </EuiFlexItem>
        <EuiFlexItem style={{ minWidth: 360 }}>
          <PagesTable range={iso} refreshCount={refreshCount} />
        </EuiFlexItem>
      </EuiFlexGroup>
      <EuiSpacer size="m" />
      <WebAlertsTable
        title="Web alerts"
        state={alerts.state}
        onRetry={alerts.reload}
        items={alerts.state.data?.items ?? []}
        total={alerts.state.data?.total ?? 0}
        timeRange={range}
        dataTestSubj="webAlertsTable"
      />
    </EuiPageTemplate.Section>
  );
}

import React, { useState } from 'react';
import { EuiButton, EuiCallOut, EuiFlexGroup, EuiFlexItem, EuiPageTemplate, EuiSpacer } from '@elastic/eui';
import { useFetch } from '../../hooks/use_fetch';
import { useIsoRange } from '../../hooks/use_iso_range';
import { useNavigate } from '../../hooks/use_navigate';
import { usePageChrome } from '../../hooks/use_page_chrome';
import { useServices } from '../../hooks/use_services';
import { paths, type TimeRange } from '../../router/routes';
import { formatTime } from '../shared/format';
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
  // refreshCount too: an absolute range resolves to the same dates on a refresh, which must still ask again.
  const timeline = useFetch((signal) => api.webTimeline(iso, signal), [api, iso.from, iso.to, refreshCount]);
  const alerts = useFetch(
    (signal) => api.webAlerts({ ...iso, size: 50 }, signal),
    [api, iso.from, iso.to, refreshCount],
  );
  return (
    <EuiPageTemplate.Section>
      <PageTimeBar
        range={range}
        pathFor={paths.web}
        onRefresh={() => setRefreshCount((n) => n + 1)}
        dataTestSubj="webDatePicker"
      />
      <EuiSpacer size="m" />
      {timeline.state.data?.total === 0 && timeline.state.data.newest !== undefined && (
        <>
          <NewestRequest newest={timeline.state.data.newest} />
          <EuiSpacer size="m" />
        </>
      )}
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

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An empty range when the indices do hold requests elsewhere (a log imported from another year, a shipper that stopped
 * days ago): where the newest is, and a link to the day that ends with it, instead of empty charts alone.
 */
function NewestRequest({ newest }: { newest: string }) {
  const { linkProps } = useNavigate();
  const at = Date.parse(newest);
  // The day up to the newest request, its second included (the range's end is exclusive).
  const day = { start: new Date(at - DAY_MS).toISOString(), end: new Date(at + 1000).toISOString() };
  return (
    <EuiCallOut title="No web request in this time range" iconType="iInCircle" data-test-subj="webNewestRequest">
      <p>The newest request in buffalogs.web.indices is from {formatTime(newest)}.</p>
      <EuiButton size="s" {...linkProps(paths.web(day))} data-test-subj="webNewestRequestLink">
        Show the day up to it
      </EuiButton>
    </EuiCallOut>
  );
}

import React from 'react';
import {
  EuiBasicTable,
  EuiDescriptionList,
  EuiFlexGroup,
  EuiFlexItem,
  EuiPageTemplate,
  EuiPanel,
  EuiSpacer,
  EuiTitle,
} from '@elastic/eui';
import type { WebAddressResponse, WebTimelineResponse } from '../../../common/api';
import { useFetch, type FetchState } from '../../hooks/use_fetch';
import { useIsoRange } from '../../hooks/use_iso_range';
import { useNavigate } from '../../hooks/use_navigate';
import { usePageChrome } from '../../hooks/use_page_chrome';
import { useServices } from '../../hooks/use_services';
import { paths, type TimeRange } from '../../router/routes';
import { formatNumber, formatTime } from '../shared/format';
import { TimePicker } from '../shared/time_picker';
import { WebTimelineChart } from './web_timeline_chart';
import { WebAlertsTable } from './web_tables';

type Counted = WebAddressResponse['codes'];

function CountTable({ title, rows, dataTestSubj }: { title: string; rows: Counted; dataTestSubj: string }) {
  return (
    <EuiPanel hasBorder data-test-subj={dataTestSubj}>
      <EuiTitle size="xs">
        <h2>{title}</h2>
      </EuiTitle>
      <EuiBasicTable
        tableCaption={title}
        items={rows}
        columns={[
          { field: 'value', name: title, truncateText: true, width: '80%' },
          { field: 'count', name: 'Requests', align: 'right', render: (n: number) => formatNumber(n) },
        ]}
        noItemsMessage="None in this time range."
      />
    </EuiPanel>
  );
}

/** One client address: what it asked for, what it got, with what, and the alerts about it. */
export function WebAddressPage({ ip, range }: { ip: string; range: TimeRange }) {
  usePageChrome([{ text: 'Web traffic', path: paths.web(range) }, { text: ip }]);
  const { api } = useServices();
  const { navigate } = useNavigate();
  const iso = useIsoRange(range);
  const { state, reload } = useFetch((signal) => api.webAddress(ip, iso, signal), [api, ip, iso.from, iso.to]);
  const data = state.data;
  // The timeline chart reads `buckets`; the address answer names them `over_time`.
  const timeline = {
    ...state,
    data: data && { buckets: data.over_time, interval: data.interval, total: data.total },
  } as FetchState<Pick<WebTimelineResponse, 'buckets' | 'interval' | 'total'>>;
  return (
    <EuiPageTemplate.Section>
      <EuiFlexGroup justifyContent="spaceBetween" alignItems="center">
        <EuiFlexItem grow={false}>
          {data && (
            <EuiDescriptionList
              type="inline"
              compressed
              data-test-subj="webAddressSummary"
              listItems={[
                { title: 'Requests', description: formatNumber(data.total) },
                { title: 'First seen', description: formatTime(data.first_seen) },
                { title: 'Last seen', description: formatTime(data.last_seen) },
                { title: 'Alerts', description: formatNumber(data.alerts_total) },
              ]}
            />
          )}
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <TimePicker
            range={range}
            onChange={(next) => navigate(paths.webAddress(ip, next))}
            onRefresh={reload}
            dataTestSubj="webAddressDatePicker"
          />
        </EuiFlexItem>
      </EuiFlexGroup>
      <EuiSpacer size="m" />
      <WebTimelineChart
        title={`Requests from ${ip} over time`}
        state={timeline}
        onRetry={reload}
        dataTestSubj="webAddressTimeline"
      />
      <EuiSpacer size="m" />
      <WebAlertsTable
        title={`Alerts about ${ip}`}
        state={state}
        onRetry={reload}
        items={data?.alerts ?? []}
        total={data?.alerts_total ?? 0}
        timeRange={range}
        dataTestSubj="webAddressAlerts"
      />
      <EuiSpacer size="m" />
      <EuiFlexGroup gutterSize="m" wrap>
        <EuiFlexItem style={{ minWidth: 240 }}>
          <CountTable title="Response codes" rows={data?.codes ?? []} dataTestSubj="webAddressCodes" />
        </EuiFlexItem>
        <EuiFlexItem style={{ minWidth: 240 }}>
          <CountTable title="Methods" rows={data?.methods ?? []} dataTestSubj="webAddressMethods" />
        </EuiFlexItem>
        <EuiFlexItem grow={2} style={{ minWidth: 360 }}>
          <CountTable title="Paths" rows={data?.paths ?? []} dataTestSubj="webAddressPaths" />
        </EuiFlexItem>
      </EuiFlexGroup>
      <EuiSpacer size="m" />
      <EuiFlexGroup gutterSize="m" wrap>
        <EuiFlexItem style={{ minWidth: 360 }}>
          <CountTable title="User agents" rows={data?.user_agents ?? []} dataTestSubj="webAddressUserAgents" />
        </EuiFlexItem>
        <EuiFlexItem style={{ minWidth: 360 }}>
          <CountTable title="Referrers" rows={data?.referrers ?? []} dataTestSubj="webAddressReferrers" />
        </EuiFlexItem>
      </EuiFlexGroup>
    </EuiPageTemplate.Section>
  );
}

import React from 'react';
import { EuiBadge, EuiBasicTable, EuiPanel, EuiText, EuiTitle, type EuiBasicTableColumn } from '@elastic/eui';
import type { WebAlertItem, WebPagesResponse, WebRangeQuery, WebReferrersResponse } from '../../../common/api';
import type { FetchState } from '../../hooks/use_fetch';
import { useFetch } from '../../hooks/use_fetch';
import { useNavigate } from '../../hooks/use_navigate';
import { useServices } from '../../hooks/use_services';
import { paths, type TimeRange } from '../../router/routes';
import { formatNumber, formatTime } from '../shared/format';
import { SEVERITY_COLORS, WEB_RULE_LABELS } from '../shared/labels';
import { PageError } from '../shared/page_error';

/** A titled table panel whose error state offers a retry, as ChartPanel does for charts. */
function TablePanel<T extends object>({
  title,
  note,
  state,
  onRetry,
  items,
  columns,
  empty,
  dataTestSubj,
}: {
  title: string;
  note?: string;
  state: FetchState<unknown>;
  onRetry: () => void;
  items: T[];
  columns: Array<EuiBasicTableColumn<T>>;
  empty: string;
  dataTestSubj: string;
}) {
  return (
    <EuiPanel hasBorder data-test-subj={dataTestSubj}>
      <EuiTitle size="xs">
        <h2>{title}</h2>
      </EuiTitle>
      {note && (
        <EuiText size="xs" color="subdued">
          <p>{note}</p>
        </EuiText>
      )}
      {state.status === 'error' ? (
        <PageError title={`Could not load “${title}”`} message={state.error} onRetry={onRetry} />
      ) : (
        <EuiBasicTable
          tableCaption={title}
          items={items}
          columns={columns}
          loading={state.status === 'loading'}
          noItemsMessage={state.status === 'loading' ? 'Loading…' : empty}
        />
      )}
    </EuiPanel>
  );
}

function VirusTotalCell(row: WebReferrersResponse['domains'][number]) {
  const vt = row.virustotal;
  if (!vt)
    return (
      <EuiText size="xs" color="subdued">
        not asked yet
      </EuiText>
    );
  const engines = vt.malicious + vt.suspicious + vt.harmless + vt.undetected;
  return (
    <EuiBadge
      color={vt.malicious > 0 ? 'danger' : 'hollow'}
      title={`${vt.malicious} malicious, ${vt.suspicious} suspicious of ${engines} engines; checked ${formatTime(vt.checked_at)}`}
    >
      {vt.malicious}/{engines} malicious
    </EuiBadge>
  );
}

export function ReferrersTable({ range, refreshCount }: { range: WebRangeQuery; refreshCount: number }) {
  const { api } = useServices();
  const { state, reload } = useFetch(
    (signal) => api.webReferrers({ ...range, size: 10 }, signal),
    [api, range.from, range.to, refreshCount],
  );
  const data: WebReferrersResponse | undefined = state.data;
  const site = data?.site_domains.length ? `Leaving out the site itself (${data.site_domains.join(', ')}). ` : '';
  // More distinct referrer URLs than the server folds into domains: the rest are in no row.
  const partial = data?.partial
    ? ' Only the most frequent referrer URLs were counted: the figures are lower bounds.'
    : '';
  const columns: Array<EuiBasicTableColumn<WebReferrersResponse['domains'][number]>> = [
    { field: 'domain', name: 'Domain' },
    { field: 'requests', name: 'Requests', align: 'right', width: '7em', render: (n: number) => formatNumber(n) },
    {
      field: 'addresses',
      name: 'Addresses',
      align: 'right',
      // Room for the header: at 1280 px it read "Addre…".
      width: '7.5em',
      render: (n: number, row: WebReferrersResponse['domains'][number]) =>
        row.addresses_estimated ? (
          <span title="Estimated: past 40,000 distinct addresses Elasticsearch counts within a few percent">
            ≈ {formatNumber(n)}
          </span>
        ) : (
          formatNumber(n)
        ),
    },
  ];
  // VirusTotal's cached verdict, only where the web family has asked (kibana.yml `buffalogs.web.virusTotal`).
  if (data?.domains.some((d) => d.virustotal)) columns.push({ name: 'VirusTotal', render: VirusTotalCell });
  return (
    <TablePanel
      title="Top referrer domains"
      note={data ? `${site}${formatNumber(data.without_referrer)} requests had no referrer.${partial}` : undefined}
      state={state}
      onRetry={reload}
      items={data?.domains ?? []}
      columns={columns}
      empty="No referrer from another site in this time range."
      dataTestSubj="webReferrersTable"
    />
  );
}

export function PagesTable({ range, refreshCount }: { range: WebRangeQuery; refreshCount: number }) {
  const { api } = useServices();
  const { state, reload } = useFetch(
    (signal) => api.webPages({ ...range, size: 10 }, signal),
    [api, range.from, range.to, refreshCount],
  );
  const columns: Array<EuiBasicTableColumn<WebPagesResponse['pages'][number]>> = [
    // The counts get widths that hold their headers (at 1280 px "Requests", "Addresses" and "Blocked" were cut in
    // turn as each was given room); the path the rest.
    { field: 'path', name: 'Path', truncateText: true },
    { field: 'requests', name: 'Requests', align: 'right', width: '7em', render: (n: number) => formatNumber(n) },
    { field: 'addresses', name: 'Addresses', align: 'right', width: '7.5em' },
    { field: 'not_found', name: '404', align: 'right', width: '5em' },
    { field: 'blocked', name: 'Blocked', align: 'right', width: '6.5em' },
  ];
  return (
    <TablePanel
      title="Top pages"
      state={state}
      onRetry={reload}
      items={state.data?.pages ?? []}
      columns={columns}
      empty="No requests in this time range."
      dataTestSubj="webPagesTable"
    />
  );
}

/** The web family's alerts, newest first; each address links to its page. */
export function WebAlertsTable({
  title,
  state,
  onRetry,
  items,
  total,
  timeRange,
  dataTestSubj,
}: {
  title: string;
  state: FetchState<unknown>;
  onRetry: () => void;
  items: WebAlertItem[];
  total: number;
  timeRange: TimeRange;
  dataTestSubj: string;
}) {
  const { linkProps } = useNavigate();
  const columns: Array<EuiBasicTableColumn<WebAlertItem>> = [
    { field: '@timestamp', name: 'Time', render: (t: string) => formatTime(t), width: '170px' },
    { field: 'rule.id', name: 'Rule', render: (id: keyof typeof WEB_RULE_LABELS) => WEB_RULE_LABELS[id] ?? id },
    {
      field: 'buffalogs.entity.value',
      name: 'Address',
      render: (ip: string) => <a {...linkProps(paths.webAddress(ip, timeRange))}>{ip}</a>,
    },
    {
      field: 'buffalogs.severity',
      name: 'Severity',
      render: (s: string) => <EuiBadge color={SEVERITY_COLORS[s] ?? 'default'}>{s}</EuiBadge>,
    },
    { field: 'message', name: 'Why', width: '45%' },
  ];
  return (
    <TablePanel
      title={title}
      note={items.length < total ? `The newest ${items.length} of ${formatNumber(total)}.` : undefined}
      state={state}
      onRetry={onRetry}
      items={items}
      columns={columns}
      empty="No web alert in this time range."
      dataTestSubj={dataTestSubj}
    />
  );
}

import React from 'react';
import {
  EuiBasicTable,
  EuiFlexGrid,
  EuiFlexItem,
  EuiPanel,
  EuiText,
  EuiTitle,
  type EuiBasicTableColumn,
} from '@elastic/eui';
import { fingerprintName } from '../../../common/fingerprint_name';
import type { BaselineValue, LoginSummary, UserDetailResponse } from '../../../common/api';
import { formatTime, loginDevice } from '../shared/format';

/**
 * A known device in words ("Chrome on Windows 10, desktop"), its stored fingerprint below: the fingerprint is what
 * the alerts' reasons and the device signals' known values name.
 */
const deviceCell = (fingerprint: string) => (
  <div>
    <div>{fingerprintName(fingerprint)}</div>
    <EuiText size="xs" color="subdued">
      {fingerprint}
    </EuiText>
  </div>
);

const baselineColumns = (what: string): Array<EuiBasicTableColumn<BaselineValue>> => [
  // Wrapped, not cut: device fingerprints share long prefixes ("windows-10-desktop-…"), and cut to the column's width
  // two devices read the same.
  {
    field: 'value',
    name: what,
    truncateText: false,
    ...(what === 'Devices' ? { render: (value: string) => deviceCell(value) } : {}),
  },
  { field: 'count', name: 'Logins', dataType: 'number', width: '70px' },
  { field: 'first_seen', name: 'First seen', render: (t: string) => formatTime(t) },
  { field: 'last_seen', name: 'Last seen', render: (t: string) => formatTime(t) },
];

const loginColumns: Array<EuiBasicTableColumn<LoginSummary>> = [
  { field: 'timestamp', name: 'Time', render: (t: string) => formatTime(t) },
  {
    field: 'country_iso_code',
    name: 'Place',
    render: (_: unknown, l: LoginSummary) =>
      [l.city_name, l.country_name ?? l.country_iso_code].filter(Boolean).join(', ') || '—',
  },
  { field: 'ip', name: 'IP', render: (ip?: string) => ip ?? '—' },
  {
    field: 'device',
    name: 'Device',
    truncateText: true,
    render: (_: unknown, l: LoginSummary) => loginDevice(l),
  },
];

/**
 * The default profile remembers no device per login (only BuffaLogs' unique-login rows keep a fingerprint): a Device
 * column of dashes beside a Devices table of three read as "logged in from no known device".
 */
const hasDevice = (l: LoginSummary) => Boolean(l.user_agent || l.device);

function Baseline({ title, values }: { title: string; values: BaselineValue[] }) {
  return (
    <EuiFlexItem>
      <EuiPanel hasBorder paddingSize="s">
        <EuiTitle size="xxs">
          <h3>{title}</h3>
        </EuiTitle>
        <EuiBasicTable
          tableCaption={title}
          items={values}
          columns={baselineColumns(title)}
          compressed
          noItemsMessage="None known"
        />
      </EuiPanel>
    </EuiFlexItem>
  );
}

/** What the detector knows of the user: their countries, devices and IPs with first/last seen, and recent logins. */
export function LoginTimeline({ detail }: { detail: UserDetailResponse }) {
  return (
    <div data-test-subj="userLoginTimeline">
      <EuiFlexGrid columns={3} gutterSize="m">
        <Baseline title="Countries" values={detail.profile.countries} />
        <Baseline title="Devices" values={detail.profile.devices} />
        <Baseline title="IPs" values={detail.profile.ips} />
      </EuiFlexGrid>
      <EuiPanel hasBorder paddingSize="s" style={{ marginTop: 16 }}>
        <EuiTitle size="xxs">
          <h3>Recent logins</h3>
        </EuiTitle>
        <EuiBasicTable
          tableCaption="Recent logins, newest first"
          items={detail.recent_logins}
          columns={
            detail.recent_logins.some(hasDevice) ? loginColumns : loginColumns.filter((c) => c.name !== 'Device')
          }
          compressed
          noItemsMessage="No remembered logins"
        />
      </EuiPanel>
    </div>
  );
}

import React from 'react';
import { EuiBasicTable, EuiText, type EuiBasicTableColumn } from '@elastic/eui';
import type { AlertDetailResponse, LoginSummary } from '../../../common/api';
import { formatTime, loginDevice } from '../shared/format';

const columns: Array<EuiBasicTableColumn<LoginSummary>> = [
  {
    field: 'timestamp',
    name: 'Time',
    render: (t: string, l: LoginSummary) =>
      l.is_trigger ? <strong>{formatTime(t)} (this alert)</strong> : formatTime(t),
  },
  {
    field: 'country_iso_code',
    name: 'Place',
    render: (_: unknown, l: LoginSummary) =>
      [l.city_name, l.country_name ?? l.country_iso_code].filter(Boolean).join(', ') || '—',
  },
  { field: 'ip', name: 'IP', render: (ip?: string) => ip ?? '—' },
  { field: 'as_organization', name: 'Network', render: (v?: string) => v ?? '—' },
  {
    field: 'user_agent',
    name: 'Device',
    truncateText: true,
    render: (_: unknown, l: LoginSummary) => loginDevice(l),
  },
];

const SOURCE_TEXT: Record<AlertDetailResponse['logins_source'], string> = {
  events: 'from the source logs',
  state: "from the detector's remembered logins",
  none: '',
};

/** The user's logins around the alert, so the analyst sees what came before and after the suspicious one. */
export function SurroundingLogins({ detail }: { detail: AlertDetailResponse }) {
  return (
    <div data-test-subj="alertSurroundingLogins">
      <EuiText size="xs" color="subdued">
        <p>
          {detail.logins_source === 'none'
            ? (detail.logins_note ?? 'No logins around this alert could be read.')
            : `Logins within ${detail.window_hours} h, ${SOURCE_TEXT[detail.logins_source]}.${detail.logins_note ? ` ${detail.logins_note}` : ''}`}
        </p>
      </EuiText>
      <EuiBasicTable
        tableCaption="The user's logins around this alert"
        items={detail.logins}
        columns={columns}
        compressed
        noItemsMessage="No logins in this window."
        rowProps={(l: LoginSummary) => (l.is_trigger ? { 'aria-current': true, style: { fontWeight: 600 } } : {})}
      />
    </div>
  );
}

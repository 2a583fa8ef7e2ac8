import React from 'react';
import { EuiBasicTable, EuiText, type EuiBasicTableColumn } from '@elastic/eui';
import type { AlertDetailResponse, AlertItem, LoginSummary } from '../../../common/api';
import { buffalogsOf, storedText } from '../../families/family_view';
import { formatTime, loginDevice } from '../shared/format';
import { userNameOf } from './alert_fields';

const timeColumn: EuiBasicTableColumn<LoginSummary> = {
  field: 'timestamp',
  name: 'Time',
  render: (t: string, l: LoginSummary) =>
    l.is_trigger ? <strong>{formatTime(t)} (this alert)</strong> : formatTime(t),
};

const accountColumn: EuiBasicTableColumn<LoginSummary> = {
  field: 'user',
  name: 'Account',
  render: (u?: string) => u ?? '—',
};

const outcomeColumn: EuiBasicTableColumn<LoginSummary> = {
  field: 'outcome',
  name: 'Outcome',
  render: (o?: string) => o ?? '—',
};

const ipColumn: EuiBasicTableColumn<LoginSummary> = { field: 'ip', name: 'IP', render: (ip?: string) => ip ?? '—' };

const placeColumn: EuiBasicTableColumn<LoginSummary> = {
  field: 'country_iso_code',
  name: 'Place',
  render: (_: unknown, l: LoginSummary) =>
    [l.city_name, l.country_name ?? l.country_iso_code].filter(Boolean).join(', ') || '—',
};

const networkAndDevice: Array<EuiBasicTableColumn<LoginSummary>> = [
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

/**
 * Whose events surround the alert, as the detail route searches them (server/queries/alert_logins.ts aroundWhom):
 * the alert's user, else its entity. An address's alert (spray, stuffing, web scan) names no user: its rows are every
 * account's events from that address, and calling them "the user's logins" misled the analyst.
 */
type AroundWhom = { user: string } | { field: string; value: string } | undefined;

function aroundWhom(alert: AlertItem): AroundWhom {
  const user = userNameOf(alert);
  if (user) return { user };
  const entity = buffalogsOf(alert).entity as { field?: unknown; value?: unknown } | null | undefined;
  const field = storedText(entity?.field);
  const value = storedText(entity?.value);
  return field && value ? { field, value } : undefined;
}

/** The entity in words: an address by itself, any other field (a sequence rule's host.name…) with its name. */
const entityWords = (e: { field: string; value: string }) =>
  e.field === 'source.ip' ? `from ${e.value}` : `of ${e.field} ${e.value}`;

/** The flyout section's title over SurroundingLogins. */
export function surroundingTitle(alert: AlertItem): string {
  const whom = aroundWhom(alert);
  return whom && !('user' in whom) ? `Events ${entityWords(whom)} around it` : 'Logins around it';
}

/** What surrounds the alert, so the analyst sees what came before and after it: the user's logins, or the entity's events. */
export function SurroundingLogins({ detail }: { detail: AlertDetailResponse }) {
  const whom = aroundWhom(detail.alert);
  const entity = whom && !('user' in whom) ? whom : undefined;
  const noun = entity ? 'Events' : 'Logins';
  const columns = [
    timeColumn,
    // An entity's rows are many accounts'; a user's are the user's own.
    ...(entity ? [accountColumn] : []),
    // Only source events carry an outcome: the remembered logins are all successful ones.
    ...(detail.logins.some((l) => l.outcome) ? [outcomeColumn] : []),
    placeColumn,
    // The address of an address's alert is the same on every row.
    ...(entity?.field === 'source.ip' ? [] : [ipColumn]),
    ...networkAndDevice,
  ];
  return (
    <div data-test-subj="alertSurroundingLogins">
      <EuiText size="xs" color="subdued">
        <p>
          {detail.logins_source === 'none'
            ? (detail.logins_note ?? `No ${noun.toLowerCase()} around this alert could be read.`)
            : `${noun} within ${detail.window_hours} h, ${SOURCE_TEXT[detail.logins_source]}.${detail.logins_note ? ` ${detail.logins_note}` : ''}`}
        </p>
      </EuiText>
      <EuiBasicTable
        tableCaption={
          entity
            ? `Events ${entityWords(entity)} around this alert, of every account`
            : "The user's logins around this alert"
        }
        items={detail.logins}
        columns={columns}
        compressed
        noItemsMessage={`No ${noun.toLowerCase()} in this window.`}
        rowProps={(l: LoginSummary) => (l.is_trigger ? { 'aria-current': true, style: { fontWeight: 600 } } : {})}
      />
    </div>
  );
}

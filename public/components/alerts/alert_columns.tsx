import React from 'react';
import { EuiBadge, EuiLink, type EuiBasicTableColumn } from '@elastic/eui';
import type { AlertItem } from '../../../common/api';
import { alertEntity } from '../../../common/alert_document';
import { countryOf } from './alert_fields';
import { formatTime } from '../shared/format';
import { SEVERITY_COLORS, STATUS_LABELS, detectorLabel } from '../shared/labels';
import { UserLink } from '../users/user_link';

/** The alert list's columns; `field` names are the API's sort fields so EuiBasicTable's sort maps straight onto them. */
export function alertColumns(
  openAlert: (alert: AlertItem) => { href: string; onClick: (e: React.MouseEvent) => void },
) {
  const columns: Array<EuiBasicTableColumn<AlertItem>> = [
    {
      field: 'timestamp',
      name: 'Login time',
      sortable: true,
      width: '170px',
      render: (_: unknown, a: AlertItem) => (
        <EuiLink
          {...openAlert(a)}
          aria-label={`Open alert of ${alertEntity(a).value} at ${formatTime(a['@timestamp'])}`}
        >
          {formatTime(a['@timestamp'])}
        </EuiLink>
      ),
    },
    {
      field: 'user',
      name: 'User',
      sortable: true,
      render: (_: unknown, a: AlertItem) => (a.user ? <UserLink name={a.user.name} /> : alertEntity(a).value),
    },
    {
      field: 'detector',
      name: 'Detector',
      sortable: true,
      render: (_: unknown, a: AlertItem) => detectorLabel(a.rule.id),
    },
    {
      field: 'severity',
      name: 'Severity',
      sortable: true,
      render: (_: unknown, a: AlertItem) => (
        <EuiBadge color={SEVERITY_COLORS[a.buffalogs.severity] ?? 'default'}>{a.buffalogs.severity}</EuiBadge>
      ),
    },
    { field: 'country', name: 'Country', sortable: true, render: (_: unknown, a: AlertItem) => countryOf(a) ?? '—' },
    {
      field: 'status',
      name: 'Status',
      sortable: true,
      // Wide enough for "Acknowledged" on one line; the "filtered" badge goes below when it does not fit beside it.
      width: '9em',
      render: (_: unknown, a: AlertItem) => (
        <>
          <span data-test-subj="alertStatusLabel" style={{ whiteSpace: 'nowrap', marginRight: 4 }}>
            {STATUS_LABELS[a.buffalogs.status]}
          </span>
          {a.buffalogs.filtered ? (
            <EuiBadge color="hollow" title={a.buffalogs.filter_reasons.join(', ')}>
              filtered
            </EuiBadge>
          ) : null}
        </>
      ),
    },
    { field: 'message', name: 'What happened', truncateText: true, width: '40%' },
  ];
  return columns;
}

import React from 'react';
import { EuiBadge, EuiLink, type EuiBasicTableColumn } from '@elastic/eui';
import type { AlertItem } from '../../../common/api';
import { countryOf, entityValueOf, scoreOf, timeOf, triageOf, userNameOf } from './alert_fields';
import { formatTime } from '../shared/format';
import { own, SEVERITY_COLORS, STATUS_LABELS } from '../shared/labels';
import { familyView } from '../../families';
import { evidenceOf, storedNumber, textOrDash, type RowBadge } from '../../families/family_view';
import { UserLink } from '../users/user_link';

/** Badges a row shows, the last a "+k" naming the rest: a verdict with every signal made a row a dozen badges tall. */
const MAX_ROW_BADGES = 4;

/**
 * A row's badges (a verdict's signals with their points), at most MAX_ROW_BADGES: the alerts list's rows and the
 * observations' (user page, alert flyout) show them alike. Nothing when there are none.
 */
export function RowBadges({ badges, dataTestSubj = 'alertRowBadges' }: { badges: RowBadge[]; dataTestSubj?: string }) {
  if (badges.length === 0) return null;
  const shown = badges.length > MAX_ROW_BADGES ? badges.slice(0, MAX_ROW_BADGES - 1) : badges;
  const rest = badges.slice(shown.length);
  return (
    <div data-test-subj={dataTestSubj}>
      {shown.map((b, i) => (
        <EuiBadge key={i} color={b.color ?? 'default'} title={b.title}>
          {b.label}
        </EuiBadge>
      ))}
      {rest.length > 0 && (
        <EuiBadge color="hollow" title={rest.map((b) => b.label).join(', ')}>
          +{rest.length}
        </EuiBadge>
      )}
    </div>
  );
}

/**
 * The alert list's columns; `field` names are the API's sort fields so EuiBasicTable's sort maps straight onto them.
 * Rows are stored documents (another tool's, an older version's, a hand-edited one): every cell reads its fields
 * through alert_fields.ts and shows a dash for one missing or of another type.
 */
export function alertColumns(
  openAlert: (alert: AlertItem) => { href: string; onClick: (e: React.MouseEvent) => void },
) {
  const columns: Array<EuiBasicTableColumn<AlertItem>> = [
    {
      field: 'timestamp',
      name: 'Login time',
      sortable: true,
      width: '170px',
      render: (_: unknown, a: AlertItem) => {
        const time = formatTime(timeOf(a));
        return (
          <EuiLink {...openAlert(a)} aria-label={`Open alert of ${entityValueOf(a) ?? 'an unknown entity'} at ${time}`}>
            {time}
          </EuiLink>
        );
      },
    },
    {
      field: 'user',
      name: 'User',
      sortable: true,
      render: (_: unknown, a: AlertItem) => {
        const user = userNameOf(a);
        return user ? <UserLink name={user} /> : (entityValueOf(a) ?? '—');
      },
    },
    {
      field: 'detector',
      name: 'Detector',
      sortable: true,
      // Wide enough for a signal's badge with its points ("New network for device +20"): at the width left by the
      // message, every badge was cut to "New device +…", hiding the points the row is there to show.
      width: '16em',
      render: (_: unknown, a: AlertItem) => {
        const view = familyView(a);
        return (
          // The cell's content is a flex item, as wide as its widest badge or word unless allowed to shrink: then a
          // badge wider than the column is cut by EUI's ellipsis (its title keeps the whole text).
          <div style={{ minWidth: 0 }}>
            <div>{view.ruleLabel(a) || '—'}</div>
            <RowBadges badges={view.rowBadges(a)} />
          </div>
        );
      },
    },
    {
      field: 'severity',
      name: 'Severity',
      sortable: true,
      // Room for "Severity", its sort arrow and a "critical" badge: in the user page's narrower table the column
      // was squeezed to "Seve…" and a "hi…" badge, and at 7em the alerts list's header still read "Sever…".
      width: '8em',
      render: (_: unknown, a: AlertItem) => {
        const { severity } = triageOf(a);
        return severity ? <EuiBadge color={own(SEVERITY_COLORS, severity) ?? 'default'}>{severity}</EuiBadge> : '—';
      },
    },
    {
      // The alert's own 0–100 score (ECS event.risk_score): a verdict's score, another alert's severity number. Not
      // the API's risk_score sort, which is the user's risk at alert time.
      field: 'score',
      name: 'Score',
      sortable: true,
      // Wide enough for the header and its sort arrow: at 5em the header read "S…".
      width: '6.5em',
      render: (_: unknown, a: AlertItem) => {
        const score = scoreOf(a);
        if (score === undefined) return '—';
        // A verdict's threshold, which the row's "score N" badge used to carry in its title (the badge said the score a
        // second time beside this column).
        const threshold = storedNumber(evidenceOf(a, 'verdict')?.threshold);
        const shown = String(Math.round(score));
        return threshold === undefined ? (
          shown
        ) : (
          <span title={`Score ${shown}, alerting threshold ${threshold}`}>{shown}</span>
        );
      },
    },
    {
      field: 'country',
      name: 'Country',
      sortable: true,
      // Room for the header and a country's name by words ("Singapore (SG)" broke letter by letter in the user page).
      width: '8em',
      render: (_: unknown, a: AlertItem) => countryOf(a) ?? '—',
    },
    {
      field: 'status',
      name: 'Status',
      sortable: true,
      // Wide enough for "Acknowledged" on one line; the "filtered" badge goes below when it does not fit beside it.
      width: '9em',
      render: (_: unknown, a: AlertItem) => {
        const { status, filtered, filterReasons } = triageOf(a);
        return (
          <>
            <span data-test-subj="alertStatusLabel" style={{ whiteSpace: 'nowrap', marginRight: 4 }}>
              {status ? (own(STATUS_LABELS, status) ?? status) : '—'}
            </span>
            {filtered ? (
              <EuiBadge color="hollow" title={filterReasons.join(', ')}>
                filtered
              </EuiBadge>
            ) : null}
          </>
        );
      },
    },
    {
      field: 'message',
      name: 'What happened',
      truncateText: true,
      width: '30%',
      render: (message: unknown) => textOrDash(message),
    },
  ];
  return columns;
}

import React from 'react';
import moment from 'moment';
import { EuiFlexGroup, EuiFlexItem, EuiLink, EuiPanel, EuiStat } from '@elastic/eui';
import { RISK_LEVELS, riskRank, type RiskLevel } from '../../../common/constants';
import { useFetch } from '../../hooks/use_fetch';
import { useNavigate } from '../../hooks/use_navigate';
import { useServices } from '../../hooks/use_services';
import { parseAlertsState, paths, type TimeRange } from '../../router/routes';
import { alertsListQuery } from '../alerts/alerts_query';
import { totalLabel } from '../shared/format';
import { RISK_LABELS } from '../shared/labels';
import { PageError } from '../shared/page_error';

/**
 * The lowest level counted as at risk: every level the Users page shows other than "No risk". In the score model Low
 * starts at `scoreLowAt` (10 points), below which is "the residue of old alerts: nothing to look at"
 * (common/detection_config.ts), and filtered alerts make no risk (server/queries/user_risk.ts), so a Low user has an
 * alert someone can look at. The figure is of users now, as the Users page lists them, not of the picked range.
 */
const AT_RISK_FROM: RiskLevel = 'low';

/**
 * The open alerts in the picked range, asked exactly as the Alerts list asks for `?status=open` over that range
 * (alertsListQuery, the list's own defaults), so the figure and the list it stands for cannot disagree; size 1: only
 * the total is read.
 */
export function openAlertsQuery(range: TimeRange, iso: { from?: string; to?: string }) {
  const list = { ...parseAlertsState(''), start: range.start, end: range.end, status: ['open' as const] };
  return { ...alertsListQuery(list, iso, undefined), size: 1, page: 1 };
}

/**
 * The numbers an analyst checks first, and beside them the range's observations (logins under the alerting
 * threshold, issue 12: "counted in statistics"). Counts come from the lists' totals (size 1), so they are exact and cost
 * one small query each; "today" is the browser's local day, the open alerts are the picked range's.
 */
export function HeadlineStats({
  refreshCount,
  range,
  iso,
}: {
  refreshCount: number;
  range: TimeRange;
  iso: { from?: string; to?: string };
}) {
  const { api } = useServices();
  const { linkProps } = useNavigate();
  const openQuery = openAlertsQuery(range, iso);
  const { state, reload } = useFetch(
    async (signal) => {
      const from = moment().startOf('day').toISOString();
      const [today, open, risk] = await Promise.all([
        api.listAlerts({ from, size: 1, filtered: 'unfiltered' }, signal),
        api.listAlerts(openQuery, signal),
        api.riskDistribution(signal),
      ]);
      const atRisk = RISK_LEVELS.filter((l) => riskRank(l) >= riskRank(AT_RISK_FROM)).reduce(
        (sum, l) => sum + risk.levels[l],
        0,
      );
      return {
        today: totalLabel(today.total, today.total_relation),
        open: totalLabel(open.total, open.total_relation),
        atRisk: String(atRisk),
      };
    },
    [api, refreshCount, JSON.stringify(openQuery)],
  );
  // The range's observations (logins under the alerting threshold), fetched apart: a failure there leaves the alert
  // figures, and shows a dash with its cause in the title.
  const observations = useFetch(
    async (signal) => {
      const { total, total_relation } = await api.observationsCount(iso, signal);
      return totalLabel(total, total_relation);
    },
    [api, refreshCount, iso.from, iso.to],
  ).state;
  if (state.status === 'error') {
    return <PageError title="Could not load the headline figures" message={state.error} onRetry={reload} />;
  }
  const loading = state.status === 'loading';
  const stat = (
    description: string,
    value: string | undefined,
    subj: string,
    color: string,
    isLoading = loading,
    title?: string,
    /** The page that lists what the figure counts: the figure is a link to it. */
    path?: string,
  ) => (
    <EuiFlexItem>
      <EuiPanel hasBorder title={title}>
        <EuiStat
          title={
            path && value !== undefined ? (
              <EuiLink {...linkProps(path)} data-test-subj={`${subj}Link`}>
                {value}
              </EuiLink>
            ) : (
              (value ?? '–')
            )
          }
          description={description}
          titleColor={color}
          isLoading={isLoading}
          data-test-subj={subj}
          reverse
          aria-label={`${description}: ${value ?? (isLoading ? 'loading' : 'unknown')}`}
        />
      </EuiPanel>
    </EuiFlexItem>
  );
  return (
    <EuiFlexGroup gutterSize="m" responsive>
      {stat('Alerts today', state.data?.today, 'overviewAlertsToday', 'danger')}
      {stat(
        `Users at risk (${RISK_LABELS[AT_RISK_FROM]} or higher)`,
        state.data?.atRisk,
        'overviewUsersAtRisk',
        'warning',
      )}
      {stat('Unreviewed alerts (open)', state.data?.open, 'overviewUnreviewed', 'primary')}
      {stat(
        'Observations (below threshold)',
        observations.status === 'ok' ? observations.data : undefined,
        'overviewObservations',
        'subdued',
        observations.status === 'loading',
        observations.status === 'error'
          ? `Could not count the observations: ${observations.error}`
          : 'Logins in the range whose signals stayed below the alerting threshold: kept as context, not alerts',
        // The Observations page for the same range (its own URL resolves `now` again, as every page's does).
        paths.observations({ start: range.start, end: range.end }),
      )}
    </EuiFlexGroup>
  );
}

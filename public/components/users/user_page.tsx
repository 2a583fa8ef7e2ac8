import React from 'react';
import {
  EuiDescriptionList,
  EuiFlexGroup,
  EuiFlexItem,
  EuiLoadingSpinner,
  EuiPageTemplate,
  EuiPanel,
  EuiSpacer,
  EuiText,
} from '@elastic/eui';
import { httpStatus } from '../../services/http_errors';
import { useFetch } from '../../hooks/use_fetch';
import { usePageChrome } from '../../hooks/use_page_chrome';
import { useServices } from '../../hooks/use_services';
import { paths } from '../../router/routes';
import { formatTime } from '../shared/format';
import { PageError } from '../shared/page_error';
import { RiskBadge } from '../shared/risk_badge';
import { LoginTimeline } from './login_timeline';
import { SourceNames } from './source_names';
import { UserAlertsTable } from './user_alerts_table';
import { UserAttacks } from './user_attacks';
import { UserObservations } from './user_observations';
import { UserRiskChart } from './user_risk_chart';

/**
 * One user: risk, where and from what they log in, their alerts, their observations (logins under the alerting
 * threshold) and how their risk evolved.
 */
export function UserPage({ userName }: { userName: string }) {
  usePageChrome([{ text: 'Users', path: paths.users() }, { text: userName }]);
  const { api } = useServices();
  const { state, reload } = useFetch(
    (signal) =>
      api.getUser(userName, signal).catch((error: unknown) => {
        if (httpStatus(error) === 404) throw new Error(`BuffaLogs has no user named “${userName}”.`);
        throw error;
      }),
    [api, userName],
  );
  return (
    <EuiPageTemplate.Section>
      <div data-test-subj="userPage">
        {state.status === 'error' && (
          <PageError title="Could not load the user" message={state.error} onRetry={reload} />
        )}
        {state.status === 'loading' && <EuiLoadingSpinner size="xl" aria-label={`Loading ${userName}`} />}
        {state.status === 'ok' && (
          <>
            <EuiPanel hasBorder>
              <EuiDescriptionList
                type="responsiveColumn"
                compressed
                listItems={[
                  {
                    title: 'Risk',
                    description: (
                      <div data-test-subj="userRisk">
                        <RiskBadge level={state.data.user.risk_level} score={state.data.user.risk_score} />
                        {state.data.user.risk_takeover && (
                          <EuiText size="xs" color="subdued">
                            Takeover pattern on an open alert
                          </EuiText>
                        )}
                      </div>
                    ),
                  },
                  { title: 'First seen', description: formatTime(state.data.user.first_seen) },
                  { title: 'Last login', description: formatTime(state.data.user.last_login) },
                  {
                    title: 'Known',
                    description: knownText(state.data.user),
                  },
                  ...(state.data.source_names
                    ? [
                        {
                          title: 'Identity',
                          description: <SourceNames identity={state.data.user.name} names={state.data.source_names} />,
                        },
                      ]
                    : []),
                ]}
              />
            </EuiPanel>
            <EuiSpacer size="m" />
            <EuiFlexGroup gutterSize="m" wrap>
              <EuiFlexItem style={{ minWidth: 360 }}>
                <UserRiskChart history={state.data.risk_history} />
              </EuiFlexItem>
              {/* The alerts table's columns need ~900 px: narrower (beside the chart at 1280 px) its last column,
                  what happened, was cut to "W…" and its text to "S…"; there it takes a row of its own. */}
              <EuiFlexItem grow={2} style={{ minWidth: 900 }}>
                <UserAlertsTable userName={userName} alerts={state.data.alerts} total={state.data.alerts_total} />
              </EuiFlexItem>
            </EuiFlexGroup>
            <EuiSpacer size="m" />
            {/* Keyed: another user starts at their first page. */}
            <UserObservations key={userName} userName={userName} />
            <EuiSpacer size="m" />
            <UserAttacks userName={userName} />
            <EuiSpacer size="m" />
            <LoginTimeline detail={state.data} />
          </>
        )}
      </div>
    </EuiPageTemplate.Section>
  );
}

/** "2 countries, 1 device, 3 IPs": a count of one in the singular. */
function knownText(user: { countries: number; devices: number; ips: number }): string {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return [
    n(user.countries, 'country', 'countries'),
    n(user.devices, 'device', 'devices'),
    n(user.ips, 'IP', 'IPs'),
  ].join(', ');
}

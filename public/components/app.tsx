import React from 'react';
import { EuiPageTemplate } from '@elastic/eui';
import { PLUGIN_NAME } from '../../common/constants';
import { useLocation } from '../hooks/use_location';
import { useNavigate } from '../hooks/use_navigate';
import { useServices } from '../hooks/use_services';
import { pageOf, paths, parseRoute, type PageId, type Route } from '../router/routes';
import { AlertsPage } from './alerts/alerts_page';
import { AnalysesPage } from './analyses/analyses_page';
import { NotFoundPage } from './shared/not_found_page';
import { ObservationsPage } from './observations/observations_page';
import { OverviewPage } from './overview/overview_page';
import { SequenceRulesPage } from './sequences/sequence_rules_page';
import { SettingsPage } from './settings/settings_page';
import { SourcesPage } from './sources/sources_page';
import { UserPage } from './users/user_page';
import { UsersPage } from './users/users_page';
import { WebAddressPage } from './web/web_address_page';
import { WebPage } from './web/web_page';

const TABS: Array<{ id: PageId; label: string; path: string }> = [
  { id: 'overview', label: 'Overview', path: paths.overview() },
  { id: 'alerts', label: 'Alerts', path: paths.alerts() },
  { id: 'observations', label: 'Observations', path: paths.observations() },
  { id: 'users', label: 'Users', path: paths.users() },
  { id: 'sequences', label: 'Sequence rules', path: paths.sequences() },
  { id: 'web', label: 'Web traffic', path: paths.web() },
  { id: 'sources', label: 'Sources', path: paths.sources() },
  { id: 'analyses', label: 'Analyses', path: paths.analyses() },
  { id: 'settings', label: 'Settings', path: paths.settings() },
];

function pageTitle(route: Route): string {
  switch (route.page) {
    case 'user':
      return route.userName;
    case 'webAddress':
      return route.ip;
    case 'notFound':
      return 'Page not found';
    default:
      return TABS.find((t) => t.id === route.page)!.label;
  }
}

function CurrentPage({ route }: { route: Route }) {
  switch (route.page) {
    case 'overview':
      return <OverviewPage range={route.range} />;
    case 'alerts':
      return <AlertsPage state={route.state} alertId={route.alertId} />;
    case 'observations':
      return <ObservationsPage state={route.state} />;
    case 'users':
      return <UsersPage state={route.state} />;
    case 'user':
      return <UserPage userName={route.userName} />;
    case 'sources':
      return <SourcesPage range={route.range} />;
    case 'settings':
      return <SettingsPage />;
    case 'sequences':
      return <SequenceRulesPage />;
    case 'web':
      return <WebPage range={route.range} />;
    case 'webAddress':
      return <WebAddressPage ip={route.ip} range={route.range} />;
    case 'analyses':
      return <AnalysesPage name={route.name} />;
    case 'notFound':
      return <NotFoundPage path={route.path} />;
  }
}

/** The app's shell: a tab per page, and the page the URL names (a tiny router on Kibana's scoped history). */
export function App() {
  const { history } = useServices();
  const location = useLocation(history);
  const { linkProps } = useNavigate();
  const route = parseRoute(location.pathname, location.search);
  const current = pageOf(route);
  return (
    <EuiPageTemplate restrictWidth={false} panelled={false} offset={0} grow>
      <EuiPageTemplate.Header
        pageTitle={<span data-test-subj="buffalogsPageTitle">{pageTitle(route)}</span>}
        iconType="logoSecurity"
        description={`${PLUGIN_NAME}: compromised-account detection on your ECS authentication logs.`}
        tabs={TABS.map((tab) => ({
          label: tab.label,
          isSelected: tab.id === current,
          'data-test-subj': `buffalogsNav-${tab.id}`,
          ...linkProps(tab.path),
        }))}
      />
      <CurrentPage route={route} />
    </EuiPageTemplate>
  );
}

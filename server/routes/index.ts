import type { Logger } from '@kbn/core/server';
import type { BuffalogsRouter, BuffalogsStartDeps } from '../types';
import type { BaseDetectionSettings } from '../settings/effective_config';
import type { SequenceFamilySettings } from '../families/sequence/family';
import type { ChannelConfig } from '../notifications';
import { registerAlertDetailRoute } from './alert_detail';
import { registerAnalysesRoutes } from './analyses';
import { registerAnalysisRunRoutes } from './analysis_runs';
import { registerAlertsByCountryRoute } from './alerts_by_country';
import { registerAlertsListRoute } from './alerts_list';
import { registerAlertsOverTimeRoute } from './alerts_over_time';
import { registerHealthRoute } from './health';
import { registerMarkSafeRoute } from './mark_safe';
import { registerNotifierRoutes } from './notifiers';
import { registerRiskDistributionRoute } from './risk_distribution';
import { registerSequenceRulesDryRunRoute } from './sequence_rules_dry_run';
import { registerSequenceRulesImportRoute } from './sequence_rules_import';
import { registerSequenceRulesListRoute } from './sequence_rules_list';
import { registerSequenceRulesUpdateRoute } from './sequence_rules_update';
import { registerSettingsHistoryRoute } from './settings_history';
import { registerSourcesRoute } from './sources';
import { registerLearnedContextRoute } from './learned_context';
import { registerSettingsReadRoute } from './settings_read';
import { registerSettingsUpdateRoute } from './settings_update';
import { registerTaskRunNowRoute } from './task_run_now';
import { registerTaskStatusRoute } from './task_status';
import { registerTriageRoute } from './triage';
import { registerUserDetailRoute } from './user_detail';
import {
  registerObservationsCountRoute,
  registerObservationsListRoute,
  registerUserObservationsRoute,
} from './user_observations';
import { registerUsersListRoute } from './users_list';
import { registerWebAddressRoute } from './web_address';
import { registerWebAlertsRoute } from './web_alerts';
import { registerWebPagesRoute } from './web_pages';
import { registerWebReferrersRoute } from './web_referrers';
import { registerWebTimelineRoute } from './web_timeline';
import { registerWebTrafficRoute } from './web_traffic';
import type { WebSettings } from '../families/web/settings';
import type { EventTypeRule } from '../events';
import { registerSourcesHealthRoute } from './sources_health';

/** What route handlers may use; later routes add their services here. */
export interface RouteDependencies {
  logger: Logger;
  pluginVersion: string;
}

/** The start contracts the API routes use; optional plugins may be absent. Routes only run after start. */
export type RouteStartServices = Pick<BuffalogsStartDeps, 'security' | 'spaces'> &
  Partial<Pick<BuffalogsStartDeps, 'taskManager'>>;

export interface ApiRouteDependencies extends RouteDependencies {
  getStartServices: () => Promise<RouteStartServices>;
  /** The detection settings kibana.yml sets, before any change saved through the settings API. */
  detectionBase: () => BaseDetectionSettings;
  /** The space used when the spaces plugin is absent: where detection writes (kibana.yml `buffalogs.space`). */
  defaultSpace: string;
  /** Task Manager ids of the detection task (one per partition) for a space. */
  detectionTaskIds: (space: string) => string[];
  /** The sequence family's settings from kibana.yml (undefined result: disabled); absent: the family's defaults. */
  sequenceSettings?: () => SequenceFamilySettings | undefined;
  /** The web family's settings from kibana.yml `buffalogs.web` (its indices, site domains, VirusTotal). */
  webSettings?: () => WebSettings;
  /** kibana.yml `buffalogs.notifiers`; absent: none. */
  notifiers?: () => readonly ChannelConfig[];
  /** kibana.yml `buffalogs.indices` and `login.eventType`: what the login family reads (the Source health view). */
  loginSources?: () => { indices: readonly string[]; eventType: EventTypeRule };
  /** Kibana's `server.publicBaseUrl`, for links in test messages. */
  publicBaseUrl?: string;
}

export function registerRoutes(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  registerHealthRoute(router, deps);
  registerSourcesHealthRoute(router, deps);
  registerRiskDistributionRoute(router, deps);
  registerAlertsOverTimeRoute(router, deps);
  registerAlertsByCountryRoute(router, deps);
  registerAlertsListRoute(router, deps);
  registerAlertDetailRoute(router, deps);
  registerTriageRoute(router, deps);
  registerMarkSafeRoute(router, deps);
  registerUsersListRoute(router, deps);
  registerUserDetailRoute(router, deps);
  registerUserObservationsRoute(router, deps);
  registerObservationsListRoute(router, deps);
  registerObservationsCountRoute(router, deps);
  registerSourcesRoute(router, deps);
  registerSettingsReadRoute(router, deps);
  registerSettingsUpdateRoute(router, deps);
  registerSettingsHistoryRoute(router, deps);
  registerLearnedContextRoute(router, deps);
  registerNotifierRoutes(router, deps);
  registerTaskStatusRoute(router, deps);
  registerTaskRunNowRoute(router, deps);
  registerSequenceRulesListRoute(router, deps);
  registerSequenceRulesUpdateRoute(router, deps);
  registerSequenceRulesImportRoute(router, deps);
  registerSequenceRulesDryRunRoute(router, deps);
  registerWebReferrersRoute(router, deps);
  registerWebPagesRoute(router, deps);
  registerWebTrafficRoute(router, deps);
  registerWebTimelineRoute(router, deps);
  registerWebAlertsRoute(router, deps);
  registerWebAddressRoute(router, deps);
  registerAnalysesRoutes(router, deps);
  registerAnalysisRunRoutes(router, deps);
}

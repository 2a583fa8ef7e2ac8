/**
 * The "BuffaLogs alerts" rule type (Kibana alerting): on the schedule the user picks, it reads the space's alerts
 * index since its last run and reports one Kibana alert per new BuffaLogs alert its params take, with action
 * variables, so every Kibana connector (Slack, Teams, e-mail, PagerDuty, Jira, ServiceNow, webhook, …) can carry it.
 *
 * State: the position of the last alert read (as the notifier's checkpoint, server/notifications/read_alerts.ts) and
 * the ids reported in the last `OVERLAP_MS` before it. Each run re-reads from `OVERLAP_MS` before the position,
 * because a detection pass's alerts become visible up to its time-out after their `event.created`; the ids in state
 * keep the overlap from firing an alert twice. The first run looks back `FIRST_RUN_LOOKBACK_MS`, so creating a rule
 * does not replay the whole history into a channel.
 *
 * Kibana caps the alerts one run may report (`xpack.alerting.rules.run.alerts.max`, 1000 by default): at the cap the
 * run stops *before* the next alert, says the limit was reached, and the next run continues from there.
 */
import type {
  PublicAlertFactory,
  PublicAlertsClient,
  RuleExecutorOptions,
  RuleType,
} from '@kbn/alerting-plugin/server';
import type { FamilyAlertDocument } from '../../common/alert_document';
import { PLUGIN_ID } from '../../common/constants';
import { alertLink, summariseAlert } from '../notifications/message';
import { positionOf, readAlertPage, type AlertPosition } from '../notifications/read_alerts';
import type { EsClient } from '../storage';
import { ruleParamsSchema, ruleTakes, type RuleParams } from './params';
import { ACTION_CONTEXT_VARIABLES, type AlertActionContext } from './action_variables';

export const RULE_TYPE_ID = `${PLUGIN_ID}.alerts`;
export const ACTION_GROUP = 'buffalogs_alert';
type ActionGroupId = typeof ACTION_GROUP;

export const OVERLAP_MS = 30 * 60_000;
export const FIRST_RUN_LOOKBACK_MS = 60 * 60_000;
/** Bounds the state: ids older than the overlap are dropped anyway; this caps a burst. */
export const MAX_RECENT_IDS = 5000;
const PAGE_SIZE = 500;

export interface RuleState extends Record<string, unknown> {
  position?: AlertPosition;
  /** `[alert id, event.created ms]` of alerts reported within OVERLAP_MS before the position. */
  recent?: Array<[string, number]>;
}

type ExecutorOptions = RuleExecutorOptions<
  RuleParams,
  RuleState,
  Record<string, never>,
  AlertActionContext,
  ActionGroupId
>;

export interface RuleTypeDeps {
  /** Kibana's `server.publicBaseUrl`, for the links in the action variables. */
  publicBaseUrl?: string;
}

export function buffalogsRuleType(
  deps: RuleTypeDeps,
): RuleType<RuleParams, RuleState, Record<string, never>, AlertActionContext, ActionGroupId> {
  return {
    id: RULE_TYPE_ID,
    name: 'BuffaLogs alerts',
    actionGroups: [{ id: ACTION_GROUP, name: 'BuffaLogs alert' }],
    defaultActionGroupId: ACTION_GROUP,
    minimumLicenseRequired: 'basic',
    isExportable: true,
    category: 'management',
    producer: PLUGIN_ID,
    solution: 'stack',
    defaultScheduleInterval: '1m',
    ruleTaskTimeout: '5m',
    validate: { params: ruleParamsSchema },
    actionVariables: { context: ACTION_CONTEXT_VARIABLES },
    // alerting_example's DEFAULT_AAD_CONFIG, written out: the alerts client (and Kibana's alert table) needs it.
    alerts: { context: PLUGIN_ID, mappings: { fieldMap: {} }, shouldWrite: true, isSpaceAware: true },
    executor: (options) => executeRule(options, deps),
  };
}

/** Reports through the alerts client where Kibana provides one, else through the (older) alert factory. */
interface Reporter {
  limit: number;
  report(id: string, context: AlertActionContext): void;
  limitReached(): void;
}
function reporterOf(services: ExecutorOptions['services']): Reporter {
  const client: PublicAlertsClient<Record<string, never>, AlertActionContext, ActionGroupId> | null =
    services.alertsClient;
  if (client) {
    return {
      limit: client.getAlertLimitValue(),
      report: (id, context) => client.report({ id, actionGroup: ACTION_GROUP, context }),
      limitReached: () => client.setAlertLimitReached(true),
    };
  }
  const factory: PublicAlertFactory<AlertActionContext, ActionGroupId> = services.alertFactory;
  return {
    limit: factory.alertLimit.getValue(),
    report: (id, context) => factory.create(id).scheduleActions(ACTION_GROUP, context),
    limitReached: () => factory.alertLimit.setLimitReached(true),
  };
}

export async function executeRule(options: ExecutorOptions, deps: RuleTypeDeps): Promise<{ state: RuleState }> {
  const { services, params, spaceId, startedAt, logger } = options;
  // The rule runs with its creator's API key: it reads only what that user may read.
  const client = services.scopedClusterClient.asCurrentUser as unknown as EsClient;
  const reporter = reporterOf(services);
  const previous = sanitiseState(options.state);
  let position = previous.position;
  const recent = new Map(previous.recent);

  const from = position ? Date.parse(position.created) - OVERLAP_MS : startedAt.getTime() - FIRST_RUN_LOOKBACK_MS;
  let reported = 0;
  let searchAfter: unknown[] | undefined;
  let stopped = false;
  while (!stopped) {
    const page = await readAlertPage(client, spaceId, {
      fromIso: new Date(from).toISOString(),
      size: PAGE_SIZE,
      searchAfter,
    });
    for (const alert of page.alerts) {
      const id = alert.buffalogs.alert_id;
      if (!recent.has(id) && ruleTakes(params, alert)) {
        if (reported >= reporter.limit) {
          reporter.limitReached();
          logger.warn(`${RULE_TYPE_ID}: the alert limit (${reporter.limit}) was reached; the next run continues`);
          stopped = true;
          break;
        }
        reporter.report(id, actionContext(alert, spaceId, deps));
        recent.set(id, Date.parse(alert.event.created as string));
        reported++;
      }
      position = later(position, positionOf(alert));
    }
    searchAfter = page.next;
    if (page.hits < PAGE_SIZE || services.shouldStopExecution()) break;
  }

  return { state: { ...(position ? { position } : {}), recent: recentToKeep(recent, position) } };
}

/** The position only moves forward (a re-read overlap never moves it back). */
function later(a: AlertPosition | undefined, b: AlertPosition): AlertPosition {
  if (!a) return b;
  const order =
    Date.parse(a.created) - Date.parse(b.created) || a.sortKey - b.sortKey || (a.alertId < b.alertId ? -1 : 1);
  return order >= 0 ? a : b;
}

function recentToKeep(recent: Map<string, number>, position: AlertPosition | undefined): Array<[string, number]> {
  if (!position) return [];
  const since = Date.parse(position.created) - OVERLAP_MS;
  return [...recent.entries()]
    .filter(([, created]) => created >= since)
    .sort((a, b) => a[1] - b[1])
    .slice(-MAX_RECENT_IDS);
}

/** Task state is stored JSON: take only what has the expected shape (an older version or a hand edit may differ). */
function sanitiseState(state: unknown): { position?: AlertPosition; recent: Array<[string, number]> } {
  const s = (state ?? {}) as RuleState;
  const p = s.position as Partial<AlertPosition> | undefined;
  const position =
    p &&
    typeof p.created === 'string' &&
    Number.isFinite(Date.parse(p.created)) &&
    typeof p.sortKey === 'number' &&
    typeof p.alertId === 'string'
      ? { created: p.created, sortKey: p.sortKey, alertId: p.alertId }
      : undefined;
  const recent = Array.isArray(s.recent)
    ? s.recent.filter(
        (r): r is [string, number] => Array.isArray(r) && typeof r[0] === 'string' && typeof r[1] === 'number',
      )
    : [];
  return { ...(position ? { position } : {}), recent };
}

function actionContext(alert: FamilyAlertDocument, space: string, deps: RuleTypeDeps): AlertActionContext {
  const s = summariseAlert(alert, (id) => alertLink(deps.publicBaseUrl, space, id));
  return {
    alertId: s.alert_id,
    timestamp: s.timestamp,
    family: alert.buffalogs.family ?? 'login',
    user: s.user ?? s.entity.value,
    entityField: s.entity.field,
    entityValue: s.entity.value,
    detector: s.rule.id,
    detectorName: s.rule.name,
    severity: s.severity,
    score: s.score,
    observation: s.filtered,
    message: s.message,
    evidence: s.evidence,
    link: s.link,
  };
}

/**
 * The alerting plugin double: a rule type registry and rules that really run, on Task Manager, as Kibana runs them.
 *
 * Registration mirrors elastic/kibana@0bbac85b7395b49564373d8508da2c98447a25e7
 * x-pack/platform/plugins/shared/alerting/server/rule_type_registry.ts `register`: a duplicate id throws; the id must
 * match `^[a-zA-Z0-9_\-\.]*$`; `ruleTaskTimeout` and `defaultScheduleInterval` must be durations (common/
 * parse_duration.ts `validateDurationSchema`); a default interval under `xpack.alerting.rules.minimumScheduleInterval`
 * is replaced (enforce) or warned about; `cancelAlertsOnRuleTimeout: false` with auto-recovery throws; action variables
 * are normalised to `{ context, state, params }`; the reserved `recovered` group (or the type's own
 * `recoveryActionGroup`) cannot be an active group and is appended to the groups; two groups with one severity level
 * throw. Each type becomes the task type `alerting:<id>` with the rule's timeout and params `{ alertId, spaceId,
 * consumer? }`. Registering after setup throws (Kibana's registry is reachable only from setup).
 *
 * Rules: `createRule` follows rules_client create (`ruleTypeRegistry.get` → 400 "Rule type … is not registered.",
 * lib/validate_rule_type_params.ts → 400 "params invalid: …", the interval parsed and held against the minimum, action
 * groups checked: "Invalid action groups: …"), then schedules the rule's task with the rule id as the task id.
 * Each run (task_runner/task_runner.ts, rule_loader.ts) validates the params again, calls the executor with the
 * previous run's `alertTypeState` and `previousStartedAt`, the rule's space and `services` (`alertsClient` when the
 * type declares `alerts`, else null; `alertFactory`; `scopedClusterClient`; `shouldStopExecution`), caps the alerts
 * one run may report at `xpack.alerting.rules.run.alerts.max` (alert/create_alert_factory.ts: the next one throws
 * "Rule reported more than N alerts."; lib/last_run_status.ts reports `warning: maxAlerts`), and stores the task
 * state `{ alertTypeState, alertInstances, alertRecoveredInstances, previousStartedAt }`. Alerts reported this run
 * are active; those active before and not now are recovered (`autoRecoverAlerts`, default true). A rule's actions
 * run for new alerts of their group (`notifyWhen: onActionGroupChange`, the default) or every active one
 * (`onActiveAlert`), with `{{…}}` action variables (`context`, `state`, `alert`, `rule`, `date`) rendered in their
 * params as a connector's mustache would (variables only: no sections or lambdas).
 *
 * Differences from Kibana: rules and alerts live in memory (Kibana stores rules as saved objects and alerts in
 * `.alerts-*`), the rule runs with the host's Elasticsearch credentials (Kibana uses the rule's API key), and
 * actions are recorded in `actionLog` instead of being sent by a connector.
 */
import { randomUUID } from 'node:crypto';
import type { ElasticsearchClient, Logger } from '@kbn/core/server';
import type {
  ActionGroup,
  ActionVariable,
  AlertingServerSetup,
  RuleType,
  RuleTypeParams,
  RuleTypeState,
} from '@kbn/alerting-plugin/server';
import type { RunContext, TaskManagerSetupContract, TaskManagerStartContract } from '@kbn/task-manager-plugin/server';
import { schema } from '@kbn/config-schema';

type AnyRuleType = RuleType<RuleTypeParams, RuleTypeState, Record<string, unknown>, Record<string, unknown>, string>;
type NormalizedRuleType = AnyRuleType & {
  actionGroups: Array<ActionGroup<string> & { severity?: { level: number } }>;
  recoveryActionGroup: ActionGroup<string>;
  actionVariables: { context: ActionVariable[]; state: ActionVariable[]; params: ActionVariable[] };
  cancelAlertsOnRuleTimeout?: boolean;
};

/** common/builtin_action_groups.ts */
export const RecoveredActionGroup: ActionGroup<'recovered'> = { id: 'recovered', name: 'Recovered' };
const RULE_TYPE_ID = /^[a-zA-Z0-9_\-.]*$/;
const DURATION = /^[1-9][0-9]*([smhd])$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** common/parse_duration.ts */
export function validateDurationSchema(duration: string): string | undefined {
  return DURATION.test(duration) ? undefined : `string is not a valid duration: ${duration}`;
}
export function parseDuration(duration: string): number {
  const m = DURATION.exec(duration);
  if (!m) {
    throw new Error(
      `Invalid duration "${duration}". Durations must be of the form {number}x. Example: 5s, 5m, 5h or 5d"`,
    );
  }
  return Number(duration.slice(0, -1)) * UNIT_MS[m[1]];
}

/** Rules are saved objects in Kibana: what a run reads back is JSON. */
const asStored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const badRequest = (message: string) => Object.assign(new Error(message), { statusCode: 400 });
const notFound = (message: string) => Object.assign(new Error(message), { statusCode: 404 });

export interface RuleAction {
  group: string;
  /** Rendered with the action variables, e.g. `{ message: '{{context.user}}: {{context.message}}' }`. */
  params: Record<string, unknown>;
  frequency?: { notifyWhen: 'onActionGroupChange' | 'onActiveAlert' };
}

export interface HostRule {
  id: string;
  name: string;
  ruleTypeId: string;
  consumer: string;
  params: RuleTypeParams;
  schedule: { interval: string };
  spaceId: string;
  tags: string[];
  enabled: boolean;
  actions: RuleAction[];
  createdAt: string;
}

export interface RuleExecution {
  ruleId: string;
  executionId: string;
  startedAt: string;
  previousStartedAt: string | null;
  outcome: 'succeeded' | 'warning' | 'failed';
  warning?: 'maxAlerts';
  error?: string;
  alerts: { new: string[]; active: string[]; recovered: string[] };
}

export interface ExecutedAction {
  ruleId: string;
  executionId: string;
  alertId: string;
  group: string;
  params: Record<string, unknown>;
}

interface StoredAlert {
  state: Record<string, unknown>;
  meta: { lastScheduledActions?: { group: string; date: string }; uuid: string };
}
interface RuleTaskState extends Record<string, unknown> {
  alertTypeState?: RuleTypeState;
  alertInstances?: Record<string, StoredAlert>;
  alertRecoveredInstances?: Record<string, StoredAlert>;
  previousStartedAt?: string | null;
}

export interface AlertingHostOptions {
  logger: Logger;
  /** The client a rule's `scopedClusterClient` uses for both users. */
  esClient: () => ElasticsearchClient;
  /** `xpack.alerting.rules.run.alerts.max`, default 1000. */
  maxAlerts?: number;
  /** `xpack.alerting.rules.minimumScheduleInterval`, default `{ value: '1m', enforce: false }`. */
  minimumScheduleInterval?: { value: string; enforce: boolean };
}

export class AlertingHost {
  private readonly ruleTypes = new Map<string, NormalizedRuleType>();
  private readonly rules = new Map<string, HostRule>();
  private taskManager?: TaskManagerStartContract;
  private locked = false;
  public readonly executions: RuleExecution[] = [];
  public readonly actionLog: ExecutedAction[] = [];
  private readonly maxAlerts: number;
  private readonly minimum: { value: string; enforce: boolean };

  constructor(private readonly options: AlertingHostOptions) {
    this.maxAlerts = options.maxAlerts ?? 1000;
    this.minimum = options.minimumScheduleInterval ?? { value: '1m', enforce: false };
  }

  public setupContract(taskManager: TaskManagerSetupContract): AlertingServerSetup {
    return {
      registerType: (ruleType) => {
        if (this.locked) throw new Error('Rule types can only be registered during setup');
        this.register(ruleType as unknown as AnyRuleType, taskManager);
      },
    };
  }

  public start(taskManager: TaskManagerStartContract): void {
    this.locked = true;
    this.taskManager = taskManager;
  }

  private register(ruleType: AnyRuleType, taskManager: TaskManagerSetupContract): void {
    const { id } = ruleType;
    if (this.ruleTypes.has(id)) throw new Error(`Rule type "${id}" is already registered.`);
    if (ruleType.ruleTaskTimeout) {
      const invalid = validateDurationSchema(ruleType.ruleTaskTimeout);
      if (invalid) throw new Error(`Rule type "${id}" has invalid timeout: ${invalid}.`);
    }
    let defaultScheduleInterval = ruleType.defaultScheduleInterval;
    if (defaultScheduleInterval) {
      const invalid = validateDurationSchema(defaultScheduleInterval);
      if (invalid) throw new Error(`Rule type "${id}" has invalid default interval: ${invalid}.`);
      if (parseDuration(defaultScheduleInterval) < parseDuration(this.minimum.value)) {
        if (this.minimum.enforce) {
          this.options.logger.warn(
            `Rule type "${id}" cannot specify a default interval less than the configured minimum of "${this.minimum.value}". "${this.minimum.value}" will be used.`,
          );
          defaultScheduleInterval = this.minimum.value;
        } else {
          this.options.logger.warn(
            `Rule type "${id}" has a default interval of "${defaultScheduleInterval}", which is less than the configured minimum of "${this.minimum.value}".`,
          );
        }
      }
    }
    const extra = ruleType as AnyRuleType & {
      cancelAlertsOnRuleTimeout?: boolean;
      recoveryActionGroup?: ActionGroup<string>;
    };
    if (extra.cancelAlertsOnRuleTimeout === false && ruleType.autoRecoverAlerts !== false) {
      throw new Error(
        `Rule type "${id}" cannot have both cancelAlertsOnRuleTimeout set to false and autoRecoverAlerts set to true.`,
      );
    }
    const recovery = extra.recoveryActionGroup ?? RecoveredActionGroup;
    const active = new Set(ruleType.actionGroups.map((g) => g.id));
    if (extra.recoveryActionGroup && active.has(recovery.id)) {
      throw new Error(
        `Rule type [id="${id}"] cannot be registered. Action group [${recovery.id}] cannot be used as both a recovery and an active action group.`,
      );
    }
    if (!extra.recoveryActionGroup && active.has(RecoveredActionGroup.id)) {
      throw new Error(
        `Rule type [id="${id}"] cannot be registered. Action groups [${RecoveredActionGroup.id}] are reserved by the framework.`,
      );
    }
    const severities = new Set<number>();
    for (const group of ruleType.actionGroups as Array<ActionGroup<string> & { severity?: { level: number } }>) {
      if (!group.severity) continue;
      if (severities.has(group.severity.level)) {
        throw new Error(
          `Rule type [id="${id}"] cannot be registered. Action group definitions cannot contain duplicate severity levels.`,
        );
      }
      severities.add(group.severity.level);
    }
    if (!RULE_TYPE_ID.test(id)) {
      const invalid = id.match(/[^a-zA-Z0-9_\-.]+/g)!;
      throw new Error(
        `expected RuleType Id not to include invalid character${invalid.length > 1 ? 's' : ''}: ${invalid.join(', ')}`,
      );
    }
    const normalized: NormalizedRuleType = {
      ...ruleType,
      defaultScheduleInterval,
      actionVariables: {
        context: ruleType.actionVariables?.context ?? [],
        state: ruleType.actionVariables?.state ?? [],
        params: ruleType.actionVariables?.params ?? [],
      },
      actionGroups: [...ruleType.actionGroups, recovery],
      recoveryActionGroup: recovery,
    };
    this.ruleTypes.set(id, normalized);
    taskManager.registerTaskDefinitions({
      [`alerting:${id}`]: {
        title: ruleType.name,
        timeout: ruleType.ruleTaskTimeout,
        createTaskRunner: (context) => this.taskRunner(normalized, context),
        paramsSchema: schema.object({
          alertId: schema.string(),
          spaceId: schema.string(),
          consumer: schema.maybe(schema.string()),
        }),
      },
    });
  }

  /** rule_type_registry.ts `list()`, the fields a rule form reads. */
  public listTypes(): Array<Pick<NormalizedRuleType, 'id' | 'name' | 'actionGroups' | 'actionVariables'>> {
    return [...this.ruleTypes.values()].map(({ id, name, actionGroups, actionVariables }) => ({
      id,
      name,
      actionGroups,
      actionVariables,
    }));
  }

  public getRuleType(id: string): NormalizedRuleType {
    const type = this.ruleTypes.get(id);
    if (!type) throw badRequest(`Rule type "${id}" is not registered.`);
    return type;
  }

  public async createRule(data: {
    name: string;
    ruleTypeId: string;
    consumer: string;
    params: Record<string, unknown>;
    schedule: { interval: string };
    spaceId?: string;
    tags?: string[];
    enabled?: boolean;
    actions?: RuleAction[];
  }): Promise<HostRule> {
    if (!this.taskManager) throw new Error('The alerting plugin has not started');
    const ruleType = this.getRuleType(data.ruleTypeId);
    const params = validateRuleTypeParams(data.params, ruleType);
    let intervalMs: number;
    try {
      intervalMs = parseDuration(data.schedule.interval);
    } catch (error) {
      throw badRequest((error as Error).message);
    }
    if (intervalMs < parseDuration(this.minimum.value) && this.minimum.enforce) {
      throw badRequest(
        `Error creating rule: the interval is less than the allowed minimum interval of ${this.minimum.value}`,
      );
    }
    const groups = new Set(ruleType.actionGroups.map((g) => g.id));
    const invalid = (data.actions ?? []).map((a) => a.group).filter((g) => !groups.has(g));
    if (invalid.length) throw badRequest(`Invalid action groups: ${invalid.join(', ')}`);
    const rule: HostRule = {
      id: randomUUID(),
      name: data.name,
      ruleTypeId: data.ruleTypeId,
      consumer: data.consumer,
      params,
      schedule: data.schedule,
      spaceId: data.spaceId ?? 'default',
      tags: data.tags ?? [],
      enabled: data.enabled ?? true,
      actions: data.actions ?? [],
      createdAt: new Date().toISOString(),
    };
    this.rules.set(rule.id, rule);
    await this.taskManager.schedule({
      id: rule.id,
      taskType: `alerting:${rule.ruleTypeId}`,
      schedule: rule.schedule,
      params: { alertId: rule.id, spaceId: rule.spaceId, consumer: rule.consumer },
      state: {},
      enabled: rule.enabled,
    });
    return asStored(rule);
  }

  public getRule(id: string): HostRule {
    const rule = this.rules.get(id);
    if (!rule) throw notFound(`Saved object [alert/${id}] not found`);
    return asStored(rule);
  }

  /** rules_client run_soon.ts: the rule's task runs now (its schedule is kept). */
  public async runSoon(id: string): Promise<void> {
    this.getRule(id);
    await this.taskManager!.runSoon(id);
  }

  private taskRunner(ruleType: NormalizedRuleType, context: RunContext) {
    let cancelled = false;
    return {
      run: async () => {
        const { alertId: ruleId, spaceId } = context.taskInstance.params as { alertId: string; spaceId: string };
        const rule = this.getRule(ruleId);
        const previous = (context.taskInstance.state ?? {}) as RuleTaskState;
        const startedAt = new Date();
        const executionId = randomUUID();
        const execution: RuleExecution = {
          ruleId,
          executionId,
          startedAt: startedAt.toISOString(),
          previousStartedAt: previous.previousStartedAt ?? null,
          outcome: 'succeeded',
          alerts: { new: [], active: [], recovered: [] },
        };
        const reported = new Map<string, { group: string; state: Record<string, unknown>; context: object }>();
        let created = 0;
        let limitReached = false;
        const report = (id: string, group: string, state?: Record<string, unknown>, ctx?: object) => {
          if (created++ >= this.maxAlerts) {
            limitReached = true;
            throw new Error(`Rule reported more than ${this.maxAlerts} alerts.`);
          }
          if (!ruleType.actionGroups.some((g) => g.id === group)) {
            this.options.logger.error(`Invalid action group "${group}" for rule "${ruleType.id}".`);
            return;
          }
          reported.set(id, { group, state: state ?? {}, context: ctx ?? {} });
        };
        const previousAlerts = previous.alertInstances ?? {};
        const uuidOf = (id: string) => previousAlerts[id]?.meta.uuid ?? randomUUID();
        const client = this.options.esClient();
        try {
          const params = validateRuleTypeParams(rule.params, ruleType);
          const result = await ruleType.executor({
            executionId,
            logger: this.options.logger.get(ruleType.id),
            params,
            previousStartedAt: previous.previousStartedAt ? new Date(previous.previousStartedAt) : null,
            rule: {
              id: rule.id,
              name: rule.name,
              tags: rule.tags,
              consumer: rule.consumer,
              producer: ruleType.producer,
              ruleTypeId: ruleType.id,
            },
            services: {
              alertsClient: ruleType.alerts
                ? {
                    report: (a) => {
                      report(a.id, a.actionGroup, a.state, a.context);
                      return { uuid: uuidOf(a.id), start: startedAt.toISOString() };
                    },
                    getAlertLimitValue: () => this.maxAlerts,
                    setAlertLimitReached: (reached) => {
                      limitReached = limitReached || reached;
                    },
                  }
                : null,
              alertFactory: {
                create: (id) => ({
                  scheduleActions: (group, ctx) => report(id, group, undefined, ctx),
                }),
                alertLimit: {
                  getValue: () => this.maxAlerts,
                  setLimitReached: (reached) => {
                    limitReached = limitReached || reached;
                  },
                },
              },
              scopedClusterClient: { asCurrentUser: client, asInternalUser: client, asSecondaryAuthUser: client },
              shouldStopExecution: () => cancelled,
            },
            spaceId,
            startedAt,
            state: (previous.alertTypeState ?? {}) as RuleTypeState,
          });
          const alertInstances: Record<string, StoredAlert> = {};
          const date = startedAt.toISOString();
          for (const [id, alert] of reported) {
            const before = previousAlerts[id];
            const isNew = !before;
            const groupChanged = before?.meta.lastScheduledActions?.group !== alert.group;
            alertInstances[id] = {
              state: alert.state,
              meta: { uuid: uuidOf(id), lastScheduledActions: { group: alert.group, date } },
            };
            if (isNew) execution.alerts.new.push(id);
            execution.alerts.active.push(id);
            for (const action of rule.actions) {
              if (action.group !== alert.group) continue;
              const every = action.frequency?.notifyWhen === 'onActiveAlert';
              if (!every && !(isNew || groupChanged)) continue;
              const variables = {
                context: alert.context,
                state: alert.state,
                date,
                alert: {
                  id,
                  uuid: alertInstances[id].meta.uuid,
                  actionGroup: alert.group,
                  actionGroupName: ruleType.actionGroups.find((g) => g.id === alert.group)?.name,
                  flapping: false,
                },
                rule: { id: rule.id, name: rule.name, spaceId, tags: rule.tags, type: ruleType.id },
              };
              this.actionLog.push({
                ruleId,
                executionId,
                alertId: id,
                group: alert.group,
                params: renderParams(action.params, variables),
              });
            }
          }
          const autoRecover = ruleType.autoRecoverAlerts !== false;
          const recovered = autoRecover
            ? Object.fromEntries(Object.entries(previousAlerts).filter(([id]) => !reported.has(id)))
            : {};
          if (!autoRecover) {
            for (const [id, alert] of Object.entries(previousAlerts)) if (!reported.has(id)) alertInstances[id] = alert;
          }
          execution.alerts.recovered = Object.keys(recovered);
          if (limitReached) Object.assign(execution, { outcome: 'warning', warning: 'maxAlerts' });
          const state: RuleTaskState = {
            alertTypeState: result?.state ?? {},
            alertInstances,
            alertRecoveredInstances: recovered,
            previousStartedAt: startedAt.toISOString(),
          };
          return { state };
        } catch (error) {
          execution.outcome = 'failed';
          execution.error = (error as Error).message;
          this.options.logger.error(
            `Executing Rule ${spaceId}:${ruleType.id}:${ruleId} has resulted in Error: ${execution.error}`,
          );
          // task_runner.ts: a failed run keeps the previous state and the rule's schedule.
          return { state: previous, error: error as Error };
        } finally {
          this.executions.push(execution);
        }
      },
      cancel: async () => {
        cancelled = true;
      },
    };
  }
}

/** lib/validate_rule_type_params.ts */
function validateRuleTypeParams(params: Record<string, unknown>, ruleType: NormalizedRuleType): RuleTypeParams {
  const validator = ruleType.validate?.params as { validate: (v: unknown) => RuleTypeParams } | undefined;
  if (!validator) return params;
  try {
    return validator.validate(params);
  } catch (error) {
    throw badRequest(`params invalid: ${(error as Error).message}`);
  }
}

/** `{{a.b}}` replaced by the variable's value (objects as JSON), in every string of the params. */
function renderParams(params: Record<string, unknown>, variables: object): Record<string, unknown> {
  const lookup = (path: string): string => {
    let value: unknown = variables;
    for (const key of path.split('.')) {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return '';
      value = (value as Record<string, unknown>)[key];
    }
    return value === undefined || value === null
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  };
  const render = (v: unknown): unknown =>
    typeof v === 'string'
      ? v.replace(/\{\{\{?\s*([\w.]+)\s*\}?\}\}/g, (_, path: string) => lookup(path))
      : Array.isArray(v)
        ? v.map(render)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, render(x)]))
          : v;
  return render(params) as Record<string, unknown>;
}

/**
 * The alerting plugin's server contract (`@kbn/alerting-plugin/server`, plugin id `alerting`), the subset this plugin
 * uses to register the "BuffaLogs alerts" rule type. Types only: nothing here is imported at run time (the one value
 * alerting_example imports, `DEFAULT_AAD_CONFIG`, is an object literal the rule type writes out itself).
 *
 * Mirrors elastic/kibana@03e79409d866616c68b231c63c1f25daa6060fdd
 * x-pack/platform/plugins/shared/alerting/server/types.ts (`RuleType`, `RuleExecutorOptions`,
 * `RuleExecutorServices`, `IRuleTypeAlerts`), .../server/alerts_client/types.ts (`PublicAlertsClient`,
 * `ReportedAlert`), .../server/alert/create_alert_factory.ts (`PublicAlertFactory`) and .../server/plugin.ts
 * (`AlertingServerSetup.registerType`); registration is rule_type_registry.ts
 * (elastic/kibana@0bbac85b7395b49564373d8508da2c98447a25e7). 8.19 has them under x-pack/plugins/alerting/server/.
 * Members that appeared between 8.19 and 9.x are optional here, so the rule type must not depend on them.
 */
declare module '@kbn/alerting-plugin/server' {
  import type { IScopedClusterClient, Logger } from '@kbn/core/server';
  import type { ObjectType } from '@kbn/config-schema';

  // common/rule.ts
  export type RuleTypeParams = Record<string, unknown>;
  export type RuleTypeState = Record<string, unknown>;
  export type AlertInstanceState = Record<string, unknown>;
  export type AlertInstanceContext = Record<string, unknown>;
  export type RuleAlertData = Record<string, unknown>;

  // common/builtin_action_groups.ts and common/rule_type.ts
  export interface ActionGroup<ActionGroupIds extends string> {
    id: ActionGroupIds;
    name: string;
  }
  export interface ActionVariable {
    name: string;
    description: string;
    deprecated?: boolean;
    useWithTripleBracesInTemplates?: boolean;
    usesPublicBaseUrl?: boolean;
  }
  /** @kbn/licensing-plugin LicenseType. */
  export type LicenseType = 'basic' | 'standard' | 'gold' | 'platinum' | 'enterprise' | 'trial';
  /** @kbn/alerting-types RuleTypeSolution (9.x; absent on 8.19, which ignores it). */
  export type RuleTypeSolution = 'observability' | 'security' | 'stack';

  /** types.ts `RuleTypeParamsValidator`: a config-schema `ObjectType` satisfies it. */
  export interface RuleTypeParamsValidator<Params extends RuleTypeParams> {
    validate: (object: Partial<Params>) => Params;
  }

  /** alerts_client/types.ts */
  export interface ReportedAlert<
    State extends AlertInstanceState,
    Context extends AlertInstanceContext,
    ActionGroupIds extends string,
  > {
    id: string;
    actionGroup: ActionGroupIds;
    state?: State;
    context?: Context;
  }
  export interface PublicAlertsClient<
    State extends AlertInstanceState,
    Context extends AlertInstanceContext,
    ActionGroupIds extends string,
  > {
    report(alert: ReportedAlert<State, Context, ActionGroupIds>): { uuid: string; start: string | null };
    getAlertLimitValue: () => number;
    setAlertLimitReached: (reached: boolean) => void;
  }

  /** alert/create_alert_factory.ts (deprecated in favour of the alerts client, still passed on every version). */
  export interface PublicAlert<Context extends AlertInstanceContext, ActionGroupIds extends string> {
    scheduleActions(actionGroup: ActionGroupIds, context?: Context): unknown;
  }
  export interface PublicAlertFactory<Context extends AlertInstanceContext, ActionGroupIds extends string> {
    create: (id: string) => PublicAlert<Context, ActionGroupIds>;
    alertLimit: { getValue: () => number; setLimitReached: (reached: boolean) => void };
  }

  /** types.ts `RuleExecutorServices`, the members we use. */
  export interface RuleExecutorServices<
    State extends AlertInstanceState = AlertInstanceState,
    Context extends AlertInstanceContext = AlertInstanceContext,
    ActionGroupIds extends string = never,
  > {
    /** Only when the rule type declares `alerts` with `shouldWrite` and framework alerts are enabled. */
    alertsClient: PublicAlertsClient<State, Context, ActionGroupIds> | null;
    alertFactory: PublicAlertFactory<Context, ActionGroupIds>;
    scopedClusterClient: IScopedClusterClient;
    shouldStopExecution: () => boolean;
  }

  /** types.ts `RuleExecutorOptions`, the members we use. */
  export interface RuleExecutorOptions<
    Params extends RuleTypeParams,
    State extends RuleTypeState,
    InstanceState extends AlertInstanceState,
    Context extends AlertInstanceContext,
    ActionGroupIds extends string,
  > {
    executionId: string;
    logger: Logger;
    params: Params;
    previousStartedAt: Date | null;
    /** types.ts `SanitizedRuleConfig` (common/rule.ts), the members the dev host passes; Kibana passes more. */
    rule: { id: string; name: string; tags: string[]; consumer: string; producer: string; ruleTypeId: string };
    services: RuleExecutorServices<InstanceState, Context, ActionGroupIds>;
    spaceId: string;
    startedAt: Date;
    state: State;
  }

  /** types.ts `IRuleTypeAlerts`: where framework alerts ("alerts as data") are written. */
  export interface IRuleTypeAlerts {
    context: string;
    mappings: { fieldMap: Record<string, unknown> };
    shouldWrite?: boolean;
    isSpaceAware?: boolean;
    useEcs?: boolean;
  }

  /** types.ts `RuleType`, the members we set. */
  export interface RuleType<
    Params extends RuleTypeParams,
    State extends RuleTypeState,
    InstanceState extends AlertInstanceState,
    Context extends AlertInstanceContext,
    ActionGroupIds extends string,
  > {
    id: string;
    name: string;
    validate: { params: RuleTypeParamsValidator<Params> | ObjectType };
    actionGroups: Array<ActionGroup<ActionGroupIds>>;
    defaultActionGroupId: ActionGroupIds;
    executor: (
      options: RuleExecutorOptions<Params, State, InstanceState, Context, ActionGroupIds>,
    ) => Promise<{ state: State }>;
    category: string;
    producer: string;
    solution?: RuleTypeSolution;
    actionVariables?: { context?: ActionVariable[]; state?: ActionVariable[]; params?: ActionVariable[] };
    minimumLicenseRequired: LicenseType;
    isExportable: boolean;
    defaultScheduleInterval?: string;
    ruleTaskTimeout?: string;
    doesSetRecoveryContext?: boolean;
    autoRecoverAlerts?: boolean;
    alerts?: IRuleTypeAlerts;
  }

  /** plugin.ts `AlertingServerSetup` (named `PluginSetupContract` on 8.19). */
  export interface AlertingServerSetup {
    registerType<
      P extends RuleTypeParams,
      S extends RuleTypeState,
      I extends AlertInstanceState,
      C extends AlertInstanceContext,
      G extends string,
    >(
      ruleType: RuleType<P, S, I, C, G>,
    ): void;
  }
}

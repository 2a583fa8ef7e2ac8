export { buffalogsRuleType, executeRule, RULE_TYPE_ID, ACTION_GROUP, type RuleState } from './rule_type';
export { ruleParamsSchema, ruleTakes, type RuleParams } from './params';
export type { AlertActionContext } from './action_variables';

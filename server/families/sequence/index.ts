/** The sequence detection family (issue 15): rules, their validation and import, the pure engine and its state. */
export { BUILTIN_RULES } from './builtin_rules';
export { DEFAULT_LIMITS, runSequences, type SequenceInput, type SequenceOutput, type SequenceStats } from './engine';
export { EVENT_ALIASES, foldEventName } from './event_names';
export { formatDuration, parseDuration } from './duration';
export { importPorlockRule, rulesFromDocument } from './porlock_import';
export { ruleStateKey, type SequenceRule, type SequenceRuleInput } from './rule';
export { RuleIndex } from './rule_index';
export { identifierFields, keyValuesOf, normalizeSequenceEvent, type SequenceEvent } from './sequence_event';
export { emptySequenceState, restoreSequenceState, serializeSequenceState, type SequenceState } from './state';
export { validateRule, validateRules } from './validate_rule';

/**
 * What the sequence rule routes share: the body of a rule set answer, and the family's settings when the plugin did
 * not hand them over (kibana.yml's `buffalogs.sequence` defaults).
 */
import { sequenceSettingsFrom, type SequenceFamilySettings } from '../families/sequence/family';
import { effectiveRules, storedRuleId, type StoredRules } from '../families/sequence/rules_store';
import { BUILTIN_RULES } from '../families/sequence/builtin_rules';
import type { ApiRouteDependencies } from '.';

export function sequenceSettings(deps: ApiRouteDependencies): SequenceFamilySettings | undefined {
  return deps.sequenceSettings ? deps.sequenceSettings() : sequenceSettingsFrom(undefined);
}

/** The stored rules as saved, the built-ins and which are disabled, and every rule in force with its state. */
export function rulesBody(stored: StoredRules, builtin: boolean) {
  const effective = effectiveRules(stored, builtin);
  // Stored entries are read as they are (an older version's, or edited in the index): a null made every answer a 500.
  const ownIds = new Set(stored.rules.map(storedRuleId));
  return {
    version: stored.version,
    ...(stored.updated_by ? { updated_by: stored.updated_by } : {}),
    ...(stored.updated_at ? { updated_at: stored.updated_at } : {}),
    rules: stored.rules,
    builtin_disabled: stored.builtinDisabled,
    builtin: builtin ? BUILTIN_RULES : [],
    effective: effective.rules.map((r) => ({
      id: r.id,
      name: r.name,
      enabled: r.enabled,
      builtin: BUILTIN_RULES.some((b) => b.id === r.id) && !ownIds.has(r.id),
      rule: r.source,
    })),
    ...(effective.errors.length ? { errors: effective.errors } : {}),
  };
}

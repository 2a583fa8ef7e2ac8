/**
 * A space's sequence rules in Elasticsearch (`buffalogs-sequence-rules-<space>`), versioned like the detection
 * settings (server/settings/settings_store.ts): the current document (`_id: rules`) and one history document per
 * version (`_id: rules@v<n>`). A save names the version it read (`expected_version`): a 409 when someone saved in
 * between. Rules are stored as written (validated on the way in and again on the way out: a stored rule this version
 * of the plugin refuses is reported, never run).
 *
 * The built-in pack is not copied into the index: it is on unless the space disables it (`builtin_disabled` lists
 * built-in ids turned off), and a custom rule with a built-in's id replaces it — so a plugin upgrade that improves a
 * built-in rule reaches every space that did not change it.
 */
import { isPlainObject } from '../../events/ecs_document';
import { esStatus } from '../../routes/errors';
import { assertExpectedVersion, writeNextVersion } from '../../settings/versioned_document';
import type { EsClient } from '../../storage/es_client';
import { spaceIndexSuffix } from '../../storage/index_names';
import { BUILTIN_RULES } from './builtin_rules';
import type { SequenceRule, SequenceRuleInput } from './rule';
import { RULE_LIMITS, validateEach, validateRules } from './validate_rule';

export const SEQUENCE_RULES_INDEX_PREFIX = 'buffalogs-sequence-rules-';
/** Named like every other per-space index (spaceIndexSuffix): a checked id, hashed when too long for Elasticsearch. */
export const sequenceRulesIndex = (space: string): string => `${SEQUENCE_RULES_INDEX_PREFIX}${spaceIndexSuffix(space)}`;
const CURRENT_ID = 'rules';

interface RulesDocument {
  kind: 'current' | 'history';
  version: number;
  rules: SequenceRuleInput[];
  builtin_disabled: string[];
  updated_by: string;
  updated_at: string;
  comment?: string;
}

export interface StoredRules {
  /** 0: nothing saved yet (the built-in pack alone). */
  version: number;
  rules: SequenceRuleInput[];
  builtinDisabled: string[];
  updated_by?: string;
  updated_at?: string;
  comment?: string;
  seqNo?: number;
  primaryTerm?: number;
}

export async function readRules(client: EsClient, space: string, signal?: AbortSignal): Promise<StoredRules> {
  try {
    const doc = await client.get<RulesDocument>({ index: sequenceRulesIndex(space), id: CURRENT_ID }, { signal });
    const src = doc._source as RulesDocument;
    return {
      version: src.version,
      rules: Array.isArray(src.rules) ? src.rules : [],
      builtinDisabled: Array.isArray(src.builtin_disabled)
        ? src.builtin_disabled.filter((s) => typeof s === 'string')
        : [],
      updated_by: src.updated_by,
      updated_at: src.updated_at,
      ...(src.comment ? { comment: src.comment } : {}),
      seqNo: doc._seq_no,
      primaryTerm: doc._primary_term,
    };
  } catch (error) {
    if (esStatus(error) === 404) return { version: 0, rules: [], builtinDisabled: [] };
    throw error;
  }
}

/**
 * A stored entry's rule id, read as stored: entries are an older version's or edited in the index, so one may be
 * null or of another shape (a null there made the list and every import a 500).
 */
export const storedRuleId = (entry: unknown): string | undefined => {
  const id = isPlainObject(entry) ? entry.id : undefined;
  return typeof id === 'string' ? id : undefined;
};

export interface EffectiveRules {
  /** Every rule in force, enabled or not (disabled ones are listed, never run). */
  rules: SequenceRule[];
  /** Stored rules this version refuses, with why (they do not run). */
  errors: string[];
}

/** The built-in pack (unless `builtin` is off, minus the disabled ones) with the space's own rules over it. */
export function effectiveRules(
  stored: Pick<StoredRules, 'rules' | 'builtinDisabled'>,
  builtin: boolean,
): EffectiveRules {
  // Rule by rule: one stored rule this version refuses (or a repeated id) must not silence the space's other rules.
  const { rules: ownRules, errors } = validateEach(stored.rules.slice(0, RULE_LIMITS.rules));
  const ownIds = new Set(ownRules.map((r) => r.id));
  if (stored.rules.length > RULE_LIMITS.rules)
    errors.push(
      `[rules]: at most ${RULE_LIMITS.rules} rules; the ${stored.rules.length - RULE_LIMITS.rules} after them are not run`,
    );
  const disabled = new Set(stored.builtinDisabled);
  const pack = validateRules(BUILTIN_RULES.filter((r) => !ownIds.has(r.id)));
  const builtins = builtin && pack.ok ? pack.rules.map((r) => (disabled.has(r.id) ? { ...r, enabled: false } : r)) : [];
  return { rules: [...builtins, ...ownRules], errors };
}

export interface RulesChange {
  rules: SequenceRuleInput[];
  builtinDisabled: string[];
  expectedVersion?: number;
  user: string;
  comment?: string;
  now: Date;
}

/** Saves an already validated rule set; 409 when the rules changed since `expectedVersion` or during the save. */
export async function saveRules(client: EsClient, space: string, change: RulesChange): Promise<StoredRules> {
  const index = sequenceRulesIndex(space);
  const current = await readRules(client, space);
  assertExpectedVersion('sequence rules', change.expectedVersion, current.version);
  const next: RulesDocument = {
    kind: 'current',
    version: current.version + 1,
    rules: change.rules,
    builtin_disabled: [...new Set(change.builtinDisabled)].sort(),
    updated_by: change.user,
    updated_at: change.now.toISOString(),
    ...(change.comment ? { comment: change.comment } : {}),
  };
  const written = await writeNextVersion(
    client,
    'sequence rules',
    { index, currentId: CURRENT_ID },
    { ...current, document: asDocument(current) },
    next,
  );
  return { ...fromDocument(next), ...written };
}

function asDocument(s: StoredRules): RulesDocument {
  return {
    kind: 'current',
    version: s.version,
    rules: s.rules,
    builtin_disabled: s.builtinDisabled,
    updated_by: s.updated_by ?? 'unknown',
    updated_at: s.updated_at ?? new Date(0).toISOString(),
    ...(s.comment ? { comment: s.comment } : {}),
  };
}

function fromDocument(d: RulesDocument): StoredRules {
  return {
    version: d.version,
    rules: d.rules,
    builtinDisabled: d.builtin_disabled,
    updated_by: d.updated_by,
    updated_at: d.updated_at,
    ...(d.comment ? { comment: d.comment } : {}),
  };
}

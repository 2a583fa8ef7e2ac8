/**
 * The sequence rule format: the JSON a user writes, stores and imports (porlock's list format is converted to it by
 * `porlock_import.ts`), and the compiled form the engine runs. `validate_rule.ts` turns the first into the second.
 *
 * ```json
 * {
 *   "id": "sequence_otp_password_change", "name": "Password change after OTP login", "version": 1, "enabled": true,
 *   "description": "…", "reason": "why this order of harmless events is suspicious",
 *   "identifier": "user.name",
 *   "first": "otp login",
 *   "direction": "followed_by", "match": "any", "events": ["password reset", "password change"],
 *   "period": { "when": "after", "duration": "2d" },
 *   "secondary": { "event": "password change", "when": "before", "duration": "1h" },
 *   "time_frame": "14d",
 *   "severity": "high"
 * }
 * ```
 * An event is a name (`"password change"`: matched through the alias table, `event_names.ts`) or an object that adds
 * ECS constraints: `{"name": "login", "outcome": "success", "category": "authentication", "type": "start"}`.
 */
import type { Severity } from '../../../common/alert_document';
import type { Direction, MatchType, PeriodWhen, SequenceRuleInput } from '../../../common/sequence_rule';

// The format as written lives in common/ (the app's editor speaks it too); re-exported for the server's modules.
export {
  DIRECTIONS,
  MATCH_TYPES,
  PERIOD_WHENS,
  RULE_ID_PREFIX,
  SEVERITIES,
  type Direction,
  type EventSpec,
  type MatchType,
  type PeriodWhen,
  type SequenceRuleInput,
} from '../../../common/sequence_rule';

/** One event of a compiled rule: lower-cased name and constraints, so matching is a few string comparisons. */
export interface EventMatcher {
  /** As written, for messages and evidence. */
  name: string;
  /** Lower-cased `name`: an `event.action` equal to it matches, as do the alias table's values. */
  key: string;
  category?: string;
  type?: string;
  outcome?: string;
}

/** A validated rule with durations in milliseconds: what the engine runs. */
export interface SequenceRule {
  id: string;
  name: string;
  description: string;
  reason: string;
  enabled: boolean;
  version: number;
  identifier: string;
  first: EventMatcher;
  direction: Direction;
  match: MatchType;
  events: EventMatcher[];
  period: { when: PeriodWhen; ms: number };
  secondary?: { event: EventMatcher; when: PeriodWhen; ms: number };
  timeFrameMs: number;
  severity: Severity;
  /** The rule as written (normalised), for evidence and round trips. */
  source: SequenceRuleInput;
}

/** The key that separates a rule's state from another version's: a new version starts with empty windows. */
export const ruleStateKey = (rule: Pick<SequenceRule, 'id' | 'version'>): string => `${rule.id}@${rule.version}`;

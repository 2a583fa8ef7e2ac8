/**
 * The sequence rule format as written (JSON), shared by the server (server/families/sequence/rule.ts compiles and
 * validates it) and the app's editor. Documented in server/families/sequence/rule.ts and the README.
 */
import type { Severity } from './alert_document';

export const DIRECTIONS = ['followed_by', 'preceded_by'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const MATCH_TYPES = ['any', 'all', 'one', 'none'] as const;
export type MatchType = (typeof MATCH_TYPES)[number];
export const PERIOD_WHENS = ['before', 'after'] as const;
export type PeriodWhen = (typeof PERIOD_WHENS)[number];
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export type EventSpec = string | { name: string; category?: string; type?: string; outcome?: string };

/** A rule as written (JSON). */
export interface SequenceRuleInput {
  id: string;
  name: string;
  description?: string;
  reason?: string;
  enabled?: boolean;
  version?: number;
  identifier: string;
  first: EventSpec;
  direction: Direction;
  match: MatchType;
  events: EventSpec[];
  period: { when: PeriodWhen; duration: string };
  secondary?: { event: EventSpec; when: PeriodWhen; duration: string };
  time_frame: string;
  severity?: Severity;
}

/** Rule ids must start with this (alerts' `rule.id` is the rule id, and the issue asks for `sequence…`). */
export const RULE_ID_PREFIX = 'sequence';

/** A rule id's longest form (the rules' idLength). */
export const RULE_ID_MAX_LENGTH = 64;

/** Letters, digits, `_`, `-`, `.` after the prefix: safe in an index document id, a URL and a log line. */
const RULE_ID_CHARS = /^[a-z0-9_.-]+$/;

/**
 * Whether `id` has the form of a rule's id (its length is checked apart, against RULE_ID_MAX_LENGTH): the rule
 * routes, the alert filters and the app's URL read one alike.
 */
export const isSequenceRuleId = (id: string): boolean => id.startsWith(RULE_ID_PREFIX) && RULE_ID_CHARS.test(id);

/**
 * ECS document or Elasticsearch hit → the few fields a sequence rule reads, or a rejection that says why.
 * Any ECS event qualifies (not only logins): what makes it part of a sequence is its `event.action`.
 */
import {
  expandDottedKeys,
  getPath,
  isPlainObject,
  keywordValues,
  optionalString,
  unwrapSingle,
} from '../../events/ecs_document';
import { parseIsoTimestamp } from '../../events/iso_timestamp';
import { stableDocumentId } from '../../events/normalize_login';
import { foldEventName } from './event_names';

export interface SequenceEvent {
  /** `_id`, else `event.id`, else a hash of the document: duplicates of one event share it. */
  id: string;
  index: string;
  /** `@timestamp`, epoch ms: windows are in event time. */
  timestamp: number;
  /** `event.action` as written (evidence) and folded (matching). */
  action: string;
  actionKey: string;
  /** Lower-cased `event.category`, `event.type`, `event.outcome`. */
  category: readonly string[];
  type: readonly string[];
  outcome?: string;
  /** Identifier field → its values (trimmed, lower-cased), for the fields the rules ask for. */
  keys: ReadonlyMap<string, readonly string[]>;
}

export type SequenceRejection = 'not_an_object' | 'missing_timestamp' | 'invalid_timestamp' | 'missing_action';
export type SequenceEventResult =
  { ok: true; event: SequenceEvent } | { ok: false; reason: SequenceRejection; detail?: string };

/** Caps on what one log line can make us hold: a 1 MB `user.name` or a 10,000-element array is not an identifier. */
export const EVENT_LIMITS = { actionLength: 256, identifierLength: 512, identifierValues: 8 } as const;

export function normalizeSequenceEvent(input: unknown, fields: readonly string[]): SequenceEventResult {
  if (!isPlainObject(input)) return { ok: false, reason: 'not_an_object' };
  const hasSource = isPlainObject(input._source);
  const source = hasSource ? (input._source as Record<string, unknown>) : input;
  const doc = expandDottedKeys(source);
  const rawTimestamp = unwrapSingle(getPath(doc, ['@timestamp']));
  if (rawTimestamp === undefined || rawTimestamp === null || rawTimestamp === '')
    return { ok: false, reason: 'missing_timestamp' };
  const timestamp = parseIsoTimestamp(rawTimestamp);
  if (timestamp === undefined) {
    return {
      ok: false,
      reason: 'invalid_timestamp',
      detail: `${JSON.stringify(rawTimestamp).slice(0, 80)} is not ISO 8601`,
    };
  }
  const action = optionalString(getPath(doc, ['event', 'action']));
  if (!action) return { ok: false, reason: 'missing_action' };
  if (action.length > EVENT_LIMITS.actionLength) {
    return { ok: false, reason: 'missing_action', detail: `event.action is ${action.length} characters long` };
  }
  const keys = new Map<string, string[]>();
  for (const field of fields) {
    const values = identifierValues(getPath(doc, field.split('.')));
    if (values.length) keys.set(field, values);
  }
  const outcome = optionalString(getPath(doc, ['event', 'outcome']))?.toLowerCase();
  return {
    ok: true,
    event: {
      id: optionalString(input._id) ?? optionalString(getPath(doc, ['event', 'id'])) ?? stableDocumentId(source),
      index: optionalString(input._index) ?? '',
      timestamp,
      action,
      actionKey: foldEventName(action),
      category: keywordValues(getPath(doc, ['event', 'category'])).map((c) => c.toLowerCase()),
      type: keywordValues(getPath(doc, ['event', 'type'])).map((c) => c.toLowerCase()),
      ...(outcome ? { outcome } : {}),
      keys,
    },
  };
}

/** A keyword or a list of keywords (`related.user`), each trimmed and lower-cased; over-long values are dropped. */
function identifierValues(value: unknown): string[] {
  const list = Array.isArray(value) ? value.slice(0, EVENT_LIMITS.identifierValues) : [value];
  const out: string[] = [];
  for (const v of list) {
    const s = optionalString(v);
    if (s && s.length <= EVENT_LIMITS.identifierLength) {
      const k = s.toLowerCase();
      if (!out.includes(k)) out.push(k);
    }
  }
  return out;
}

/** The identifier fields a set of rules reads, so normalisation extracts only those. */
export function identifierFields(rules: ReadonlyArray<{ identifier: string }>): string[] {
  return [...new Set(rules.map((r) => r.identifier))];
}

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
import { documentShape, MAX_DOCUMENT_DEPTH } from '../../events/document_depth';
import { parseIsoTimestamp } from '../../../common/iso_timestamp';
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
  /**
   * The identifier fields the event was read for (the list given to normalizeSequenceEvent, one array shared by every
   * event read with it) and, side by side, each field's values (trimmed, lower-cased; undefined when it has none).
   * Not a map per event: the engine looks an event's values up once per event, and a field's place in a list it has
   * seen already is known (keyValuesOf), so the lookup is an array read instead of a hash lookup in a map of its own.
   */
  keyFields: readonly string[];
  keyValues: ReadonlyArray<readonly string[] | undefined>;
}

/** The event's values of an identifier field, undefined when it has none (or was not read for that field). */
export function keyValuesOf(event: SequenceEvent, field: string): readonly string[] | undefined {
  const fields = event.keyFields;
  if (fields !== lastFields || field !== lastField) {
    lastFields = fields;
    lastField = field;
    lastAt = fields.indexOf(field);
  }
  return lastAt < 0 ? undefined : event.keyValues[lastAt];
}

/** keyValuesOf's last answer: where a field is in a list of fields (events read together share their list). */
let lastFields: readonly string[] | undefined;
let lastField: string | undefined;
let lastAt = -1;

/** An event's identifier fields and values from a map of them (tests and fixtures that write events by hand). */
export function keysFrom(keys: ReadonlyMap<string, readonly string[]>): Pick<SequenceEvent, 'keyFields' | 'keyValues'> {
  const keyFields: string[] = [];
  const keyValues: Array<readonly string[]> = [];
  for (const [field, values] of keys) {
    if (values.length === 0) continue;
    keyFields.push(field);
    keyValues.push(values);
  }
  return { keyFields, keyValues };
}

export type SequenceRejection =
  'not_an_object' | 'too_deep' | 'missing_timestamp' | 'invalid_timestamp' | 'missing_action';
export type SequenceEventResult =
  { ok: true; event: SequenceEvent } | { ok: false; reason: SequenceRejection; detail?: string };

/** Caps on what one log line can make us hold: a 1 MB `user.name` or a 10,000-element array is not an identifier. */
export const EVENT_LIMITS = { actionLength: 256, identifierLength: 512, identifierValues: 8 } as const;

export function normalizeSequenceEvent(input: unknown, fields: readonly string[]): SequenceEventResult {
  if (!isPlainObject(input)) return { ok: false, reason: 'not_an_object' };
  // Before anything walks it recursively (dotted-key expansion, the stable id), as the login normaliser does: a line
  // nested a few thousand levels deep overflowed the stack and ended the CLI's run.
  const shape = documentShape(input, MAX_DOCUMENT_DEPTH);
  if (shape === 'too_deep')
    return {
      ok: false,
      reason: 'too_deep',
      detail: `more than ${MAX_DOCUMENT_DEPTH} levels of objects, arrays or dotted keys`,
    };
  const hasSource = isPlainObject(input._source);
  const source = hasSource ? (input._source as Record<string, unknown>) : input;
  const doc = shape === 'dotted' ? expandDottedKeys(source) : source;
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
  const keyValues: Array<string[] | undefined> = [];
  for (const field of fields) {
    const values = identifierValues(getPath(doc, field.split('.')));
    keyValues.push(values.length ? values : undefined);
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
      // Before the spread: fields after one are kept outside the object, a read further for the engine.
      keyFields: fields,
      keyValues,
      ...(outcome ? { outcome } : {}),
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

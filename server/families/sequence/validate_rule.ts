/**
 * Validation of sequence rules, written for hostile input (an imported file, an HTTP body): every error names the
 * field as `[rules.0.period.duration]: …` (the form Kibana's config-schema uses, so a route can answer 400 with it and
 * the CLI can print it), unknown keys are errors (a typo must not silently disable a constraint; `__proto__` is just
 * an unknown key), and every string and list has a cap checked before anything else looks at it.
 */
import type { Severity } from '../../../common/alert_document';
import { isSequenceRuleId, RULE_ID_MAX_LENGTH } from '../../../common/sequence_rule';
import { isPlainObject } from '../../events/ecs_document';
import { formatDuration, parseDuration } from './duration';
import {
  DIRECTIONS,
  MATCH_TYPES,
  PERIOD_WHENS,
  RULE_ID_PREFIX,
  SEVERITIES,
  type EventMatcher,
  type EventSpec,
  type SequenceRule,
  type SequenceRuleInput,
} from './rule';

export const RULE_LIMITS = {
  rules: 200,
  events: 20,
  idLength: RULE_ID_MAX_LENGTH,
  nameLength: 200,
  textLength: 2000,
  eventNameLength: 100,
  constraintLength: 64,
  identifierLength: 128,
  identifierSegments: 10,
} as const;

export type RulesResult = { ok: true; rules: SequenceRule[] } | { ok: false; errors: string[] };
export type RuleResult = { ok: true; rule: SequenceRule } | { ok: false; errors: string[] };

const RULE_KEYS = new Set([
  'id',
  'name',
  'description',
  'reason',
  'enabled',
  'version',
  'identifier',
  'first',
  'direction',
  'match',
  'events',
  'period',
  'secondary',
  'time_frame',
  'severity',
]);
const EVENT_KEYS = new Set(['name', 'category', 'type', 'outcome']);
const PERIOD_KEYS = new Set(['when', 'duration']);
const SECONDARY_KEYS = new Set(['event', 'when', 'duration']);
const OUTCOMES = ['success', 'failure', 'unknown'];
/** One segment of an ECS field path. */
const FIELD_SEGMENT = /^[A-Za-z0-9_@-]+$/;
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

/** A list of rules: an array, or `{ "rules": [...] }` (the shape of a rules file). */
export function validateRules(input: unknown): RulesResult {
  const list = isPlainObject(input) && Object.keys(input).length === 1 && 'rules' in input ? input.rules : input;
  if (!Array.isArray(list)) return { ok: false, errors: ['[rules]: must be an array of rules (or {"rules": [...]})'] };
  if (list.length > RULE_LIMITS.rules) {
    return { ok: false, errors: [`[rules]: at most ${RULE_LIMITS.rules} rules, not ${list.length}`] };
  }
  const { rules, errors } = validateEach(list);
  return errors.length ? { ok: false, errors } : { ok: true, rules };
}

/**
 * Each rule of `list` checked on its own (paths `rules.<i>`): the valid ones in order, the first of each id, and the
 * errors of the others (refused, or a repeated id). validateRules refuses a list with any error; effectiveRules runs
 * the valid rules of a stored list, so one refused rule does not silence the others.
 */
export function validateEach(list: readonly unknown[]): { rules: SequenceRule[]; errors: string[] } {
  const errors: string[] = [];
  const rules: SequenceRule[] = [];
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const result = validateRule(item, `rules.${i}`);
    if (!result.ok) {
      errors.push(...result.errors);
      return;
    }
    const earlier = seen.get(result.rule.id);
    if (earlier !== undefined)
      errors.push(`[rules.${i}.id]: "${result.rule.id}" is already the id of rules.${earlier}`);
    else {
      seen.set(result.rule.id, i);
      rules.push(result.rule);
    }
  });
  return { rules, errors };
}

export function validateRule(input: unknown, path = 'rule'): RuleResult {
  const errors: string[] = [];
  const err = (field: string, problem: string): void =>
    void errors.push(`[${path}${field ? `.${field}` : ''}]: ${problem}`);
  if (!isPlainObject(input)) return { ok: false, errors: [`[${path}]: must be an object`] };
  for (const key of Object.keys(input)) if (!RULE_KEYS.has(key)) err(key.slice(0, 40), 'is not a rule field');

  const id = text(input.id, 'id', RULE_LIMITS.idLength, err);
  if (id !== undefined && !isSequenceRuleId(id)) {
    err(
      'id',
      `must start with "${RULE_ID_PREFIX}" and hold only a-z, 0-9, "_", "-", "." (e.g. "sequence_otp_password_change")`,
    );
  }
  const name = text(input.name, 'name', RULE_LIMITS.nameLength, err);
  const description = optionalText(input.description, 'description', RULE_LIMITS.textLength, err) ?? '';
  const reason = optionalText(input.reason, 'reason', RULE_LIMITS.textLength, err) ?? '';
  let enabled = true;
  if (input.enabled !== undefined) {
    if (typeof input.enabled === 'boolean') enabled = input.enabled;
    else err('enabled', 'must be true or false');
  }
  let version = 1;
  if (input.version !== undefined) {
    if (
      typeof input.version === 'number' &&
      Number.isInteger(input.version) &&
      input.version >= 1 &&
      input.version <= 1e6
    )
      version = input.version;
    else err('version', 'must be a whole number from 1 to 1000000');
  }
  const identifier = fieldPath(input.identifier, 'identifier', err);
  const first = eventSpec(input.first, 'first', err);
  const direction = oneOf(input.direction, 'direction', DIRECTIONS, err);
  const match = oneOf(input.match, 'match', MATCH_TYPES, err);

  let events: EventMatcher[] | undefined;
  if (!Array.isArray(input.events) || input.events.length === 0)
    err('events', 'must be a non-empty list of event names');
  else if (input.events.length > RULE_LIMITS.events)
    err('events', `at most ${RULE_LIMITS.events} events, not ${input.events.length}`);
  else {
    const list = input.events.map((e, i) => eventSpec(e, `events.${i}`, err));
    if (list.every((e): e is EventMatcher => e !== undefined)) {
      events = list;
      const keys = new Set<string>();
      list.forEach((e, i) => {
        const k = matcherIdentity(e);
        if (keys.has(k)) err(`events.${i}`, `"${e.name}" is listed twice`);
        keys.add(k);
      });
    }
  }
  if (match === 'one' && events && events.length === 1) {
    err('match', '"one" means exactly one of several listed events (distinct names); with a single event use "any"');
  }

  const period = periodOf(input.period, 'period', PERIOD_KEYS, err);
  const timeFrame = durationOf(input.time_frame, 'time_frame', err);
  let secondary: SequenceRule['secondary'];
  if (input.secondary !== undefined && input.secondary !== null) {
    if (!isPlainObject(input.secondary)) err('secondary', 'must be an object {event, when, duration}');
    else {
      const s = periodOf(input.secondary, 'secondary', SECONDARY_KEYS, err);
      const event = eventSpec(input.secondary.event, 'secondary.event', err);
      if (s && event) secondary = { event, when: s.when, ms: s.ms };
    }
    if (match === 'none') err('secondary', 'cannot follow "none": there is no matched event to chain from');
  }
  if (period && timeFrame !== undefined) {
    if (period.ms > timeFrame) {
      err(
        'period',
        `${formatDuration(period.ms)} is longer than time_frame ${formatDuration(timeFrame)}: the window would be ${period.when === 'after' ? 'empty' : 'cut to the time frame'}`,
      );
    } else if (period.when === 'after' && period.ms === timeFrame && secondary) {
      err('period', 'leaves no room in time_frame for the secondary event');
    }
  }
  if (secondary && timeFrame !== undefined && secondary.ms > timeFrame) {
    err('secondary.duration', `${formatDuration(secondary.ms)} is longer than time_frame ${formatDuration(timeFrame)}`);
  }
  let severity: Severity = 'medium';
  if (input.severity !== undefined) severity = oneOf(input.severity, 'severity', SEVERITIES, err) ?? severity;

  if (
    errors.length ||
    !id ||
    !name ||
    !identifier ||
    !first ||
    !direction ||
    !match ||
    !events ||
    !period ||
    timeFrame === undefined
  ) {
    if (!errors.length) errors.push(`[${path}]: is incomplete`);
    return { ok: false, errors };
  }
  const source: SequenceRuleInput = {
    id,
    name,
    description,
    reason,
    enabled,
    version,
    identifier,
    first: specOf(first),
    direction,
    match,
    events: events.map(specOf),
    period: { when: period.when, duration: formatDuration(period.ms) },
    ...(secondary
      ? { secondary: { event: specOf(secondary.event), when: secondary.when, duration: formatDuration(secondary.ms) } }
      : {}),
    time_frame: formatDuration(timeFrame),
    severity,
  };
  return {
    ok: true,
    rule: {
      id,
      name,
      description,
      reason,
      enabled,
      version,
      identifier,
      first,
      direction,
      match,
      events,
      period,
      ...(secondary ? { secondary } : {}),
      timeFrameMs: timeFrame,
      severity,
      source,
    },
  };
}

type Err = (field: string, problem: string) => void;

function text(value: unknown, field: string, max: number, err: Err): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    err(field, 'is required (a non-empty string)');
    return undefined;
  }
  if (value.length > max) {
    err(field, `must be at most ${max} characters, not ${value.length}`);
    return undefined;
  }
  return value.trim();
}

function optionalText(value: unknown, field: string, max: number, err: Err): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    err(field, 'must be a string');
    return undefined;
  }
  if (value.length > max) {
    err(field, `must be at most ${max} characters, not ${value.length}`);
    return undefined;
  }
  return value.trim();
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[], err: Err): T | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  err(
    field,
    `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}${typeof value === 'string' ? `, not "${value.slice(0, 40)}"` : ''}`,
  );
  return undefined;
}

function fieldPath(value: unknown, field: string, err: Err): string | undefined {
  const path = text(value, field, RULE_LIMITS.identifierLength, err);
  if (path === undefined) return undefined;
  const segments = path.split('.');
  if (segments.length > RULE_LIMITS.identifierSegments || !segments.every((s) => FIELD_SEGMENT.test(s))) {
    err(field, `must be an ECS field path such as "user.name", "source.ip" or "host.name", not "${path.slice(0, 60)}"`);
    return undefined;
  }
  if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s))) {
    err(field, `"${path.slice(0, 60)}" is not a field name`);
    return undefined;
  }
  return path;
}

function eventSpec(value: unknown, field: string, err: Err): EventMatcher | undefined {
  if (typeof value === 'string') {
    const name = text(value, field, RULE_LIMITS.eventNameLength, err);
    return name === undefined ? undefined : { name, key: name.toLowerCase() };
  }
  if (!isPlainObject(value)) {
    err(field, 'must be an event name or {name, category?, type?, outcome?}');
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(value)) {
    if (!EVENT_KEYS.has(key)) {
      err(`${field}.${key.slice(0, 40)}`, 'is not an event field (name, category, type, outcome)');
      ok = false;
    }
  }
  const name = text(value.name, `${field}.name`, RULE_LIMITS.eventNameLength, err);
  const out: EventMatcher | undefined = name === undefined ? undefined : { name, key: name.toLowerCase() };
  for (const key of ['category', 'type', 'outcome'] as const) {
    if (value[key] === undefined) continue;
    const v = text(value[key], `${field}.${key}`, RULE_LIMITS.constraintLength, err);
    if (v === undefined) ok = false;
    else if (key === 'outcome' && !OUTCOMES.includes(v.toLowerCase())) {
      err(`${field}.outcome`, `must be one of ${OUTCOMES.join(', ')}`);
      ok = false;
    } else if (out) out[key] = v.toLowerCase();
  }
  return ok ? out : undefined;
}

function durationOf(value: unknown, field: string, err: Err): number | undefined {
  const parsed = parseDuration(value);
  if (!parsed.ok) {
    err(field, parsed.problem);
    return undefined;
  }
  return parsed.ms;
}

function periodOf(
  value: unknown,
  field: string,
  keys: Set<string>,
  err: Err,
): { when: 'before' | 'after'; ms: number } | undefined {
  if (!isPlainObject(value)) {
    err(field, 'must be an object {when: "before"|"after", duration: "1h"}');
    return undefined;
  }
  for (const key of Object.keys(value))
    if (!keys.has(key)) err(`${field}.${key.slice(0, 40)}`, 'is not a period field');
  const when = oneOf(value.when, `${field}.when`, PERIOD_WHENS, err);
  const ms = durationOf(value.duration, `${field}.duration`, err);
  return when && ms !== undefined ? { when, ms } : undefined;
}

function matcherIdentity(e: EventMatcher): string {
  return `${e.key}\u0000${e.category ?? ''}\u0000${e.type ?? ''}\u0000${e.outcome ?? ''}`;
}

function specOf(e: EventMatcher): EventSpec {
  if (e.category === undefined && e.type === undefined && e.outcome === undefined) return e.name;
  return {
    name: e.name,
    ...(e.category !== undefined ? { category: e.category } : {}),
    ...(e.type !== undefined ? { type: e.type } : {}),
    ...(e.outcome !== undefined ? { outcome: e.outcome } : {}),
  };
}

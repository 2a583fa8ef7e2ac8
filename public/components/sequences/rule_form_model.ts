/**
 * The rule editor's model: a rule (the format of common/sequence_rule.ts) as form values and back, and the server's
 * 400 messages (`[request body.rules.3.period.duration]: …`) sorted onto the form's fields. The rules themselves are
 * validated by the server alone (server/families/sequence/validate_rule.ts): one validator, whose every message
 * names its field, so the browser only has to put each message next to that field.
 */
import type { Severity } from '../../../common/alert_document';
import type { Direction, EventSpec, MatchType, PeriodWhen, SequenceRuleInput } from '../../../common/sequence_rule';

export interface RuleFormValues {
  id: string;
  name: string;
  description: string;
  reason: string;
  enabled: boolean;
  version: string;
  severity: Severity;
  identifier: string;
  /** An event: a name, or a JSON object `{"name": "login", "type": "…"}` for ECS constraints. */
  first: string;
  direction: Direction;
  match: MatchType;
  /** One event per line, each as `first`. */
  events: string;
  periodWhen: PeriodWhen;
  periodDuration: string;
  hasSecondary: boolean;
  secondaryEvent: string;
  secondaryWhen: PeriodWhen;
  secondaryDuration: string;
  timeFrame: string;
}

/** The form's fields, keyed as the server names them (`period.duration`), each with a label for messages. */
export const FIELD_LABELS = {
  id: 'Id',
  name: 'Name',
  description: 'Description',
  reason: 'Reason',
  enabled: 'Enabled',
  version: 'Version',
  severity: 'Severity',
  identifier: 'Identifier field',
  first: 'Initial event',
  direction: 'Direction',
  match: 'Match',
  events: 'Matching events',
  'period.when': 'Period',
  'period.duration': 'Period duration',
  secondary: 'Secondary event',
  'secondary.event': 'Secondary event',
  'secondary.when': 'Secondary period',
  'secondary.duration': 'Secondary duration',
  time_frame: 'Time frame',
} as const;
export type RuleField = keyof typeof FIELD_LABELS;

/** Own keys only: a path segment such as `__proto__` or `constructor` is no field. */
const isField = (key: string): key is RuleField => Object.hasOwn(FIELD_LABELS, key);

export const NEW_RULE: SequenceRuleInput = {
  id: 'sequence_',
  name: '',
  description: '',
  reason: '',
  enabled: true,
  version: 1,
  identifier: 'user.name',
  first: '',
  direction: 'followed_by',
  match: 'any',
  events: [],
  period: { when: 'before', duration: '1h' },
  time_frame: '1h',
  severity: 'medium',
};

const eventText = (e: EventSpec | undefined): string =>
  e === undefined ? '' : typeof e === 'string' ? e : JSON.stringify(e);

export function formValues(rule: SequenceRuleInput): RuleFormValues {
  return {
    id: rule.id ?? '',
    name: rule.name ?? '',
    description: rule.description ?? '',
    reason: rule.reason ?? '',
    enabled: rule.enabled !== false,
    version: String(rule.version ?? 1),
    severity: rule.severity ?? 'medium',
    identifier: rule.identifier ?? '',
    first: eventText(rule.first),
    direction: rule.direction ?? 'followed_by',
    match: rule.match ?? 'any',
    events: (Array.isArray(rule.events) ? rule.events : []).map(eventText).join('\n'),
    periodWhen: rule.period?.when ?? 'before',
    periodDuration: rule.period?.duration ?? '',
    hasSecondary: rule.secondary !== undefined && rule.secondary !== null,
    secondaryEvent: eventText(rule.secondary?.event),
    secondaryWhen: rule.secondary?.when ?? 'before',
    secondaryDuration: rule.secondary?.duration ?? '',
    timeFrame: rule.time_frame ?? '',
  };
}

/** A line of the form: an object when it is written as one (constraints), the name otherwise. */
function parseEvent(text: string): { ok: true; spec: EventSpec } | { ok: false; problem: string } {
  const t = text.trim();
  if (!t.startsWith('{')) return { ok: true, spec: t };
  try {
    return { ok: true, spec: JSON.parse(t) as EventSpec };
  } catch {
    return { ok: false, problem: `"${t.slice(0, 60)}" starts like a JSON object but is not one` };
  }
}

/**
 * The rule the form describes. Only what the browser alone can judge is refused here (an event line that is broken
 * JSON); everything else goes to the server, whose answer names the field.
 */
export function ruleFromForm(
  v: RuleFormValues,
): { ok: true; rule: SequenceRuleInput } | { ok: false; errors: Partial<Record<RuleField, string>> } {
  const errors: Partial<Record<RuleField, string>> = {};
  const one = (field: RuleField, text: string): EventSpec => {
    const parsed = parseEvent(text);
    if (parsed.ok) return parsed.spec;
    errors[field] = parsed.problem;
    return text;
  };
  const first = one('first', v.first);
  const events = v.events
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => one('events', line));
  const secondaryEvent = v.hasSecondary ? one('secondary.event', v.secondaryEvent) : undefined;
  const version = Number(v.version);
  if (!/^\d+$/.test(v.version.trim())) errors.version = 'A whole number from 1';
  if (Object.keys(errors).length) return { ok: false, errors };
  const rule: SequenceRuleInput = {
    id: v.id.trim(),
    name: v.name.trim(),
    description: v.description.trim(),
    reason: v.reason.trim(),
    enabled: v.enabled,
    version,
    identifier: v.identifier.trim(),
    first,
    direction: v.direction,
    match: v.match,
    events,
    period: { when: v.periodWhen, duration: v.periodDuration.trim() },
    ...(v.hasSecondary && secondaryEvent !== undefined
      ? { secondary: { event: secondaryEvent, when: v.secondaryWhen, duration: v.secondaryDuration.trim() } }
      : {}),
    time_frame: v.timeFrame.trim(),
    severity: v.severity,
  };
  return { ok: true, rule };
}

/** The JSON editor's text: a rule object, or what is wrong with it. */
export function ruleFromJson(text: string): { ok: true; rule: SequenceRuleInput } | { ok: false; problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `Not valid JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { ok: false, problem: 'A rule is one JSON object {"id": …, "name": …, …}' };
  return { ok: true, rule: parsed as SequenceRuleInput };
}

export interface SortedErrors {
  /** Messages for the edited rule's fields. */
  fields: Partial<Record<RuleField, string>>;
  /** The edited rule's problems with no field of their own (an unknown key) and other rules' problems. */
  general: string[];
}

/** `[request body.rules.0.period.duration]: must be …; [request body.rules.0.id]: …` → one entry per message. */
export function splitServerMessage(message: string): Array<{ path: string; problem: string }> {
  const out: Array<{ path: string; problem: string }> = [];
  // Each message starts with "[path]: "; a message's own text may hold "; " so only "; [" separates two of them.
  for (const part of message.split(/;\s(?=\[)/)) {
    const m = /^\[([^\]]*)\]:\s*([\s\S]*)$/.exec(part.trim());
    if (m) out.push({ path: m[1].replace(/^request body\./, ''), problem: m[2] });
    else if (part.trim()) out.push({ path: '', problem: part.trim() });
  }
  return out;
}

/** The form field a rule-relative path (`period.duration`, `events.2.name`, `secondary.event.outcome`) belongs to. */
export function fieldOf(path: string): { field: RuleField; detail?: string } | undefined {
  const [head, second, ...rest] = path.split('.');
  if (head === 'events' && second !== undefined && /^\d+$/.test(second))
    return { field: 'events', detail: `line ${Number(second) + 1}${rest.length ? ` (${rest.join('.')})` : ''}` };
  if (head === 'first') return { field: 'first', ...(second ? { detail: [second, ...rest].join('.') } : {}) };
  if (head === 'period' || head === 'secondary') {
    if (second === undefined) return { field: head === 'period' ? 'period.duration' : 'secondary' };
    const key = `${head}.${second}`;
    if (key in FIELD_LABELS) return { field: key as RuleField, ...(rest.length ? { detail: rest.join('.') } : {}) };
    return undefined;
  }
  if (second === undefined && isField(head)) return { field: head };
  return undefined;
}

/**
 * Sorts a 400's messages: those about the edited rule (`rules.<index>.…` for a save, `rules.0.…` for a dry run)
 * onto its fields, the rest (other rules, the request) into `general`.
 */
export function sortServerErrors(message: string, index: number): SortedErrors {
  const fields: Partial<Record<RuleField, string>> = {};
  const general: string[] = [];
  const prefix = `rules.${index}`;
  for (const { path, problem } of splitServerMessage(message)) {
    const mine = path === prefix || path.startsWith(`${prefix}.`);
    const target = mine ? fieldOf(path.slice(prefix.length + 1)) : undefined;
    if (!target) {
      general.push(path ? `[${path}]: ${problem}` : problem);
      continue;
    }
    const text = target.detail ? `${target.detail}: ${problem}` : problem;
    fields[target.field] = fields[target.field] ? `${fields[target.field]}; ${text}` : text;
  }
  return { fields, general };
}

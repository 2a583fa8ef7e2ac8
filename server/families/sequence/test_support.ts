/** Builders shared by the sequence tests: ECS documents through the real normaliser, rules through validation. */
import { normalizeSequenceEvent, type SequenceEvent } from './sequence_event';
import type { SequenceRule, SequenceRuleInput } from './rule';
import { validateRule } from './validate_rule';

export const T0 = Date.parse('2025-03-01T10:00:00Z');
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

let counter = 0;

export function ev(action: string, t: number, user = 'alice', extra: Record<string, unknown> = {}): SequenceEvent {
  const doc = {
    _id: (extra._id as string) ?? `e${++counter}`,
    _index: 'logs-test',
    _source: {
      '@timestamp': new Date(t).toISOString(),
      event: { action, outcome: 'success', ...(extra.event as object) },
      user: { name: user },
    },
  };
  const r = normalizeSequenceEvent(doc, ['user.name']);
  if (!r.ok) throw new Error(r.reason);
  return r.event;
}

export function rule(overrides: Partial<SequenceRuleInput> = {}): SequenceRule {
  const r = validateRule({
    id: 'sequence_test',
    name: 'test rule',
    identifier: 'user.name',
    first: 'a',
    direction: 'followed_by',
    match: 'any',
    events: ['b'],
    period: { when: 'before', duration: '1h' },
    time_frame: '1h',
    ...overrides,
  });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.rule;
}

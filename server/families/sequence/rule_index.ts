/**
 * Rules compiled into a lookup by folded `event.action`, so an event that no rule names costs one map lookup, and one
 * that some rules name is checked only against those rules' steps.
 */
import { actionsForName } from './event_names';
import type { EventMatcher, SequenceRule } from './rule';
import type { SequenceEvent } from './sequence_event';

/** What one event is to one rule: its first event, which of its listed events (bit i = events[i]), its secondary. */
export interface Roles {
  first: boolean;
  mask: number;
  second: boolean;
}

interface Entry {
  rule: number;
  role: 'first' | 'event' | 'second';
  slot: number;
  matcher: EventMatcher;
}

export class RuleIndex {
  private readonly byAction = new Map<string, Entry[]>();

  constructor(readonly rules: readonly SequenceRule[]) {
    rules.forEach((rule, r) => {
      if (!rule.enabled) return;
      this.add(rule.first, { rule: r, role: 'first', slot: 0, matcher: rule.first });
      rule.events.forEach((m, i) => this.add(m, { rule: r, role: 'event', slot: i, matcher: m }));
      if (rule.secondary)
        this.add(rule.secondary.event, { rule: r, role: 'second', slot: 0, matcher: rule.secondary.event });
    });
  }

  private add(m: EventMatcher, entry: Entry): void {
    for (const action of new Set(actionsForName(m.name))) {
      const list = this.byAction.get(action);
      if (list) list.push(entry);
      else this.byAction.set(action, [entry]);
    }
  }

  /** Rule index → the event's roles in that rule; empty when no rule names the event. */
  roles(event: SequenceEvent): Map<number, Roles> | undefined {
    const entries = this.byAction.get(event.actionKey);
    if (!entries) return undefined;
    let out: Map<number, Roles> | undefined;
    for (const e of entries) {
      if (!constraintsHold(e.matcher, event)) continue;
      out ??= new Map();
      let roles = out.get(e.rule);
      if (!roles) out.set(e.rule, (roles = { first: false, mask: 0, second: false }));
      if (e.role === 'first') roles.first = true;
      else if (e.role === 'second') roles.second = true;
      else roles.mask |= 1 << e.slot;
    }
    return out;
  }
}

function constraintsHold(m: EventMatcher, e: SequenceEvent): boolean {
  if (m.outcome !== undefined && e.outcome !== m.outcome) return false;
  if (m.category !== undefined && !e.category.includes(m.category)) return false;
  if (m.type !== undefined && !e.type.includes(m.type)) return false;
  return true;
}

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

  /**
   * The event's roles, written into `found` (reused: valid until the next call), one slot per rule that names the
   * event, in ascending rule order; returns how many. The engine calls this once per event, so it allocates nothing.
   * `into`: other lists to write them into.
   */
  readonly found: { rule: number[]; first: boolean[]; mask: number[]; second: boolean[] } = {
    rule: [],
    first: [],
    mask: [],
    second: [],
  };

  /** Whether some rule names the event's action (its steps may still not hold: see collect). */
  names(event: SequenceEvent): boolean {
    return this.byAction.has(event.actionKey);
  }

  collect(event: SequenceEvent, into: RuleIndex['found'] = this.found): number {
    const entries = this.byAction.get(event.actionKey);
    if (!entries) return 0;
    const { rule, first, mask, second } = into;
    let n = 0;
    // Entries are in rule order (added rule by rule), so one rule's entries are adjacent.
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (!constraintsHold(e.matcher, event)) continue;
      if (n === 0 || rule[n - 1] !== e.rule) {
        rule[n] = e.rule;
        first[n] = false;
        mask[n] = 0;
        second[n] = false;
        n++;
      }
      if (e.role === 'first') first[n - 1] = true;
      else if (e.role === 'second') second[n - 1] = true;
      else mask[n - 1] |= 1 << e.slot;
    }
    return n;
  }

  /** Rule index → the event's roles in that rule; empty when no rule names the event. */
  roles(event: SequenceEvent): Map<number, Roles> | undefined {
    const n = this.collect(event);
    if (n === 0) return undefined;
    const { rule, first, mask, second } = this.found;
    const out = new Map<number, Roles>();
    for (let i = 0; i < n; i++) out.set(rule[i], { first: first[i], mask: mask[i], second: second[i] });
    return out;
  }
}

function constraintsHold(m: EventMatcher, e: SequenceEvent): boolean {
  if (m.outcome !== undefined && e.outcome !== m.outcome) return false;
  if (m.category !== undefined && !e.category.includes(m.category)) return false;
  if (m.type !== undefined && !e.type.includes(m.type)) return false;
  return true;
}

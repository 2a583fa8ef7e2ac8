/**
 * porlock's list format, accepted as an import and converted to the project's rule format (`rule.ts`).
 *
 * porlock 0.0.1's `construct_rule` takes 12 elements, in this order (its parameter names in brackets):
 *   0 initial event [event]            1 "followed by"|"preceded by" [when]   2 any|all|one|none [match]
 *   3 matching events [other_event]    4 "before"|"after" [period_when]        5 period [period]
 *   6 identifier [track]               7 secondary event [exclude_event]       8 "before"|"after" [exclude_period_when]
 *   9 secondary period [exclude_period] 10 match time frame [limit_period]    11 log time frame [review_period]
 * The README prints 13 elements: the 13th is the rule's **name**, in first position (`example.py` registers
 * `rule[0]` as the name and passes `rule[1:]` to `construct_rule`; passing all 13 is porlock's TypeError). So a
 * 13-element list is `[name, …the 12]`; a 12-element list gets a name made from its events.
 *
 * What the conversion decides, and says in `notes`:
 * - The identifier is an attribute of porlock's Python event object; `user`, `ip`, `host` become the ECS fields
 *   `user.name`, `source.ip`, `host.name`; anything else must already be an ECS path.
 * - Elements 7–9 become the `secondary` chain step (A, then B, then C within the secondary window), as the README
 *   and this project define it. porlock's code instead names them `exclude_*` and only uses element 9 to start the
 *   match window late; rules written for that behaviour should drop the secondary step and use `period` instead.
 *   The secondary event may be a one-element list (porlock's example); a longer list is refused (one event per step).
 * - The log time frame (element 11) is how far back porlock loads events: here the detection pass's lookback decides
 *   that, so it is reported in `notes` and not kept.
 */
import { isPlainObject } from '../../events/ecs_document';
import type { SequenceRuleInput } from './rule';
import { RULE_LIMITS } from './validate_rule';

export type PorlockImport = { ok: true; rule: SequenceRuleInput; notes: string[] } | { ok: false; errors: string[] };

const IDENTIFIER_FIELDS: Record<string, string> = { user: 'user.name', ip: 'source.ip', host: 'host.name' };

/** A porlock rule: a list of 12 or 13 elements whose first is a string. */
export function isPorlockList(value: unknown): value is unknown[] {
  return Array.isArray(value) && (value.length === 12 || value.length === 13) && typeof value[0] === 'string';
}

export function importPorlockRule(list: unknown, path = 'rule'): PorlockImport {
  if (!Array.isArray(list) || (list.length !== 12 && list.length !== 13)) {
    const n = Array.isArray(list) ? list.length : 0;
    return {
      ok: false,
      errors: [
        `[${path}]: a porlock rule is a list of 12 elements (or 13 with its name first), not ${Array.isArray(list) ? n : typeof list}`,
      ],
    };
  }
  const errors: string[] = [];
  const err = (i: number, problem: string): void => void errors.push(`[${path}.${i}]: ${problem}`);
  const offset = list.length === 13 ? 1 : 0;
  const at = (i: number): unknown => list[i + offset];
  const str = (i: number, what: string): string | undefined => {
    const v = at(i);
    if (typeof v !== 'string' || v.trim() === '' || v.length > RULE_LIMITS.textLength) {
      err(i + offset, `${what} must be a non-empty string`);
      return undefined;
    }
    return v.trim();
  };
  const names = (i: number, what: string): string[] | undefined => {
    const v = at(i);
    const arr = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(arr) || arr.length > RULE_LIMITS.events || !arr.every((e) => typeof e === 'string')) {
      err(i + offset, `${what} must be a list of event names`);
      return undefined;
    }
    return arr.map((e: string) => e.trim());
  };

  const notes: string[] = [];
  // The name of a 13-element list (rulesFromDocument takes any list of that length, whatever its first element).
  if (offset === 1 && (typeof list[0] !== 'string' || list[0].trim() === '' || list[0].length > RULE_LIMITS.textLength))
    err(0, 'the name must be a non-empty string');
  const first = str(0, 'the initial event');
  const directionText = str(1, '"followed by" or "preceded by"');
  const direction = directionText?.toLowerCase().replace(/[_\s]+/g, ' ');
  if (direction !== undefined && direction !== 'followed by' && direction !== 'preceded by') {
    err(1 + offset, `must be "followed by" or "preceded by", not "${directionText!.slice(0, 40)}"`);
  }
  const match = str(2, 'the match type')?.toLowerCase();
  const events = names(3, 'the matching events');
  const periodWhen = str(4, '"before" or "after"')?.toLowerCase();
  const period = str(5, 'the period');
  const track = str(6, 'the identifier');
  const secondary = at(7) === null || at(7) === undefined ? [] : names(7, 'the secondary event');
  const secondaryWhen =
    at(8) === null || at(8) === undefined ? undefined : str(8, '"before" or "after"')?.toLowerCase();
  const secondaryPeriod = at(9) === null || at(9) === undefined ? undefined : str(9, 'the secondary period');
  const timeFrame = str(10, 'the match time frame');
  const logTimeFrame = at(11);
  // Only quoted in a note, but checked all the same: the description quotes the whole list, and any other value (a
  // list nested 200,000 deep) overflowed JSON.stringify's stack.
  if (logTimeFrame !== undefined && logTimeFrame !== null) str(11, 'the log time frame');
  if (secondary && secondary.length > 1) err(7 + offset, 'the secondary step takes one event, not a list of several');
  if (errors.length) return { ok: false, errors };

  let identifier = track!;
  if (Object.prototype.hasOwnProperty.call(IDENTIFIER_FIELDS, track!.toLowerCase())) {
    identifier = IDENTIFIER_FIELDS[track!.toLowerCase()];
    notes.push(`identifier "${track}" (a porlock event attribute) read as the ECS field "${identifier}"`);
  }
  const name = offset === 1 ? (list[0] as string).trim() : `${first} ${direction} ${match} of ${events!.join(', ')}`;
  const rule: SequenceRuleInput = {
    id: `sequence_${slug(name)}`,
    name: name.slice(0, RULE_LIMITS.nameLength),
    description: `Imported from porlock: ${JSON.stringify(list).slice(0, 1000)}`,
    reason: 'Imported from a porlock rule.',
    enabled: true,
    version: 1,
    identifier,
    first: first!,
    direction: direction === 'preceded by' ? 'preceded_by' : 'followed_by',
    match: match as SequenceRuleInput['match'],
    events: events!,
    period: { when: periodWhen as 'before' | 'after', duration: period! },
    time_frame: timeFrame!,
    severity: 'medium',
  };
  if (secondary && secondary.length === 1) {
    rule.secondary = {
      event: secondary[0],
      when: secondaryWhen as 'before' | 'after',
      duration: secondaryPeriod ?? '',
    };
    notes.push(
      `secondary "${secondary[0]}" ${secondaryWhen} ${secondaryPeriod} imported as a chain step after the matching event (porlock's code used it as an exclusion)`,
    );
  }
  if (name.length > RULE_LIMITS.nameLength)
    notes.push(
      `name cut to its first ${RULE_LIMITS.nameLength} of ${name.length} characters (a rule's name holds at most ${RULE_LIMITS.nameLength})`,
    );
  if (logTimeFrame !== undefined && logTimeFrame !== null) {
    notes.push(
      `log time frame ${JSON.stringify(logTimeFrame).slice(0, 20)} not kept: the detection pass's lookback decides how far back events are read`,
    );
  }
  return { ok: true, rule, notes };
}

/** A rules document in either format: our rules (array or `{rules}`), one porlock list, or a list of porlock lists. */
export function rulesFromDocument(
  doc: unknown,
): { ok: true; inputs: unknown[]; notes: string[] } | { ok: false; errors: string[] } {
  if (isPorlockList(doc)) {
    const r = importPorlockRule(doc, 'rules.0');
    return r.ok ? { ok: true, inputs: [r.rule], notes: r.notes.map((n) => `rules.0: ${n}`) } : r;
  }
  const list = isPlainObject(doc) && 'rules' in doc ? doc.rules : doc;
  if (list !== doc && isPlainObject(doc)) {
    // As validateRules reads a rules file: `{"rules": [...]}` and nothing else. Other keys were dropped silently (a
    // copy of the rules API's answer imported its rules, and the built-ins its builtin_disabled named stayed on).
    const others = Object.keys(doc).filter((k) => k !== 'rules');
    if (others.length)
      return {
        ok: false,
        errors: others.map((k) => `[${k.slice(0, 40)}]: is not part of a rules document ({"rules": [...]} alone)`),
      };
  }
  if (!Array.isArray(list)) return { ok: true, inputs: [list], notes: [] };
  if (list.length > RULE_LIMITS.rules) return { ok: true, inputs: list, notes: [] };
  const inputs: unknown[] = [];
  const notes: string[] = [];
  const errors: string[] = [];
  list.forEach((item, i) => {
    if (!Array.isArray(item)) {
      inputs.push(item);
      return;
    }
    const r = importPorlockRule(item, `rules.${i}`);
    if (!r.ok) errors.push(...r.errors);
    else {
      inputs.push(r.rule);
      notes.push(...r.notes.map((n) => `rules.${i}: ${n}`));
    }
  });
  return errors.length ? { ok: false, errors } : { ok: true, inputs, notes };
}

function slug(text: string): string {
  let out = '';
  let gap = false;
  for (const ch of text.toLowerCase()) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
      if (gap && out) out += '_';
      out += ch;
      gap = false;
    } else gap = true;
    if (out.length >= 48) break;
  }
  return out || 'imported';
}

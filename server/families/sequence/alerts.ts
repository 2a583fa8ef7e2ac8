/**
 * A fired sequence → its ECS alert document (common/sequence_alert_document.ts): the events in the order they
 * happened, the windows they were looked for in, and one sentence that says what happened against which rule.
 */
import { hash } from 'node:crypto';
import type {
  SequenceAlertDocument,
  SequenceEvidenceEvent,
  SequenceWindow,
} from '../../../common/sequence_alert_document';
import { alertSortKey, SEVERITY_NUMBER } from '../../detection/alert_document';
import { formatDuration } from './duration';
import type { SequenceRule } from './rule';
import type { Anchor, BufferedEvent } from './state';

/** Match events listed in the evidence at most (a window may hold hundreds; `match_count` has the total). */
export const MAX_EVIDENCE_MATCHES = 20;

export interface FiredSequence {
  rule: SequenceRule;
  anchor: Anchor;
  identifier: string;
  /** Matching events in the window, nearest to the anchor first. */
  matches: BufferedEvent[];
  chain?: { b: BufferedEvent; c: BufferedEvent };
  seenMask: number;
  now?: number;
}

/** sha1(rule id@version, identifier field and value, anchor event id). */
export function sequenceAlertId(
  rule: Pick<SequenceRule, 'id' | 'version' | 'identifier'>,
  identifier: string,
  anchorId: string,
): string {
  return hash('sha1', `${rule.id}@${rule.version}\u0000${rule.identifier}\u0000${identifier}\u0000${anchorId}`, 'hex');
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * `new Date(t).toISOString()` without the Date: an engine run writes hundreds of thousands of these. Whole
 * milliseconds of years 1970–9999 are formatted here (days to a civil date, H. Hinnant's algorithm); anything else
 * (earlier, later, fractional, not finite) is left to Date, which also throws for what it cannot represent.
 */
export function isoTime(t: number): string {
  if (!(t >= 0 && t <= 253_402_300_799_999) || !Number.isInteger(t)) return new Date(t).toISOString();
  const days = Math.floor(t / 86_400_000);
  let rest = t - days * 86_400_000;
  const ms = rest % 1000;
  rest = (rest - ms) / 1000;
  const sec = rest % 60;
  rest = (rest - sec) / 60;
  const min = rest % 60;
  const hour = (rest - min) / 60;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(min, 2)}:${pad(sec, 2)}.${pad(ms, 3)}Z`;
}

const iso = isoTime;

/** What every alert of a rule says the same way: worked out once per rule, not once per alert. */
interface RuleText {
  /** Match names by mask (bit i: events[i]), filled as masks occur. */
  names: Map<number, string>;
  periodDuration: string;
  secondaryDuration: string;
  timeFrame: string;
  /** The listed events, and the span they are looked for in, as the message says them. */
  listed: string;
  span: string;
}

const ruleTexts = new WeakMap<SequenceRule, RuleText>();

function ruleText(rule: SequenceRule): RuleText {
  let text = ruleTexts.get(rule);
  if (text) return text;
  const forward = rule.direction === 'followed_by';
  text = {
    names: new Map(),
    periodDuration: formatDuration(rule.period.ms),
    secondaryDuration: rule.secondary ? formatDuration(rule.secondary.ms) : '',
    timeFrame: formatDuration(rule.timeFrameMs),
    listed: rule.events.map((e) => e.name).join(', '),
    span:
      rule.period.when === 'before'
        ? `within ${formatDuration(rule.period.ms)}`
        : `${formatDuration(rule.period.ms)} to ${formatDuration(rule.timeFrameMs)} ${forward ? 'later' : 'earlier'}`,
  };
  ruleTexts.set(rule, text);
  return text;
}

function namesOf(rule: SequenceRule, text: RuleText, mask: number): string {
  let names = text.names.get(mask);
  if (names === undefined) {
    names = rule.events
      .filter((_, i) => mask & (1 << i))
      .map((m) => m.name)
      .join(' / ');
    text.names.set(mask, names);
  }
  return names;
}

export function buildSequenceAlert(f: FiredSequence): SequenceAlertDocument {
  const { rule, anchor, chain } = f;
  const text = ruleText(rule);
  const forward = rule.direction === 'followed_by';
  const lo = rule.period.when === 'before' ? 0 : rule.period.ms;
  const hi = rule.period.when === 'before' ? rule.period.ms : rule.timeFrameMs;
  const window: SequenceWindow = forward
    ? { start: iso(anchor.t + lo), end: iso(anchor.t + hi) }
    : { start: iso(anchor.t - hi), end: iso(anchor.t - lo) };
  const anchorTime = iso(anchor.t);

  const listed = f.matches.slice(0, MAX_EVIDENCE_MATCHES);
  if (chain && !listed.includes(chain.b)) listed.push(chain.b);
  const events: SequenceEvidenceEvent[] = [
    {
      role: 'first',
      name: rule.first.name,
      action: anchor.action,
      '@timestamp': anchorTime,
      event_id: anchor.id,
      index: anchor.index,
    },
    ...listed.map((e) => ({
      role: 'match' as const,
      name: namesOf(rule, text, e.mask),
      action: e.action,
      '@timestamp': iso(e.t),
      event_id: e.id,
      index: e.index,
    })),
  ];
  let secondaryWindow: SequenceWindow | undefined;
  if (chain && rule.secondary) {
    const c = chain.c;
    events.push({
      role: 'secondary',
      name: rule.secondary.event.name,
      action: c.action,
      '@timestamp': iso(c.t),
      event_id: c.id,
      index: c.index,
    });
    const b = chain.b.t;
    const d2 = rule.secondary.ms;
    const edge = forward ? anchor.t + rule.timeFrameMs : anchor.t - rule.timeFrameMs;
    secondaryWindow = forward
      ? rule.secondary.when === 'before'
        ? { start: iso(b), end: iso(Math.min(b + d2, edge)) }
        : { start: iso(b + d2), end: iso(edge) }
      : rule.secondary.when === 'before'
        ? { start: iso(Math.max(b - d2, edge)), end: iso(b) }
        : { start: iso(edge), end: iso(b - d2) };
  }
  events.sort((a, b) => (a['@timestamp'] < b['@timestamp'] ? -1 : a['@timestamp'] > b['@timestamp'] ? 1 : 0));

  const matchedNames = rule.events.filter((_, i) => f.seenMask & (1 << i)).map((m) => m.name);
  const latest = Math.max(anchor.t, ...listed.map((e) => e.t), chain ? chain.c.t : -Infinity);
  // A `none` alert happens when its window closes: followed by, at the window's end; preceded by, at A.
  const at = rule.match === 'none' ? (forward ? anchor.t + hi : anchor.t) : latest;
  const id = sequenceAlertId(rule, f.identifier, anchor.id);
  const severity = SEVERITY_NUMBER[rule.severity];
  const doc: SequenceAlertDocument = {
    '@timestamp': iso(at),
    event: {
      kind: 'alert',
      category: ['intrusion_detection'],
      type: ['info'],
      risk_score: severity,
      severity,
      ...(f.now !== undefined && Number.isFinite(f.now) ? { created: iso(f.now) } : {}),
    },
    rule: {
      id: rule.id,
      name: rule.name,
      description: rule.description,
      ruleset: 'buffalogs',
      version: String(rule.version),
    },
    message: message(f, text, anchorTime, matchedNames, window),
    buffalogs: {
      family: 'sequence',
      entity: { field: rule.identifier, value: f.identifier },
      alert_id: id,
      sort_key: alertSortKey(id),
      severity: rule.severity,
      trigger: { event_id: anchor.id, index: anchor.index },
      reason: rule.reason,
      evidence: {
        kind: 'sequence',
        rule: {
          id: rule.id,
          version: rule.version,
          direction: rule.direction,
          match: rule.match,
          events: rule.events.map((e) => e.name),
          period: { when: rule.period.when, duration: text.periodDuration },
          ...(rule.secondary
            ? {
                secondary: {
                  event: rule.secondary.event.name,
                  when: rule.secondary.when,
                  duration: text.secondaryDuration,
                },
              }
            : {}),
          time_frame: text.timeFrame,
        },
        events,
        match_count: f.matches.length,
        matched_names: matchedNames,
        window,
        ...(secondaryWindow ? { secondary_window: secondaryWindow } : {}),
      },
      status: 'open',
    },
  };
  if (rule.identifier === 'user.name') doc.user = { name: f.identifier };
  return doc;
}

function message(
  f: FiredSequence,
  ruleText: RuleText,
  anchorTime: string,
  matchedNames: string[],
  window: SequenceWindow,
): string {
  const { rule, chain } = f;
  const forward = rule.direction === 'followed_by';
  const { listed: names, span } = ruleText;
  const what =
    rule.match === 'none'
      ? `none of ${names}`
      : rule.match === 'all'
        ? `all of ${names}`
        : rule.match === 'one'
          ? `exactly one of ${names} (${matchedNames.join('')}, ${f.matches.length}×)`
          : `${matchedNames.join(' and ')} (${f.matches.length}×)`;
  let text =
    `${rule.identifier} ${f.identifier}: ${rule.first.name} at ${anchorTime} was ${forward ? 'followed' : 'preceded'} ` +
    `by ${what} ${span} (window ${window.start} – ${window.end}${rule.match === 'none' || rule.match === 'one' ? ', closed' : ''})`;
  if (chain && rule.secondary) {
    const gap = Math.abs(chain.c.t - chain.b.t);
    text += `, then by ${rule.secondary.event.name} at ${iso(chain.c.t)}, ${formatDuration(gap)} ${forward ? 'after' : 'before'} ${iso(chain.b.t)}`;
  }
  return `${text}. Rule "${rule.name}": ${rule.reason || rule.description || 'a suspicious order of events'}`;
}

/**
 * A fired sequence → its ECS alert document (common/sequence_alert_document.ts): the events in the order they
 * happened, the windows they were looked for in, and one sentence that says what happened against which rule.
 */
import { hash } from 'node:crypto';
import type {
  SequenceAlertDocument,
  SequenceEvidence,
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

/** `SS.mmmZ` pieces: the two-digit seconds and the `.mmmZ` tail, made once rather than per timestamp. */
const SECONDS = Array.from({ length: 60 }, (_, s) => pad(s, 2));
const MILLIS = Array.from({ length: 1000 }, (_, ms) => `.${pad(ms, 3)}Z`);

/** Whole milliseconds of years 1970–9999: what isoTime formats itself, and where ISO strings sort as times do. */
const inFastRange = (t: number): boolean => t >= 0 && t <= 253_402_300_799_999 && Number.isInteger(t);

// The last minute formatted (`YYYY-MM-DDTHH:MM:`) and the last time: an alert formats its anchor's time several
// times, and the alerts of a pass mostly fall in a few minutes.
let lastMinute = NaN;
let minutePrefix = '';
let lastTime = NaN;
let lastIso = '';
/**
 * The minutes formatted lately, by minute modulo the table's size: an alert's times (its anchor, the window's ends,
 * the matches) fall in a few minutes that it visits in turn, so one cached minute alone mostly missed.
 */
const MINUTE_SLOTS = 4096;
const cachedMinute = new Float64Array(MINUTE_SLOTS).fill(NaN);
const cachedPrefix: string[] = new Array<string>(MINUTE_SLOTS).fill('');

/**
 * `new Date(t).toISOString()` without the Date: an engine run writes hundreds of thousands of these. Whole
 * milliseconds of years 1970–9999 are formatted here (days to a civil date, H. Hinnant's algorithm); anything else
 * (earlier, later, fractional, not finite) is left to Date, which also throws for what it cannot represent.
 */
export function isoTime(t: number): string {
  if (t === lastTime) return lastIso;
  if (!inFastRange(t)) return new Date(t).toISOString();
  const minute = Math.floor(t / 60_000);
  if (minute !== lastMinute) {
    const slot = minute & (MINUTE_SLOTS - 1);
    if (cachedMinute[slot] !== minute) {
      cachedMinute[slot] = minute;
      cachedPrefix[slot] = minuteText(minute);
    }
    minutePrefix = cachedPrefix[slot];
    lastMinute = minute;
  }
  const rest = t - minute * 60_000;
  const ms = rest % 1000;
  lastIso = minutePrefix + (SECONDS[(rest - ms) / 1000] + MILLIS[ms]);
  lastTime = t;
  return lastIso;
}

/** `YYYY-MM-DDTHH:MM:` of a minute since the epoch (years 1970–9999). */
function minuteText(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const rest = minutes - days * 1440;
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
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(min, 2)}:`;
}

const iso = isoTime;

/**
 * What every alert of a rule says the same way: worked out once per rule, not once per alert. The objects are shared
 * by the rule's alerts (frozen: an alert is written as it is, never changed in place), so that an alert is a few
 * objects of its own and not a copy of its rule.
 */
interface RuleText {
  /** Match names by mask (bit i: events[i]), filled as masks occur. */
  names: Map<number, string>;
  /** `matched_names` by mask. */
  matched: Map<number, string[]>;
  /** The alert's `rule` and `buffalogs.evidence.rule`. */
  ruleField: SequenceAlertDocument['rule'];
  evidenceRule: SequenceEvidence['rule'];
  /** The listed events, and the span they are looked for in, as the message says them. */
  listed: string;
  span: string;
}

const ruleTexts = new WeakMap<SequenceRule, RuleText>();

function ruleText(rule: SequenceRule): RuleText {
  let text = ruleTexts.get(rule);
  if (text) return text;
  const forward = rule.direction === 'followed_by';
  const periodDuration = formatDuration(rule.period.ms);
  text = {
    names: new Map(),
    matched: new Map(),
    ruleField: deepFreeze({
      id: rule.id,
      name: rule.name,
      description: rule.description,
      ruleset: 'buffalogs',
      version: String(rule.version),
    }),
    evidenceRule: deepFreeze({
      id: rule.id,
      version: rule.version,
      direction: rule.direction,
      match: rule.match,
      events: rule.events.map((e) => e.name),
      period: { when: rule.period.when, duration: periodDuration },
      ...(rule.secondary
        ? {
            secondary: {
              event: rule.secondary.event.name,
              when: rule.secondary.when,
              duration: formatDuration(rule.secondary.ms),
            },
          }
        : {}),
      time_frame: formatDuration(rule.timeFrameMs),
    }),
    listed: rule.events.map((e) => e.name).join(', '),
    span:
      rule.period.when === 'before'
        ? `within ${formatDuration(rule.period.ms)}`
        : `${formatDuration(rule.period.ms)} to ${formatDuration(rule.timeFrameMs)} ${forward ? 'later' : 'earlier'}`,
  };
  ruleTexts.set(rule, text);
  return text;
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) deepFreeze(v as object);
  return Object.freeze(o);
}

/** The event's `category` and `type` of every sequence alert (shared, see RuleText). */
const ALERT_CATEGORY = Object.freeze(['intrusion_detection']) as unknown as string[];
const ALERT_TYPE = Object.freeze(['info']) as unknown as ['info'];

/** The names of the listed events a mask holds (shared per rule and mask, see RuleText). */
function matchedNamesOf(rule: SequenceRule, text: RuleText, mask: number): string[] {
  let names = text.matched.get(mask);
  if (names === undefined) {
    names = Object.freeze(rule.events.filter((_, i) => mask & (1 << i)).map((m) => m.name)) as unknown as string[];
    text.matched.set(mask, names);
  }
  return names;
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

  // The evidence events (the anchor, the matches listed, then C) and their times, side by side, in one pass.
  const matches = f.matches;
  const shown = Math.min(matches.length, MAX_EVIDENCE_MATCHES);
  const extraB = chain !== undefined && !listsAmong(matches, shown, chain.b);
  const events: SequenceEvidenceEvent[] = [
    {
      role: 'first',
      name: rule.first.name,
      action: anchor.action,
      '@timestamp': anchorTime,
      event_id: anchor.id,
      index: anchor.index,
    },
  ];
  const times: number[] = [anchor.t];
  for (let i = 0; i <= shown; i++) {
    const e = i < shown ? matches[i] : extraB ? chain!.b : undefined;
    if (e === undefined) break;
    events.push({
      role: 'match',
      name: namesOf(rule, text, e.mask),
      action: e.action,
      '@timestamp': iso(e.t),
      event_id: e.id,
      index: e.index,
    });
    times.push(e.t);
  }
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
    times.push(c.t);
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
  // In time order (stable). Within isoTime's own range the ISO strings sort as the times do, so the times are compared.
  let latest = -Infinity;
  let numeric = true;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t > latest) latest = t;
    numeric &&= inFastRange(t);
  }
  if (numeric) {
    if (events.length > 1) sortByTime(events, times);
  } else events.sort((a, b) => (a['@timestamp'] < b['@timestamp'] ? -1 : a['@timestamp'] > b['@timestamp'] ? 1 : 0));

  const matchedNames = matchedNamesOf(rule, text, f.seenMask);
  // A `none` alert happens when its window closes: followed by, at the window's end; preceded by, at A.
  const at = rule.match === 'none' ? (forward ? anchor.t + hi : anchor.t) : latest;
  const id = sequenceAlertId(rule, f.identifier, anchor.id);
  const severity = SEVERITY_NUMBER[rule.severity];
  const event: SequenceAlertDocument['event'] = {
    kind: 'alert',
    category: ALERT_CATEGORY,
    type: ALERT_TYPE,
    risk_score: severity,
    severity,
  };
  if (f.now !== undefined && Number.isFinite(f.now)) event.created = iso(f.now);
  const evidence: SequenceEvidence = {
    kind: 'sequence',
    rule: text.evidenceRule,
    events,
    match_count: f.matches.length,
    matched_names: matchedNames,
    window,
  };
  if (secondaryWindow) evidence.secondary_window = secondaryWindow;
  const doc: SequenceAlertDocument = {
    '@timestamp': iso(at),
    event,
    rule: text.ruleField,
    message: message(f, text, anchorTime, matchedNames, window),
    buffalogs: {
      family: 'sequence',
      entity: { field: rule.identifier, value: f.identifier },
      alert_id: id,
      sort_key: alertSortKey(id),
      severity: rule.severity,
      trigger: { event_id: anchor.id, index: anchor.index },
      reason: rule.reason,
      evidence,
      status: 'open',
    },
  };
  if (rule.identifier === 'user.name') doc.user = { name: f.identifier };
  return doc;
}

/** Whether the first n matches include the event. */
function listsAmong(matches: readonly BufferedEvent[], n: number, e: BufferedEvent): boolean {
  for (let i = 0; i < n; i++) if (matches[i] === e) return true;
  return false;
}

/** Stable insertion sort of the evidence events by their times (`times[i]`: events[i]'s; sorted alongside). */
function sortByTime(events: SequenceEvidenceEvent[], times: number[]): void {
  for (let i = 1; i < events.length; i++) {
    const t = times[i];
    if (times[i - 1] <= t) continue;
    const e = events[i];
    let j = i - 1;
    for (; j >= 0 && times[j] > t; j--) {
      times[j + 1] = times[j];
      events[j + 1] = events[j];
    }
    times[j + 1] = t;
    events[j + 1] = e;
  }
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

/**
 * A fired sequence → its ECS alert document (common/sequence_alert_document.ts): the events in the order they
 * happened, the windows they were looked for in, and one sentence that says what happened against which rule.
 */
import { createHash } from 'node:crypto';
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
  return createHash('sha1')
    .update(`${rule.id}@${rule.version}\u0000${rule.identifier}\u0000${identifier}\u0000${anchorId}`)
    .digest('hex');
}

const iso = (t: number): string => new Date(t).toISOString();

export function buildSequenceAlert(f: FiredSequence): SequenceAlertDocument {
  const { rule, anchor, chain } = f;
  const forward = rule.direction === 'followed_by';
  const lo = rule.period.when === 'before' ? 0 : rule.period.ms;
  const hi = rule.period.when === 'before' ? rule.period.ms : rule.timeFrameMs;
  const window: SequenceWindow = forward
    ? { start: iso(anchor.t + lo), end: iso(anchor.t + hi) }
    : { start: iso(anchor.t - hi), end: iso(anchor.t - lo) };
  const nameOf = (mask: number): string =>
    rule.events
      .filter((_, i) => mask & (1 << i))
      .map((m) => m.name)
      .join(' / ');

  const listed = f.matches.slice(0, MAX_EVIDENCE_MATCHES);
  if (chain && !listed.includes(chain.b)) listed.push(chain.b);
  const events: SequenceEvidenceEvent[] = [
    {
      role: 'first',
      name: rule.first.name,
      action: anchor.action,
      '@timestamp': iso(anchor.t),
      event_id: anchor.id,
      index: anchor.index,
    },
    ...listed.map((e) => ({
      role: 'match' as const,
      name: nameOf(e.mask),
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
    message: message(f, matchedNames, window),
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
          period: { when: rule.period.when, duration: formatDuration(rule.period.ms) },
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

function message(f: FiredSequence, matchedNames: string[], window: SequenceWindow): string {
  const { rule, anchor, chain } = f;
  const forward = rule.direction === 'followed_by';
  const names = rule.events.map((e) => e.name).join(', ');
  const span =
    rule.period.when === 'before'
      ? `within ${formatDuration(rule.period.ms)}`
      : `${formatDuration(rule.period.ms)} to ${formatDuration(rule.timeFrameMs)} ${forward ? 'later' : 'earlier'}`;
  const what =
    rule.match === 'none'
      ? `none of ${names}`
      : rule.match === 'all'
        ? `all of ${names}`
        : rule.match === 'one'
          ? `exactly one of ${names} (${matchedNames.join('')}, ${f.matches.length}×)`
          : `${matchedNames.join(' and ')} (${f.matches.length}×)`;
  let text =
    `${rule.identifier} ${f.identifier}: ${rule.first.name} at ${iso(anchor.t)} was ${forward ? 'followed' : 'preceded'} ` +
    `by ${what} ${span} (window ${window.start} – ${window.end}${rule.match === 'none' || rule.match === 'one' ? ', closed' : ''})`;
  if (chain && rule.secondary) {
    const gap = Math.abs(chain.c.t - chain.b.t);
    text += `, then by ${rule.secondary.event.name} at ${iso(chain.c.t)}, ${formatDuration(gap)} ${forward ? 'after' : 'before'} ${iso(chain.b.t)}`;
  }
  return `${text}. Rule "${rule.name}": ${rule.reason || rule.description || 'a suspicious order of events'}`;
}

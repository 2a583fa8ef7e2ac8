/**
 * A detection family's own counters of a pass (server/pass/pass_result.ts `familyCounts`: the web family's VirusTotal
 * lookups made, answered from the cache or deferred by the budget, the login family's filtered alerts, the sequence
 * family's late events...), as the task keeps them from its last run and the app shows them.
 *
 * The task's state is stored on its Task Manager document and comes back as whatever that document holds (written by
 * an older version, or edited), so it is read as untrusted: only counters named like identifiers with whole
 * non-negative counts are kept, and at most MAX_FAMILY_COUNTS of them. No Kibana imports: the app uses it too.
 */
import { isPrototypeKey } from './own_keys';

/** More than every family reports today (the web family: 7); a bound on what one task state can make the app show. */
export const MAX_FAMILY_COUNTS = 32;

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** The counters `value` holds that are fit to store and show; `{}` for anything else. */
export function familyCountsOf(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  let kept = 0;
  // for...in stops at the bound without listing every key of a hostile object first.
  for (const name in value) {
    if (kept >= MAX_FAMILY_COUNTS) break;
    if (!Object.hasOwn(value, name) || !NAME.test(name) || isPrototypeKey(name)) continue;
    const n = (value as Record<string, unknown>)[name];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) continue;
    out[name] = n;
    kept++;
  }
  return out;
}

/**
 * The counters that ask an analyst to act or to know something was not done (lookups deferred or failed, events too
 * late or dropped at a limit, states reset): the overview's status shows these. The others (lookups made, answers
 * from the cache, filtered alerts, open windows — a sum over a pass's batches, not a count at one moment) describe a
 * run going as it should; they are in `GET /api/buffalogs/task` for whoever wants them, but in a callout that appears
 * only when something needs attention they would make it appear after every run.
 */
export const ATTENTION_COUNTS: ReadonlySet<string> = new Set([
  'reputation_deferred',
  'reputation_failed',
  'late',
  'droppedWindows',
  'droppedEvents',
  'invalidStates',
]);

/** What each counter the families report means, for one and for several. */
const LABELS: Readonly<Record<string, readonly [string, string]>> = {
  // login
  filteredAlerts: ['alert kept as filtered (a filter matched)', 'alerts kept as filtered (a filter matched)'],
  // web (server/families/web/reputation/service.ts ReputationCounters, core.ts)
  reputation_looked_up: ['referrer domain looked up on VirusTotal', 'referrer domains looked up on VirusTotal'],
  reputation_cached: ['domain reputation read from the cache', 'domain reputations read from the cache'],
  reputation_deferred: [
    'VirusTotal lookup deferred (the budget was spent or VirusTotal refused; asked again later)',
    'VirusTotal lookups deferred (the budget was spent or VirusTotal refused; asked again later)',
  ],
  reputation_failed: [
    'VirusTotal lookup without a usable answer (asked again later)',
    'VirusTotal lookups without a usable answer (asked again later)',
  ],
  events_seen_before: ['web request already judged', 'web requests already judged'],
  uploads_without_size: ['upload without a size', 'uploads without a size'],
  crawler_alerts: ['alert on a crawler’s user agent', 'alerts on crawlers’ user agents'],
  // sequence (server/families/sequence/family.ts)
  matched: ['event matched a sequence rule', 'events matched sequence rules'],
  late: ['event too late for its sequences', 'events too late for their sequences'],
  openWindows: ['open sequence window', 'open sequence windows'],
  droppedWindows: ['sequence window dropped at its limit', 'sequence windows dropped at their limits'],
  droppedEvents: ['sequence event dropped at its limit', 'sequence events dropped at their limits'],
  invalidStates: ['unusable sequence state reset', 'unusable sequence states reset'],
};

/** The words after the count `n` of counter `name`; a counter without a label is spelt out from its name. */
export function familyCountLabel(name: string, n: number): string {
  if (Object.hasOwn(LABELS, name)) return LABELS[name][n === 1 ? 0 : 1];
  return spelledOut(name);
}

/** An identifier-like name in words: `droppedEvents` and `missing_action` as "dropped events", "missing action". */
export function spelledOut(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_+/g, ' ')
    .trim()
    .toLowerCase();
}

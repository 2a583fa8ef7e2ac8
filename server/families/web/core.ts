/**
 * The web family's pure core: a batch of addresses' access events and their states in, alerts and new states out.
 * Each address's events are judged in time order (then id), once: events at or before the state's `through` were
 * counted by an earlier pass over the same window.
 */
import { createHash } from 'node:crypto';
import type { FamilyAlertDocument } from '../../../common/alert_document';
import { alertEvent, alertSortKey } from '../../detection/alert_document';
import type { DetectOutput } from '../family';
import { crawlerLabel } from './crawlers';
import type { DomainReputation, Raise, WebDetector, WebRuleId } from './detectors/detector';
import { webBurst } from './detectors/web_burst';
import { webExfiltration } from './detectors/web_exfiltration';
import { webFlood } from './detectors/web_flood';
import { virusTotalRaise, webMaliciousReferrer } from './detectors/web_malicious_referrer';
import { webScanning } from './detectors/web_scanning';
import type { WebEvent } from './event';
import { DEFER_REASONS } from './reputation/pending';
import type { ResolvedPending } from './reputation/service';
import type { WebSettings } from './settings';
import { asOfClock, emptyWebState, MAX_ALERT_KEYS, type Timed, type WebState } from './state';

export const WEB_DETECTORS: readonly WebDetector[] = [
  webScanning,
  webFlood,
  webBurst,
  webExfiltration,
  webMaliciousReferrer,
];

const RULE_NAMES: Record<WebRuleId, string> = {
  web_scanning: 'Web endpoint scanning',
  web_flood: 'Web scraping or brute force',
  web_burst: 'Burst of one error code',
  web_exfiltration: 'Large uploads (possible exfiltration)',
  web_malicious_referrer: 'Referrer from a malicious domain',
};

export type WebAlert = FamilyAlertDocument<WebRuleId>;

function sortEvents(a: WebEvent, b: WebEvent): number {
  return a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function judgeWeb(
  events: readonly WebEvent[],
  states: ReadonlyMap<string, WebState>,
  settings: WebSettings,
  maliciousDomains: ReadonlySet<string>,
  now: number,
  reputation?: DomainReputation,
): DetectOutput<WebState> {
  const byIp = new Map<string, WebEvent[]>();
  for (const e of events) {
    const list = byIp.get(e.ip);
    if (list) list.push(e);
    else byIp.set(e.ip, [e]);
  }
  const alerts: WebAlert[] = [];
  const out = new Map<string, WebState>();
  let skipped = 0;
  let uploadsWithoutSize = 0;
  let crawlerAlerts = 0;
  for (const ip of [...byIp.keys()].sort()) {
    const stored = states.get(ip);
    const state: WebState = stored ? structuredClone(asOfClock(stored, now)) : emptyWebState();
    const start = state.through;
    for (const event of byIp.get(ip)!.sort(sortEvents)) {
      if (event.timestamp <= start) {
        skipped++;
        continue;
      }
      state.through = Math.max(state.through, event.timestamp);
      if ((event.method === 'POST' || event.method === 'PUT') && event.requestBytes === undefined) uploadsWithoutSize++;
      const crawler = crawlerLabel(event.userAgent, event.asNumber);
      const raise = (r: Raise): boolean => {
        const key = r.key ?? r.rule;
        const last = state.alerted.find(([, k]) => k === key);
        if (last && event.timestamp - last[0] < settings.cooldownMs) return false;
        state.alerted = [
          ...state.alerted.filter(([, k]) => k !== key),
          [event.timestamp, key] as [number, string],
        ].slice(-MAX_ALERT_KEYS);
        if (crawler) crawlerAlerts++;
        alerts.push(alertDocument(r, event, crawler, now));
        return true;
      };
      const context = { settings, maliciousDomains, reputation, state, crawler, raise };
      for (const detector of WEB_DETECTORS) detector(event, context);
    }
    out.set(ip, state);
  }
  return {
    alerts,
    states: out,
    stats: {
      entities: out.size,
      events_seen_before: skipped,
      uploads_without_size: uploadsWithoutSize,
      crawler_alerts: crawlerAlerts,
    },
  };
}

/**
 * Alerts for requests that named a referrer domain while its lookup had to wait (reputation/pending.ts), now that an
 * answer calls it malicious: each the alert it would have raised in time, with the same id (raised again, by a batch
 * redone before the memory was forgotten, it is written once), and `evidence.judged_late` saying when and why it
 * waited. The memory keeps one request per address, so one alert per address and domain, as the cooldown gives in time.
 */
export function lateReferrerAlerts(
  resolved: readonly ResolvedPending[],
  maliciousEngines: number,
  now: number,
): WebAlert[] {
  const alerts: WebAlert[] = [];
  for (const { stored, report } of resolved) {
    if (!report || report.malicious < maliciousEngines) continue;
    const { pending } = stored;
    const deferredAt = new Date(pending.firstDeferredAt).toISOString();
    const why = DEFER_REASONS[pending.reason];
    for (const request of pending.requests) {
      const event: WebEvent = { ...request, status: 0 };
      const r = virusTotalRaise(request.ip, request.referrer, pending.domain, report, maliciousEngines);
      alerts.push(
        alertDocument(
          {
            ...r,
            message: `${r.message}; judged late: its lookup waited from ${deferredAt} because ${why}`,
            evidence: {
              ...r.evidence,
              judged_late: {
                deferred_at: deferredAt,
                reason: pending.reason,
                why,
                judged_at: new Date(now).toISOString(),
              },
            },
          },
          event,
          crawlerLabel(request.userAgent, request.asNumber),
          now,
        ),
      );
    }
  }
  return alerts;
}

/** Each late alert's cooldown by address, added to `into`: the [time, key] entry `raise` would have left in time. */
export function lateCooldowns(
  late: readonly WebAlert[],
  into: Map<string, Array<Timed<string>>> = new Map(),
): Map<string, Array<Timed<string>>> {
  for (const alert of late) {
    const ip = alert.buffalogs.entity!.value;
    const key = `web_malicious_referrer:${(alert.buffalogs.evidence as { referrer_host: string }).referrer_host}`;
    const at = Date.parse(alert['@timestamp']);
    const entries = into.get(ip) ?? [];
    into.set(ip, entries);
    const known = entries.find(([, k]) => k === key);
    if (!known) entries.push([at, key]);
    else if (known[0] < at) known[0] = at;
  }
  return into;
}

/** The state with these cooldowns in it (a later one already there for the key wins); unchanged, the same object. */
export function withCooldowns(state: WebState, entries: ReadonlyArray<Timed<string>>): WebState {
  let alerted = state.alerted;
  for (const [at, key] of entries) {
    const last = alerted.find(([, k]) => k === key);
    if (!last || last[0] < at)
      alerted = [...alerted.filter(([, k]) => k !== key), [at, key] as Timed<string>].slice(-MAX_ALERT_KEYS);
  }
  return alerted === state.alerted ? state : { ...state, alerted };
}

/**
 * The states with the late alerts' cooldowns in them, for the addresses given (those a batch judges, or those whose
 * stored state must learn them): a late alert is the one alert per address and domain per cooldown, so the same
 * address referred again by that domain is not alerted twice. An address without a state gets one with the cooldown.
 * A stored state is first read as a pass at `now` reads it (asOfClock): otherwise a cooldown for the key hand-edited to
 * the year 3000 won over the late alert's (the later wins) and was then dropped by that rule, losing both.
 */
export function withLateCooldowns(
  states: ReadonlyMap<string, WebState>,
  cooldowns: ReadonlyMap<string, ReadonlyArray<Timed<string>>>,
  addresses: Iterable<string>,
  now: number,
): ReadonlyMap<string, WebState> {
  let out: Map<string, WebState> | undefined;
  for (const ip of addresses) {
    const entries = cooldowns.get(ip);
    if (!entries) continue;
    const state = states.get(ip);
    const next = withCooldowns(state === undefined ? emptyWebState() : asOfClock(state, now), entries);
    if (next === state) continue;
    out ??= new Map(states);
    out.set(ip, next);
  }
  return out ?? states;
}

function alertDocument(r: Raise, event: WebEvent, crawler: ReturnType<typeof crawlerLabel>, now: number): WebAlert {
  const id = createHash('sha1')
    .update(`${r.rule}\u0000${r.key ?? ''}\u0000${event.ip}\u0000${event.index}\u0000${event.id}`)
    .digest('hex');
  const label = crawler
    ? ` (user agent of ${crawler.name}${crawler.verified_by === 'asn' ? ', confirmed by its AS number' : ', not verified'})`
    : '';
  return {
    '@timestamp': new Date(event.timestamp).toISOString(),
    event: alertEvent('web', r.severity, now),
    rule: { id: r.rule, name: RULE_NAMES[r.rule], description: RULE_NAMES[r.rule], ruleset: 'buffalogs' },
    message: `${r.message}${label}`,
    source: { ip: event.ip, ...(event.asNumber !== undefined ? { as: { number: event.asNumber } } : {}) },
    ...(event.userAgent ? { user_agent: { original: event.userAgent } } : {}),
    buffalogs: {
      alert_id: id,
      sort_key: alertSortKey(id),
      family: 'web',
      entity: { field: 'source.ip', value: event.ip },
      severity: r.severity,
      trigger: { event_id: event.id, index: event.index },
      filtered: false,
      filter_reasons: [],
      evidence: { kind: r.rule, ...r.evidence, ...(crawler ? { crawler } : {}) },
      status: 'open',
    },
  } as WebAlert;
}

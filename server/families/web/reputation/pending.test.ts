/**
 * What a space remembers of a referrer domain while its lookup waits, and the alerts its requests raise when a later
 * answer calls it malicious: bounded, read as hostile, and each the alert the request would have raised in time.
 */
import { defaultWebSettings } from '../settings';
import { judgeWeb, lateCooldowns, lateReferrerAlerts, withCooldowns, withLateCooldowns } from '../core';
import { emptyWebState } from '../state';
import type { WebEvent } from '../event';
import {
  addressHash,
  distinctAddresses,
  MAX_PENDING_ADDRESSES,
  MAX_PENDING_REQUESTS,
  nextPending,
  PENDING_TTL_MS,
  pendingRequest,
  pendingSource,
  toPending,
  type PendingDomain,
} from './pending';
import type { DomainReport } from './virustotal';

const T0 = Date.parse('2024-05-01T08:00:00Z');
const event = (ip: string, at: number, extra: Partial<WebEvent> = {}): WebEvent => ({
  id: `${ip}@${at}`,
  index: 'logs-web',
  timestamp: at,
  ip,
  status: 200,
  referrer: 'https://evil.example/landing',
  ...extra,
});
/** evil.example's lookup deferred at T0 (budget spent), with the one request from 192.0.2.1 that named it. */
const deferredOnce = (): PendingDomain =>
  nextPending(undefined, 'evil.example', { requests: [pendingRequest(event('192.0.2.1', T0))] }, 'budget', T0);
const evil: DomainReport = { domain: 'evil.example', malicious: 5, suspicious: 0, harmless: 60, undetected: 10 };
const resolvedWith = (pending: PendingDomain, report: DomainReport | null = evil) => [
  { stored: { pending, seqNo: 3, primaryTerm: 1 }, ...(report ? { report } : {}) },
];

test('a domain waiting over several passes keeps one request per address, its first deferral, and hashed addresses', () => {
  const first = nextPending(
    undefined,
    'evil.example',
    { witnesses: new Set(['192.0.2.1']), requests: [pendingRequest(event('192.0.2.1', T0))] },
    'budget_share',
    T0 + 60_000,
  );
  const second = nextPending(
    first,
    'evil.example',
    {
      witnesses: new Set(['192.0.2.1', '192.0.2.2']),
      requests: [pendingRequest(event('192.0.2.1', T0 + 1000)), pendingRequest(event('192.0.2.2', T0 + 2000))],
    },
    'budget',
    T0 + 600_000,
  );
  expect(second.requests.map((r) => r.id)).toEqual([`192.0.2.1@${T0}`, `192.0.2.2@${T0 + 2000}`]);
  expect(second).toMatchObject({
    firstDeferredAt: T0 + 60_000,
    lastDeferredAt: T0 + 600_000,
    expiresAt: T0 + 60_000 + PENDING_TTL_MS,
    reason: 'budget_share',
  });
  expect(second.addresses).toEqual([addressHash('192.0.2.1'), addressHash('192.0.2.2')]);
  expect(JSON.stringify(pendingSource('virustotal', second).addresses)).not.toContain('192.0.2');
  // Two addresses across passes, a third in this one.
  expect(distinctAddresses(second, ['192.0.2.2', '192.0.2.3'])).toBe(3);
  // Past its age it starts afresh.
  const later = nextPending(second, 'evil.example', {}, 'batch_limit', second.expiresAt);
  expect(later).toMatchObject({ requests: [], addresses: [], reason: 'batch_limit' });
});

test('a flood naming one domain is kept to a few requests and a hundred addresses', () => {
  const ips = Array.from({ length: 1000 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
  const pending = nextPending(
    undefined,
    'evil.example',
    { witnesses: new Set(ips), requests: ips.map((ip) => pendingRequest(event(ip, T0))) },
    'budget',
    T0,
  );
  expect(pending.requests).toHaveLength(MAX_PENDING_REQUESTS);
  expect(pending.addresses).toHaveLength(MAX_PENDING_ADDRESSES);
  expect(JSON.stringify(pendingSource('virustotal', pending)).length).toBeLessThan(8000);
});

test('a stored document is read as hostile: what cannot be used is dropped, not thrown on', () => {
  const good = pendingSource('virustotal', deferredOnce());
  expect(toPending('virustotal', good)?.requests).toHaveLength(1);
  expect(toPending('virustotal', { ...good, first_deferred_at: 1e20 })).toBeUndefined();
  expect(toPending('other', good)).toBeUndefined();
  const hostile = toPending('virustotal', {
    ...good,
    reason: '__proto__',
    addresses: ['not-a-hash', 7, addressHash('192.0.2.9')],
    requests: [{ id: 'x', index: 'i', ip: '192.0.2.5', timestamp: -1e300, referrer: 'r' }, null, 'text'],
  });
  expect(hostile).toMatchObject({ reason: 'budget', addresses: [addressHash('192.0.2.9')], requests: [] });
});

test('a late alert is the alert the request would have raised in time: same id, same evidence, and says why', () => {
  const request = event('192.0.2.1', T0, { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1)', asNumber: 15169 });
  const pending = nextPending(
    undefined,
    'evil.example',
    { requests: [pendingRequest(request)] },
    'budget',
    T0 + 60_000,
  );
  const now = T0 + 3_600_000;
  const [late] = lateReferrerAlerts(resolvedWith(pending), 2, now);
  const settings = defaultWebSettings();
  const reputation = { reports: new Map([['evil.example', evil]]), maliciousEngines: 2 };
  const [inTime] = judgeWeb([request], new Map(), settings, new Set(), now, reputation).alerts;
  expect(late.buffalogs.alert_id).toBe(inTime.buffalogs.alert_id);
  expect(late['@timestamp']).toBe(inTime['@timestamp']);
  expect(late.buffalogs.evidence).toEqual({
    ...(inTime.buffalogs.evidence as Record<string, unknown>),
    judged_late: {
      deferred_at: new Date(T0 + 60_000).toISOString(),
      reason: 'budget',
      why: 'the lookup budget was spent',
      judged_at: new Date(now).toISOString(),
    },
  });
  expect(late.message).toBe(
    `${inTime.message.replace(/ \(user agent of .*$/, '')}; judged late: its lookup waited from ` +
      `${new Date(T0 + 60_000).toISOString()} because the lookup budget was spent (user agent of Googlebot, confirmed by its AS number)`,
  );
  // Raised again (a batch redone before the memory was forgotten): the same document.
  expect(lateReferrerAlerts(resolvedWith(pending), 2, now)).toEqual([late]);
});

test('below the threshold, or unknown to VirusTotal, the remembered requests raise nothing', () => {
  const pending = deferredOnce();
  expect(lateReferrerAlerts(resolvedWith(pending, { ...evil, malicious: 1 }), 2, T0)).toEqual([]);
  expect(lateReferrerAlerts(resolvedWith(pending, null), 2, T0)).toEqual([]);
});

test('an address alerted late is not alerted again in time for the same domain within the cooldown', () => {
  const pending = deferredOnce();
  const late = lateReferrerAlerts(resolvedWith(pending), 2, T0 + 600_000);
  const again = [event('192.0.2.1', T0 + 300_000), event('192.0.2.2', T0 + 300_000)];
  const states = withLateCooldowns(new Map(), lateCooldowns(late), new Set(again.map((e) => e.ip)), T0 + 600_000);
  const reputation = { reports: new Map([['evil.example', evil]]), maliciousEngines: 2 };
  const output = judgeWeb(again, states, defaultWebSettings(), new Set(), T0 + 600_000, reputation);
  expect(output.alerts.map((a) => a.buffalogs.entity!.value)).toEqual(['192.0.2.2']);
  expect(output.states.get('192.0.2.1')!.alerted).toEqual([[T0, 'web_malicious_referrer:evil.example']]);
});

test("a late alert's cooldown reaches the addresses named (judged or stored), later times win, nothing else changes", () => {
  const pending = nextPending(
    undefined,
    'evil.example',
    { requests: [pendingRequest(event('192.0.2.1', T0)), pendingRequest(event('192.0.2.2', T0 + 1000))] },
    'budget',
    T0,
  );
  const cooldowns = lateCooldowns(lateReferrerAlerts(resolvedWith(pending), 2, T0 + 600_000));
  const key = 'web_malicious_referrer:evil.example';
  expect(cooldowns).toEqual(
    new Map([
      ['192.0.2.1', [[T0, key]]],
      ['192.0.2.2', [[T0 + 1000, key]]],
    ]),
  );
  // The same alert raised again adds nothing.
  const again = lateCooldowns(lateReferrerAlerts(resolvedWith(pending), 2, T0 + 600_000), cooldowns);
  expect(again.get('192.0.2.1')).toEqual([[T0, key]]);

  const stored = { ...emptyWebState(), through: T0, misses: [[T0, '/x']] as Array<[number, string]> };
  const states = new Map([['192.0.2.1', stored]]);
  const out = withLateCooldowns(states, cooldowns, ['192.0.2.1', '192.0.2.2', '192.0.2.3'], T0 + 600_000);
  expect(out.get('192.0.2.1')).toEqual({ ...stored, alerted: [[T0, key]] });
  expect(out.get('192.0.2.2')).toEqual({ ...emptyWebState(), alerted: [[T0 + 1000, key]] });
  expect(out.has('192.0.2.3')).toBe(false);
  expect(states.get('192.0.2.1')).toBe(stored);
  expect(stored.alerted).toEqual([]);
  // A state that carries the cooldown (or a later alert for the key) already is left as it was: nothing to write.
  const later = { ...stored, alerted: [[T0 + 5000, key]] as Array<[number, string]> };
  expect(withCooldowns(later, [[T0, key]])).toBe(later);
  expect(withLateCooldowns(out, cooldowns, ['192.0.2.1', '192.0.2.2'], T0 + 600_000)).toBe(out);
});

test("a late alert's cooldown is kept beside a stored one for its key dated far past the clock (a hand edit)", () => {
  const pending = deferredOnce();
  const now = T0 + 600_000;
  const cooldowns = lateCooldowns(lateReferrerAlerts(resolvedWith(pending), 2, now));
  const key = 'web_malicious_referrer:evil.example';
  const stamped = (at: number) => ({
    ...emptyWebState(),
    through: T0,
    alerted: [[at, key]] as Array<[number, string]>,
  });
  const year3000 = Date.parse('3000-01-01T00:00:00Z');
  // Before: the later time won, so the forged one replaced the late alert's, and the load's clock rule then dropped
  // it: the address lost its cooldown, and the domain's next referral from it alerted again within the cooldown.
  const out = withLateCooldowns(new Map([['192.0.2.1', stamped(year3000)]]), cooldowns, ['192.0.2.1'], now);
  expect(out.get('192.0.2.1')!.alerted).toEqual([[T0, key]]);
  // Control: one less than a day past the clock (another node's) is a pass's, and the later time still wins.
  const ahead = now + 23 * 3_600_000;
  expect(
    withLateCooldowns(new Map([['192.0.2.1', stamped(ahead)]]), cooldowns, ['192.0.2.1'], now).get('192.0.2.1')!
      .alerted,
  ).toEqual([[ahead, key]]);
});

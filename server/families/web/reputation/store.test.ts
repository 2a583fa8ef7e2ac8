/**
 * Cached answers as the reputation index holds them, read as hostile (a hand edit, another version's writer): what
 * cannot be a time must not reach the detector or the referrer table, whose `toISOString` would throw.
 */
import Mock from '@elastic/elasticsearch-mock';
import { Client } from '@elastic/elasticsearch';
import { defaultWebSettings } from '../settings';
import { judgeWeb, lateReferrerAlerts } from '../core';
import { nextPending, PENDING_TTL_MS } from './pending';
import { cachedReputation, ReputationStore, toCached } from './store';

const T0 = Date.parse('2024-05-01T08:00:00Z');
const stored = (extra: Record<string, unknown>) => ({
  kind: 'domain',
  provider: 'virustotal',
  domain: 'evil.example',
  status: 'found',
  checked_at: T0,
  expires_at: T0 + 86_400_000,
  malicious: 9,
  suspicious: 0,
  harmless: 1,
  undetected: 0,
  ...extra,
});

test('an analysis date a Date cannot hold is dropped: the referrer still alerts, the pass does not throw', () => {
  const cached = toCached('virustotal', stored({ analysed_at: 1e20 }));
  expect(cached?.report).toEqual({ domain: 'evil.example', malicious: 9, suspicious: 0, harmless: 1, undetected: 0 });
  const event = {
    id: 'e1',
    index: 'web',
    timestamp: T0,
    ip: '192.0.2.7',
    status: 200,
    referrer: 'https://evil.example/',
  };
  const reputation = { reports: new Map([['evil.example', cached!.report!]]), maliciousEngines: 2 };
  const { alerts } = judgeWeb([event], new Map(), defaultWebSettings(), new Set(), T0, reputation);
  expect(alerts.map((a) => a.rule.id)).toEqual(['web_malicious_referrer']);
});

test('a checked or expiry time a Date cannot hold makes no cached answer (asked again), instead of a 500', () => {
  expect(toCached('virustotal', stored({ checked_at: -1e300 }))).toBeUndefined();
  expect(toCached('virustotal', stored({ expires_at: 9e15 }))).toBeUndefined();
  expect(toCached('virustotal', stored({ analysed_at: T0 }))?.report?.analysedAt).toBe(T0);
});

/** A client whose index answers `_mget` with these sources (and creates the index when asked). */
function clientWith(sources: Array<Record<string, unknown>>): Client {
  const mock = new Mock();
  mock.add({ method: 'PUT', path: '/:index' }, () => ({ acknowledged: true }));
  mock.add({ method: 'POST', path: '/:index/_mget' }, () => ({
    docs: sources.map((s, i) => ({ _index: 'r', _id: `d${i}`, found: true, _seq_no: i, _primary_term: 1, _source: s })),
  }));
  return new Client({ node: 'http://localhost:9200', Connection: mock.getConnection(), maxRetries: 0 });
}

const DAY = 86_400_000;
const TTL = 7 * DAY;
const YEAR_3000 = Date.parse('3000-01-01T00:00:00Z');

test('a cached answer no lookup could have written (expiring or checked in the year 3000) is none: asked again', async () => {
  const now = T0 + DAY;
  const answers = async (extra: Record<string, unknown>) => [
    ...(await cachedReputation(clientWith([stored(extra)]), 'r', 'virustotal', ['evil.example'], now, TTL)).keys(),
  ];
  // "Clean" until the year 3000: without the bound, the domain was never looked up again.
  expect(await answers({ malicious: 0, expires_at: YEAR_3000 })).toEqual([]);
  expect(await answers({ checked_at: YEAR_3000 })).toEqual([]);
  // What a lookup writes, from a node up to a day ahead, is used until it expires.
  expect(await answers({ checked_at: now + DAY, expires_at: now + DAY + TTL })).toEqual(['evil.example']);
  expect(await answers({ checked_at: now + DAY + 1 })).toEqual([]);
  expect(await answers({ checked_at: now, expires_at: now + DAY + TTL + 1 })).toEqual([]);
  // Through the store the web family builds, with its cache lifetime.
  const store = new ReputationStore(clientWith([stored({ expires_at: YEAR_3000 })]), 'r', 'virustotal', TTL);
  expect((await store.cached(['evil.example'], now)).size).toBe(0);
});

test("an 'unknown' answer kept longer than a lookup keeps one (a day) is none: the new domain is asked about again", async () => {
  const now = T0 + DAY;
  const unknown = { status: 'unknown', malicious: undefined, checked_at: now, expires_at: now + DAY };
  const answers = async (extra: Record<string, unknown>) => [
    ...(
      await cachedReputation(
        clientWith([stored({ ...unknown, ...extra })]),
        'r',
        'virustotal',
        ['evil.example'],
        now,
        TTL,
      )
    ).keys(),
  ];
  expect(await answers({})).toEqual(['evil.example']);
  // Before: "unknown" for the cache's whole lifetime (7 days here): a new domain, what a malicious one often is, went
  // unasked for a week instead of a day.
  expect(await answers({ expires_at: now + TTL })).toEqual([]);
  expect(await answers({ expires_at: now + 2 * DAY + 1 })).toEqual([]);
  // A lookup's own "unknown" from a node up to a day ahead is used until it expires.
  expect(await answers({ checked_at: now + DAY, expires_at: now + 2 * DAY })).toEqual(['evil.example']);
});

test('a pending domain no pass could have deferred (in the year 3000) is read as expired: deferred afresh over it', async () => {
  const now = T0 + DAY;
  const pendingDoc = (first: number, expires: number) => ({
    kind: 'pending',
    provider: 'virustotal',
    domain: 'x.example',
    first_deferred_at: first,
    last_deferred_at: first,
    expires_at: expires,
    reason: 'budget',
    addresses: ['a'.repeat(24), 'b'.repeat(24)],
    requests: [],
  });
  const read = async (first: number, expires: number) => {
    const store = new ReputationStore(clientWith([pendingDoc(first, expires)]), 'r', 'virustotal', TTL);
    return (await store.pending(['x.example'], now)).get('x.example')!;
  };
  const far = await read(YEAR_3000, YEAR_3000 + PENDING_TTL_MS);
  // Its version is kept (the next deferral writes over it); its addresses no longer vouch for the domain.
  expect(far).toMatchObject({ seqNo: 0, primaryTerm: 1 });
  expect(far.pending.expiresAt).toBeLessThanOrEqual(now);
  const next = nextPending(far.pending, 'x.example', { witnesses: ['192.0.2.1'] }, 'budget', now);
  expect(next).toMatchObject({ firstDeferredAt: now, expiresAt: now + PENDING_TTL_MS });
  expect(next.addresses).toHaveLength(1);
  expect((await read(T0, YEAR_3000)).pending.expiresAt).toBeLessThanOrEqual(now);
  // One a pass wrote (a node a day ahead at most) is as stored.
  expect((await read(now + DAY, now + DAY + PENDING_TTL_MS)).pending.expiresAt).toBe(now + DAY + PENDING_TTL_MS);
});

describe("a live pending domain's request and last deferral times far past the clock (a hand edit)", () => {
  const now = T0 + DAY;
  const request = (id: string, timestamp: number) => ({
    id,
    index: 'web',
    ip: `192.0.2.${id.length}`,
    timestamp,
    referrer: 'https://x.example/',
  });
  /** Deferred an hour ago by a pass, its requests and last deferral as `requests` and `last` say. */
  const read = async (requests: Array<Record<string, unknown>>, last: number) => {
    const doc = {
      kind: 'pending',
      provider: 'virustotal',
      domain: 'x.example',
      first_deferred_at: now - 3_600_000,
      last_deferred_at: last,
      expires_at: now - 3_600_000 + PENDING_TTL_MS,
      reason: 'budget',
      addresses: [],
      requests,
    };
    const store = new ReputationStore(clientWith([doc]), 'r', 'virustotal', TTL);
    return (await store.pending(['x.example'], now)).get('x.example')!;
  };
  const evil = { domain: 'x.example', malicious: 9, suspicious: 0, harmless: 0, undetected: 0 };
  const lateAlertTimes = (stored: Awaited<ReturnType<typeof read>>) =>
    lateReferrerAlerts([{ stored, report: evil }], 2, now).map((a) => a['@timestamp']);

  test('a request so dated is dropped (no late alert dated then), a last deferral so dated is none (the next is now)', async () => {
    const stored = await read([request('real', now - 2 * 3_600_000), request('forged', YEAR_3000)], YEAR_3000);
    // Before: the forged request alerted late dated the year 3000 (first in every list of alerts, for good), and the
    // next deferral kept the year 3000 as the last (the later of it and the clock).
    expect(lateAlertTimes(stored)).toEqual([new Date(now - 2 * 3_600_000).toISOString()]);
    expect(nextPending(stored.pending, 'x.example', {}, 'budget', now).lastDeferredAt).toBe(now);
  });

  test("times less than a day past the clock are kept as before (another node's clock may be ahead)", async () => {
    const ahead = now + 23 * 3_600_000;
    const stored = await read([request('ahead', ahead)], ahead);
    expect(lateAlertTimes(stored)).toEqual([new Date(ahead).toISOString()]);
    expect(nextPending(stored.pending, 'x.example', {}, 'budget', now).lastDeferredAt).toBe(ahead);
  });
});

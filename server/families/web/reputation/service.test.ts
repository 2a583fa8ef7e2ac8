/**
 * How a pass spends its lookups when the provider refuses: a 429 stops the batch and marks the minute spent for every
 * node, a refused key or a provider that does not answer stops lookups for the pass with one warning, a failure is
 * counted and asked again later.
 */
import { VIRUSTOTAL_DEFAULTS } from '../../../../common/web_config';
import { MAX_SWEEP_LOOKUPS, reputationService, type Sighting } from './service';
import { partitionOf } from '../../../ingest/partition';
import type { CachedReputation, QuotaLimits, ReputationStore } from './store';
import { nextQuota, pacedDayLimit, type QuotaDoc } from './quota';
import { MAX_PENDING_DOMAINS, nextPending, type PendingDomain, type StoredPending } from './pending';
import { virusTotalClient, type DomainLookup, type LookupResult } from './virustotal';

/** The pending documents as the index would hold them (no versions: every write wins). */
function pendingMemory() {
  const docs = new Map<string, StoredPending>();
  return {
    docs,
    pending: async (domains: readonly string[]) =>
      new Map(domains.flatMap((d) => (docs.has(d) ? [[d, docs.get(d)!] as const] : []))),
    pendingRoom: async () => MAX_PENDING_DOMAINS - docs.size,
    oldestPending: async (size: number, now: number) =>
      [...docs.values()]
        .map((d) => d.pending)
        .filter((p) => p.expiresAt > now)
        .sort((a, b) => a.firstDeferredAt - b.firstDeferredAt || (a.domain < b.domain ? -1 : 1))
        .slice(0, size)
        .map((p) => p.domain),
    remember: async (entries: ReadonlyArray<{ pending: PendingDomain }>) => {
      for (const { pending } of entries) docs.set(pending.domain, { pending, seqNo: 1, primaryTerm: 1 });
      return { conflicts: 0 };
    },
    forget: async (entries: readonly StoredPending[]) => {
      for (const { pending } of entries) docs.delete(pending.domain);
    },
  };
}

function fakeStore(budget: number) {
  const saved: CachedReputation[] = [];
  const claims: Array<{ exhaust: boolean }> = [];
  let left = budget;
  const store = {
    ...pendingMemory(),
    cached: async () => new Map<string, CachedReputation>(),
    save: async (entries: readonly CachedReputation[]) => void saved.push(...entries),
    claim: async (_limits: QuotaLimits, _now: number, _signal?: AbortSignal, exhaust = false) => {
      claims.push({ exhaust });
      if (exhaust) left = 0;
      return !exhaust && left-- > 0;
    },
  } as unknown as ReputationStore;
  return { store, saved, claims };
}

const settings = {
  perMinute: 4,
  perDay: 500,
  cacheTtlMs: 7 * 86_400_000,
  maxLookupsPerBatch: 50,
  minAddresses: VIRUSTOTAL_DEFAULTS.minAddresses,
  uncorroboratedShare: VIRUSTOTAL_DEFAULTS.uncorroboratedShare,
};
/** Domains seen from several addresses, the first the busiest. */
const domains = (...names: string[]) => new Map(names.map((n, i) => [n, { requests: 100 - i, addresses: 5 }]));

function provider(answers: Record<string, LookupResult>): DomainLookup & { asked: string[] } {
  const asked: string[] = [];
  return { asked, lookup: async (d) => (asked.push(d), answers[d] ?? { status: 'unknown' }) };
}

test('a 429 marks the minute spent and defers the rest of the batch', async () => {
  const { store, claims, saved } = fakeStore(10);
  const vt = provider({ 'b.example': { status: 'rate_limited' } });
  const service = reputationService(store, vt, settings, () => {});
  await service.reports(domains('a.example', 'b.example', 'c.example'), 0);
  expect(vt.asked).toEqual(['a.example', 'b.example']);
  expect(claims.at(-1)).toEqual({ exhaust: true });
  expect(service.counters).toEqual({ cached: 0, looked_up: 1, deferred: 2, failed: 0 });
  expect(saved.map((s) => s.domain)).toEqual(['a.example']);
});

test('a refused key: one warning, no further lookups in the pass', async () => {
  const { store } = fakeStore(10);
  const warnings: string[] = [];
  const vt = provider({ 'a.example': { status: 'unauthorized' } });
  const service = reputationService(store, vt, settings, (m) => warnings.push(m));
  await service.reports(domains('a.example', 'b.example'), 0);
  await service.reports(domains('c.example'), 0);
  expect(vt.asked).toEqual(['a.example']);
  expect(warnings).toEqual([
    'buffalogs.web.virusTotal: VirusTotal refused the API key (HTTP 401/403); no lookups in this pass',
  ]);
});

test('failures are counted, not cached (asked again later), and warned about once', async () => {
  const { store, saved } = fakeStore(10);
  const warnings: string[] = [];
  const down: LookupResult = { status: 'error', message: 'VirusTotal answered HTTP 503' };
  const vt = provider({ 'a.example': down, 'b.example': down });
  const service = reputationService(store, vt, settings, (m) => warnings.push(m));
  await service.reports(domains('a.example', 'b.example'), 0);
  expect(service.counters.failed).toBe(2);
  expect(saved).toEqual([]);
  expect(warnings).toHaveLength(1);
});

test('an unknown domain is kept a day at most; a found one for the cache lifetime', async () => {
  const { store, saved } = fakeStore(10);
  const found: LookupResult = {
    status: 'found',
    report: { domain: 'k.example', malicious: 0, suspicious: 0, harmless: 1, undetected: 0 },
  };
  const service = reputationService(store, provider({ 'k.example': found }), settings, () => {});
  await service.reports(domains('k.example', 'u.example'), 1000);
  expect(saved.map((s) => [s.domain, s.status, s.expiresAt - 1000])).toEqual([
    ['k.example', 'found', 7 * 86_400_000],
    ['u.example', 'unknown', 86_400_000],
  ]);
});

test('a VirusTotal that does not answer costs a pass one timeout, not one per domain', async () => {
  // A firewall dropping the packets, or an overloaded provider: each lookup waited out the whole timeout in turn
  // (50 a batch with a premium budget: over 8 minutes per batch at the 10 s default) while detection stood still.
  // Timed on a fake clock: on the wall clock a busy machine made the pass look slow (or the timeout fire before the
  // request was sent) however the service behaved. Fake timers do not drive AbortSignal.timeout (Node's own timer),
  // so the client's timeout is made on the fake setTimeout; the fetch never answers, as a silent VirusTotal (the
  // client against a real silent server: virustotal.test.ts).
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  const timeouts: number[] = [];
  const timeout = jest.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
    timeouts.push(ms);
    const controller = new AbortController();
    setTimeout(
      () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
      ms,
    );
    return controller.signal;
  });
  try {
    const requests: string[] = [];
    const silent = ((url: string, init: RequestInit) => {
      requests.push(url);
      return new Promise<Response>((_resolve, reject) =>
        init.signal!.addEventListener('abort', () => reject(init.signal!.reason), { once: true }),
      );
    }) as typeof fetch;
    const { store, saved } = fakeStore(100);
    const warnings: string[] = [];
    const vt = virusTotalClient({
      url: 'http://vt.test/api/v3',
      apiKey: 'k'.repeat(64),
      timeoutMs: 150,
      fetch: silent,
    });
    const service = reputationService(store, vt, settings, (m) => warnings.push(m));
    const t0 = Date.now();
    const pass = (async () => {
      await service.reports(domains('a.example', 'b.example', 'c.example', 'd.example', 'e.example'), 0);
      await service.reports(domains('f.example'), 0);
    })();
    await jest.runAllTimersAsync();
    await pass;
    expect(Date.now() - t0).toBe(150);
    expect(timeouts).toEqual([150]);
    expect(requests).toEqual(['http://vt.test/api/v3/domains/a.example']);
    expect(service.counters).toEqual({ cached: 0, looked_up: 0, deferred: 5, failed: 1 });
    expect(saved).toEqual([]);
    expect(warnings).toEqual([
      'buffalogs.web.virusTotal: VirusTotal unreachable: no answer in 150 ms; no more lookups in this pass (domains are asked again later)',
    ]);
  } finally {
    timeout.mockRestore();
    jest.useRealTimers();
  }
});

test('a reputation index that refuses writes: one warning, no lookups for the pass, nothing thrown', async () => {
  const blocked = Object.assign(new Error('cluster_block_exception'), {
    meta: {
      statusCode: 403,
      body: { error: { type: 'cluster_block_exception', reason: 'index [r] blocked by: [TOO_MANY_REQUESTS/12/...]' } },
    },
  });
  const { store } = fakeStore(10);
  store.claim = async () => Promise.reject(blocked);
  const warnings: string[] = [];
  const vt = provider({});
  const service = reputationService(store, vt, settings, (m) => warnings.push(m));
  await service.reports(domains('a.example', 'b.example'), 0);
  await service.reports(domains('c.example'), 0);
  expect(vt.asked).toEqual([]);
  expect(service.counters).toEqual({ cached: 0, looked_up: 0, deferred: 3, failed: 0 });
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain('refused a write (cluster_block_exception: index [r] blocked by');
});

test('an aborted pass is not mistaken for a refusing index', async () => {
  const { store } = fakeStore(10);
  const controller = new AbortController();
  controller.abort();
  store.cached = async () => Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
  const warnings: string[] = [];
  const service = reputationService(store, provider({}), settings, (m) => warnings.push(m));
  await expect(service.reports(domains('a.example'), 0, controller.signal)).rejects.toThrow('aborted');
  expect(warnings).toEqual([]);
});

/** The store's own budget arithmetic (nextQuota) over one counter document kept in memory, as every node shares it. */
function quotaStore() {
  let doc: QuotaDoc | undefined;
  const store = {
    index: 'r',
    ...pendingMemory(),
    cached: async () => new Map<string, CachedReputation>(),
    save: async () => {},
    claim: async (
      limits: QuotaLimits,
      now: number,
      _signal?: AbortSignal,
      exhaust = false,
      uncorroborated = false,
      paced = false,
    ) => {
      const next = nextQuota('virustotal', doc, limits, now, { exhaust, uncorroborated, paced });
      if (next) doc = next;
      return next !== undefined && !exhaust;
    },
  } as unknown as ReputationStore;
  return store;
}

test("1,000 made-up one-off referrers through the morning leave the free tier's day for a domain many addresses came from", async () => {
  // The free tier (4 a minute, 500 a day), a pass a minute. From midnight a script sends 4 new made-up referrers a
  // minute, each once from one address, until 1,000 are sent (minute 250); at noon six addresses come from a real
  // malicious domain. Before, the made-up ones were asked about 4 a minute and spent the day by 02:05.
  const day = Date.parse('2024-05-02T00:00:00Z');
  const oneDay = async (uncorroboratedShare: number) => {
    const vt = provider({});
    const service = reputationService(quotaStore(), vt, { ...settings, uncorroboratedShare }, () => {});
    let sent = 0;
    for (let minute = 0; minute < 24 * 60; minute++) {
      const batch = new Map<string, Sighting>();
      for (let i = 0; i < 4 && sent < 1000; i++) batch.set(`random-${sent++}.example`, { requests: 1, addresses: 1 });
      if (minute === 12 * 60) batch.set('evil.example', { requests: 6, addresses: 6 });
      if (batch.size) await service.reports(batch, day + minute * 60_000 + 1000);
    }
    const fakes = vt.asked.filter((d) => d.startsWith('random-')).length;
    return { fakes, evil: vt.asked.includes('evil.example'), deferred: service.counters.deferred };
  };
  // A share of 1 is the budget as it was spent before: all of it on the made-up ones, the real one never asked.
  expect(await oneDay(1)).toEqual({ fakes: 500, evil: false, deferred: 501 });
  // The default quarter: 125 (one a minute until the day's share is spent), and the real one asked at noon.
  expect(await oneDay(settings.uncorroboratedShare)).toEqual({ fakes: 125, evil: true, deferred: 875 });
});

test('one-off referrers in the same pass as a corroborated one: the corroborated is asked first, the one-offs get the share', async () => {
  const vt = provider({});
  const service = reputationService(quotaStore(), vt, settings, () => {});
  const batch = new Map<string, Sighting>([
    ...Array.from({ length: 50 }, (_, i) => [`random-${i}.example`, { requests: 40, addresses: 1 }] as const),
    ['evil.example', { requests: 2, addresses: 2 }],
    ['also-seen.example', { requests: 3, addresses: 3 }],
  ]);
  await service.reports(batch, 0);
  // Requests do not buy rank (anyone can repeat a header): addresses do. Of the minute's 4, one-offs get 1.
  expect(vt.asked).toEqual(['also-seen.example', 'evil.example', 'random-0.example']);
  // A later batch of the same minute: the one-offs' share is spent, a corroborated domain still has the last one.
  await service.reports(
    new Map([
      ['random-99.example', { requests: 1, addresses: 1 }],
      ['late.example', { requests: 1, addresses: 2 }],
    ]),
    1000,
  );
  expect(vt.asked.slice(3)).toEqual(['late.example']);
});

const request = (ip: string, domain: string) => ({
  id: `${ip}-${domain}`,
  index: 'logs-web',
  ip,
  timestamp: 1000,
  referrer: `https://${domain}/`,
});
const sighting = (domain: string, ...ips: string[]): Sighting => ({
  requests: ips.length,
  addresses: ips.length,
  witnesses: new Set(ips),
  seen: ips.map((ip) => request(ip, domain)),
});

test('a domain whose lookup waited is remembered with its requests, and handed back when a later pass has its answer', async () => {
  const store = quotaStore();
  const bad: LookupResult = {
    status: 'found',
    report: { domain: 'evil.example', malicious: 5, suspicious: 0, harmless: 1, undetected: 0 },
  };
  // Pass 1: the minute's 4 go to busier domains; evil.example, one address, waits.
  const first = reputationService(store, provider({}), settings, () => {});
  const busy = ['a', 'b', 'c', 'd'].map(
    (n) => [`${n}.example`, sighting(`${n}.example`, '10.0.0.1', '10.0.0.2')] as const,
  );
  const answer = await first.reports(new Map([...busy, ['evil.example', sighting('evil.example', '192.0.2.7')]]), 0);
  expect(answer.resolved).toEqual([]);
  expect([...(store as unknown as ReturnType<typeof pendingMemory>).docs.keys()]).toEqual(['evil.example']);

  // Pass 2, minutes later: another address comes from it, it is looked up, and the first one's request comes back.
  const vt = provider({ 'evil.example': bad });
  const second = reputationService(store, vt, settings, () => {});
  const later = await second.reports(new Map([['evil.example', sighting('evil.example', '192.0.2.8')]]), 120_000);
  expect(vt.asked).toEqual(['evil.example']);
  expect(later.resolved.map((r) => [r.report, r.stored.pending.requests.map((q) => q.ip)])).toEqual([
    [bad.report, ['192.0.2.7']],
  ]);
  expect(later.resolved[0].stored.pending).toMatchObject({ firstDeferredAt: 0, reason: 'budget_share' });
  await second.forget(later.resolved);
  expect((store as unknown as ReturnType<typeof pendingMemory>).docs.size).toBe(0);
});

test('addresses add up across passes: a domain seen from one address in each of two passes draws on the whole budget', async () => {
  const store = quotaStore();
  const claims: boolean[] = [];
  const claim = store.claim.bind(store);
  store.claim = async (limits, now, signal, exhaust, uncorroborated = false) => {
    if (!exhaust) claims.push(uncorroborated);
    return claim(limits, now, signal, exhaust, uncorroborated);
  };
  const none = { ...settings, uncorroboratedShare: 0 };
  const first = reputationService(store, provider({}), none, () => {});
  await first.reports(new Map([['spread.example', sighting('spread.example', '192.0.2.1')]]), 0);
  expect(claims).toEqual([true]); // asked as uncorroborated: refused, no share
  const vt = provider({});
  const second = reputationService(store, vt, none, () => {});
  await second.reports(
    new Map([
      ['one-off.example', sighting('one-off.example', '192.0.2.9')],
      ['spread.example', sighting('spread.example', '192.0.2.2')],
    ]),
    120_000,
  );
  expect(vt.asked).toEqual(['spread.example']);
  expect(claims.slice(1)).toEqual([false, true]);
  // The same address again in a later pass is still one address.
  const third = reputationService(store, provider({}), none, () => {});
  await third.reports(new Map([['once.example', sighting('once.example', '192.0.2.5')]]), 240_000);
  await third.reports(new Map([['once.example', sighting('once.example', '192.0.2.5')]]), 360_000);
  expect(claims.slice(3)).toEqual([true, true]);
});

test('a full memory remembers no new domain and says so once; the domains it holds still gain evidence', async () => {
  const store = quotaStore();
  const memory = store as unknown as ReturnType<typeof pendingMemory>;
  const warnings: string[] = [];
  const none = { ...settings, maxLookupsPerBatch: 0 };
  const service = reputationService(store, provider({}), none, (m) => warnings.push(m));
  await service.reports(new Map([['kept.example', sighting('kept.example', '192.0.2.1')]]), 0);
  store.pendingRoom = async () => 0;
  const full = reputationService(store, provider({}), none, (m) => warnings.push(m));
  await full.reports(
    new Map([
      ['kept.example', sighting('kept.example', '192.0.2.2')],
      ['new-1.example', sighting('new-1.example', '192.0.2.3')],
    ]),
    60_000,
  );
  await full.reports(new Map([['new-2.example', sighting('new-2.example', '192.0.2.3')]]), 61_000);
  expect([...memory.docs.keys()]).toEqual(['kept.example']);
  expect(memory.docs.get('kept.example')!.pending.requests.map((r) => r.ip)).toEqual(['192.0.2.1', '192.0.2.2']);
  expect(warnings).toEqual([
    `buffalogs.web.virusTotal: ${MAX_PENDING_DOMAINS} referrer domains already wait for a lookup in r; 1 more are not remembered (their requests will not alert if a later lookup finds them malicious)`,
  ]);
});

/** A store whose memory holds these domains, each deferred at its minute, with the addresses given. */
function waiting(entries: ReadonlyArray<[domain: string, minute: number, ...ips: string[]]>) {
  const store = quotaStore();
  const memory = store as unknown as ReturnType<typeof pendingMemory>;
  for (const [domain, minute, ...ips] of entries) {
    const pending = nextPending(
      undefined,
      domain,
      { witnesses: ips, requests: ips.map((ip) => request(ip, domain)) },
      'budget',
      minute * 60_000,
    );
    memory.docs.set(domain, { pending, seqNo: 1, primaryTerm: 1 });
  }
  return { store, memory };
}
const evil = (domain: string): LookupResult => ({
  status: 'found',
  report: { domain, malicious: 5, suspicious: 0, harmless: 1, undetected: 0 },
});
const alone = { partition: 0, partitions: 1 };
/** Noon: the day's even pace leaves room (a sweep at 00:01 would have almost none). */
const NOON = 12 * 3_600_000;

test('the budget a pass left goes to the longest waiting domains, a few at most, and the malicious come back to be judged late', async () => {
  // Before: a domain was looked up only when it referred again; a one-off's memory expired unheard of.
  const { store } = waiting([
    ['new.example', 30, '192.0.2.1', '192.0.2.2'],
    ...Array.from(
      { length: 6 },
      (_, i) => [`old-${i}.example`, i, '192.0.2.1', '192.0.2.2'] as [string, number, ...string[]],
    ),
  ]);
  const vt = provider({ 'old-1.example': evil('old-1.example') });
  const service = reputationService(store, vt, { ...settings, perMinute: 10 }, () => {});
  const swept = await service.sweep(NOON, alone);
  expect(vt.asked).toEqual(['old-0.example', 'old-1.example', 'old-2.example', 'old-3.example']);
  expect(MAX_SWEEP_LOOKUPS).toBe(4);
  expect(swept.lookups).toBe(4);
  // Every answer resolves its memory (to be forgotten); only the malicious one carries a report to alert on.
  expect(swept.resolved.map((r) => [r.stored.pending.domain, r.report?.malicious])).toEqual([
    ['old-0.example', undefined],
    ['old-1.example', 5],
    ['old-2.example', undefined],
    ['old-3.example', undefined],
  ]);
  expect(swept.resolved[1].stored.pending.requests.map((r) => r.ip)).toEqual(['192.0.2.1', '192.0.2.2']);
  expect(service.counters).toMatchObject({ looked_up: 4 });
});

test("only the budget the pass's own lookups left: a spent minute, or a day spent ahead of its pace, asks nothing", async () => {
  const { store } = waiting([['old.example', 0, '192.0.2.1', '192.0.2.2']]);
  const vt = provider({});
  const service = reputationService(store, vt, settings, () => {});
  // The pass spent the minute's 4 on its own referrers first.
  await service.reports(domains('a.example', 'b.example', 'c.example', 'd.example'), NOON);
  expect((await service.sweep(NOON, alone)).lookups).toBe(0);
  expect(vt.asked).toEqual(['a.example', 'b.example', 'c.example', 'd.example']);
  // A fresh minute at 00:30: the day's even pace is 500 × 30/1440 = 10 lookups, already spent by 00:29's referrers.
  const early = waiting([['old.example', 0, '192.0.2.1', '192.0.2.2']]);
  const morning = reputationService(early.store, provider({}), { ...settings, perMinute: 20 }, () => {});
  const ten = Array.from({ length: 10 }, (_, i) => `r${i}.example`);
  await morning.reports(domains(...ten), 29 * 60_000);
  expect(pacedDayLimit(settings, 30 * 60_000)).toBe(10);
  expect((await morning.sweep(30 * 60_000, alone)).lookups).toBe(0);
  expect((await morning.sweep(33 * 60_000, alone)).lookups).toBe(1);
});

test('a one-off waits for its share as in a pass; a corroborated domain behind it still gets the budget', async () => {
  const { store } = waiting([
    ['one-off.example', 0, '192.0.2.1'],
    ['other-one-off.example', 1, '192.0.2.2'],
    ['seen-twice.example', 2, '192.0.2.3', '192.0.2.4'],
  ]);
  const claims: boolean[] = [];
  const claim = store.claim.bind(store);
  store.claim = async (limits, now, signal, exhaust, uncorroborated = false, paced = false) => {
    claims.push(uncorroborated);
    expect(paced).toBe(true);
    return claim(limits, now, signal, exhaust, uncorroborated, paced);
  };
  const vt = provider({});
  // A share of 0: no lookups at all for domains seen from fewer than minAddresses (2) addresses.
  const service = reputationService(store, vt, { ...settings, uncorroboratedShare: 0 }, () => {});
  await service.sweep(NOON, alone);
  expect(vt.asked).toEqual(['seen-twice.example']);
  // Refused once for a one-off, the next one-off is not claimed for again.
  expect(claims).toEqual([true, false]);
});

test('a domain answered meanwhile is resolved from the cache without a lookup; one forgotten meanwhile is skipped', async () => {
  const { store, memory } = waiting([
    ['cached.example', 0, '192.0.2.1'],
    ['gone.example', 1, '192.0.2.2'],
  ]);
  const report = { domain: 'cached.example', malicious: 5, suspicious: 0, harmless: 1, undetected: 0 };
  store.cached = async (names: readonly string[]) =>
    new Map(
      names
        .filter((d) => d === 'cached.example')
        .map((d) => [d, { domain: d, status: 'found', report, checkedAt: 0, expiresAt: 2 * NOON } as CachedReputation]),
    );
  // The search still lists gone.example (not refreshed), but reading it by id finds nothing.
  const pending = store.pending.bind(store);
  store.pending = async (names, signal) => {
    memory.docs.delete('gone.example');
    return pending(names, signal);
  };
  const vt = provider({});
  const service = reputationService(store, vt, settings, () => {});
  const swept = await service.sweep(NOON, alone);
  expect(vt.asked).toEqual([]);
  expect(swept.resolved.map((r) => [r.stored.pending.domain, r.report?.malicious])).toEqual([['cached.example', 5]]);
});

test("each partition's pass sweeps its own domains: two never ask VirusTotal about the same one", async () => {
  const names = Array.from({ length: 8 }, (_, i) => `w${i}.example`);
  const { store } = waiting(names.map((d, i) => [d, i, '192.0.2.1', '192.0.2.2'] as [string, number, ...string[]]));
  const asked: string[][] = [];
  for (const partition of [0, 1]) {
    const vt = provider({});
    await reputationService(store, vt, { ...settings, perMinute: 100 }, () => {}).sweep(NOON, {
      partition,
      partitions: 2,
    });
    expect(vt.asked.every((d) => partitionOf(d, 2) === partition)).toBe(true);
    asked.push(vt.asked);
  }
  expect(new Set(asked.flat()).size).toBe(asked.flat().length);
  expect(asked.flat().length).toBeGreaterThan(0);
});

test('a VirusTotal that is down or refusing fails no pass: the sweep stops, the domains keep waiting', async () => {
  const warnings: string[] = [];
  const { store, memory } = waiting([
    ['a.example', 0, '192.0.2.1', '192.0.2.2'],
    ['b.example', 1, '192.0.2.1', '192.0.2.2'],
  ]);
  const down = provider({ 'a.example': { status: 'unreachable', message: 'VirusTotal unreachable: ECONNREFUSED' } });
  const swept = await reputationService(store, down, settings, (m) => warnings.push(m)).sweep(NOON, alone);
  expect(down.asked).toEqual(['a.example']);
  expect(swept.resolved).toEqual([]);
  expect(warnings).toHaveLength(1);
  const refused = provider({ 'a.example': { status: 'rate_limited' } });
  await reputationService(store, refused, settings, () => {}).sweep(NOON + 60_000, alone);
  expect(refused.asked).toEqual(['a.example']);
  expect([...memory.docs.keys()]).toEqual(['a.example', 'b.example']);
  // A pass whose own lookups found the key refused sweeps nothing.
  const key = provider({ 'x.example': { status: 'unauthorized' } });
  const service = reputationService(store, key, settings, () => {});
  await service.reports(domains('x.example'), NOON + 120_000);
  await service.sweep(NOON + 120_000, alone);
  expect(key.asked).toEqual(['x.example']);
  // An index that cannot be searched: one warning, nothing thrown.
  store.oldestPending = async () => Promise.reject(new Error('search_phase_execution_exception'));
  const blind: string[] = [];
  await reputationService(store, provider({}), settings, (m) => blind.push(m)).sweep(NOON, alone);
  expect(blind).toHaveLength(1);
  expect(blind[0]).toContain('could not be read');
});

/**
 * How a pass spends its lookups when the provider refuses: a 429 stops the batch and marks the minute spent for every
 * node, a refused key or a provider that does not answer stops lookups for the pass with one warning, a failure is
 * counted and asked again later.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { reputationService } from './service';
import type { CachedReputation, QuotaLimits, ReputationStore } from './store';
import { virusTotalClient, type DomainLookup, type LookupResult } from './virustotal';

function fakeStore(budget: number) {
  const saved: CachedReputation[] = [];
  const claims: Array<{ exhaust: boolean }> = [];
  let left = budget;
  const store = {
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

const settings = { perMinute: 4, perDay: 500, cacheTtlMs: 7 * 86_400_000, maxLookupsPerBatch: 50 };
const domains = (...names: string[]) => new Map(names.map((n, i) => [n, 100 - i]));

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
  const requests: string[] = [];
  const silent = createServer((req) => void requests.push(req.url ?? ''));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/api/v3`;
    const { store, saved } = fakeStore(100);
    const warnings: string[] = [];
    const vt = virusTotalClient({ url, apiKey: 'k'.repeat(64), timeoutMs: 150 });
    const service = reputationService(store, vt, settings, (m) => warnings.push(m));
    const t0 = performance.now();
    await service.reports(domains('a.example', 'b.example', 'c.example', 'd.example', 'e.example'), 0);
    await service.reports(domains('f.example'), 0);
    expect(performance.now() - t0).toBeLessThan(600);
    expect(requests).toEqual(['/api/v3/domains/a.example']);
    expect(service.counters).toEqual({ cached: 0, looked_up: 0, deferred: 5, failed: 1 });
    expect(saved).toEqual([]);
    expect(warnings).toEqual([
      'buffalogs.web.virusTotal: VirusTotal unreachable: no answer in 150 ms; no more lookups in this pass (domains are asked again later)',
    ]);
  } finally {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
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

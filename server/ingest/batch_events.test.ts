import { emptyEnrichmentStats, UserAgentParser, type GeoIp } from '../enrichment';
import { readBatchEvents, sameJson } from './batch_events';
import { throwIfIncomplete } from '../storage';
import type { PointInTime } from './point_in_time';

describe('sameJson: when two logins may share one source / user_agent object', () => {
  it('is structural, whatever the key order', () => {
    expect(
      sameJson(
        { ip: '10.0.0.1', geo: { location: { lat: 1, lon: 2 } } },
        { geo: { location: { lon: 2, lat: 1 } }, ip: '10.0.0.1' },
      ),
    ).toBe(true);
    expect(sameJson(['a', { b: 1 }], ['a', { b: 1 }])).toBe(true);
  });

  it('tells apart a differing value, a missing or extra key, arrays from objects, null', () => {
    expect(sameJson({ ip: '10.0.0.1' }, { ip: '10.0.0.2' })).toBe(false);
    expect(sameJson({ ip: '10.0.0.1' }, { ip: '10.0.0.1', port: 22 })).toBe(false);
    expect(sameJson({ ip: '10.0.0.1', port: 22 }, { ip: '10.0.0.1' })).toBe(false);
    expect(sameJson({ a: undefined }, { b: undefined })).toBe(false);
    expect(sameJson([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameJson({ as: null }, { as: {} })).toBe(false);
    expect(sameJson(undefined, {})).toBe(false);
    expect(sameJson(['x'], ['x', 'y'])).toBe(false);
  });
});

test('a failed shard or a timed-out search fails the read, naming the index and the reason', () => {
  expect(() => throwIfIncomplete({ _shards: { failed: 0 } })).not.toThrow();
  expect(() =>
    throwIfIncomplete({
      _shards: {
        failed: 1,
        failures: [
          { index: 'logs-a', reason: { type: 'search_context_missing_exception', reason: 'No search context found' } },
        ],
      },
    }),
  ).toThrow(
    '1 shard(s) failed to answer a detection read in logs-a: search_context_missing_exception: No search context found',
  );
  expect(() => throwIfIncomplete({ timed_out: true, _shards: { failed: 0 } })).toThrow(
    'timed out with partial results',
  );
});

test('logins repeating a source are enriched once and share the result; a new source is looked up on its own', async () => {
  const lookups: string[] = [];
  const geoIp = {
    hasCity: true,
    hasAsn: false,
    city: (ip: string) => {
      lookups.push(ip);
      return ip === '198.51.100.7'
        ? { lat: 45.46, lon: 9.19, countryIso: 'IT', countryName: 'Italy' }
        : { lat: 35.68, lon: 139.69, countryIso: 'JP' };
    },
    asn: () => undefined,
  } as unknown as GeoIp;
  const hit = (i: number, ip: string) => ({
    _index: 'logs-auth',
    _id: `e${i}`,
    _source: {
      '@timestamp': new Date(Date.UTC(2025, 0, 1, i)).toISOString(),
      event: { category: ['authentication'], outcome: 'success', type: ['start'] },
      user: { name: 'alice' },
      source: { ip },
      user_agent: { original: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0' },
    },
    sort: [i],
  });
  const hits = [hit(1, '198.51.100.7'), hit(2, '198.51.100.7'), hit(3, '203.0.113.9'), hit(4, '198.51.100.7')];
  const pit = { search: async () => ({ hits: { hits } }) } as unknown as PointInTime;
  const read = await readBatchEvents(pit, { match_all: {} }, ['alice'], {
    pageSize: 10,
    eventType: 'start',
    enricher: { userAgents: new UserAgentParser(), geoIp, stats: emptyEnrichmentStats() },
  });
  expect(
    read.events.map((e) => [
      e.id,
      e.geo?.countryIso,
      (e.ecs.source?.geo as { country_iso_code?: string } | undefined)?.country_iso_code,
    ]),
  ).toEqual([
    ['e1', 'IT', 'IT'],
    ['e2', 'IT', 'IT'],
    ['e3', 'JP', 'JP'],
    ['e4', 'IT', 'IT'],
  ]);
  // e2 repeats e1's source: no second lookup; e4 follows e3's different one, so it is looked up again.
  expect(lookups).toEqual(['198.51.100.7', '203.0.113.9', '198.51.100.7']);
  expect(read.events[1].ecs).toBe(read.events[0].ecs);
  expect(read.events[0].userAgent?.browserName).toBe('Chrome');
});

test('a slice that fails stops the other slices instead of letting them read on', async () => {
  const calls = [0, 0];
  const page = (n: number) => ({
    hits: {
      hits: Array.from({ length: 2 }, (_, i) => ({
        _index: 'logs',
        _id: `${n}-${i}`,
        _source: {
          '@timestamp': '2025-01-01T00:00:00Z',
          event: { category: ['authentication'], outcome: 'success' },
          user: { name: 'bob' },
        },
        sort: [n * 2 + i],
      })),
    },
  });
  const pit = {
    search: async (request: { slice: { id: number } }, signal?: AbortSignal) => {
      const id = request.slice.id;
      calls[id]++;
      await new Promise((r) => setTimeout(r, 5));
      if (signal?.aborted) throw signal.reason;
      if (id === 1) throw new Error('shard failed on slice 1');
      return page(calls[0]); // slice 0 would page forever
    },
  } as unknown as PointInTime;
  await expect(
    readBatchEvents(pit, { match_all: {} }, ['bob'], {
      pageSize: 2,
      slices: 2,
      eventType: 'any',
      enricher: { userAgents: new UserAgentParser(), stats: emptyEnrichmentStats() },
    }),
  ).rejects.toThrow('shard failed on slice 1');
  await new Promise((r) => setTimeout(r, 50));
  expect(calls[0]).toBeLessThanOrEqual(3);
});

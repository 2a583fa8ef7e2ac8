/** Folding referrer URLs into domains: what the site's own domains, junk referrers and hostile keys become. */
import type { estypes } from '@elastic/elasticsearch';
import { API_LIMITS } from '../../common/api';
import { HISTOGRAM_INTERVAL_MS, MAX_HISTOGRAM_BUCKETS } from './alert_stats';
import {
  ES_MAX_BUCKETS,
  MAX_REFERRERS_FOLDED,
  buildAddressSearch,
  buildPagesSearch,
  buildReferrerAddressesSearch,
  buildReferrersSearch,
  buildTimelineSearch,
  buildTrafficSearch,
  buildWebAlertsSearch,
  foldReferrers,
  shapeReferrers,
  type FoldedReferrers,
} from './web_traffic';

const answer = (referrers: Array<[string, number]>, siteDomains: string[] = [], other = 0) =>
  ({
    hits: { total: { value: 100, relation: 'eq' }, hits: [] },
    aggregations: {
      referrers: {
        sum_other_doc_count: other,
        buckets: referrers.map(([key, n]) => ({ key, doc_count: n })),
      },
      without_referrer: { doc_count: 7 },
      site_domains: { buckets: siteDomains.map((key) => ({ key, doc_count: 1 })) },
    },
  }) as unknown as estypes.SearchResponse;

/** The addresses search's answer as Elasticsearch sends it (parsed JSON: a `__proto__` key is an own property). */
const addressesAnswer = (counts: Record<string, number>) =>
  JSON.parse(
    JSON.stringify({
      hits: { hits: [] },
      aggregations: {
        domains: {
          buckets: Object.fromEntries(
            Object.entries(counts).map(([k, v]) => [k, { doc_count: v, addresses: { value: v } }]),
          ),
        },
      },
    }),
  ) as estypes.SearchResponse;

const range = { from: '2026-01-01T00:00:00Z', to: '2026-01-08T00:00:00Z' };

test('URLs of one host add up and are counted together; the site, its bare domain and subdomains are left out', () => {
  const folded = foldReferrers(
    answer([
      ['https://www.example.org/a', 50],
      ['http://example.org/', 5],
      ['https://blog.example.org/x', 3],
      ['https://www.baidu.com/s?wd=x', 4],
      ['https://WWW.BAIDU.COM:443/', 2],
      ['http://other.test/', 1],
    ]),
    ['www.example.org'],
    10,
  );
  expect(folded.domains).toEqual([
    { domain: 'www.baidu.com', requests: 6, referrers: ['https://www.baidu.com/s?wd=x', 'https://WWW.BAIDU.COM:443/'] },
    { domain: 'other.test', requests: 1, referrers: ['http://other.test/'] },
  ]);
  expect(folded).toMatchObject({ site_domains: ['www.example.org'], without_referrer: 7, partial: false });

  // The distinct addresses of a domain: one filter over all its URLs, so an address behind two of them counts once.
  const search = buildReferrerAddressesSearch(['web'], range, folded)!;
  expect((search.aggs!.domains as { filters: { filters: unknown } }).filters.filters).toEqual({
    'www.baidu.com': { terms: { 'http.request.referrer': folded.domains[0].referrers } },
    'other.test': { terms: { 'http.request.referrer': ['http://other.test/'] } },
  });
  expect(shapeReferrers(folded, addressesAnswer({ 'www.baidu.com': 2, 'other.test': 1 })).domains).toEqual([
    { domain: 'www.baidu.com', requests: 6, addresses: 2 },
    { domain: 'other.test', requests: 1, addresses: 1 },
  ]);
});

test('the host the logs name (url.domain) is the site too; referrers that are no URL name no domain', () => {
  const folded = foldReferrers(
    answer(
      [
        ['https://shop.test/p', 9],
        ['__proto__', 3],
        ['javascript:alert(1)', 2],
        ['http://__proto__/', 1],
      ],
      ['shop.test'],
      12,
    ),
    [],
    10,
  );
  expect(folded.domains).toEqual([{ domain: '__proto__', requests: 1, referrers: ['http://__proto__/'] }]);
  expect(shapeReferrers(folded, addressesAnswer({ ['__proto__']: 1 })).domains).toEqual([
    { domain: '__proto__', requests: 1, addresses: 1 },
  ]);
  // An answer without that bucket reads as none, not as something inherited.
  expect(shapeReferrers(folded, addressesAnswer({})).domains[0].addresses).toBe(0);
  expect(Object.prototype).not.toHaveProperty('requests');
  expect(folded).toMatchObject({ site_domains: ['shop.test'], partial: true });
});

test('at most `size` domains; none to count asks Elasticsearch nothing more', () => {
  const many = Array.from({ length: 30 }, (_, i): [string, number] => [`http://d${i}.test/`, 30 - i]);
  expect(foldReferrers(answer(many), [], 5).domains.map((d) => d.domain)).toEqual([
    'd0.test',
    'd1.test',
    'd2.test',
    'd3.test',
    'd4.test',
  ]);
  const none = foldReferrers(answer([]), [], 5);
  expect(buildReferrerAddressesSearch(['web'], range, none)).toBeUndefined();
  expect(shapeReferrers(none, undefined).domains).toEqual([]);
});

test('a count past the exact range of Elasticsearch cardinality says it is an estimate', () => {
  const folded = foldReferrers(
    answer([
      ['https://busy.test/', 90_000],
      ['https://calm.test/', 40_000],
    ]),
    [],
    10,
  );
  expect(shapeReferrers(folded, addressesAnswer({ 'busy.test': 61_234, 'calm.test': 40_000 })).domains).toEqual([
    { domain: 'busy.test', requests: 90_000, addresses: 61_234, addresses_estimated: true },
    { domain: 'calm.test', requests: 40_000, addresses: 40_000 },
  ]);
});

// ---- bucket budget --------------------------------------------------------------------------------------------

type Agg = Record<string, unknown> & { aggs?: Record<string, Agg> };
/** A calendar month can be 28 days: the shortest length gives the most buckets. */
const SHORTEST_MS = { ...HISTOGRAM_INTERVAL_MS, month: 28 * 86_400_000 };

/** The most buckets `aggs` can make, as Elasticsearch counts them against search.max_buckets. */
function mostBuckets(aggs: Record<string, Agg> | undefined): number {
  let total = 0;
  for (const agg of Object.values(aggs ?? {})) {
    let own: number;
    if (agg.terms) own = (agg.terms as { size: number }).size;
    else if (agg.filters) {
      const f = agg.filters as { filters: object; other_bucket_key?: string };
      own = Object.keys(f.filters).length + (f.other_bucket_key ? 1 : 0);
    } else if (agg.date_histogram) {
      const h = agg.date_histogram as {
        calendar_interval: keyof typeof SHORTEST_MS;
        extended_bounds: { min: number; max: number };
      };
      own = Math.floor((h.extended_bounds.max - h.extended_bounds.min) / SHORTEST_MS[h.calendar_interval]) + 2;
    } else if (agg.filter || agg.missing) own = 1;
    else if (agg.cardinality || agg.min || agg.max) own = 0;
    else throw new Error(`no bucket count for ${Object.keys(agg).join()}`);
    total += own * (1 + mostBuckets(agg.aggs));
  }
  return total;
}

test('no web search can ask for more buckets than Elasticsearch allows, at the largest sizes and ranges', () => {
  const top = API_LIMITS.maxWebTop;
  const searches: Array<[string, estypes.SearchRequest]> = [
    ['traffic', buildTrafficSearch(['web'], range)],
    ['pages', buildPagesSearch(['web'], range, top)],
    ['referrers', buildReferrersSearch(['web'], range)],
    ['alerts', buildWebAlertsSearch('alerts', { ...range, page: 1, size: 25 })],
  ];
  const folded: FoldedReferrers = {
    domains: Array.from({ length: top }, (_, i) => ({ domain: `d${i}.test`, requests: 1, referrers: ['x'] })),
    site_domains: [],
    without_referrer: 0,
    total: 0,
    partial: true,
  };
  searches.push(['referrer addresses', buildReferrerAddressesSearch(['web'], range, folded)!]);
  // The longest range each interval allows (a longer one is a 400 before any search).
  for (const interval of ['hour', 'day', 'week', 'month'] as const) {
    const to = new Date(Date.parse(range.from) + MAX_HISTOGRAM_BUCKETS * HISTOGRAM_INTERVAL_MS[interval]).toISOString();
    const long = { from: range.from, to, interval };
    searches.push([`timeline by ${interval}`, buildTimelineSearch(['web'], long).request]);
    searches.push([`address by ${interval}`, buildAddressSearch(['web'], long, '192.0.2.1', top).request]);
  }
  const counted = searches.map(([name, search]) => ({
    name,
    buckets: mostBuckets(search.aggs as Record<string, Agg>),
  }));
  expect(counted.filter((c) => c.buckets > ES_MAX_BUCKETS)).toEqual([]);
  // The referrer URLs, their missing bucket and the logged site domains: nothing is read per URL any more.
  expect(counted.find((c) => c.name === 'referrers')?.buckets).toBe(MAX_REFERRERS_FOLDED + 1 + 10);
});

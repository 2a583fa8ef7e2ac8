/** Folding referrer URLs into domains: what the site's own domains, junk referrers and hostile keys become. */
import type { estypes } from '@elastic/elasticsearch';
import { shapeReferrers } from './web_traffic';

const answer = (referrers: Array<[string, number, string[]]>, siteDomains: string[] = [], other = 0) =>
  ({
    hits: { total: { value: 100, relation: 'eq' }, hits: [] },
    aggregations: {
      referrers: {
        sum_other_doc_count: other,
        buckets: referrers.map(([key, n, ips]) => ({
          key,
          doc_count: n,
          addresses: { buckets: ips.map((ip) => ({ key: ip, doc_count: 1 })) },
        })),
      },
      without_referrer: { doc_count: 7 },
      site_domains: { buckets: siteDomains.map((key) => ({ key, doc_count: 1 })) },
    },
  }) as unknown as estypes.SearchResponse;

test('URLs of one host add up, with distinct addresses; the site, its bare domain and subdomains are left out', () => {
  const shaped = shapeReferrers(
    answer([
      ['https://www.example.org/a', 50, ['10.0.0.1']],
      ['http://example.org/', 5, ['10.0.0.1']],
      ['https://blog.example.org/x', 3, ['10.0.0.2']],
      ['https://www.baidu.com/s?wd=x', 4, ['10.0.0.3', '10.0.0.4']],
      ['https://WWW.BAIDU.COM:443/', 2, ['10.0.0.3']],
      ['http://other.test/', 1, ['10.0.0.5']],
    ]),
    ['www.example.org'],
    10,
  );
  expect(shaped.domains).toEqual([
    { domain: 'www.baidu.com', requests: 6, addresses: 2 },
    { domain: 'other.test', requests: 1, addresses: 1 },
  ]);
  expect(shaped).toMatchObject({ site_domains: ['www.example.org'], without_referrer: 7, partial: false });
});

test('the host the logs name (url.domain) is the site too; referrers that are no URL name no domain', () => {
  const shaped = shapeReferrers(
    answer(
      [
        ['https://shop.test/p', 9, ['10.0.0.1']],
        ['__proto__', 3, ['10.0.0.2']],
        ['javascript:alert(1)', 2, ['10.0.0.2']],
        ['http://__proto__/', 1, ['10.0.0.2']],
      ],
      ['shop.test'],
      12,
    ),
    [],
    10,
  );
  expect(shaped.domains).toEqual([{ domain: '__proto__', requests: 1, addresses: 1 }]);
  expect(Object.prototype).not.toHaveProperty('requests');
  expect(shaped).toMatchObject({ site_domains: ['shop.test'], partial: true });
});

test('at most `size` domains', () => {
  const many = Array.from({ length: 30 }, (_, i): [string, number, string[]] => [`http://d${i}.test/`, 30 - i, []]);
  expect(shapeReferrers(answer(many), [], 5).domains.map((d) => d.domain)).toEqual([
    'd0.test',
    'd1.test',
    'd2.test',
    'd3.test',
    'd4.test',
  ]);
});

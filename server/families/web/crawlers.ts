/**
 * Known crawlers, labeled on alerts (never hidden: a crawler hammering 404s still costs the server, and anyone can
 * claim to be Googlebot). A user agent naming a crawler is a claim; the claim is confirmed when the event's
 * `source.as.number` is one its operator documents. Reverse DNS (the operators' own recommended check) needs a
 * lookup the pure core cannot make and the access logs do not carry, so it is not used.
 *
 * Sources: Google "Verifying Googlebot" (AS15169), Bing "Verifying Bingbot" (AS8075), Apple "About Applebot"
 * (AS714/AS6185), Yandex (AS13238), Baidu (AS55967), Meta's crawler (AS32934); the rest publish user agents only.
 */
export interface CrawlerLabel {
  name: string;
  /** `asn`: the address's AS is the operator's; `user_agent`: only the user agent says so. */
  verified_by: 'asn' | 'user_agent';
}

const CRAWLERS: ReadonlyArray<{ token: string; name: string; asns: readonly number[] }> = [
  { token: 'googlebot', name: 'Googlebot', asns: [15169, 396982] },
  { token: 'bingbot', name: 'Bingbot', asns: [8075] },
  { token: 'applebot', name: 'Applebot', asns: [714, 6185] },
  { token: 'yandexbot', name: 'YandexBot', asns: [13238] },
  { token: 'baiduspider', name: 'Baiduspider', asns: [55967, 38365] },
  { token: 'facebookexternalhit', name: 'Facebook crawler', asns: [32934] },
  { token: 'duckduckbot', name: 'DuckDuckBot', asns: [] },
  { token: 'ahrefsbot', name: 'AhrefsBot', asns: [] },
  { token: 'semrushbot', name: 'SemrushBot', asns: [] },
  { token: 'mj12bot', name: 'MJ12bot', asns: [] },
  { token: 'petalbot', name: 'PetalBot', asns: [] },
  { token: 'dotbot', name: 'DotBot', asns: [] },
  { token: 'seznambot', name: 'SeznamBot', asns: [] },
  { token: 'sogou', name: 'Sogou spider', asns: [] },
  { token: 'twitterbot', name: 'Twitterbot', asns: [] },
];

export function crawlerLabel(userAgent: string | undefined, asNumber: number | undefined): CrawlerLabel | undefined {
  if (!userAgent) return undefined;
  const lower = userAgent.slice(0, 512).toLowerCase();
  const crawler = CRAWLERS.find((c) => lower.includes(c.token));
  if (!crawler) return undefined;
  return {
    name: crawler.name,
    verified_by: asNumber !== undefined && crawler.asns.includes(asNumber) ? 'asn' : 'user_agent',
  };
}

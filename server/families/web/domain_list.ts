/**
 * The offline list of malicious referrer domains (`buffalogs.web.maliciousDomainsFile`): one domain a line, `#`
 * comments, blank lines ignored. Bad lines are reported with their number and reason; the rest of the list is used.
 */
export interface DomainList {
  domains: string[];
  bad: Array<{ line: number; reason: string }>;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

export function parseDomainList(text: string): DomainList {
  const domains = new Set<string>();
  const bad: DomainList['bad'] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim().toLowerCase().replace(/\.$/, '');
    if (line === '') return;
    if (line.length > 253 || !DOMAIN.test(line))
      bad.push({ line: i + 1, reason: `not a domain name: "${raw.slice(0, 80)}"` });
    else domains.add(line);
  });
  return { domains: [...domains].sort(), bad };
}

/** The listed domain a host falls under (`a.evil.example` under `evil.example`), or undefined. */
export function listedDomain(host: string, domains: ReadonlySet<string>): string | undefined {
  let candidate = host.toLowerCase().replace(/\.$/, '');
  for (let guard = 0; guard < 127 && candidate.includes('.'); guard++) {
    if (domains.has(candidate)) return candidate;
    candidate = candidate.slice(candidate.indexOf('.') + 1);
  }
  return undefined;
}

/** The host of an absolute http(s) referrer, or undefined (`-`, relative, other schemes, garbage). */
export function referrerHost(referrer: string | undefined): string | undefined {
  if (!referrer || referrer.length > 8192) return undefined;
  const match = /^https?:\/\/([^/?#\s]{1,300})/i.exec(referrer);
  if (!match) return undefined;
  const host = match[1]
    .replace(/^[^@]*@/, '')
    .replace(/:\d{1,5}$/, '')
    .toLowerCase();
  return host === '' ? undefined : host;
}

/**
 * Whether a referrer host is a domain name a reputation provider can be asked about: a syntactically valid name whose
 * last label is not all digits (so `203.0.113.7` is an address, not a domain).
 */
export function isDomainName(host: string): boolean {
  if (host.length > 253 || !DOMAIN.test(host)) return false;
  return !/^\d+$/.test(host.slice(host.lastIndexOf('.') + 1));
}

/**
 * Whether a host is the site itself: one of its domains or under one, `www.` of a configured domain counting as the
 * domain (internal navigation: left out of the top referrers and never looked up).
 */
export function isSiteHost(host: string, siteDomains: readonly string[]): boolean {
  return siteDomains.some((d) => {
    const bare = d.replace(/^www\./, '');
    return host === d || host === bare || host.endsWith(`.${bare}`);
  });
}

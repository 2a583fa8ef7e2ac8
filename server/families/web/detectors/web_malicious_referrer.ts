/**
 * Referrers from malicious domains: the referrer's host is on the offline list (or under a listed domain). One alert
 * per address and domain per cooldown.
 */
import { listedDomain, referrerHost } from '../domain_list';
import type { WebDetector } from './detector';

export const webMaliciousReferrer: WebDetector = (event, { maliciousDomains, raise }) => {
  if (maliciousDomains.size === 0) return;
  const host = referrerHost(event.referrer);
  const domain = host ? listedDomain(host, maliciousDomains) : undefined;
  if (!domain) return;
  raise({
    rule: 'web_malicious_referrer',
    severity: 'medium',
    key: `web_malicious_referrer:${domain}`,
    message: `${event.ip} came from ${host}, on the malicious-domain list as ${domain}`,
    evidence: {
      referrer: event.referrer!.slice(0, 500),
      referrer_host: host,
      listed_domain: domain,
      list: 'buffalogs.web.maliciousDomains',
    },
  });
};

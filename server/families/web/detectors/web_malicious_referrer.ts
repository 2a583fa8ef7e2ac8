/**
 * Referrers from malicious domains: the referrer's host is on the offline list (or under a listed domain), or
 * VirusTotal's report on it has at least `maliciousEngines` engines calling it malicious. One alert per address and
 * domain per cooldown. The offline list wins when both know a domain: it is the organisation's own word.
 */
import { listedDomain, referrerHost } from '../domain_list';
import type { DomainReport } from '../reputation/virustotal';
import type { Raise, WebDetector } from './detector';

export const webMaliciousReferrer: WebDetector = (event, { maliciousDomains, reputation, raise }) => {
  if (maliciousDomains.size === 0 && !reputation?.reports.size) return;
  const host = referrerHost(event.referrer);
  if (!host) return;
  const domain = listedDomain(host, maliciousDomains);
  if (domain) {
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
    return;
  }
  const report = reputation?.reports.get(host);
  if (!report || report.malicious < reputation!.maliciousEngines) return;
  raise(virusTotalRaise(event.ip, event.referrer!, host, report, reputation!.maliciousEngines));
};

/** The alert for a referral from a domain VirusTotal's engines call malicious (judged in time, or late: core.ts). */
export function virusTotalRaise(
  ip: string,
  referrer: string,
  host: string,
  report: DomainReport,
  threshold: number,
): Raise {
  const engines = report.malicious + report.suspicious + report.harmless + report.undetected;
  return {
    rule: 'web_malicious_referrer',
    severity: 'medium',
    key: `web_malicious_referrer:${host}`,
    message:
      `${ip} came from ${host}, which ${report.malicious} of ${engines} VirusTotal engines call malicious` +
      ` (threshold ${threshold})`,
    evidence: {
      referrer: referrer.slice(0, 500),
      referrer_host: host,
      list: 'virustotal',
      virustotal: {
        malicious: report.malicious,
        suspicious: report.suspicious,
        harmless: report.harmless,
        undetected: report.undetected,
        engines,
        threshold,
        ...(report.reputation !== undefined ? { reputation: report.reputation } : {}),
        ...(report.analysedAt !== undefined ? { analysed_at: new Date(report.analysedAt).toISOString() } : {}),
      },
    },
  };
}

/**
 * Anonymous IP: the login comes from an anonymising network. Signals, checked in this order: BuffaLogs'
 * `source.intelligence_category` enrichment (exactly `anonymizer` in the buffalogs profile), a CIDR list (e.g. Tor
 * exits), an ASN list (VPN providers). Fires on any login, even the user's first and even without geolocation.
 */
import type { AnonymousIpEvidence } from '../../../common/alert_document';
import type { LoginEvent } from '../types';
import type { LoginDetector } from './detector';

export const anonymousIpDetector: LoginDetector<AnonymousIpEvidence> = {
  id: 'anonymous_ip',
  name: 'Login from an anonymous IP',
  description: 'The login came from an anonymising network (VPN, proxy, Tor) according to the configured signals.',
  evaluate({ event, cc }) {
    if (!cc.config.anonymousIp.enabled) return undefined;
    const category = event.intelligenceCategory;
    if (category !== undefined && category !== '') {
      const key = cc.config.anonymousIp.caseInsensitive ? category.toLowerCase() : category;
      if (cc.anonymousCategories.has(key)) {
        return { kind: 'anonymous_ip', signal: 'source.intelligence_category', matched: category, ...ipOf(event) };
      }
    }
    if (event.ip !== undefined && cc.anonymousCidrs.size > 0 && cc.anonymousCidrs.has(event.ip)) {
      return {
        kind: 'anonymous_ip',
        signal: 'cidr_list',
        matched: event.ip,
        list_name: 'anonymousIp.cidrs',
        ...ipOf(event),
      };
    }
    const asn = event.asn?.number;
    if (asn !== undefined && cc.anonymousAsns.has(asn)) {
      return {
        kind: 'anonymous_ip',
        signal: 'asn_list',
        matched: `AS${asn}`,
        list_name: 'anonymousIp.asns',
        ...ipOf(event),
      };
    }
    return undefined;
  },
  severity: () => 'medium',
  message(user, e) {
    const from = e.ip !== undefined ? ` ${e.ip}` : '';
    if (e.signal === 'source.intelligence_category') {
      return `Login for ${user} from anonymous IP${from}: source.intelligence_category is "${e.matched}"`;
    }
    if (e.signal === 'cidr_list') return `Login for ${user} from anonymous IP${from}: in a range of ${e.list_name}`;
    return `Login for ${user} from anonymous IP${from}: ${e.matched} is in ${e.list_name}`;
  },
};

/**
 * The evidence's `ip` part, built only when the detector fires: it runs on every login and mostly finds nothing, so
 * it allocates nothing then (a module function, not a closure: tsx's keepNames would name a closure on every call).
 */
function ipOf(event: LoginEvent): { ip?: string } {
  return event.ip !== undefined ? { ip: event.ip } : {};
}

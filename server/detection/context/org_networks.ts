/**
 * The organisation's own networks, learned from logins: the /24 (IPv4) and /48 (IPv6) prefixes and the ASNs that many
 * distinct users log in from — offices behind a NAT, VPN concentrators, virtual desktops. A login from one of them is
 * not evidence of travel or novelty, and failures from them are colleagues' typos, not a spray (issues 12 and 14).
 *
 * A /24 or /48 is the unit because a NAT pool or a concentrator rarely spans more, and an ISP's customers rarely share
 * one; an ASN only counts with many more users (a national ISP is shared by everyone at home, so `minUsersPerAsn` is
 * higher). Pure and bounded (see DistinctUsersByKey); the caller decides the window and the thresholds.
 */
import { networkOfAddress } from '../../../common/trust_network';
import { DistinctUsersByKey, type DistinctUsersOptions } from './distinct_users';

export interface NetworkLogin {
  user: string;
  timestamp: number;
  ip?: string;
  asn?: { number?: number; organization?: string };
}

export interface OrgNetworkThresholds {
  /** Distinct users from one /24 or /48 to call it the organisation's. */
  minUsersPerPrefix: number;
  /** Distinct users from one ASN to call it the organisation's. */
  minUsersPerAsn: number;
}

export const DEFAULT_ORG_NETWORK_THRESHOLDS: OrgNetworkThresholds = { minUsersPerPrefix: 10, minUsersPerAsn: 50 };

export interface OrgNetwork {
  kind: 'prefix' | 'asn';
  /** `93.34.200.0/24`, `2001:db8:12::/48`, or the AS number. */
  value: string;
  users: number;
  saturated: boolean;
  /** The AS organisation's name, when the logins carried it. */
  organization?: string;
  /** Trusted in Settings (`impossibleTravel.trustedCidrs`/`trustedAsns`), not learned: `value` is the login's match. */
  trusted?: boolean;
  /**
   * The verdict's population (verdict/population_context.ts): colleagues who arrived at this prefix from another
   * country faster than any journey, present from three (a count that stops there) — an egress (VPN
   * concentrator, virtual desktops) whose GeoIP place is not where its users are, unlike an office's NAT.
   */
  egressUsers?: number;
}

/** The /24 or /48 an address belongs to, written as a CIDR; undefined for anything that is not an address. */
export const networkPrefix: (ip: string) => string | undefined = networkOfAddress;

export class OrgNetworks {
  private readonly prefixes: DistinctUsersByKey;
  private readonly asns: DistinctUsersByKey;
  /** One name per ASN, bounded like the ASN counts (names of dropped ASNs are dropped with them on read). */
  private readonly asnNames = new Map<string, string>();

  constructor(
    readonly thresholds: OrgNetworkThresholds = DEFAULT_ORG_NETWORK_THRESHOLDS,
    bounds: DistinctUsersOptions = {},
  ) {
    // A saturated count is enough to pass either threshold.
    const maxUsersPerKey = Math.max(thresholds.minUsersPerPrefix, thresholds.minUsersPerAsn);
    this.prefixes = new DistinctUsersByKey({ maxUsersPerKey, ...bounds });
    this.asns = new DistinctUsersByKey({ maxUsersPerKey, ...bounds });
  }

  observe(login: NetworkLogin): void {
    if (!login.user || !Number.isFinite(login.timestamp)) return;
    const prefix = typeof login.ip === 'string' ? networkPrefix(login.ip) : undefined;
    if (prefix) this.prefixes.add(prefix, login.user, login.timestamp);
    const asn = login.asn?.number;
    if (Number.isInteger(asn) && asn! >= 0) {
      const key = String(asn);
      this.asns.add(key, login.user, login.timestamp);
      const org = login.asn?.organization;
      if (typeof org === 'string' && org && !this.asnNames.has(key) && this.asnNames.size < this.asns.maxKeys * 2)
        this.asnNames.set(key, org.slice(0, 200));
    }
  }

  /** The networks past their threshold, most used first: prefixes, then ASNs. */
  networks(): OrgNetwork[] {
    const { minUsersPerPrefix, minUsersPerAsn } = this.thresholds;
    return [
      ...this.prefixes
        .top(minUsersPerPrefix)
        .map((k) => ({ kind: 'prefix' as const, value: k.key, users: k.users, saturated: k.saturated })),
      ...this.asns.top(minUsersPerAsn).map((k) => ({
        kind: 'asn' as const,
        value: k.key,
        users: k.users,
        saturated: k.saturated,
        ...(this.asnNames.has(k.key) ? { organization: this.asnNames.get(k.key)! } : {}),
      })),
    ];
  }

  /** Which learned network, if any, a login comes from: its prefix first (the narrower evidence), then its ASN. */
  match(ip: string | undefined, asn: number | undefined): OrgNetwork | undefined {
    const prefix = ip ? networkPrefix(ip) : undefined;
    const users = prefix ? this.prefixes.users(prefix) : 0;
    if (prefix && users >= this.thresholds.minUsersPerPrefix)
      return { kind: 'prefix', value: prefix, users, saturated: users >= this.prefixes.maxUsersPerKey };
    const key = asn === undefined ? undefined : String(asn);
    const asnUsers = key ? this.asns.users(key) : 0;
    if (key && asnUsers >= this.thresholds.minUsersPerAsn)
      return { kind: 'asn', value: key, users: asnUsers, saturated: asnUsers >= this.asns.maxUsersPerKey };
    return undefined;
  }
}

/** The organisation's networks in a window of logins. */
export function learnOrgNetworks(
  logins: Iterable<NetworkLogin>,
  thresholds: OrgNetworkThresholds = DEFAULT_ORG_NETWORK_THRESHOLDS,
  bounds: DistinctUsersOptions = {},
): OrgNetworks {
  const org = new OrgNetworks(thresholds, bounds);
  for (const login of logins) org.observe(login);
  return org;
}

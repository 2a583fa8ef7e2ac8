/**
 * What the verdict learns across users, with no configuration: the organisation's own networks (a /24 or /48 many
 * distinct users log in from: an office NAT, a VPN concentrator) and how many colleagues use each country and AS
 * (population rarity). Per-user baselines cannot know either; this object is shared by every user of a batch and
 * carried by the caller from batch to batch (`DetectInput.context`), so the population grows as the data flows.
 *
 * Bounded whatever the traffic: the counts are DistinctUsersByKey's (server/detection/context/distinct_users.ts):
 * at most 10,000 prefixes × `orgMinUsersPerPrefix` users, and 5,000 countries/ASes × 1,000 users, as 32-bit hashes
 * — a few MB at worst for the whole organisation, nothing per user — and a cache of 100,000 address → prefix.
 *
 * Pure: no clock, no I/O. Not yet persisted by the Kibana task (it starts empty after a restart and relearns within
 * hours of traffic); the bench and the CLI carry it across their batches.
 */
import { DistinctUsersByKey } from '../context/distinct_users';
import { networkPrefix, type OrgNetwork } from '../context/org_networks';
import { PopulationRarity, type Rarity } from '../context/population';
import type { LoginEvent } from '../types';

export interface PopulationOptions {
  orgMinUsersPerPrefix: number;
}

export class PopulationContext {
  /** Distinct users per /24 or /48 (OrgNetworks' counting, with the prefix computed once per address). */
  private readonly prefixes: DistinctUsersByKey;
  private readonly minUsers: number;
  private readonly rarity = new PopulationRarity();
  /** Address → prefix: parsing an address is the costly part, and the same addresses come back all day. */
  private readonly prefixOf = new Map<string, string | undefined>();

  constructor(options: PopulationOptions) {
    // ASes are judged by rarity, not made "the organisation's": a national ISP is shared by every home worker, and a
    // phisher's residential proxy sits in it. Only a prefix is narrow enough to be an office or a concentrator.
    this.minUsers = options.orgMinUsersPerPrefix;
    this.prefixes = new DistinctUsersByKey({ maxKeys: 10_000, maxUsersPerKey: this.minUsers });
  }

  private prefix(ip: string): string | undefined {
    if (this.prefixOf.has(ip)) return this.prefixOf.get(ip);
    if (this.prefixOf.size >= 100_000) this.prefixOf.clear();
    const p = networkPrefix(ip);
    this.prefixOf.set(ip, p);
    return p;
  }

  /** Learns a login (after it was judged, so a login never makes itself common). */
  observe(event: LoginEvent, country: string | undefined): void {
    const prefix = typeof event.ip === 'string' ? this.prefix(event.ip) : undefined;
    if (prefix && event.user && Number.isFinite(event.timestamp))
      this.prefixes.add(prefix, event.user, event.timestamp);
    this.rarity.observe({ user: event.user, timestamp: event.timestamp, country, asn: event.asn?.number });
  }

  /** The organisation's network this address belongs to, if it is one. */
  orgNetwork(ip: string | undefined): OrgNetwork | undefined {
    const prefix = ip === undefined ? undefined : this.prefix(ip);
    const users = prefix ? this.prefixes.users(prefix) : 0;
    if (!prefix || users < this.minUsers) return undefined;
    return { kind: 'prefix', value: prefix, users, saturated: users >= this.minUsers };
  }

  /** How common a country or AS is among the other users (`userUsesIt`: the judged user is among those counted). */
  share(kind: 'country' | 'asn', value: string | number, userUsesIt: boolean): Rarity {
    return this.rarity.rarity(kind, value, userUsesIt);
  }
}

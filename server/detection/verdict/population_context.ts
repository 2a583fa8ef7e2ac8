/**
 * What the verdict learns across users, with no configuration: the organisation's own networks (a /24 or /48 many
 * distinct users log in from: an office NAT, a VPN concentrator) and how many colleagues use each country and AS
 * (population rarity). Per-user baselines cannot know either; this object is shared by every user of a batch and
 * carried by the caller from batch to batch (`DetectInput.context`), so the population grows as the data flows.
 *
 * Bounded whatever the traffic: the counts are DistinctUsersByKey's (server/detection/context/distinct_users.ts):
 * at most 10,000 prefixes × `orgMinUsersPerPrefix` users, and 5,000 countries/ASes × 1,000 users, as 53-bit hashes
 * — a few MB at worst for the whole organisation, nothing per user — and a cache of 100,000 address → prefix.
 *
 * Persisted as a `snapshot()` (the Kibana task: server/families/login/population_store.ts, one document per space and
 * partition; the CLI: its --state file), smaller still: see SNAPSHOT_BOUNDS. Pure: no clock, no I/O.
 */
import { parseIpv4 } from '../../../common/ip_ranges';
import { DistinctUsersByKey, type KeyCount, type KeySnapshot } from '../context/distinct_users';
import { networkPrefix, type OrgNetwork } from '../context/org_networks';
import { PopulationRarity, type Rarity, type RaritySnapshot } from '../context/population';
import type { LoginEvent } from '../types';

export interface PopulationOptions {
  orgMinUsersPerPrefix: number;
  /** Share of an AS's logins made on phones and tablets from which it is a mobile carrier (default 0.6). */
  carrierMobileShare?: number;
}

/**
 * A mobile carrier says so by who logs in from it: its addresses are phones' (CGNAT egress shared by thousands of
 * subscribers). Judged per AS once it has this many logins (first logins from an address, see judge.ts learnLogin).
 */
export const CARRIER_MIN_LOGINS = 30;
/** ASes whose phone share is counted (the rest are dropped: an unknown AS is simply not a carrier). */
const CARRIER_MAX_ASNS = 5_000;

/**
 * Colleagues arriving at one of the organisation's prefixes from another country faster than any journey that make it
 * an egress (`orgNetwork().egressUsers`). One is a privacy-VPN user or a GeoIP error, the kind of visitor an office
 * sees; three different people is how the network is used. A VPN concentrator gets them within hours of the first
 * remote day; an office's NAT, where its users are, hardly ever (bench:quality: at most one an office in a month).
 * A wrong "egress" costs only the older, blunter discount (the stolen session halved from any such network).
 */
export const EGRESS_MIN_USERS = 3;

/**
 * A /24 or /48 is a rotating exit — a VPN provider's exit, not the organisation's network — when at least this many
 * of its counted colleagues (the first `orgMinUsersPerPrefix` to use it), and at least half of them, are counted on
 * ONE other /24 or /48 that GeoIP puts in another country, and one of them went from one to the other
 * (`observeHop`): the same few people on two exits in two countries choose, or are handed, exits of a service that
 * strangers share. An office's NAT is its office's people; a corporate concentrator's are the remote workers of every
 * office, each keeping to the one egress their site uses — no other network shares half of either's first ten (a
 * colleague between two offices, a failover to another site, are a few of many). Three, as for an egress: one or
 * two are travellers or GeoIP errors.
 */
export const ROTATING_MIN_USERS = 3;

export const POPULATION_SNAPSHOT_VERSION = 1;

/** A /24 or /48 many colleagues use that is a VPN provider's rotating exit, not the organisation's network. */
export interface RotatingExit {
  value: string;
  /** Colleagues counted on it (at most `orgMinUsersPerPrefix`). */
  users: number;
  /** Of those, the ones also counted on one other exit in another country, between which they rotate. */
  rotating: number;
}

/** What a stored PopulationContext holds. */
export interface PopulationSnapshot {
  version: typeof POPULATION_SNAPSHOT_VERSION;
  /** /24 and /48 prefixes with their distinct users (the users' hashes: at most `orgMinUsersPerPrefix` each). */
  prefixes: KeySnapshot[];
  rarity: RaritySnapshot;
  /** Per AS: [AS number, logins from phones and tablets, logins] (optional: older snapshots have none). */
  carriers?: Array<[number, number, number]>;
  /** The organisation's /24s and /48s with the colleagues who arrived from abroad too fast (optional: older have none). */
  arrivals?: KeySnapshot[];
  /** Rotating exits with the colleagues they share with another exit abroad (optional: older snapshots have none). */
  hops?: KeySnapshot[];
}

/**
 * A snapshot's size, whatever the traffic: at most 50,000 prefix hashes, 10,000 hashes of far arrivals at the
 * organisation's prefixes, 10,000 of colleagues rotating among exits, 50,000 country/AS hashes (64 a value: past
 * that a value's count is kept without its users) and a sample of 20,000 users for the population — 130,000 hashes of 10.7 base64 characters, about 1.5 MB at worst;
 * an organisation of 10,000 users needs some 200 KB.
 */
export const SNAPSHOT_BOUNDS = {
  prefixHashes: 50_000,
  arrivalHashes: 10_000,
  hopHashes: 10_000,
  hashesPerValue: 64,
  valueHashes: 50_000,
  populationSample: 20_000,
};

/** What a PopulationContext learned (`learned()`), for display. */
export interface LearnedPopulation {
  orgMinUsersPerPrefix: number;
  carrierMobileShare: number;
  /** /24s and /48s with at least `orgMinUsersPerPrefix` colleagues (the organisation's, unless a rotating exit). */
  prefixes: Array<KeyCount & { farArrivals: number; rotating: RotatingExit | undefined }>;
  /** Per AS: logins from phones and tablets, all logins, and whether that makes it a mobile carrier. */
  carriers: Array<{ asn: number; mobile: number; all: number; carrier: boolean }>;
  /** Distinct users seen in all. */
  population: number;
  countries: KeyCount[];
  asns: KeyCount[];
}

export class PopulationContext {
  /** Distinct users per /24 or /48 (OrgNetworks' counting, with the prefix computed once per address). */
  private readonly prefixes: DistinctUsersByKey;
  private readonly minUsers: number;
  private readonly rarity = new PopulationRarity();
  /** Address → prefix: parsing an address is the costly part, and the same addresses come back all day. */
  private readonly prefixOf = new Map<string, string | undefined>();
  /**
   * IPv4 /24 (the address's number / 256) → its prefix text. A dotted address parses faster than a string key hashes
   * and probes a map of 100,000 addresses, and a number keys a smaller, cheaper map (one entry per /24, not per address).
   */
  private readonly v4PrefixOf = new Map<number, string>();
  /**
   * Per organisation's /24 or /48: distinct colleagues who arrived at it from a non-organisation network in another
   * country faster than any journey (see `observeFarArrival`). At most EGRESS_MIN_USERS users a prefix, and only
   * prefixes that were the organisation's when it happened: a few dozen bytes per office or concentrator.
   */
  private readonly farArrivals: DistinctUsersByKey;
  /**
   * Per rotating exit: the counted colleagues (`prefixes`' first `minUsers`) it shares with another exit in another
   * country (see `observeHop`). At most `minUsers` a prefix, and only for exits: nothing for offices or concentrators.
   */
  private readonly hops: DistinctUsersByKey;
  /** Per AS: logins from phones and tablets, and all logins (at most CARRIER_MAX_ASNS ASes). */
  private readonly mobileByAsn = new Map<number, { mobile: number; all: number }>();
  private readonly carrierShare: number;
  /** The address `prefix` last answered for, and its answer. */
  private lastIp: string | undefined = undefined;
  private lastPrefix: string | undefined = undefined;
  /** Something was learned since the last snapshot (the store then skips a write that would change nothing). */
  changed = false;

  constructor(options: PopulationOptions) {
    // ASes are judged by rarity, not made "the organisation's": a national ISP is shared by every home worker, and a
    // phisher's residential proxy sits in it. Only a prefix is narrow enough to be an office or a concentrator.
    this.minUsers = options.orgMinUsersPerPrefix;
    this.carrierShare = options.carrierMobileShare ?? 0.6;
    this.prefixes = new DistinctUsersByKey({ maxKeys: 10_000, maxUsersPerKey: this.minUsers });
    this.farArrivals = new DistinctUsersByKey({ maxKeys: 10_000, maxUsersPerKey: EGRESS_MIN_USERS });
    this.hops = new DistinctUsersByKey({ maxKeys: 10_000, maxUsersPerKey: this.minUsers });
  }

  private prefix(ip: string): string | undefined {
    // The last address asked for first: a login asks for its own several times (organisation network, learning), and
    // a user's logins often come from one address. networkPrefix is a function of the address: the answer is the same.
    if (ip === this.lastIp) return this.lastPrefix;
    const p = this.prefixOfAddress(ip);
    this.lastIp = ip;
    this.lastPrefix = p;
    return p;
  }

  private prefixOfAddress(ip: string): string | undefined {
    const v4 = parseIpv4(ip);
    if (v4 !== undefined) {
      const slash24 = Math.floor(v4 / 256);
      let p = this.v4PrefixOf.get(slash24);
      if (p === undefined) {
        if (this.v4PrefixOf.size >= 100_000) this.v4PrefixOf.clear();
        p = networkPrefix(ip)!; // the same text networkPrefix gives every address of this /24
        this.v4PrefixOf.set(slash24, p);
      }
      return p;
    }
    if (this.prefixOf.has(ip)) return this.prefixOf.get(ip);
    if (this.prefixOf.size >= 100_000) this.prefixOf.clear();
    const p = networkPrefix(ip);
    this.prefixOf.set(ip, p);
    return p;
  }

  /**
   * Learns a login (after it was judged, so a login never makes itself common). `anonymous`: from an anonymiser,
   * whose address counts for rarity but never makes its prefix the organisation's.
   */
  observe(event: LoginEvent, country: string | undefined, anonymous = false): void {
    this.changed = true;
    const asn = event.asn?.number;
    // One lookup of the AS's phone count serves isCarrier below and the count after it.
    let c = asn === undefined ? undefined : this.mobileByAsn.get(asn);
    // A carrier's range is shared by strangers' phones (CGNAT): it is never the organisation's network.
    const carrier = c !== undefined && isCarrierCount(c, this.carrierShare);
    const prefix = typeof event.ip === 'string' && !anonymous && !carrier ? this.prefix(event.ip) : undefined;
    if (prefix && event.user && Number.isFinite(event.timestamp))
      this.prefixes.add(prefix, event.user, event.timestamp);
    if (Number.isInteger(asn)) {
      if (!c && this.mobileByAsn.size < CARRIER_MAX_ASNS) this.mobileByAsn.set(asn!, (c = { mobile: 0, all: 0 }));
      if (c) {
        c.all++;
        if (isPhone(event.userAgent?.device)) c.mobile++;
      }
    }
    this.rarity.observeLogin(event.user, event.timestamp, country, event.asn?.number);
  }

  /**
   * Whether the AS is a mobile carrier: most of its logins (`carrierMobileShare`, out of at least CARRIER_MIN_LOGINS)
   * come from phones and tablets. Learned, so a carrier needs no list and an office ISP's phones do not make it one.
   */
  isCarrier(asn: number | undefined): boolean {
    const c = asn === undefined ? undefined : this.mobileByAsn.get(asn);
    return c !== undefined && isCarrierCount(c, this.carrierShare);
  }

  /** The /24 or /48 of an address (cached). */
  prefixOfIp(ip: string): string | undefined {
    return this.prefix(ip);
  }

  /**
   * A colleague's login from `ip` came from a network that is not the organisation's, in another country, faster than
   * any journey (judge.ts `learnLogin`): they did not move, the address is an egress far from them. Counted only for
   * the organisation's prefixes. Arrivals, not departures: an attacker replaying a session leaves the organisation's
   * network for their own, never arrives at it, so attacks cannot make an office an egress.
   */
  observeFarArrival(ip: string, user: string, at: number): void {
    const prefix = this.prefix(ip);
    if (!prefix || !user || !Number.isFinite(at) || this.prefixes.users(prefix) < this.minUsers) return;
    this.changed = true;
    this.farArrivals.add(prefix, user, at);
  }

  /**
   * A colleague logged in from `ip` after a recent login from `otherIp` that GeoIP put in another country (judge.ts
   * `learnLogin`). When the two /24s or /48s share ROTATING_MIN_USERS of their counted colleagues, and at least half of
   * each one's, both are exits of one service those people rotate among: their shared colleagues are remembered (and
   * say why in the evidence). Cheap when it is not so: most addresses have fewer than three colleagues.
   */
  observeHop(ip: string, otherIp: string, at: number): void {
    if (!Number.isFinite(at)) return;
    const a = this.prefix(ip);
    if (!a || this.prefixes.users(a) < ROTATING_MIN_USERS) return;
    const b = this.prefix(otherIp);
    if (!b || a === b || this.prefixes.users(b) < ROTATING_MIN_USERS) return;
    const shared = this.prefixes.sharedHashes(a, b);
    if (shared.length < ROTATING_MIN_USERS) return;
    for (const p of [a, b])
      if (shared.length * 2 >= this.prefixes.users(p) && this.hops.users(p) < shared.length) {
        this.changed = true;
        for (const hash of shared) this.hops.addHash(p, hash, at);
      }
  }

  /**
   * The address's /24 or /48 when it is a rotating exit: ROTATING_MIN_USERS of its counted colleagues, and at least
   * half of them, rotate between it and one other exit in another country — a VPN service's exit that strangers
   * share, never the organisation's network, however many colleagues pass through it.
   */
  rotatingExit(ip: string | undefined): RotatingExit | undefined {
    const prefix = ip === undefined ? undefined : this.prefix(ip);
    return prefix ? this.rotating(prefix) : undefined;
  }

  private rotating(prefix: string): RotatingExit | undefined {
    const rotating = this.hops.users(prefix);
    if (rotating < ROTATING_MIN_USERS) return undefined;
    const users = this.prefixes.users(prefix);
    return rotating * 2 >= users ? { value: prefix, users, rotating } : undefined;
  }

  /**
   * The organisation's network this address belongs to, if it is one (never a mobile carrier's range, never a VPN
   * provider's rotating exit: see `rotatingExit`). `egressUsers`:
   * EGRESS_MIN_USERS colleagues or more arrived at it from another country faster than any journey — a VPN
   * concentrator or virtual desktop whose GeoIP place says nothing about where its users are, unlike an office NAT.
   */
  orgNetwork(ip: string | undefined, asn?: number): OrgNetwork | undefined {
    if (this.isCarrier(asn)) return undefined;
    const prefix = ip === undefined ? undefined : this.prefix(ip);
    const users = prefix ? this.prefixes.users(prefix) : 0;
    if (!prefix || users < this.minUsers) return undefined;
    if (this.rotating(prefix)) return undefined;
    const far = this.farArrivals.users(prefix);
    return {
      kind: 'prefix',
      value: prefix,
      users,
      saturated: users >= this.minUsers,
      ...(far >= EGRESS_MIN_USERS ? { egressUsers: far } : {}),
    };
  }

  /** How common a country or AS is among the other users (`userUsesIt`: the judged user is among those counted). */
  share(kind: 'country' | 'asn', value: string | number, userUsesIt: boolean): Rarity {
    return this.rarity.rarity(kind, value, userUsesIt);
  }

  /**
   * What was learned, for people to read (learned_context.ts, the Settings page): the /24s and /48s with at least
   * `minUsers` colleagues, most used first, each with its far arrivals and, when it is one, its rotating exit; the
   * phone/login counts per AS; the population's countries and ASes. Read-only; the lists are copies.
   */
  learned(): LearnedPopulation {
    return {
      orgMinUsersPerPrefix: this.minUsers,
      carrierMobileShare: this.carrierShare,
      prefixes: this.prefixes.top(this.minUsers).map((p) => ({
        ...p,
        farArrivals: this.farArrivals.users(p.key),
        rotating: this.rotating(p.key),
      })),
      carriers: [...this.mobileByAsn].map(([asn, c]) => ({
        asn,
        mobile: c.mobile,
        all: c.all,
        carrier: this.isCarrier(asn),
      })),
      ...this.rarity.learned(),
    };
  }

  /** What to store (bounded: SNAPSHOT_BOUNDS); marks the context as saved. */
  snapshot(): PopulationSnapshot {
    this.changed = false;
    return {
      version: POPULATION_SNAPSHOT_VERSION,
      prefixes: this.prefixes.snapshot(this.minUsers, SNAPSHOT_BOUNDS.prefixHashes),
      rarity: this.rarity.snapshot({
        hashesPerKey: SNAPSHOT_BOUNDS.hashesPerValue,
        totalHashes: SNAPSHOT_BOUNDS.valueHashes,
        populationSample: SNAPSHOT_BOUNDS.populationSample,
      }),
      carriers: [...this.mobileByAsn].map(([asn, c]) => [asn, c.mobile, c.all]),
      arrivals: this.farArrivals.snapshot(EGRESS_MIN_USERS, SNAPSHOT_BOUNDS.arrivalHashes),
      hops: this.hops.snapshot(this.minUsers, SNAPSHOT_BOUNDS.hopHashes),
    };
  }

  /**
   * Folds a stored snapshot in: a union, so the snapshots of a space's partitions (or an older one of this partition)
   * merge into one view. A snapshot of another version, or not an object, is ignored; malformed parts are skipped.
   * Returns whether it was usable and how many parts were skipped.
   */
  restore(snapshot: unknown): { used: boolean; skipped: number } {
    if (typeof snapshot !== 'object' || snapshot === null) return { used: false, skipped: 0 };
    const s = snapshot as Partial<PopulationSnapshot>;
    if (s.version !== POPULATION_SNAPSHOT_VERSION || typeof s.rarity !== 'object' || s.rarity === null)
      return { used: false, skipped: 0 };
    const skipped =
      this.prefixes.restore(s.prefixes) +
      this.rarity.restore(s.rarity) +
      this.restoreCarriers(s.carriers) +
      (s.arrivals === undefined ? 0 : this.farArrivals.restore(s.arrivals)) +
      (s.hops === undefined ? 0 : this.hops.restore(s.hops));
    return { used: true, skipped };
  }

  /** Adds stored phone/login counts per AS; returns how many rows were malformed. */
  private restoreCarriers(rows: unknown): number {
    if (rows === undefined) return 0;
    if (!Array.isArray(rows)) return 1;
    let skipped = 0;
    const count = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
    for (const row of rows) {
      if (
        !Array.isArray(row) ||
        row.length !== 3 ||
        !count(row[0]) ||
        !count(row[1]) ||
        !count(row[2]) ||
        row[1] > row[2]
      ) {
        skipped++;
        continue;
      }
      const [asn, mobile, all] = row as [number, number, number];
      let c = this.mobileByAsn.get(asn);
      if (!c && this.mobileByAsn.size < CARRIER_MAX_ASNS) this.mobileByAsn.set(asn, (c = { mobile: 0, all: 0 }));
      if (c) {
        c.mobile += mobile;
        c.all += all;
      }
    }
    return skipped;
  }
}

/**
 * Whether an AS's counts make it a carrier. The share is read and compared before the count is checked, not only
 * once an AS has CARRIER_MIN_LOGINS logins: the first batch's early logins never get that far, so V8 optimised the
 * callers with no feedback for that branch and threw the code away (a deopt and a recompile of `observe`, the
 * population's learning, and of `isCarrier`) when the first AS got there.
 */
function isCarrierCount(c: { mobile: number; all: number }, share: number): boolean {
  const phones = c.mobile >= share * c.all;
  return c.all >= CARRIER_MIN_LOGINS && phones;
}

/** BuffaLogs' device kinds of a phone or tablet (server/enrichment/user_agent.ts). */
function isPhone(device: string | undefined): boolean {
  return device === 'mobile' || device === 'tablet';
}

/**
 * Population rarity: how many of the organisation's users log in from a country or an ASN. A country or ASN no
 * colleague uses weighs more than one many do (issue 12): Nigeria for a Milan company, a hosting provider's ASN; the
 * country of a branch office or a national carrier weighs little.
 *
 * `rarity` is the share of the population that uses the value (0 = nobody else, 1 = everyone), out of the users seen;
 * `others` excludes the user being judged, so a user's own habit does not make their value look common. Bounded:
 * per value at most `maxUsersPerKey` users are remembered (the share saturates there: "common"), the total population
 * count stops at `maxPopulation`, and at most `maxKeys` values per kind are kept.
 */
import { ANY_NUMBER } from '../../../common/number_layout';
import { asnKey, hashUser } from '../user_state';
import {
  decodeHashes,
  DistinctUsersByKey,
  encodeHashes,
  type DistinctUsersOptions,
  type KeyCount,
  type KeySnapshot,
} from './distinct_users';

/** What a stored PopulationRarity holds (see PopulationContext.snapshot for the bounds). */
export interface RaritySnapshot {
  /** Distinct users seen in all. */
  population: number;
  /** A sample of their hashes (encodeHashes). */
  sample: string;
  country: KeySnapshot[];
  asn: KeySnapshot[];
}

export interface RaritySnapshotBounds {
  hashesPerKey: number;
  totalHashes: number;
  populationSample: number;
}

export type PopulationKind = 'country' | 'asn';

export interface PopulationLogin {
  user: string;
  timestamp: number;
  /** ISO country code (or name). */
  country?: string;
  asn?: number;
}

export interface Rarity {
  /** Distinct users seen using the value (at most `maxUsersPerKey`). */
  users: number;
  /** Of them, users other than the one judged. */
  others: number;
  /** `others` / the population (other users seen), 0–1; 0 when nobody else is known yet. */
  share: number;
  population: number;
}

export interface PopulationOptions extends DistinctUsersOptions {
  maxPopulation?: number;
}

export class PopulationRarity {
  private readonly byKind: Record<PopulationKind, DistinctUsersByKey>;
  private readonly population = new Set<number>();
  /** The population a restored snapshot counted (its sample may hold fewer hashes). */
  private carriedPopulation = 0;
  private readonly maxPopulation: number;
  /** The user `observeLogin` last added to the population (see there). */
  private lastUser: string | undefined = undefined;

  constructor(options: PopulationOptions = {}) {
    const bounds = { maxKeys: options.maxKeys ?? 5_000, maxUsersPerKey: options.maxUsersPerKey ?? 1_000 };
    this.byKind = { country: new DistinctUsersByKey(bounds), asn: new DistinctUsersByKey(bounds) };
    this.maxPopulation = options.maxPopulation ?? 1_000_000;
  }

  observe(login: PopulationLogin): void {
    this.observeLogin(login.user, login.timestamp, login.country, login.asn);
  }

  /** `observe` without the login object: the detection core learns every login, and builds none for it. */
  observeLogin(user: string, timestamp: number, country: string | undefined, asn: number | undefined): void {
    if (!user || !Number.isFinite(timestamp)) return;
    // A user's logins are learned in a row: the user already in the population is not hashed and looked up again.
    // (Nothing ever leaves the set, so skipping a repeat changes nothing.)
    if (user !== this.lastUser && this.population.size < this.maxPopulation) {
      this.population.add(hashUser(user));
      this.lastUser = user;
    }
    if (typeof country === 'string' && country) this.byKind.country.add(upperCountry(country), user, timestamp);
    if (Number.isInteger(asn) && asn! >= 0) this.byKind.asn.add(asnKey(asn!), user, timestamp); // String(asn), cached
  }

  /**
   * How common `value` is among users other than `user`. `userUsesIt`: whether `user` is among those counted (the
   * caller knows from the user's own baseline; the counts here are hashes and cannot say).
   */
  rarity(kind: PopulationKind, value: string | number, userUsesIt: boolean): Rarity {
    const key = kind === 'country' ? upperCountry(String(value)) : String(value);
    const users = this.byKind[kind].users(key);
    const others = Math.max(0, users - (userUsesIt ? 1 : 0));
    const population = Math.max(0, Math.max(this.population.size, this.carriedPopulation) - 1);
    // The share laid out for any number first (common/number_layout.ts): the first rarities are 0, nobody else.
    const rarity = { users, others, share: ANY_NUMBER, population };
    rarity.share = population ? Math.min(1, others / population) : 0;
    return rarity;
  }

  /** The population's size and its countries and ASes, most used first (for display). */
  learned(): { population: number; countries: KeyCount[]; asns: KeyCount[] } {
    return {
      population: Math.max(this.population.size, this.carriedPopulation),
      countries: this.byKind.country.top(1),
      asns: this.byKind.asn.top(1),
    };
  }

  snapshot(bounds: RaritySnapshotBounds): RaritySnapshot {
    const sample: number[] = [];
    for (const h of this.population) {
      if (sample.length >= bounds.populationSample) break;
      sample.push(h);
    }
    const half = Math.floor(bounds.totalHashes / 2);
    return {
      population: Math.max(this.population.size, this.carriedPopulation),
      sample: encodeHashes(sample),
      country: this.byKind.country.snapshot(bounds.hashesPerKey, half),
      asn: this.byKind.asn.snapshot(bounds.hashesPerKey, half),
    };
  }

  /** Folds a stored snapshot in (a union, see DistinctUsersByKey.restore); returns how many parts were malformed. */
  restore(snapshot: Partial<RaritySnapshot>): number {
    let skipped = 0;
    const sample = typeof snapshot.sample === 'string' ? decodeHashes(snapshot.sample) : undefined;
    if (!sample) skipped++;
    else for (const h of sample) if (this.population.size < this.maxPopulation) this.population.add(h);
    if (Number.isInteger(snapshot.population) && snapshot.population! >= 0)
      this.carriedPopulation = Math.min(this.maxPopulation, Math.max(this.carriedPopulation, snapshot.population!));
    else skipped++;
    skipped += this.byKind.country.restore(snapshot.country);
    skipped += this.byKind.asn.restore(snapshot.asn);
    return skipped;
  }
}

/**
 * `country.toUpperCase()`, the last answer kept: a user's logins are learned in a row, mostly from one country, and
 * toUpperCase made a new string per login, which the count's map then hashed again to look it up.
 */
function upperCountry(country: string): string {
  if (country !== lastCountry) {
    lastCountry = country;
    lastUpper = country.toUpperCase();
  }
  return lastUpper;
}
let lastCountry = '';
let lastUpper = '';

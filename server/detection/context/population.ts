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
import { hashString } from '../user_state';
import { DistinctUsersByKey, type DistinctUsersOptions } from './distinct_users';

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
  private readonly maxPopulation: number;

  constructor(options: PopulationOptions = {}) {
    const bounds = { maxKeys: options.maxKeys ?? 5_000, maxUsersPerKey: options.maxUsersPerKey ?? 1_000 };
    this.byKind = { country: new DistinctUsersByKey(bounds), asn: new DistinctUsersByKey(bounds) };
    this.maxPopulation = options.maxPopulation ?? 1_000_000;
  }

  observe(login: PopulationLogin): void {
    if (!login.user || !Number.isFinite(login.timestamp)) return;
    if (this.population.size < this.maxPopulation) this.population.add(hashString(login.user));
    if (typeof login.country === 'string' && login.country)
      this.byKind.country.add(login.country.toUpperCase(), login.user, login.timestamp);
    if (Number.isInteger(login.asn) && login.asn! >= 0)
      this.byKind.asn.add(String(login.asn), login.user, login.timestamp);
  }

  /**
   * How common `value` is among users other than `user`. `userUsesIt`: whether `user` is among those counted (the
   * caller knows from the user's own baseline; the counts here are hashes and cannot say).
   */
  rarity(kind: PopulationKind, value: string | number, userUsesIt: boolean): Rarity {
    const key = kind === 'country' ? String(value).toUpperCase() : String(value);
    const users = this.byKind[kind].users(key);
    const others = Math.max(0, users - (userUsesIt ? 1 : 0));
    const population = Math.max(0, this.population.size - 1);
    return { users, others, share: population ? Math.min(1, others / population) : 0, population };
  }
}

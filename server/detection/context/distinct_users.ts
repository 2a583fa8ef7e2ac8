/**
 * How many distinct users each key (a network, an ASN, a country) is used by, in bounded memory: the building block
 * of the organisation's learned networks and of population rarity (issue 12).
 *
 * Bounds: at most `maxKeys` keys, each remembering at most `maxUsersPerKey` users (as 32-bit hashes; a key that
 * reaches the cap is "at least" that many, which is all a threshold needs). Past `maxKeys`, the keys with the fewest
 * users (then the least recently seen) are dropped in one sweep down to `maxKeys`: the popular keys, the ones that
 * matter, survive; a dropped key that comes back starts again from zero. Memory is therefore about
 * maxKeys × maxUsersPerKey × ~8 bytes at worst (10,000 keys × 64 users ≈ 5 MB), whatever the number of logins.
 */
import { hashString } from '../user_state';

export interface DistinctUsersOptions {
  maxKeys?: number;
  maxUsersPerKey?: number;
}

export interface KeyCount {
  key: string;
  users: number;
  /** True when the count reached `maxUsersPerKey`: at least that many users. */
  saturated: boolean;
  lastSeen: number;
}

interface Entry {
  users: Set<number>;
  lastSeen: number;
}

export class DistinctUsersByKey {
  readonly maxKeys: number;
  readonly maxUsersPerKey: number;
  private readonly entries = new Map<string, Entry>();

  constructor(options: DistinctUsersOptions = {}) {
    this.maxKeys = positive(options.maxKeys ?? 10_000, 'maxKeys');
    this.maxUsersPerKey = positive(options.maxUsersPerKey ?? 64, 'maxUsersPerKey');
  }

  add(key: string, user: string, at: number): void {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { users: new Set(), lastSeen: at };
      this.entries.set(key, entry);
      // Sweep when a quarter over, so the cost of sorting is spread over many additions.
      if (this.entries.size > this.maxKeys + Math.max(1, this.maxKeys >> 2)) this.shrink();
    }
    if (at > entry.lastSeen) entry.lastSeen = at;
    if (entry.users.size < this.maxUsersPerKey) entry.users.add(hashString(user));
  }

  /** Distinct users of `key` (0 when unknown or dropped). */
  users(key: string): number {
    return this.entries.get(key)?.users.size ?? 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Keys with at least `minUsers` users, most used first (then by key, for a stable order). */
  top(minUsers = 1): KeyCount[] {
    const out: KeyCount[] = [];
    for (const [key, e] of this.entries)
      if (e.users.size >= minUsers)
        out.push({ key, users: e.users.size, saturated: e.users.size >= this.maxUsersPerKey, lastSeen: e.lastSeen });
    return out.sort((a, b) => b.users - a.users || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private shrink(): void {
    const ranked = [...this.entries].sort(
      (a, b) => a[1].users.size - b[1].users.size || a[1].lastSeen - b[1].lastSeen || (a[0] < b[0] ? -1 : 1),
    );
    for (const [key] of ranked.slice(0, this.entries.size - this.maxKeys)) this.entries.delete(key);
  }
}

function positive(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, not ${n}`);
  return n;
}

/**
 * How many distinct users each key (a network, an ASN, a country) is used by, in bounded memory: the building block
 * of the organisation's learned networks and of population rarity (issue 12).
 *
 * Bounds: at most `maxKeys` keys, each remembering at most `maxUsersPerKey` users (as `hashString` hashes; a key that
 * reaches the cap is "at least" that many, which is all a threshold needs). Past `maxKeys`, the keys with the fewest
 * users (then the least recently seen) are dropped in one sweep down to `maxKeys`: the popular keys, the ones that
 * matter, survive; a dropped key that comes back starts again from zero. Memory is therefore about
 * maxKeys × maxUsersPerKey × ~8 bytes at worst (10,000 keys × 64 users ≈ 5 MB), whatever the number of logins.
 */
import { hashUser } from '../user_state';

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

/**
 * A key's users' hashes, in the order first seen. Up to SMALL_SET users an array (a linear scan of a few numbers is
 * faster than a Set, and a one-user array is a fraction of an empty Set's memory: most keys, most prefixes above
 * all, have one user); past that a Set. One representation per DistinctUsersByKey, chosen by its cap.
 */
type UserHashes = number[] | Set<number>;
const SMALL_SET = 32;

interface Entry {
  /** The key (the sweep walks `list`, not the map). */
  readonly key: string;
  users: UserHashes;
  lastSeen: number;
  /**
   * A count restored from a snapshot that kept only a sample of the users' hashes: the key has at least this many
   * users. Users re-seen but not in the sample are then not counted twice (the count is the larger of the two).
   */
  carried: number;
}

/** One key as a snapshot keeps it: key, distinct users, last seen (epoch ms), a sample of the users' hashes. */
export type KeySnapshot = [key: string, users: number, lastSeen: number, hashes: string];

/** What a snapshot may hold, so a stored or hand-edited one cannot make the context unbounded. */
const MAX_KEY_LENGTH = 256;

export class DistinctUsersByKey {
  readonly maxKeys: number;
  readonly maxUsersPerKey: number;
  private readonly entries = new Map<string, Entry>();
  /**
   * The same entries in an array, in the order they were made: the sweep reads it with plain loops (a sweep runs too
   * seldom to be compiled, and walking the map there cost ~10 ms a sweep of 12,500 keys in callbacks).
   */
  private list: Entry[] = [];
  /** Users kept in arrays (the cap is small) rather than Sets. */
  private readonly small: boolean;

  constructor(options: DistinctUsersOptions = {}) {
    this.maxKeys = positive(options.maxKeys ?? 10_000, 'maxKeys');
    this.maxUsersPerKey = positive(options.maxUsersPerKey ?? 64, 'maxUsersPerKey');
    this.small = this.maxUsersPerKey <= SMALL_SET;
  }

  add(key: string, user: string, at: number): void {
    this.addHash(key, hashUser(user), at);
  }

  /**
   * A new key with its first user. Most keys (prefixes above all) never get a second: the user is the array's only
   * element (an empty array's first push reserves 17). The sweep, when this key makes one due, runs before the user
   * is added, as it always did: the new key, with no user yet, is the first to go.
   */
  private create(key: string, hash: number, at: number): void {
    // Sweep when a quarter over, so the cost of sorting is spread over many additions.
    const sweep = this.entries.size + 1 > this.maxKeys + Math.max(1, this.maxKeys >> 2);
    const users: UserHashes = sweep ? (this.small ? [] : new Set()) : this.small ? [hash] : new Set<number>().add(hash);
    const entry: Entry = { key, users, lastSeen: at, carried: 0 };
    this.entries.set(key, entry);
    this.list.push(entry);
    if (sweep) {
      this.shrink();
      if (count(entry.users) < this.maxUsersPerKey) addTo(entry.users, hash);
    }
  }

  /** Distinct users of `key` (0 when unknown or dropped). */
  users(key: string): number {
    const entry = this.entries.get(key);
    return entry ? Math.max(count(entry.users), entry.carried) : 0;
  }

  /** The users (hashes) remembered for both `a` and `b`: at most `maxUsersPerKey`, each key's a sample. */
  sharedHashes(a: string, b: string): number[] {
    const x = this.entries.get(a)?.users;
    const y = this.entries.get(b)?.users;
    const out: number[] = [];
    if (x && y) for (const h of x) if (has(y, h)) out.push(h);
    return out;
  }

  /** `add` for a user already hashed (a hash taken from another count). */
  addHash(key: string, hash: number, at: number): void {
    const entry = this.entries.get(key);
    if (entry === undefined) this.create(key, hash, at);
    else {
      if (at > entry.lastSeen) entry.lastSeen = at;
      if (count(entry.users) < this.maxUsersPerKey) addTo(entry.users, hash);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Keys with at least `minUsers` users, most used first (then by key, for a stable order). */
  top(minUsers = 1): KeyCount[] {
    const out: KeyCount[] = [];
    for (const [key, e] of this.entries) {
      const users = Math.max(count(e.users), e.carried);
      if (users >= minUsers) out.push({ key, users, saturated: users >= this.maxUsersPerKey, lastSeen: e.lastSeen });
    }
    return out.sort((a, b) => b.users - a.users || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * The keys, most used first, for storage: each with its count and at most `hashesPerKey` of its users' hashes, and
   * at most `totalHashes` hashes in all (keys past the budget keep their count alone). Bounded whatever was learned.
   */
  snapshot(hashesPerKey: number, totalHashes: number): KeySnapshot[] {
    let budget = totalHashes;
    return this.top(1).map(({ key, users, lastSeen }) => {
      const hashes: number[] = [];
      const take = Math.min(hashesPerKey, budget);
      if (take > 0) for (const h of this.entries.get(key)!.users) if (hashes.length < take) hashes.push(h);
      budget -= hashes.length;
      return [key, users, lastSeen, encodeHashes(hashes)];
    });
  }

  /**
   * Folds a snapshot in (a union: a key's users are the ones already known plus the sample, and its count at least
   * the stored one), so snapshots written by several partitions of a space merge into one view. Malformed entries
   * are skipped, not trusted: the snapshot comes from an index or a file anyone with access may have edited.
   * Returns how many entries were skipped.
   */
  restore(snapshot: unknown): number {
    if (!Array.isArray(snapshot)) return 1;
    let skipped = 0;
    for (const item of snapshot) {
      if (!Array.isArray(item) || item.length !== 4) {
        skipped++;
        continue;
      }
      const [key, users, lastSeen, hashes] = item as unknown[];
      if (
        typeof key !== 'string' ||
        key.length === 0 ||
        key.length > MAX_KEY_LENGTH ||
        !Number.isInteger(users) ||
        (users as number) < 0 ||
        !Number.isFinite(lastSeen) ||
        typeof hashes !== 'string'
      ) {
        skipped++;
        continue;
      }
      const decoded = decodeHashes(hashes);
      if (!decoded) {
        skipped++;
        continue;
      }
      let entry = this.entries.get(key);
      if (!entry) {
        entry = { key, users: this.small ? [] : new Set(), lastSeen: lastSeen as number, carried: 0 };
        this.entries.set(key, entry);
        this.list.push(entry);
      }
      if ((lastSeen as number) > entry.lastSeen) entry.lastSeen = lastSeen as number;
      for (const h of decoded) if (count(entry.users) < this.maxUsersPerKey) addTo(entry.users, h);
      entry.carried = Math.min(this.maxUsersPerKey, Math.max(entry.carried, users as number));
    }
    if (this.entries.size > this.maxKeys) this.shrink();
    return skipped;
  }

  /**
   * Drops the keys past `maxKeys`: the fewest users first, then the least recently seen, then by key (a total order,
   * so the same keys go whatever the map's order). Without sorting every key: the users count that the cut falls in
   * is found from a histogram, then the last-seen time inside that count from a sorted array of numbers, and only
   * the keys tied on both are sorted by key.
   */
  private shrink(): void {
    const list = this.list;
    const size = list.length;
    const drop = size - this.maxKeys;
    if (drop <= 0) return;
    // A sweep is cold code: each of its loops is a function of its own (below), whose code, compiled while a sweep
    // runs, is that loop and a return. Compiled as one function, the code for a loop also took in the code after it,
    // which had not run yet, and was thrown away there, sweep after sweep. Counts in Int32Arrays: their sums stay
    // small integers, which the compiled code keeps them as.
    const users = new Int32Array(size);
    const lastSeen = new Float64Array(size);
    // Users per key are 0..maxUsersPerKey (adds and restores stop at the cap).
    const histogram = new Int32Array(this.maxUsersPerKey + 1);
    countUsers(list, users, lastSeen, histogram);
    let cut = 0;
    let below = 0;
    while (below + histogram[cut] < drop) below += histogram[cut++];
    // Every key with fewer users than `cut` goes; of those with `cut`, the `need` least recently seen.
    const need = drop - below;
    const tied = new Float64Array(histogram[cut]);
    timesWithUsers(users, lastSeen, cut, tied);
    tied.sort();
    const lastSeenCut = tied[need - 1];
    const older = countBelow(tied, need, lastSeenCut);
    // Of the keys tied on both, the first `need - older` by key go.
    const sameTime = keysAt(list, users, lastSeen, cut, lastSeenCut);
    sameTime.sort();
    const goes = new Set<string>();
    for (let i = 0; i < need - older; i++) goes.add(sameTime[i]);
    list.length = keepEntries(list, users, lastSeen, cut, lastSeenCut, goes, this.entries);
  }
}

// shrink's loops (see there): plain loops over arrays (`list` is the map's entries in the map's order).

/** Each entry's users (the larger of those remembered and the carried count) and last sighting; users' histogram. */
function countUsers(list: readonly Entry[], users: Int32Array, lastSeen: Float64Array, histogram: Int32Array): void {
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    const hashes = e.users;
    const n = Array.isArray(hashes) ? hashes.length : hashes.size;
    const u = n > e.carried ? n : e.carried;
    users[i] = u;
    lastSeen[i] = e.lastSeen;
    histogram[u]++;
  }
}

/** The last sightings of the entries with `cut` users, into `tied`. */
function timesWithUsers(users: Int32Array, lastSeen: Float64Array, cut: number, tied: Float64Array): void {
  let n = 0;
  for (let i = 0; i < users.length; i++) if (users[i] === cut) tied[n++] = lastSeen[i];
}

/** How many of the first `need` times are before `time`. */
function countBelow(times: Float64Array, need: number, time: number): number {
  let older = 0;
  for (let i = 0; i < need; i++) if (times[i] < time) older++;
  return older;
}

/**
 * The keys of the entries with `cut` users last seen at `time`. Appended by an indexed store, not push: the list starts
 * empty, of small integers as far as the engine knows, and a compiled push of a string onto it was thrown away at the
 * next sweep (an indexed store changes the list's kind in place).
 */
function keysAt(
  list: readonly Entry[],
  users: Int32Array,
  lastSeen: Float64Array,
  cut: number,
  time: number,
): string[] {
  const keys: string[] = [];
  for (let i = 0; i < list.length; i++) if (users[i] === cut && lastSeen[i] === time) keys[keys.length] = list[i].key;
  return keys;
}

/**
 * Drops from `entries` the keys that go (fewer users than `cut`, or `cut` and seen earlier than `time`, or at `time`
 * and in `goes`), moving those kept to the front of `list`: returns how many are kept.
 */
function keepEntries(
  list: Entry[],
  users: Int32Array,
  lastSeen: Float64Array,
  cut: number,
  time: number,
  goes: Set<string>,
  entries: Map<string, Entry>,
): number {
  let kept = 0;
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    const u = users[i];
    if (u < cut || (u === cut && (lastSeen[i] < time || (lastSeen[i] === time && goes.has(e.key)))))
      entries.delete(e.key);
    else list[kept++] = e;
  }
  return kept;
}

const count = (users: UserHashes): number => (Array.isArray(users) ? users.length : users.size);
function has(users: UserHashes, hash: number): boolean {
  return Array.isArray(users) ? users.includes(hash) : users.has(hash);
}
function addTo(users: UserHashes, hash: number): void {
  if (!Array.isArray(users)) users.add(hash);
  else if (!users.includes(hash)) users.push(hash);
}

/**
 * Hashes (`hashString`'s 53-bit integers) as base64 of their little-endian doubles: 8 bytes a hash, about 10.7
 * characters instead of JSON's 16, and exact.
 */
export function encodeHashes(hashes: readonly number[]): string {
  const bytes = Buffer.alloc(hashes.length * 8);
  for (let i = 0; i < hashes.length; i++) bytes.writeDoubleLE(hashes[i], i * 8);
  return bytes.toString('base64');
}

/** The hashes of `encodeHashes`, or undefined when the text is not a list of them. */
export function decodeHashes(text: string): number[] | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 8 !== 0) return undefined;
  const out: number[] = new Array(bytes.length / 8);
  for (let i = 0; i < out.length; i++) {
    const h = bytes.readDoubleLE(i * 8);
    if (!Number.isSafeInteger(h) || h < 0) return undefined;
    out[i] = h;
  }
  return out;
}

function positive(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, not ${n}`);
  return n;
}

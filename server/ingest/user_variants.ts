/**
 * One user may be stored under several spellings (`JSmith` from Windows, `jsmith` from Okta); the detection core
 * knows them as one (lower-cased) user, and all of a user's logins in a window must be judged together, in time
 * order, in one batch. Names arrive in stored order, where spellings of one user are not adjacent, so each batch
 * asks which spellings of its users exist in the window (case-insensitive term queries) and takes a user only in the
 * batch that holds the user's first spelling in stored order; later spellings, met in later batches, are skipped.
 *
 * Those queries cost about 0.15 ms a user (Elasticsearch builds an automaton per name: 1.5 s for 10,000 users, and
 * growing with every user), yet almost every user has one spelling. So the window's names are first listed once
 * into a Bloom filter of their normalised forms (`spellingCandidates`): a name whose normalised form was met before
 * may have several spellings, and only those are asked about. A false positive only costs a query; there are no
 * false negatives.
 */
import type { Query } from './login_query';
import { fnv1a, normaliseUserName } from './partition';
import type { PointInTime } from './point_in_time';
import { windowUserNames } from './window_users';

export interface OwnedUsers {
  /** Normalised name → every stored spelling in the window (stored order). */
  users: Map<string, string[]>;
}

interface CompositeAgg {
  after_key?: { user: string };
  buckets: Array<{ key: { user: string | number } }>;
}

/** `candidates`: the normalised names that may have several spellings in the window (spellingCandidates). */
export async function ownedUsers(
  pit: PointInTime,
  windowQuery: Query,
  batchNames: readonly string[],
  options: { pageSize: number; signal?: AbortSignal; candidates: SpellingCandidates },
): Promise<OwnedUsers> {
  const keys = new Set(batchNames.map(normaliseUserName));
  const normalised = [...keys].filter((key) => options.candidates.has(key));
  const spellings = new Map<string, string[]>();
  // A name met once in the whole window is its user's only spelling.
  for (const name of batchNames) {
    const key = normaliseUserName(name);
    if (key !== '' && !options.candidates.has(key)) spellings.set(key, [name]);
  }
  // Asked in slices: one case-insensitive clause per user, and a query may hold only so many clauses. Every spelling
  // of a user comes from its slice's query alone, so each user's spellings stay in stored order.
  for (let start = 0; start < normalised.length; start += MAX_CLAUSES) {
    const slice = normalised.slice(start, start + MAX_CLAUSES);
    const inSlice = new Set(slice);
    const variantClauses: Query[] = [
      // The batch's own names, also those whose spelling differs by more than case (surrounding spaces).
      { terms: { 'user.name': batchNames.filter((name) => inSlice.has(normaliseUserName(name))) } },
      // Spellings by case, with Elasticsearch's own (Unicode) case folding…
      ...slice.map((name) => ({ term: { 'user.name': { value: name, case_insensitive: true } } })),
      // …and those padded with whitespace, which no term query finds: without them a batch holding "carol" did not
      // see " carol" owned by an earlier batch, and judged the user a second time (or lost "carol " for good).
      ...slice.map((name) => ({ regexp: { 'user.name': { value: paddedSpellingsRegexp(name) } } })),
    ];
    await collectSpellings(
      pit,
      { bool: { filter: [windowQuery], should: variantClauses, minimum_should_match: 1 } },
      spellings,
      options,
    );
  }
  const inBatch = new Set(batchNames);
  const users = new Map<string, string[]>();
  for (const key of keys) {
    const names = spellings.get(key);
    // Composite buckets come in stored order, so names[0] is the first spelling: the batch holding it owns the user.
    if (names && inBatch.has(names[0])) users.set(key, names);
  }
  return { users };
}

/** Users per spelling query (three clauses each), well under Elasticsearch's clause limit on a small heap. */
const MAX_CLAUSES = 500;

/** What `String.prototype.trim` removes (WhiteSpace and LineTerminator), as a Lucene regexp character class. */
const TRIMMED = '[\u0009-\u000d\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]';

/**
 * A Lucene regular expression for every stored spelling of `normalised` (trimmed, lower-cased) with any whitespace
 * around it and any letter in upper or lower case. Written out rather than `case_insensitive`, which for regexp queries
 * folds ASCII letters only. Every character but letters and digits is escaped (`\` makes any character literal in
 * Lucene's syntax), so a name can never be read as an operator.
 */
export function paddedSpellingsRegexp(normalised: string): string {
  let body = '';
  for (const ch of normalised) {
    const upper = ch.toUpperCase();
    const variants = [...upper].length === 1 && upper !== ch ? [ch, upper] : [ch];
    const literal = variants.map((v) => (/^[\p{L}\p{N}]$/u.test(v) ? v : `\\${v}`)).join('');
    body += variants.length > 1 ? `[${literal}]` : literal;
  }
  return `${TRIMMED}*${body}${TRIMMED}*`;
}

/** Adds every stored spelling matching `query` to `spellings` (by normalised name, in stored order, no repeats). */
async function collectSpellings(
  pit: PointInTime,
  query: Query,
  spellings: Map<string, string[]>,
  options: { pageSize: number; signal?: AbortSignal },
): Promise<void> {
  let after: { user: string } | undefined;
  for (;;) {
    const response = await pit.search<never>(
      {
        size: 0,
        query,
        aggs: {
          users: {
            composite: {
              size: options.pageSize,
              sources: [{ user: { terms: { field: 'user.name' } } }],
              ...(after ? { after } : {}),
            },
          },
        },
      },
      options.signal,
    );
    const agg = response.aggregations?.users as CompositeAgg | undefined;
    for (const bucket of agg?.buckets ?? []) {
      const name = String(bucket.key.user);
      const key = normaliseUserName(name);
      if (key === '') continue;
      const list = spellings.get(key);
      if (list) list.push(name);
      else spellings.set(key, [name]);
    }
    if (!agg?.after_key || (agg.buckets?.length ?? 0) < options.pageSize) return;
    after = agg.after_key;
  }
}

/** The normalised names met more than once while listing a window (plus the Bloom filter's false positives). */
export interface SpellingCandidates {
  has(normalisedName: string): boolean;
}

/**
 * Lists every name of the window once (a composite aggregation, as the batches' own listing) into a Bloom filter of
 * 2²⁴ bits (2 MB) with 4 hashes: about 1 % false positives at 1.7 million users, more beyond (each costs a query).
 */
export async function spellingCandidates(
  pit: PointInTime,
  windowQuery: Query,
  options: { pageSize: number; signal?: AbortSignal },
): Promise<SpellingCandidates> {
  const seen = new BloomFilter(24, 4);
  const twice = new Set<string>();
  for await (const user of windowUserNames(pit, windowQuery, options)) {
    const key = normaliseUserName(user.name);
    if (seen.addAndCheck(key)) twice.add(key);
  }
  return twice;
}

class BloomFilter {
  private readonly bits: Uint8Array;
  private readonly mask: number;

  constructor(
    log2Bits: number,
    private readonly hashes: number,
  ) {
    this.bits = new Uint8Array(1 << (log2Bits - 3));
    this.mask = (1 << log2Bits) - 1;
  }

  /** Adds `text`; true when every one of its bits was already set (met before, or a false positive). */
  addAndCheck(text: string): boolean {
    // Double hashing (Kirsch–Mitzenmacher): two FNV-1a variants give the k positions.
    const h1 = fnv1a(text);
    const h2 = fnv1a(text, 0x01000193) | 1;
    let present = true;
    for (let i = 0; i < this.hashes; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask;
      const byte = bit >>> 3;
      const flag = 1 << (bit & 7);
      if ((this.bits[byte] & flag) === 0) {
        present = false;
        this.bits[byte] |= flag;
      }
    }
    return present;
  }
}

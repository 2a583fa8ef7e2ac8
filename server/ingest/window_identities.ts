/**
 * The people with logins in a window, keyed by canonical identity (server/sources/identity.ts) rather than by the
 * stored `user.name`: one composite aggregation over the dataset and every field the source table reads a person
 * from lists each distinct (dataset, person fields) combination once, and each is mapped to its identity the way the
 * normaliser maps an event (the family's identity fields, best first; else user.name, user.email, source.user.email).
 * So an Okta address, a Microsoft 365 `user.email` and a Windows `DOMAIN\user` with a configured domain are one
 * person, and sources that write no `user.name` (1Password, LastPass, JumpCloud, Cisco ASA) are read.
 *
 * Identities are held in memory (one entry a person, with the spellings that name them) and listed sorted, so batches
 * and checkpoints (`after`) work as with stored names.
 */
import { canonicalIdentity, familyOf, SOURCE_FAMILIES, type IdentityConfig } from '../sources';
import { throwIfAborted } from '../storage';
import type { Query } from './login_query';
import type { PointInTime } from './point_in_time';

/** Where an unlisted source's person is (as judgeSource's fallback). */
const GENERIC_FIELDS = ['user.name', 'user.email', 'source.user.email'];

/** Every field a person may be read from, in one fixed order (composite source `p<i>`). */
export const PERSON_FIELDS: readonly string[] = [
  ...new Set([...GENERIC_FIELDS, ...SOURCE_FAMILIES.flatMap((f) => f.identityFields)]),
];

export interface WindowIdentity {
  identity: string;
  events: number;
  /** Person field → the stored values naming this identity (what a batch's read filters on). */
  spellings: Map<string, Set<string>>;
}

type Key = Record<string, string | number | null>;

/** The identities of a window, sorted. */
export async function windowIdentities(
  pit: PointInTime,
  query: Query,
  identity: IdentityConfig,
  options: { pageSize: number; signal?: AbortSignal },
): Promise<WindowIdentity[]> {
  const found = new Map<string, WindowIdentity>();
  const sources = [
    { ds: { terms: { field: 'data_stream.dataset', missing_bucket: true } } },
    { eds: { terms: { field: 'event.dataset', missing_bucket: true } } },
    ...PERSON_FIELDS.map((field, i) => ({ [`p${i}`]: { terms: { field, missing_bucket: true } } })),
  ];
  let after: Key | undefined;
  for (;;) {
    throwIfAborted(options.signal);
    const response = await pit.search<never>(
      {
        size: 0,
        query,
        aggs: { people: { composite: { size: options.pageSize, sources, ...(after ? { after } : {}) } } },
      },
      options.signal,
    );
    const agg = response.aggregations?.people as
      { after_key?: Key; buckets: Array<{ key: Key; doc_count: number }> } | undefined;
    const buckets = agg?.buckets ?? [];
    for (const bucket of buckets) addBucket(found, bucket.key, bucket.doc_count, identity);
    if (!agg?.after_key || buckets.length < options.pageSize) break;
    after = agg.after_key;
  }
  return [...found.values()].sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
}

function addBucket(found: Map<string, WindowIdentity>, key: Key, events: number, config: IdentityConfig): void {
  const dataset = text(key.ds) ?? text(key.eds);
  const fields = familyOf(dataset)?.identityFields ?? GENERIC_FIELDS;
  for (const field of fields) {
    const stored = text(key[`p${PERSON_FIELDS.indexOf(field)}`]);
    if (stored === undefined || stored.trim() === '') continue;
    const identity = canonicalIdentity(stored, dataset, config);
    if (identity === '') return;
    let entry = found.get(identity);
    if (!entry) found.set(identity, (entry = { identity, events: 0, spellings: new Map() }));
    entry.events += events;
    let values = entry.spellings.get(field);
    if (!values) entry.spellings.set(field, (values = new Set()));
    values.add(stored);
    return;
  }
}

const text = (value: string | number | null | undefined): string | undefined =>
  value === null || value === undefined ? undefined : String(value);

/** The read filter of a batch of identities: any of their stored spellings, in the field it was listed from. */
export function identitySpellingsQuery(people: readonly WindowIdentity[]): Query {
  const byField = new Map<string, Set<string>>();
  for (const person of people)
    for (const [field, values] of person.spellings) {
      let all = byField.get(field);
      if (!all) byField.set(field, (all = new Set()));
      for (const v of values) all.add(v);
    }
  return {
    bool: {
      should: [...byField].map(([field, values]) => ({ terms: { [field]: [...values] } })),
      minimum_should_match: 1,
    },
  };
}

/** The login query's "names a person" clause in identity mode (any person field, not only user.name). */
export const PERSON_EXISTS: Query = {
  bool: { should: PERSON_FIELDS.map((field) => ({ exists: { field } })), minimum_should_match: 1 },
};

/**
 * Which users are asked about other spellings: only those whose normalised name the window's listing met twice.
 * (The end-to-end merge of `user0003` / `User0003` on the real node is in test/integration/detection_pass.test.ts.)
 */
import { ownedUsers, paddedSpellingsRegexp, spellingCandidates } from './user_variants';
import type { PointInTime } from './point_in_time';

/** A point in time whose composite aggregations answer `names` (stored order), and that records each query. */
function fakePit(names: string[], answer: (query: unknown) => string[] = () => names) {
  const queries: unknown[] = [];
  const pit = {
    // Answers in the request's own terms, as Elasticsearch does: its aggregation's name and its composite source's key.
    search: async (request: { query: unknown; aggs: Record<string, { composite: { sources: object[] } }> }) => {
      queries.push(request.query);
      const [name, agg] = Object.entries(request.aggs)[0];
      const source = Object.keys(agg.composite.sources[0])[0];
      const buckets = answer(request.query).map((user) => ({ key: { [source]: user }, doc_count: 1 }));
      return { aggregations: { [name]: { buckets } } };
    },
  } as unknown as PointInTime;
  return { pit, queries };
}

const stored = ['  Carol', 'Alice', 'bob', 'alice', 'carol', 'dave'].sort((a, b) =>
  Buffer.compare(Buffer.from(a), Buffer.from(b)),
);

test('a name is a candidate when its normalised form was listed before; single spellings are not', async () => {
  const candidates = await spellingCandidates(fakePit(stored).pit, { match_all: {} }, { pageSize: 100 });
  expect(['alice', 'carol', 'bob', 'dave', 'erin'].filter((n) => candidates.has(n))).toEqual(['alice', 'carol']);
});

test('with candidates, a batch asks only about them and still gets every spelling of those', async () => {
  const candidates = await spellingCandidates(fakePit(stored).pit, { match_all: {} }, { pageSize: 100 });
  // The batch holds the first spellings (stored order) of alice and bob; the node answers alice's two spellings.
  const { pit, queries } = fakePit([], () => ['Alice', 'alice']);
  const owned = await ownedUsers(pit, { match_all: {} }, ['Alice', 'bob'], { pageSize: 100, candidates });
  expect(Object.fromEntries(owned.users)).toEqual({ alice: ['Alice', 'alice'], bob: ['bob'] });
  expect(queries).toHaveLength(1);
  expect(JSON.stringify(queries[0])).toContain('"alice"');
  expect(JSON.stringify(queries[0])).not.toContain('"bob"');
});

test('a batch with no candidates sends no query at all', async () => {
  const { pit, queries } = fakePit([]);
  const owned = await ownedUsers(pit, { match_all: {} }, ['bob', 'dave'], {
    pageSize: 100,
    candidates: new Set<string>(),
  });
  expect([...owned.users.keys()]).toEqual(['bob', 'dave']);
  expect(queries).toHaveLength(0);
});

test('the whitespace-padded spellings regexp matches letters in either case and everything else literally', () => {
  const ws = '[\u0009-\u000d\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*';
  expect(paddedSpellingsRegexp('carol')).toBe(`${ws}[cC][aA][rR][oO][lL]${ws}`);
  expect(paddedSpellingsRegexp('o.k 7')).toBe(`${ws}[oO]\\.[kK]\\ 7${ws}`);
  expect(paddedSpellingsRegexp('é"*<')).toBe(`${ws}[éÉ]\\"\\*\\<${ws}`);
});

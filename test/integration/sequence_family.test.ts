/**
 * The sequence family through the generic runner on the real node (issue 15, "Measure it"): a `none` rule's window
 * opens in one pass, stays open through a second, survives a restart (the next pass is a new runner whose only memory
 * is the state index) and closes in a pass that reads no event of that identifier at all — firing exactly once. The
 * rules come from the space's rules index, saved as the API saves them. An identifier's watermark, hand-edited to the
 * year 3000, makes none of its later events late, and windows so edited crowd out none of its real ones; nor do
 * either survive a pass's write that the edit made conflict.
 */
import type { Client } from '@elastic/elasticsearch';
import { DEFAULT_LIMITS } from '../../server/families/sequence/engine';
import type { EntityState } from '../../server/families/sequence/entity_state';
import { sequenceFamily, sequenceSettingsFrom } from '../../server/families/sequence/family';
import { readRules, saveRules, sequenceRulesIndex } from '../../server/families/sequence/rules_store';
import { runFamilyPass, type RunnerSettings } from '../../server/runner/family_pass';
import { familyStateIndex, pluginIndices } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { uniqueSpace } from './helpers/detection_pass';
import { editedBeforeStateWrite, editFamilyState, storedFamilyState } from './helpers/family_runner';

jest.setTimeout(120_000);

const T0 = Date.parse('2025-03-10T10:00:00Z');
const MIN = 60_000;
const LAG = 5 * MIN;
let client: Client;
const source = uniqueIndexName('seq-events');
const space = uniqueSpace('seq');

const NONE_RULE = {
  id: 'sequence_mfa_not_restored',
  name: 'MFA factor removed and not restored within an hour',
  reason: 'An account left on a password alone.',
  identifier: 'user.name',
  first: 'mfa factor removed',
  direction: 'followed_by',
  match: 'none',
  events: ['mfa factor added'],
  period: { when: 'before', duration: '1h' },
  time_frame: '1h',
};

const doc = (id: string, t: number, action: string, user: string) => ({
  '@timestamp': new Date(t).toISOString(),
  event: { id, action, outcome: 'success' },
  user: { name: user },
});

const runner = (extra: Partial<RunnerSettings> = {}): RunnerSettings => ({
  space,
  lagMs: LAG,
  lookbackMs: 3 * 3_600_000,
  maxWindowMs: 24 * 3_600_000,
  usersPerBatch: 2,
  eventsPerBatch: 1000,
  pageSize: 10,
  readSlices: 1,
  partition: 0,
  partitions: 1,
  retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 },
  pitKeepAlive: '1m',
  ...extra,
});

/** A pass as a freshly started process would run it: nothing carried over but what is in Elasticsearch. */
async function passAt(now: number, into = { space, source }, through: Client = client) {
  const settings = sequenceSettingsFrom({ indices: [into.source], builtin_rules: { enabled: false } })!;
  return runFamilyPass(sequenceFamily, runner({ space: into.space }), settings, [into.source], {
    client: through,
    logger: { info: () => {}, warn: () => {}, debug: () => {} },
    now: () => now,
  });
}

async function alerts(of = space) {
  const index = pluginIndices(of).alerts;
  await client.indices.refresh({ index });
  const response = await client.search<{
    rule: { id: string };
    buffalogs: {
      family: string;
      entity: { field: string; value: string };
      evidence: { events: Array<{ role: string }> };
    };
    message: string;
  }>({ index, size: 100 });
  return response.hits.hits.map((h) => ({ id: h._id!, ...h._source! }));
}

/** Creates `index` with the fields the family reads mapped, holding `documents`. */
async function createSource(index: string, documents: object[]): Promise<void> {
  await client.indices.create({
    index,
    mappings: {
      properties: {
        '@timestamp': { type: 'date' },
        event: { properties: { id: { type: 'keyword' }, action: { type: 'keyword' }, outcome: { type: 'keyword' } } },
        user: { properties: { name: { type: 'keyword' } } },
      },
    },
  });
  await addEvents(index, documents);
}

const addEvents = (index: string, documents: object[]) =>
  client.bulk({ refresh: true, operations: documents.flatMap((d) => [{ index: { _index: index } }, d]) });

beforeAll(async () => {
  client = esClient();
  const documents = [
    // alice removes her factor and never restores it; bob restores his half an hour later.
    doc('a1', T0, 'mfa_factor_removed', 'alice'),
    doc('b1', T0, 'MFA-Factor-Removed', 'bob'),
    doc('b2', T0 + 30 * MIN, 'mfa_factor_added', 'bob'),
    // Not a step of any rule: never read.
    doc('x1', T0 + 35 * MIN, 'file_download', 'alice'),
  ];
  await createSource(source, documents);
  const saved = await saveRules(client, space, {
    rules: [NONE_RULE as never],
    builtinDisabled: [],
    user: 'test',
    now: new Date(T0),
  });
  expect(saved.version).toBe(1);
});

afterAll(async () => {
  await deleteIndices(
    client,
    ...Object.values(pluginIndices(space)),
    familyStateIndex('sequence', space),
    sequenceRulesIndex(space),
    source,
  );
  await client.close();
});

test('a none window closes across two passes and a restart, and fires exactly once', async () => {
  // Pass 1 ends at T0+20m: both windows open, nothing decided.
  const first = await passAt(T0 + 20 * MIN + LAG);
  expect(first.completedTo).toBe(T0 + 20 * MIN);
  expect(first.events).toBe(2);
  expect(first.alertsCreated).toBe(0);
  const states = familyStateIndex('sequence', space);
  await client.indices.refresh({ index: states });
  const stored = await client.search<{ entity: { value: string }; due?: number }>({ index: states, size: 10 });
  const due = Object.fromEntries(stored.hits.hits.map((h) => [h._source!.entity.value, h._source!.due]));
  expect(due).toEqual({ 'user.name\u0000alice': T0 + 60 * MIN, 'user.name\u0000bob': T0 + 60 * MIN });

  // Pass 2 ends at T0+40m: bob's factor comes back; alice's window is still open.
  const second = await passAt(T0 + 40 * MIN + LAG);
  expect(second.events).toBe(1);
  expect(second.alertsCreated).toBe(0);

  // Restart: a new runner, a new family pass. Its window (T0+40m, T0+2h] holds no event of alice's: she is listed
  // because her state is due, and her window, closed at T0+1h, fires; bob's window closed with his factor back.
  const third = await passAt(T0 + 2 * 60 * MIN + LAG);
  expect(third.events).toBe(0);
  expect(third.alertsCreated).toBe(1);
  const fired = await alerts();
  expect(fired).toHaveLength(1);
  expect(fired[0]).toMatchObject({
    rule: { id: 'sequence_mfa_not_restored' },
    buffalogs: { family: 'sequence', entity: { field: 'user.name', value: 'alice' } },
  });
  expect(fired[0].buffalogs.evidence.events.map((e) => e.role)).toEqual(['first']);
  expect(fired[0].message).toContain('none of mfa factor added');

  // Later passes, and the same windows judged again, add nothing.
  const fourth = await passAt(T0 + 5 * 60 * MIN + LAG);
  expect(fourth.alertsCreated).toBe(0);
  expect(await alerts()).toHaveLength(1);
  await client.indices.refresh({ index: states });
  const after = await client.search({ index: states, size: 10, query: { exists: { field: 'due' } } });
  expect(after.hits.hits).toHaveLength(0);
});

test('rules are versioned: a save naming an old version is refused with 409, the history keeps both', async () => {
  const current = await readRules(client, space);
  await saveRules(client, space, {
    rules: [{ ...NONE_RULE, enabled: false } as never],
    builtinDisabled: ['sequence_porlock_otp_password_change'],
    expectedVersion: current.version,
    user: 'analyst',
    now: new Date(T0 + MIN),
  });
  await expect(
    saveRules(client, space, {
      rules: [],
      builtinDisabled: [],
      expectedVersion: current.version,
      user: 'x',
      now: new Date(),
    }),
  ).rejects.toMatchObject({ statusCode: 409 });
  await client.indices.refresh({ index: sequenceRulesIndex(space) });
  const history = await client.count({ index: sequenceRulesIndex(space), query: { term: { kind: 'history' } } });
  expect(history.count).toBe(2);
});

const ALICE = 'user.name\u0000alice';

/**
 * Alice removes her MFA factor at T0 under NONE_RULE, a pass judges it, her stored state is then edited by hand
 * (`edit`), and `then` runs the rest of the story in that space; its indices are deleted after.
 */
async function afterEditedRemoval(
  name: string,
  edit: (state: EntityState) => EntityState,
  then: (into: { space: string; source: string }) => Promise<void>,
): Promise<void> {
  const into = { space: uniqueSpace(name), source: uniqueIndexName(`${name}-events`) };
  try {
    await createSource(into.source, [doc('a1', T0, 'mfa_factor_removed', 'alice')]);
    await saveRules(client, into.space, {
      rules: [NONE_RULE as never],
      builtinDisabled: [],
      user: 'test',
      now: new Date(T0),
    });
    await passAt(T0 + 20 * MIN + LAG, into);
    await editFamilyState<EntityState>(client, 'sequence', into.space, ALICE, edit);
    await then(into);
  } finally {
    await deleteIndices(
      client,
      ...Object.values(pluginIndices(into.space)),
      familyStateIndex('sequence', into.space),
      sequenceRulesIndex(into.space),
      into.source,
    );
  }
}

test("an identifier's stored watermark far in the future (a hand edit) does not make its later events late", async () => {
  await afterEditedRemoval(
    'seq-future',
    (state) => ({ ...state, watermark: Date.parse('3000-01-01T00:00:00Z') }),
    async (into) => {
      // alice restores her factor within the hour: no alert is due, now or later.
      await addEvents(into.source, [doc('a2', T0 + 30 * MIN, 'mfa_factor_added', 'alice')]);
      const second = await passAt(T0 + 40 * MIN + LAG, into);
      // Before: her restore was late (older than the year 3000) and ignored, her window was closed by that watermark
      // and fired "not restored", and the year 3000 was written back: every later event of hers would have been late.
      expect(second.events).toBe(1);
      expect(second.familyCounts.late ?? 0).toBe(0);
      expect(second.alertsCreated).toBe(0);
      expect((await storedFamilyState<EntityState>(client, 'sequence', into.space, ALICE))!.watermark).toBe(
        T0 + 40 * MIN,
      );
      const third = await passAt(T0 + 2 * 60 * MIN + LAG, into);
      expect(third.alertsCreated).toBe(0);
      expect(await alerts(into.space)).toEqual([]);
    },
  );
});

test("an identifier's windows stored as opened far in the future (a hand edit) do not crowd out its real ones", async () => {
  await afterEditedRemoval(
    'seq-future-windows',
    // Her track's windows replaced by as many as a track keeps, each opened in the year 3000.
    (state) => ({
      ...state,
      rules: state.rules.map((r) => ({
        ...r,
        tracks: r.tracks.map((t) => ({
          ...t,
          anchors: Array.from({ length: DEFAULT_LIMITS.maxAnchorsPerTrack }, (_, i) => ({
            ...t.anchors[0],
            id: `forged-${i}`,
            t: Date.parse('3000-01-01T00:00:00Z') + i,
          })),
        })),
      })),
    }),
    async (into) => {
      // alice removes her factor again and does not restore it within the hour.
      await addEvents(into.source, [doc('a2', T0 + 30 * MIN, 'mfa_factor_removed', 'alice')]);
      await passAt(T0 + 40 * MIN + LAG, into);
      const third = await passAt(T0 + 2 * 60 * MIN + LAG, into);
      // Before: her new window, the oldest of the track's, was the one dropped over the cap: no alert; and the forged
      // windows never closed, so every later window of hers went the same way.
      expect(third.alertsCreated).toBe(1);
      expect((await alerts(into.space)).map((a) => a.rule.id)).toEqual([NONE_RULE.id]);
    },
  );
});

test("an identifier's watermark and window hand-edited to the year 3000 while a pass judges it do not survive its write's merge", async () => {
  const year3000 = Date.parse('3000-01-01T00:00:00Z');
  await afterEditedRemoval(
    'seq-future-merge',
    (state) => state, // nothing edited before the second pass: the edit races it
    async (into) => {
      await addEvents(into.source, [doc('a2', T0 + 30 * MIN, 'mfa_factor_added', 'alice')]);
      // The edit lands after the pass read alice's state and before it writes it: the write meets a 409, and the store
      // merges the edited state into the one the pass computed.
      const raced = editedBeforeStateWrite<EntityState>(client, 'sequence', into.space, ALICE, (state) => ({
        ...state,
        watermark: year3000,
        max_seen: year3000,
        rules: state.rules.map((r) => ({
          ...r,
          tracks: r.tracks.map((t) => ({
            ...t,
            anchors: [...t.anchors, { ...t.anchors[0], id: 'forged', t: year3000 }],
          })),
        })),
      }));
      const second = await passAt(T0 + 40 * MIN + LAG, into, raced.client);
      expect(raced.edited()).toBe(true);
      expect(second.alertsCreated).toBe(0);
      // Before: the merge kept the later watermark and latest time seen, the year 3000, and the forged window with the
      // real one: written back, for the next load to read the watermark as none.
      const stored = (await storedFamilyState<EntityState>(client, 'sequence', into.space, ALICE))!;
      expect([stored.watermark, stored.max_seen]).toEqual([T0 + 40 * MIN, T0 + 30 * MIN]);
      expect(stored.rules.flatMap((r) => r.tracks.flatMap((t) => t.anchors.map((a) => a.t)))).toEqual([T0]);
    },
  );
});

/**
 * What one bad index or one bad document must not do to a pass, on the real node:
 * - an index mapping `user.name` as `text` makes the user listing fail on its shards; Elasticsearch still answers 200
 *   with the other indices' users, and the pass must fail naming the index rather than checkpoint a window without
 *   that index's users;
 * - an alert Elasticsearch refuses must not stop the others (see the dead-letter tests below).
 */
import type { Client } from '@elastic/elasticsearch';
import type { UserState } from '../../server/detection';
import { runDetectionPass } from '../../server/pass';
import { installIndices, pluginIndices, readCheckpoint, readDeadLetters } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, generateAuthEvents, indexEvents } from './fixtures/auth_events';
import { deleteSpace, storedAlerts, storedStates, testDeps, testSettings, uniqueSpace } from './helpers/detection_pass';

jest.setTimeout(120_000);

const NOW = Date.parse('2025-03-10T12:00:00Z');
let client: Client;
const indices: string[] = [];
const spaces: string[] = [];

function space(label: string): string {
  const s = uniqueSpace(label);
  spaces.push(s);
  return s;
}

beforeAll(() => {
  client = esClient();
});

afterAll(async () => {
  for (const s of spaces) await deleteSpace(client, s);
  await deleteIndices(client, ...indices);
  await client.close();
});

describe('shard failures in a pass read', () => {
  let keywordIndex: string;
  let textIndex: string;

  beforeAll(async () => {
    keywordIndex = uniqueIndexName('auth-keyword');
    textIndex = uniqueIndexName('auth-text');
    indices.push(keywordIndex, textIndex);
    const events = generateAuthEvents({ users: 6, perUser: 8, end: NOW - 10 * 60_000, hours: 20, seed: 3 });
    await createSourceIndex(client, keywordIndex, events.slice(0, events.length / 2));
    // Another shipper's index where `user.name` is full text: a terms aggregation cannot run on its shards.
    await client.indices.create({
      index: textIndex,
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: { properties: { '@timestamp': { type: 'date' }, user: { properties: { name: { type: 'text' } } } } },
    });
    await indexEvents(
      client,
      textIndex,
      events.slice(events.length / 2).map((e) => ({ ...e, id: `t-${e.id}` })),
    );
  });

  test('a pass fails naming the index and the reason, and its checkpoint does not move', async () => {
    const s = space('shards');
    const pass = runDetectionPass(testSettings([keywordIndex, textIndex], s), testDeps(client, NOW));
    await expect(pass).rejects.toThrow(
      new RegExp(
        `shard\\(s\\) failed to answer a detection read in ${textIndex}: illegal_argument_exception: .*user\\.name`,
      ),
    );
    // The earlier (empty) one-day windows completed; the one holding the text index's logins did not.
    const checkpoint = await readCheckpoint(client, pluginIndices(s).checkpoints, 0, 1);
    expect(checkpoint?.completedTo).toBe(NOW - 2 * 60_000 - 86_400_000);
    expect((await storedAlerts(client, s)).size).toBe(0);
  });

  test('without the text-mapped index the same pass succeeds', async () => {
    const s = space('shards-ok');
    const result = await runDetectionPass(testSettings([keywordIndex], s), testDeps(client, NOW));
    expect(result.completedTo).toBe(NOW - 2 * 60_000);
    expect(result.users).toBe(3); // the first half of the events: three users
  });
});

describe('logins out of order', () => {
  const END = NOW - 10 * 60_000;
  let recent: string;
  let backfill: string;
  // 40 logins a user over the last two days: more than the 32 identities a state remembers.
  const recentEvents = generateAuthEvents({ users: 4, perUser: 40, end: END, hours: 48, seed: 11 });

  beforeAll(async () => {
    recent = uniqueIndexName('auth-recent');
    backfill = uniqueIndexName('auth-backfill');
    indices.push(recent, backfill);
    await createSourceIndex(client, recent, recentEvents);
    await createSourceIndex(client, backfill, []);
  });

  test('a backfill with --from/--to before the stored state judges its logins against that state', async () => {
    const s = space('backfill');
    const settings = testSettings([recent, backfill], s);
    const first = await runDetectionPass(settings, testDeps(client, NOW));
    expect(first.events).toBeGreaterThan(150);
    // Logins found later in an archive, a week before: user0001 from Nairobi (a country none of the fixture's logins come from).
    const at = END - 7 * 86_400_000;
    const archived = generateAuthEvents({ users: 2, perUser: 3, end: at, hours: 2, seed: 5 })
      .filter((e) => (e.doc.event as { outcome: string }).outcome === 'success' && !e.id.startsWith('malformed'))
      .map((e) => ({ ...e, id: `archive-${e.id}` }));
    const takeover = {
      id: 'archive-takeover',
      doc: {
        '@timestamp': new Date(at + 3_600_000).toISOString(),
        event: { category: ['authentication'], type: ['start'], outcome: 'success', id: 'archive-takeover' },
        user: { name: 'user0001' },
        source: {
          ip: '203.0.113.77',
          geo: { location: { lat: -1.2921, lon: 36.8219 }, country_name: 'Kenya', country_iso_code: 'KE' },
        },
        user_agent: { original: 'curl/8.0' },
      },
    };
    await indexEvents(client, backfill, [...archived, takeover]);
    const result = await runDetectionPass(settings, testDeps(client, NOW), {
      from: at - 86_400_000,
      to: at + 86_400_000,
    });
    expect(result.events).toBe(archived.length + 1);
    expect(result.duplicates + result.skipped + result.alreadyJudged).toBe(0);
    expect(result.outOfOrder).toBe(archived.length + 1);
    const alerts = [...(await storedAlerts(client, s)).values()].filter(
      (a) => a.buffalogs.trigger.event_id === 'archive-takeover',
    );
    expect(alerts.map((a) => a.rule.id)).toEqual(expect.arrayContaining(['new_country', 'new_device']));
  });

  test("a user's stored judgedTo far in the future (a hand edit) does not keep the user's later logins from being judged", async () => {
    const s = space('future-judged');
    const later = uniqueIndexName('auth-later');
    indices.push(later);
    await createSourceIndex(client, later, []);
    const settings = testSettings([recent, later], s);
    await runDetectionPass(settings, testDeps(client, NOW));
    // The stored state of one user, edited to say every login up to the year 3000 is judged.
    const index = pluginIndices(s).state;
    await client.indices.refresh({ index });
    const hits = (await client.search<{ state: UserState }>({ index, size: 100, query: { match_all: {} } })).hits.hits;
    const hit = hits.find((h) => h._source!.state.user.toLowerCase() === 'user0001')!;
    const user = hit._source!.state.user;
    await client.index({
      index,
      id: hit._id!,
      document: { ...hit._source, state: { ...hit._source!.state, judgedTo: Date.parse('3000-01-01T00:00:00Z') } },
      refresh: true,
    });
    const login = {
      id: 'later-login',
      doc: {
        '@timestamp': new Date(NOW + 30 * 60_000).toISOString(),
        event: { category: ['authentication'], type: ['start'], outcome: 'success', id: 'later-login' },
        user: { name: user },
        source: { ip: '203.0.113.88', geo: { location: { lat: 52.52, lon: 13.4 }, country_iso_code: 'DE' } },
        user_agent: { original: 'curl/8.0' },
      },
    };
    await indexEvents(client, later, [login]);
    const result = await runDetectionPass(settings, testDeps(client, NOW + 60 * 60_000));
    // Before: the login was dropped as already judged (alreadyJudged 1, events 0), and so would every later one be.
    expect(result.alreadyJudged).toBe(0);
    expect(result.events).toBe(1);
    expect((await storedStates(client, s)).get(user)!.judgedTo).toBeLessThanOrEqual(NOW + 60 * 60_000);
  });

  test('a window read again after its states were written is not judged twice, however many logins a user had', async () => {
    const s = space('reread');
    const settings = testSettings([recent], s);
    const first = await runDetectionPass(settings, testDeps(client, NOW));
    const before = await storedStates(client, s);
    // Forget the checkpoint: the next pass reads every window again, as a new partition layout would.
    await client.indices.delete({ index: pluginIndices(s).checkpoints });
    const again = await runDetectionPass(settings, testDeps(client, NOW));
    expect(again.alreadyJudged).toBe(first.events);
    expect(again.events).toBe(0); // none reached the detection core
    expect(again.alertsCreated + again.alertsExisting).toBe(0);
    const after = await storedStates(client, s);
    for (const [user, state] of before) expect(after.get(user)).toEqual(state);
  });
});

describe('alerts Elasticsearch refuses', () => {
  const END = NOW - 10 * 60_000;
  let source: string;
  let stringOrgSource: string;
  const events = generateAuthEvents({ users: 8, perUser: 14, end: END, hours: 50, seed: 7 }).map((e) => {
    const user = (e.doc.user as { name: string }).name.toLowerCase();
    const src = e.doc.source as Record<string, unknown>;
    // A shipper that writes the AS organisation as a plain string (ECS: `source.as.organization.name`).
    if (user === 'user0002') src.as = { number: 64512, organization: 'ACME Telecom' };
    // A value the alerts index refuses however it is shaped (see the mapping added below).
    if (user === 'user0003') src.custom_score = 'not a number';
    return e;
  });

  beforeAll(async () => {
    source = uniqueIndexName('auth-refused-docs');
    stringOrgSource = uniqueIndexName('auth-string-org');
    indices.push(source, stringOrgSource);
    const isAcme = (e: (typeof events)[number]) => (e.doc.user as { name: string }).name.toLowerCase() === 'user0002';
    await createSourceIndex(
      client,
      source,
      events.filter((e) => !isAcme(e)),
    );
    await createSourceIndex(client, stringOrgSource, events.filter(isAcme));
  });

  test('a string source.as.organization is reshaped, not refused; a refused alert becomes a dead letter and the pass goes on', async () => {
    const s = space('deadletter');
    const index = pluginIndices(s);
    await installIndices(client, s);
    // An operator's addition to the alerts mapping that takes no malformed value.
    await client.indices.putMapping({
      index: index.alerts,
      properties: { source: { properties: { custom_score: { type: 'long', ignore_malformed: false } } } },
    });
    const reference = space('deadletter-reference');
    const settings = testSettings([source, stringOrgSource], s);
    const result = await runDetectionPass(settings, testDeps(client, NOW));
    expect(result.completedTo).toBe(NOW - 2 * 60_000);

    // What the same pass stores where nothing is refused: every other alert is there.
    await runDetectionPass(testSettings([source, stringOrgSource], reference), testDeps(client, NOW));
    const expected = await storedAlerts(client, reference);
    const stored = await storedAlerts(client, s);
    const refusedIds = [...expected.values()]
      .filter((a) => a.user?.name === 'user0003')
      .map((a) => a.buffalogs.alert_id);
    expect(refusedIds.length).toBeGreaterThan(0);
    expect(result.deadLetters).toBe(refusedIds.length);
    expect([...stored.keys()].sort()).toEqual([...expected.keys()].filter((id) => !refusedIds.includes(id)).sort());

    const acme = [...stored.values()].filter((a) => a.user?.name === 'user0002');
    expect(acme.length).toBeGreaterThan(0);
    for (const alert of acme) {
      expect(alert.source?.as).toEqual({ number: 64512 });
      expect(alert.buffalogs.unmapped_fields).toEqual([{ field: 'source.as.organization', value: '"ACME Telecom"' }]);
    }
    expect(result.reshapedAlerts).toBe(acme.length);

    // The dead letters: the document, Elasticsearch's reason, the pass's window; what the task status shows.
    await client.indices.refresh({ index: index.deadletter });
    const letters = await client.search<{
      doc_id: string;
      error: { type: string; reason: string };
      pass: { window_to: string };
      document: { user: { name: string } };
    }>({
      index: index.deadletter,
      size: 100,
    });
    expect(letters.hits.hits.map((h) => h._source!.doc_id).sort()).toEqual([...refusedIds].sort());
    for (const { _source: letter } of letters.hits.hits) {
      expect(letter!.error.type).toBe('document_parsing_exception');
      expect(letter!.error.reason).toContain('custom_score');
      expect(letter!.document.user.name).toBe('user0003');
      expect(Date.parse(letter!.pass.window_to)).toBeLessThanOrEqual(NOW);
    }
    const summary = await readDeadLetters(client, index.deadletter, 5);
    expect(summary.total).toBe(refusedIds.length);
    expect(summary.latest[0]).toMatchObject({
      user: 'user0003',
      error_type: 'document_parsing_exception',
      reason: expect.stringContaining('custom_score'),
    });

    // The next pass has nothing left to do: the refused alerts did not hold the checkpoint back.
    const next = await runDetectionPass(settings, testDeps(client, NOW));
    expect(next.windows).toEqual([]);
  });
});

/**
 * "Mark safe" teaches the user's baseline and habit model (issue 12, feedback), on the real node: a login that is a
 * suspicious_login alert (new country, network and device, at an hour the user never logs in, which the habit model
 * explains feature by feature); the analyst marks it safe (what the route does: server/routes/mark_safe.ts); the same
 * user's identical next login, judged by a later pass right after a login from home (so it is also an impossible
 * journey), raises no alert and the model no longer finds it unusual.
 *
 * Control: another user with the same history and logins, not marked safe. The default profile records every judged
 * login in the baseline, alerted or not, so the twin's country, network and device are known to this user too and
 * the twin does not alert either; what the analyst's word adds is the habit model's: the login counts as
 * TAUGHT_WEIGHT logins, so for the control user the twin is still unusual (an `unusual_for_user` signal in its
 * observation, a higher score) and for the taught one it is not.
 */
import type { Client } from '@elastic/elasticsearch';
import type { HabitEvidence, VerdictEvidence } from '../../common/alert_document';
import { resolveDetectionConfig, type Observation } from '../../server/detection';
import { runDetectionPass } from '../../server/pass';
import { observationsIndex, pluginIndices } from '../../server/storage';
import { getAlert, teachUserState } from '../../server/triage/alert_updates';
import { teachingFromAlert } from '../../server/triage/teach_baseline';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, indexEvents, login, type EcsEvent } from './fixtures/auth_events';
import { deleteSpace, storedAlerts, storedStates, testDeps, testSettings, uniqueSpace } from './helpers/detection_pass';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A Monday noon: the history runs the 12 days before it, at office hours. */
const NOW1 = Date.parse('2025-03-10T12:00:00Z');
const NOW2 = NOW1 + 2 * DAY;
const WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const ROME = 0;
const SAO_PAULO = 5;
const USERS = ['alice', 'bob'];

let client: Client;
let source: string;
const spaces: string[] = [];

/** Each user: three logins a day for 12 days from home in Rome, 08–10 UTC, one device. */
function history(): EcsEvent[] {
  const events: EcsEvent[] = [];
  USERS.forEach((user, u) => {
    for (let d = 12; d >= 1; d--)
      for (let k = 0; k < 3; k++)
        events.push(
          login(
            `${user}-home-${d}-${k}`,
            NOW1 - d * DAY - 3 * HOUR + k * 40 * 60_000,
            user,
            ROME,
            `93.34.${u}.7`,
            WINDOWS,
          ),
        );
  });
  return events;
}

/** The login under judgement: São Paulo, a new address, AS and device, at 03:00 UTC. */
const strange = (user: string, id: string, at: number): EcsEvent =>
  login(id, at, user, SAO_PAULO, '203.0.113.9', LINUX);

beforeAll(async () => {
  client = esClient();
  source = uniqueIndexName('auth-safe');
  const events = history();
  for (const user of USERS) events.push(strange(user, `${user}-strange-1`, NOW1 - 9 * HOUR));
  await createSourceIndex(client, source, events);
});

afterAll(async () => {
  for (const space of spaces) await deleteSpace(client, space);
  await deleteIndices(client, source);
  await client.close();
});

test("marked safe, a suspicious login's twin in a later pass raises no alert and the habit model no longer finds it unusual; unmarked, the model does", async () => {
  const space = uniqueSpace('safe');
  spaces.push(space);
  const config = resolveDetectionConfig('default');
  const settings = testSettings([source], space, { detection: config, lookbackMs: 14 * DAY });
  await runDetectionPass(settings, testDeps(client, NOW1));

  const alertOn = async (eventId: string) =>
    [...(await storedAlerts(client, space)).values()].find(
      (a) => a.buffalogs.trigger.event_id === eventId && a.rule.id === 'suspicious_login' && !a.buffalogs.filtered,
    );
  const first = await alertOn('alice-strange-1');
  expect(first).toBeDefined();
  expect(await alertOn('bob-strange-1')).toBeDefined();
  // The habit model is one of its signals, and says which features were unusual against what baseline.
  const verdict = first!.buffalogs.evidence as VerdictEvidence;
  const habits = verdict.signals.find((s) => s.id === 'unusual_for_user');
  expect(habits).toBeDefined();
  const features = (habits!.evidence as HabitEvidence).features;
  expect(features.find((f) => f.feature === 'country')).toMatchObject({ value: 'BR', seen: 0 });
  expect(features.find((f) => f.feature === 'hour')).toMatchObject({ value: 'Mon 03:00 UTC' });
  // 36 logins over 12 days, decayed with a 30-day half-life: 31.1.
  expect(habits!.reason).toMatch(/country BR seen 0 of 31.1 logins .*Mon 03:00 UTC \(±1 h\) seen 0 of 31.1 logins/);

  // The analyst marks alice's alert safe, as the route does (server/routes/mark_safe.ts).
  const stateIndex = pluginIndices(space).state;
  const alert = await getAlert(client, pluginIndices(space).alerts, first!.buffalogs.alert_id);
  const teaching = teachingFromAlert(alert);
  expect(teaching).toMatchObject({ country: 'BR', ip: '203.0.113.9', login: { asn: '64505', city: 'São Paulo' } });
  await teachUserState(client, stateIndex, 'alice', teaching, Date.parse(alert['@timestamp']), {
    ...config.baseline,
    halfLifeDays: config.verdict.unusualHalfLifeDays,
  });
  const taught = (await storedStates(client, space)).get('alice')!;
  expect(taught.asns.map((e) => e.value)).toContain('64505');
  expect(taught.model!.v[0]).toContain('BR');

  // A login from home in the afternoon, then at 01:00 UTC (an hour neither user logs in at) the same São Paulo login
  // again (address, network, device; 9 hours after Rome: an impossible journey), for both users; a later pass.
  const twinAt = NOW1 + 13 * HOUR;
  await indexEvents(
    client,
    source,
    USERS.flatMap((user, u) => [
      login(`${user}-home-late`, twinAt - 9 * HOUR, user, ROME, `93.34.${u}.7`, WINDOWS),
      strange(user, `${user}-strange-2`, twinAt),
    ]),
  );
  await runDetectionPass(settings, testDeps(esClient(), NOW2));
  expect(await alertOn('alice-strange-2')).toBeUndefined();
  expect(await alertOn('bob-strange-2')).toBeUndefined();

  const observation = async (eventId: string) => {
    const index = observationsIndex(space);
    await client.indices.refresh({ index });
    const found = await client.search<Observation>({ index, query: { term: { 'event.id': eventId } } });
    return found.hits.hits[0]?._source;
  };
  const taughtTwin = await observation('alice-strange-2');
  const untaughtTwin = await observation('bob-strange-2');
  expect(untaughtTwin!.signals.map((s) => s.id)).toEqual(
    expect.arrayContaining(['impossible_travel', 'unusual_for_user']),
  );
  expect(taughtTwin!.signals.map((s) => s.id)).not.toContain('unusual_for_user');
  expect(taughtTwin!.score).toBeLessThan(untaughtTwin!.score);
});

/**
 * Mark safe reads the alert document back from the alerts index and teaches the user's stored state from it: a
 * document with no usable time (an epoch number where the date mapping accepts one, a missing @timestamp) or a user
 * that is no string must be refused (422) with the stored state left exactly as it was, on the real node.
 */
import type { Client } from '@elastic/elasticsearch';
import { newUserState } from '../../server/detection/user_state';
import { RouteError } from '../../server/routes/errors';
import { installIndices, pluginIndices } from '../../server/storage';
import { stateDocId, toStateDocument } from '../../server/storage/user_state_store';
import { getAlert, teachUserState } from '../../server/triage/alert_updates';
import { isEmptyTeaching, teachingFromAlert } from '../../server/triage/teach_baseline';
import { deleteIndices, esClient } from '../helpers/es';
import { uniqueSpace } from './helpers/detection_pass';

jest.setTimeout(60_000);

const BOUNDS = { maxCountries: 10, maxDevices: 10, maxIps: 10 };
const AT = Date.parse('2025-03-10T12:00:00Z');
let client: Client;
const space = uniqueSpace('marksafe-hostile');
const indices = pluginIndices(space);

beforeAll(async () => {
  client = esClient();
  await installIndices(client, space);
  await client.index({
    index: indices.state,
    id: stateDocId('alice'),
    document: toStateDocument(newUserState('alice', AT - 86_400_000), AT - 86_400_000),
    refresh: true,
  });
});
afterAll(async () => {
  await deleteIndices(client, ...Object.values(indices));
  await client.close();
});

const stored = async () => client.get<Record<string, unknown>>({ index: indices.state, id: stateDocId('alice') });

test('an alert time that is no date (Date.parse of an epoch number, or of nothing) is a 422; the state is untouched', async () => {
  const before = await stored();
  for (const timestamp of [1741608000000, undefined, 'yesterday'])
    await expect(
      teachUserState(
        client,
        indices.state,
        'alice',
        { country: 'BR', ip: '198.51.100.7' },
        Date.parse(timestamp as string),
        BOUNDS,
      ),
    ).rejects.toMatchObject({ constructor: RouteError, statusCode: 422 });
  const after = await stored();
  expect(after._seq_no).toBe(before._seq_no);
  expect(after._source).toEqual(before._source);
});

test('a user that is no string is a 422, nothing written', async () => {
  for (const user of [['alice', 'bob'], { name: 'alice' }, ''])
    await expect(
      teachUserState(client, indices.state, user as unknown as string, { country: 'BR' }, AT, BOUNDS),
    ).rejects.toMatchObject({ statusCode: 422 });
  await client.indices.refresh({ index: indices.state });
  expect((await client.count({ index: indices.state })).count).toBe(1);
});

test('control: the same teaching at a real time is stored', async () => {
  await teachUserState(client, indices.state, 'alice', { country: 'BR', ip: '198.51.100.7' }, AT, BOUNDS);
  const state = ((await stored())._source as { state: { countries: Array<{ value: string; last: number }> } }).state;
  expect(state.countries).toContainEqual(expect.objectContaining({ value: 'BR', last: AT }));
});

/**
 * Another writer's alerts, stored as the alerts index takes them (its mapping refuses a string `to`, but takes a null
 * or missing one, a number in a keyword, and anything in the unmapped `signals`), read back as the route reads them.
 * Mark safe (server/routes/mark_safe.ts) refuses an empty teaching with 422 before writing anything; what is left is
 * taught. teachingFromAlert threw on each of these: a 500.
 */
describe("another writer's alert, read back from the alerts index", () => {
  const WINDOWS =
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
  let n = 0;
  const storedAlert = async (
    source: Record<string, unknown>,
    evidence: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) => {
    const id = `hostile-${++n}`;
    const document = {
      '@timestamp': '2025-03-10T11:00:00Z',
      user: { name: 'alice' },
      source,
      buffalogs: { alert_id: id, evidence },
      ...extra,
    };
    await client.index({ index: indices.alerts, id, document, refresh: true });
    return getAlert(client, indices.alerts, id);
  };
  const travel = (to: unknown) => ({
    kind: 'travel',
    from: { timestamp: '2025-03-10T10:00:00Z', country_iso_code: 'IT' },
    ...(to === undefined ? {} : { to }),
  });

  test.each([
    ['no to', undefined],
    ['a null to', null],
  ])(
    'impossible travel with %s and no place or IP on source: nothing to teach (the 422 of the route, before any write)',
    async (_t, to) => {
      expect(isEmptyTeaching(teachingFromAlert(await storedAlert({}, travel(to))))).toBe(true);
    },
  );

  test('impossible travel with no to teaches what source still carries (its country)', async () => {
    const alert = await storedAlert({ geo: { country_iso_code: 'AR' } }, travel(undefined));
    expect(teachingFromAlert(alert)).toEqual({ country: 'AR' });
  });

  test.each([
    ['a string', 'new_device'],
    ['an object', { id: 'new_device' }],
    ['null', null],
    ['a list of wrong entries', [null, 'x', 7, {}, { evidence: null }, { evidence: 'novelty' }]],
  ])('a verdict whose signals are %s teaches the login from its own fields', async (_t, signals) => {
    const alert = await storedAlert(
      { ip: '198.51.100.7', as: { number: 28573 }, geo: { country_iso_code: 'BR' } },
      { kind: 'verdict', score: 80, threshold: 50, why: '', signals },
      { user_agent: { original: WINDOWS } },
    );
    const teaching = teachingFromAlert(alert);
    expect(teaching).toMatchObject({ country: 'BR', ip: '198.51.100.7', device: expect.stringMatching(/chrome/) });
    expect(teaching.login).toMatchObject({ asn: '28573', country: 'BR', device: teaching.device });
    await teachUserState(client, indices.state, 'alice', teaching, Date.parse('2025-03-10T11:00:00Z'), BOUNDS);
    const state = ((await stored())._source as { state: { asns: Array<{ value: string }> } }).state;
    expect(state.asns.map((e) => e.value)).toContain('28573');
  });

  test.each([
    ['a novelty value', {}, { kind: 'novelty', field: 'country', value: 42, known: [], known_count: 0 }],
    [
      'a travel destination',
      {},
      travel({ timestamp: '2025-03-10T11:00:00Z', country_iso_code: 42, country_name: true }),
    ],
    [
      "a verdict's new-device signal",
      {},
      {
        kind: 'verdict',
        signals: [{ id: 'new_device', evidence: { kind: 'novelty', field: 'device_fingerprint', value: 7 } }],
      },
    ],
  ])('%s that is a number (the keyword mapping takes it) is no value to teach', async (_t, source, evidence) => {
    expect(teachingFromAlert(await storedAlert(source, evidence))).toEqual({});
  });
});

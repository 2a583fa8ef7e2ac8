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
import { teachUserState } from '../../server/triage/alert_updates';
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

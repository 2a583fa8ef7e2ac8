/**
 * The settings store on a real node: a save that changes nothing (same profile, same overrides; a comment alone is
 * not a change) writes no version — the history would show a version that "Changed: —" (analyst review) — and
 * answers with the current version; a stale `expected_version` is still a 409.
 */
import type { Client } from '@elastic/elasticsearch';
import {
  readSettings,
  readSettingsHistory,
  saveSettings,
  settingsIndexName,
} from '../../server/settings/settings_store';
import { deleteIndices, esClient } from '../helpers/es';
import { uniqueSpace } from './helpers/detection_pass';

let client: Client;
const spaces: string[] = [];
const base = { profile: 'default' as const, overrides: {} };

beforeAll(() => {
  client = esClient();
});

afterAll(async () => {
  for (const space of spaces) await deleteIndices(client, settingsIndexName(space));
  await client.close();
});

function space(label: string): string {
  const s = uniqueSpace(label);
  spaces.push(s);
  return s;
}

test('a save that changes nothing writes no version and answers with the current one', async () => {
  const s = space('settings-noop');
  const first = await saveSettings(client, s, {
    profile: 'default',
    overrides: { impossibleTravel: { maxSpeedKmh: 1000 } },
    user: 'admin',
    comment: 'fewer travel alerts',
    now: new Date('2025-03-10T12:00:00Z'),
  });
  expect(first.version).toBe(1);

  const same = await saveSettings(client, s, {
    profile: 'default',
    overrides: { impossibleTravel: { maxSpeedKmh: 1000 } },
    expectedVersion: 1,
    user: 'bob',
    comment: 'saved again',
    now: new Date('2025-03-10T13:00:00Z'),
  });
  expect({ version: same.version, updated_by: same.updated_by, updated_at: same.updated_at }).toEqual({
    version: 1,
    updated_by: 'admin',
    updated_at: '2025-03-10T12:00:00.000Z',
  });
  expect((await readSettings(client, s)).version).toBe(1);
  await client.indices.refresh({ index: settingsIndexName(s) });
  const history = await readSettingsHistory(client, s, base, 10);
  expect(history.items.map((i) => [i.version, i.changed])).toEqual([[1, ['impossibleTravel.maxSpeedKmh', 'profile']]]);

  // Still guarded: a stale version is refused even when nothing would change.
  await expect(
    saveSettings(client, s, {
      overrides: { impossibleTravel: { maxSpeedKmh: 1000 } },
      expectedVersion: 0,
      user: 'bob',
      now: new Date(),
    }),
  ).rejects.toMatchObject({ statusCode: 409 });

  // A real change is still a new version.
  const changed = await saveSettings(client, s, {
    profile: 'default',
    overrides: { impossibleTravel: { maxSpeedKmh: 1100 } },
    expectedVersion: 1,
    user: 'bob',
    now: new Date('2025-03-10T14:00:00Z'),
  });
  expect([changed.version, changed.changed]).toEqual([2, ['impossibleTravel.maxSpeedKmh']]);
});

test('nothing saved and nothing sent: still version 0, no document', async () => {
  const s = space('settings-noop-empty');
  const saved = await saveSettings(client, s, { overrides: {}, user: 'admin', now: new Date() });
  expect(saved.version).toBe(0);
  expect((await readSettings(client, s)).version).toBe(0);
});

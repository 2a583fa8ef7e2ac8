/** Seeds a space's BuffaLogs indices (installed with the plugin's own templates) for the route tests. */
import type { Client } from '@elastic/elasticsearch';
import { installIndices } from '../../server/storage';
import { pluginIndices } from '../../server/storage/index_names';
import { stateDocId, toStateDocument } from '../../server/storage/user_state_store';
import { makeAlert, makeLoginEvent, makeUserState, userName } from './routes_fixtures';

export const SEED = { alerts: 60, users: 6, start: Date.parse('2024-05-01T00:00:00Z'), spacingMs: 3_600_000 };

export async function seedSpace(client: Client, space: string, sourceIndex: string): Promise<void> {
  await installIndices(client as never, space);
  // One node: no replicas, so the cluster stays green (the dev host waits for green).
  await client.indices.create({ index: sourceIndex, settings: { number_of_replicas: 0 } });
  const indices = pluginIndices(space);
  const operations: object[] = [];
  for (let i = 0; i < SEED.alerts; i++) {
    // Alerts 0–29 point at a readable source index; the rest at one that does not exist (detail falls back to state).
    const doc = makeAlert({
      i,
      users: SEED.users,
      start: SEED.start,
      spacingMs: SEED.spacingMs,
      sourceIndex: i < 30 ? sourceIndex : `${sourceIndex}-gone`,
    });
    operations.push({ create: { _index: indices.alerts, _id: doc.buffalogs.alert_id } }, doc);
  }
  for (let u = 0; u < SEED.users; u++) {
    const state = makeUserState(u, SEED.start);
    operations.push(
      { index: { _index: indices.state, _id: stateDocId(state.user) } },
      toStateDocument(state, SEED.start),
    );
  }
  // Logins of user000001 around alert 1 (2024-05-01T01:00Z): three before, the trigger, two after.
  const at = SEED.start + SEED.spacingMs;
  [-3, -2, -1, 0, 1, 2].forEach((k) => {
    const ts = new Date(at + k * 600_000).toISOString();
    operations.push(
      { index: { _index: sourceIndex } },
      makeLoginEvent(userName(1), ts, k === 0 ? 'evt-1' : `login-${k}`),
    );
  });
  operations.push(
    { index: { _index: sourceIndex } },
    makeLoginEvent(userName(2), new Date(at).toISOString(), 'other-user'),
  );
  const result = await client.bulk({ operations, refresh: 'wait_for' });
  if (result.errors)
    throw new Error(`seeding failed: ${JSON.stringify(result.items.find((x) => Object.values(x)[0]?.error))}`);
}

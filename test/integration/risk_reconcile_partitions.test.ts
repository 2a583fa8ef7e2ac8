/**
 * The detection task reconciles the stored current risk after each pass (server/task/detect_task.ts). With several
 * partitions, each partition's task reconciles only the users it owns, against the real Elasticsearch: every user's
 * key is computed and written by exactly one partition, and together they write what one whole reconciliation does.
 */
import type { Client } from '@elastic/elasticsearch';
import { resolveDetectionConfig } from '../../server/detection';
import { newUserState } from '../../server/detection/user_state';
import { normaliseUserName, partitionOf } from '../../server/ingest';
import { installIndices, pluginIndices, toStateDocument } from '../../server/storage';
import { reconcileUsersRisk } from '../../server/triage/risk_refresh';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';

jest.setTimeout(60_000);

const T0 = Date.parse('2026-11-20T12:00:00Z');
const PARTITIONS = 3;
const USERS = Array.from({ length: 24 }, (_, i) => `user-${i}`);
const risk = resolveDetectionConfig('default').risk;
const space = uniqueIndexName('riskpart').replace(/-/g, '_');
const indices = pluginIndices(space);
let client: Client;

beforeAll(async () => {
  client = esClient();
  await installIndices(client as never, space);
  const ops: object[] = [];
  USERS.forEach((user, i) => {
    ops.push({ index: { _index: indices.state, _id: user } }, toStateDocument(newUserState(user, T0 - 86_400_000), T0));
    ops.push(
      { index: { _index: indices.alerts, _id: `a-${user}` } },
      {
        '@timestamp': new Date(T0 - (i + 1) * 60_000).toISOString(),
        user: { name: user },
        event: { kind: 'alert', risk_score: 40 + i },
        rule: { id: 'suspicious_login', name: 'Suspicious login' },
        buffalogs: {
          alert_id: `a-${user}`,
          status: 'open',
          evidence: { kind: 'verdict', signals: [{ id: 'new_country', weight: 40 + i }] },
        },
      },
    );
  });
  const bulk = await client.bulk({ operations: ops, refresh: true });
  expect(bulk.errors).toBe(false);
});

afterAll(async () => {
  await deleteIndices(client, ...Object.values(indices));
  await client.close();
});

async function storedKeys(): Promise<Map<string, unknown>> {
  const r = await client.search<{ user: { name: string }; risk_now?: unknown }>({
    index: indices.state,
    size: 100,
    _source: ['user.name', 'risk_now'],
  });
  return new Map(r.hits.hits.map((h) => [h._source!.user.name, h._source!.risk_now ?? null]));
}

test('each partition writes the keys of its own users only, and together every key once', async () => {
  const owner = (user: string) => partitionOf(normaliseUserName(user), PARTITIONS);
  const counts: number[] = [];
  for (let p = 0; p < PARTITIONS; p++) {
    const before = await storedKeys();
    const r = await reconcileUsersRisk(client as never, indices, risk, T0, {
      refresh: true,
      owns: (user) => owner(user) === p,
    });
    const mine = USERS.filter((u) => owner(u) === p);
    expect(r).toEqual({ users: mine.length, withoutState: 0, written: mine.length });
    const after = await storedKeys();
    for (const user of USERS) {
      if (owner(user) === p) expect(after.get(user)).toMatchObject({ takeover: false });
      else expect(after.get(user)).toEqual(before.get(user)); // another partition's user: untouched
    }
    counts.push(mine.length);
  }
  expect(counts.reduce((a, b) => a + b, 0)).toBe(USERS.length);
  expect(counts.filter((n) => n > 0).length).toBeGreaterThan(1); // the users really are spread
  // What one whole reconciliation computes: nothing left to write.
  const whole = await reconcileUsersRisk(client as never, indices, risk, T0, { refresh: true });
  expect(whole).toEqual({ users: USERS.length, withoutState: 0, written: 0 });
});

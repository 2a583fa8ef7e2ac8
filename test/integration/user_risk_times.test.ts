/**
 * A user's risk over time read from alerts whose `@timestamp` was stored in the forms the alerts index's date field
 * takes: ISO text, epoch milliseconds as a number and as text (older documents, hand-indexed ones, other writers).
 * Elasticsearch sorts them as the dates they are; the risk history must read them the same way.
 */
import type { Client } from '@elastic/elasticsearch';
import { resolveDetectionConfig } from '../../server/detection';
import { buildUserRiskHistorySearch, scoredAlertOf, scoreHistory } from '../../server/queries/user_risk';
import { buildRiskHistorySearch, riskHistory } from '../../server/queries/users';
import { installIndices, pluginIndices } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';

const space = uniqueIndexName('risktimes').replace(/-/g, '_');
const indices = pluginIndices(space);
let client: Client;

const T0 = Date.parse('2024-05-01T10:00:00.000Z');
const HOUR = 3_600_000;

/** An alert of `user` stored with `stamp` as its @timestamp, the risk after it counted, and its verdict score. */
function alert(id: string, user: string, stamp: string | number, score: number, level: string) {
  return {
    '@timestamp': stamp,
    user: { name: user },
    rule: { id: 'suspicious_login' },
    event: { risk_score: score },
    buffalogs: {
      alert_id: id,
      status: 'open',
      user_risk: { level, score },
      evidence: { kind: 'verdict', signals: [] },
    },
  };
}

beforeAll(async () => {
  client = esClient();
  await installIndices(client as never, space);
  const docs = [
    // One login raised two alerts (same moment, written in two forms), then a later login raised the risk again.
    alert('a1', 'mia', '2024-05-01T10:00:00.000Z', 20, 'low'),
    alert('a2', 'mia', T0, 30, 'low'),
    alert('a3', 'mia', String(T0 + 2 * HOUR), 60, 'medium'),
    alert('a4', 'mia', '2024-05-01T11:00:00Z', 40, 'low'),
  ];
  const res = await client.bulk({
    refresh: 'wait_for',
    operations: docs.flatMap((d) => [{ create: { _index: indices.alerts, _id: d.buffalogs.alert_id } }, d]),
  });
  expect(res.errors).toBe(false);
});

afterAll(async () => {
  await deleteIndices(client, ...Object.values(indices));
  await client.close();
});

test('the count model: one point a moment, in time order, whatever form each alert stored its time in', async () => {
  const result = await client.search(buildRiskHistorySearch(indices.alerts, 'mia'));
  const trail = riskHistory(result.hits.hits.map((h) => (h._source ?? {}) as never));
  // The number and the text of 10:00 were two points (compared as text); the chart got epoch text as a time too.
  expect(trail.map((p) => `${p.timestamp} ${p.level} ${p.score} ${p.alert_id}`)).toEqual([
    '2024-05-01T10:00:00.000Z low 30 a2',
    '2024-05-01T11:00:00.000Z low 40 a4',
    '2024-05-01T12:00:00.000Z medium 60 a3',
  ]);
});

test('the score model counts the alerts whose time is stored as epoch milliseconds', async () => {
  const { risk } = resolveDetectionConfig('default');
  const result = await client.search(buildUserRiskHistorySearch(indices.alerts, 'mia', risk));
  const counted = result.hits.hits.flatMap((h) => scoredAlertOf((h._source ?? {}) as never) ?? []);
  // Date.parse read only text: the number and the epoch text were no time, and those alerts did not count.
  expect(counted.map((a) => [a.id, a.at])).toEqual([
    ['a3', T0 + 2 * HOUR],
    ['a4', T0 + HOUR],
    ['a1', T0],
    ['a2', T0],
  ]);
  const trail = scoreHistory(counted, T0 + 3 * HOUR, risk);
  expect(trail.filter((p) => p.point === 'alert').map((p) => [p.timestamp, p.alert_id])).toEqual([
    ['2024-05-01T10:00:00.000Z', 'a2'],
    ['2024-05-01T11:00:00.000Z', 'a4'],
    ['2024-05-01T12:00:00.000Z', 'a3'],
  ]);
});

/**
 * The Overview chart's legend names (GET …/stats/alerts_over_time `detector_names`) on the real node: every series a
 * bucket shows has its alerts' rule name, however many rules fired in the range — a sequence rule or an analysis flag
 * has no label in the app, so without its name the legend shows its raw id (`sequence_…`).
 */
import type { Client } from '@elastic/elasticsearch';
import { buildAlertsOverTimeSearch, shapeAlertsOverTime } from '../../server/queries/alert_stats';
import { installIndices, pluginIndices } from '../../server/storage';
import { deleteIndices, esClient } from '../helpers/es';
import { alert, writeAlerts } from './helpers/alerts';
import { uniqueSpace } from './helpers/detection_pass';

let client: Client;
const space = uniqueSpace('over-time-names');

beforeAll(async () => {
  client = esClient();
  await installIndices(client, space);
});

afterAll(async () => {
  await deleteIndices(client, ...Object.values(pluginIndices(space)));
  await client.close();
});

test('more rules in the range than one bucket splits by: each series of each bucket is named', async () => {
  // 24 rules, 12 a day (each day within a bucket's split); rule r fires r times, so the quietest are named last.
  const rules = Array.from({ length: 24 }, (_, r) => ({ id: `sequence_rule_${String(r).padStart(2, '0')}`, r }));
  const alerts = rules.flatMap(({ id, r }) =>
    Array.from({ length: r + 1 }, (_, n) => {
      const a = alert(`${id}-${n}`, 'alice', {
        rule: id,
        created: Date.parse('2024-05-01T12:00:00Z') + (r % 2) * 86_400_000,
      });
      return { ...a, rule: { ...a.rule, name: `Rule ${r}` } };
    }),
  );
  await writeAlerts(client, space, alerts);
  const { request, interval } = buildAlertsOverTimeSearch(pluginIndices(space).alerts, {
    from: '2024-05-01T00:00:00Z',
    to: '2024-05-03T00:00:00Z',
    interval: 'day',
  });
  const body = shapeAlertsOverTime(await client.search(request), interval);
  const shown = [...new Set(body.buckets.flatMap((b) => Object.keys(b.by_detector)))].sort();
  expect(shown).toEqual(rules.map((r) => r.id));
  expect(shown.filter((id) => body.detector_names?.[id] === undefined)).toEqual([]);
  expect(body.detector_names?.sequence_rule_00).toBe('Rule 0');
});

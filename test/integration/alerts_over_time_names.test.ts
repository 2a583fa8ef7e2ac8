/**
 * The Overview chart's legend names (GET …/stats/alerts_over_time `detector_names`) on the real node: every series a
 * bucket shows has its alerts' rule name, however many rules fired in the range — a sequence rule or an analysis flag
 * has no label in the app, so without its name the legend shows its raw id (`sequence_…`).
 */
import type { Client } from '@elastic/elasticsearch';
import { searchAlertsOverTime } from '../../server/queries/alert_stats';
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
  const body = await overTime({ from: '2024-05-01T00:00:00Z', to: '2024-05-03T00:00:00Z', interval: 'day' });
  const shown = [...new Set(body.buckets.flatMap((b) => Object.keys(b.by_detector)))].sort();
  expect(shown).toEqual(rules.map((r) => r.id));
  expect(shown.filter((id) => body.detector_names?.[id] === undefined)).toEqual([]);
  expect(body.detector_names?.sequence_rule_00).toBe('Rule 0');
});

/** What GET …/stats/alerts_over_time answers (server/routes/alerts_over_time.ts), for one space's alerts. */
async function overTime(input: { from: string; to: string; interval: 'day' }) {
  return searchAlertsOverTime(client, pluginIndices(space).alerts, input);
}

test("a quiet rule's alert in a bucket where more than 20 busier rules fired is counted in its series", async () => {
  // 2024-06-01: 21 rules with 3 alerts each and one quiet rule with 1; 2024-06-02: the quiet rule alone, 5 alerts.
  const at = (day: number) => Date.parse('2024-06-01T12:00:00Z') + day * 86_400_000;
  const busy = Array.from({ length: 21 }, (_, r) => `sequence_busy_${String(r).padStart(2, '0')}`);
  const alerts = [
    ...busy.flatMap((id) => [0, 1, 2].map((n) => alert(`${id}-${n}`, 'bob', { rule: id, created: at(0) }))),
    alert('quiet-0', 'bob', { rule: 'sequence_quiet', created: at(0) }),
    ...[1, 2, 3, 4, 5].map((n) => alert(`quiet-${n}`, 'bob', { rule: 'sequence_quiet', created: at(1) })),
  ];
  await writeAlerts(client, space, alerts);
  const body = await overTime({ from: '2024-06-01T00:00:00Z', to: '2024-06-03T00:00:00Z', interval: 'day' });
  const [first, second] = body.buckets;
  expect(first.total).toBe(64);
  expect(first.by_detector).toEqual({ ...Object.fromEntries(busy.map((id) => [id, 3])), sequence_quiet: 1 });
  expect(second.by_detector).toEqual({ sequence_quiet: 5 });
  // Each alert has one rule: the series of a bucket add up to its bar.
  for (const b of body.buckets) expect(Object.values(b.by_detector).reduce((n, c) => n + (c ?? 0), 0)).toBe(b.total);
});

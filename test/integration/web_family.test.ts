/**
 * The web family through the generic runner on the real node: one real day (2019-11-27) imported with
 * `import-access-log`'s code, one pass over the day, the same alerts as the pure core's replay of the same lines (the
 * family's promise), its state in its own index, and a second pass over the same window adding nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { webFamily } from '../../server/families/web/family';
import { defaultWebSettings } from '../../server/families/web/settings';
import { parseAccessLine } from '../../server/importer/access_log';
import { importAccessLogs } from '../../server/importer/import_access_log';
import { runFamilyPass } from '../../server/runner/family_pass';
import { familyStateIndex, pluginIndices } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { uniqueSpace } from './helpers/detection_pass';
import { runnerDeps, runnerSettings } from './helpers/family_runner';
import { WEB_ACCESS_DIR } from '../../scripts/shared_data';

jest.setTimeout(120_000);

const FILE = join(WEB_ACCESS_DIR, 'access.log.2019-11-27.log');
const NOW = Date.parse('2019-11-29T00:00:00Z');
const source = uniqueIndexName('web-real-day');
const space = uniqueSpace('web-family');
let client: Client;

const runner = runnerSettings(space, {
  lookbackMs: 3 * 86_400_000,
  maxWindowMs: 3 * 86_400_000,
  usersPerBatch: 500,
  eventsPerBatch: 5000,
  pageSize: 1000,
});
const deps = () => runnerDeps(client, NOW);

beforeAll(async () => {
  client = esClient();
  const result = await importAccessLogs(client, [FILE], { index: source, batchSize: 5000, onBadLine: () => {} });
  expect(result).toMatchObject({ lines: 9037, indexed: 9037, bad: 0 });
  await client.indices.refresh({ index: source });
});

afterAll(async () => {
  await deleteIndices(client, source, ...Object.values(pluginIndices(space)), familyStateIndex('web', space));
  await client.close();
});

test('a pass over the real day raises the alerts the replay raises, once', async () => {
  const settings = { ...defaultWebSettings(), indices: [source] };
  const result = await runFamilyPass(webFamily, runner, settings, [source], deps());
  expect(result.events).toBe(9037);

  const alerts = pluginIndices(space).alerts;
  await client.indices.refresh({ index: alerts });
  const stored = await client.search<{ rule: { id: string }; buffalogs: { entity: { value: string } } }>({
    index: alerts,
    size: 100,
  });
  const found = stored.hits.hits.map((h) => `${h._source!.rule.id} ${h._source!.buffalogs.entity.value}`).sort();
  // What detectors.test.ts writes down for this day: five scanners and seven bursts.
  expect(found.filter((f) => f.startsWith('web_scanning'))).toHaveLength(5);
  expect(found.filter((f) => f.startsWith('web_burst'))).toHaveLength(7);
  expect(found).toContain('web_scanning 39.100.121.111');
  const documents = readFileSync(FILE, 'utf8')
    .split('\n')
    .flatMap((line) => {
      const parsed = parseAccessLine(line);
      return parsed.ok ? [parsed.document as unknown as Record<string, unknown>] : [];
    });
  const replayed = webFamily.replay(documents, settings, NOW).map((a) => `${a.rule.id} ${a.buffalogs.entity!.value}`);
  expect(found).toEqual(replayed.sort());

  const states = familyStateIndex('web', space);
  await client.indices.refresh({ index: states });
  expect((await client.count({ index: states })).count).toBe(result.users);

  const again = await runFamilyPass(webFamily, runner, settings, [source], deps(), {
    from: NOW - 3 * 86_400_000,
    to: NOW - 60_000,
  });
  expect(again.alertsCreated).toBe(0);
});

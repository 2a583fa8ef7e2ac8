/**
 * The web family through the generic runner on the real node: one real day (2019-11-27) imported with
 * `import-access-log`'s code, one pass over the day, the same alerts as the pure core's replay of the same lines (the
 * family's promise), its state in its own index, and a second pass over the same window adding nothing; an address's
 * stored time judged to, hand-edited to the year 3000, hides none of its later requests, and a rule's cooldown so
 * edited does not silence the rule for it, nor do either survive a pass's write that the edit made conflict.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { webFamily } from '../../server/families/web/family';
import { defaultWebSettings } from '../../server/families/web/settings';
import type { WebState } from '../../server/families/web/state';
import { parseAccessLine } from '../../server/importer/access_log';
import { ACCESS_LOG_MAPPINGS, importAccessLogs } from '../../server/importer/import_access_log';
import { runFamilyPass } from '../../server/runner/family_pass';
import { familyStateIndex, pluginIndices } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { uniqueSpace } from './helpers/detection_pass';
import {
  editFamilyState,
  editedBeforeStateWrite,
  runnerDeps,
  runnerSettings,
  storedFamilyState,
} from './helpers/family_runner';
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

const scanner = '198.51.100.77';
/** A 404 answered to `scanner` at `at`. */
const notFound = (at: number, path: string) => ({
  '@timestamp': new Date(at).toISOString(),
  source: { ip: scanner },
  http: { request: { method: 'GET' }, response: { status_code: 404 } },
  url: { path },
});
const addRequests = (index: string, docs: object[]) =>
  client.bulk({ refresh: true, operations: docs.flatMap((d) => [{ index: { _index: index } }, d]) });

test("an address's stored time judged to far in the future (a hand edit) does not keep its later requests from being judged", async () => {
  const index = uniqueIndexName('web-future-through');
  const s = uniqueSpace('web-future');
  const request = (at: number, path: string) => notFound(at, path);
  const add = (docs: object[]) => addRequests(index, docs);
  const settings = { ...defaultWebSettings(), indices: [index] };
  const quick = runnerSettings(s);
  try {
    await client.indices.create({ index, mappings: ACCESS_LOG_MAPPINGS as never });
    await add([request(NOW - 2 * 3_600_000, '/index.html')]);
    await runFamilyPass(webFamily, quick, settings, [index], runnerDeps(client, NOW));
    await editFamilyState<WebState>(client, 'web', s, scanner, (state) => ({
      ...state,
      through: Date.parse('3000-01-01T00:00:00Z'),
    }));
    // Ten missing paths in ten minutes: a scan.
    const scan = Array.from({ length: 10 }, (_, i) =>
      request(NOW + (10 + i) * 60_000, `/probe-${'abcdefghij'[i]}.php`),
    );
    await add(scan);
    const later = NOW + 3_600_000;
    const result = await runFamilyPass(webFamily, quick, settings, [index], runnerDeps(client, later));
    // Before: the ten requests were skipped as judged (events_seen_before 10), no alert, and `through` stayed the year
    // 3000, so every later request of the address would have been skipped too.
    expect(result.events).toBe(10);
    expect(result.familyCounts.events_seen_before ?? 0).toBe(0);
    expect(result.alertsCreated).toBe(1);
    expect((await storedFamilyState<WebState>(client, 'web', s, scanner))!.through).toBe(NOW + 19 * 60_000);
  } finally {
    await deleteIndices(client, index, ...Object.values(pluginIndices(s)), familyStateIndex('web', s));
  }
});

test("an address's rule cooldown stored far in the future (a hand edit) does not silence the rule for it", async () => {
  const index = uniqueIndexName('web-future-cooldown');
  const s = uniqueSpace('web-future-cooldown');
  const settings = { ...defaultWebSettings(), indices: [index] };
  const quick = runnerSettings(s);
  try {
    await client.indices.create({ index, mappings: ACCESS_LOG_MAPPINGS as never });
    await addRequests(index, [notFound(NOW - 2 * 3_600_000, '/index.html')]);
    await runFamilyPass(webFamily, quick, settings, [index], runnerDeps(client, NOW));
    await editFamilyState<WebState>(client, 'web', s, scanner, (state) => ({
      ...state,
      alerted: [[Date.parse('3000-01-01T00:00:00Z'), 'web_scanning']],
    }));
    const scan = Array.from({ length: 10 }, (_, i) =>
      notFound(NOW + (10 + i) * 60_000, `/probe-${'abcdefghij'[i]}.php`),
    );
    await addRequests(index, scan);
    const result = await runFamilyPass(webFamily, quick, settings, [index], runnerDeps(client, NOW + 3_600_000));
    // Before: no alert (every request's time minus the year 3000 is within the cooldown), and the year-3000 entry
    // stayed stored, so the address was never alerted for scanning again.
    expect(result.events).toBe(10);
    expect(result.alertsCreated).toBe(1);
    expect((await storedFamilyState<WebState>(client, 'web', s, scanner))!.alerted).toEqual([
      [NOW + 19 * 60_000, 'web_scanning'],
    ]);
  } finally {
    await deleteIndices(client, index, ...Object.values(pluginIndices(s)), familyStateIndex('web', s));
  }
});

test("a time judged to and a cooldown hand-edited to the year 3000 while a pass judges the address do not survive its write's merge", async () => {
  const index = uniqueIndexName('web-future-merge');
  const s = uniqueSpace('web-future-merge');
  const settings = { ...defaultWebSettings(), indices: [index] };
  const quick = runnerSettings(s);
  const year3000 = Date.parse('3000-01-01T00:00:00Z');
  try {
    await client.indices.create({ index, mappings: ACCESS_LOG_MAPPINGS as never });
    await addRequests(index, [notFound(NOW - 2 * 3_600_000, '/index.html')]);
    await runFamilyPass(webFamily, quick, settings, [index], runnerDeps(client, NOW));
    const scan = Array.from({ length: 10 }, (_, i) =>
      notFound(NOW + (10 + i) * 60_000, `/probe-${'abcdefghij'[i]}.php`),
    );
    await addRequests(index, scan);
    // The edit lands after the pass read the address's state and before it writes it: the write meets a 409, and the
    // store merges the edited state into the one the pass computed.
    const raced = editedBeforeStateWrite<WebState>(client, 'web', s, scanner, (state) => ({
      ...state,
      through: year3000,
      alerted: [[year3000, 'web_scanning']],
    }));
    const result = await runFamilyPass(webFamily, quick, settings, [index], runnerDeps(raced.client, NOW + 3_600_000));
    expect(raced.edited()).toBe(true);
    expect(result.alertsCreated).toBe(1);
    // Before: the edited state judged further, so it was written whole (the pass's judging lost) with its year 3000
    // through and cooldown, the latter kept for the key over the scan's.
    const stored = (await storedFamilyState<WebState>(client, 'web', s, scanner))!;
    expect(stored.through).toBe(NOW + 19 * 60_000);
    expect(stored.alerted).toEqual([[NOW + 19 * 60_000, 'web_scanning']]);
    expect(stored.misses.map(([, path]) => path)).toEqual(scan.map((r) => r.url.path));
  } finally {
    await deleteIndices(client, index, ...Object.values(pluginIndices(s)), familyStateIndex('web', s));
  }
});

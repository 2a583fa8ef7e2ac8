/**
 * The plugin's indices on the real node: installation is idempotent, a newer template version reaches an existing
 * index, alerts written before the sort key existed get it and list in full, and a write Elasticsearch refuses (a
 * closed alerts index) fails the pass without moving the checkpoint.
 */
import type { Client } from '@elastic/elasticsearch';
import type { AlertDocument } from '../../common/alert_document';
import { alertSortKey } from '../../server/detection/alert_document';
import { runDetectionPass } from '../../server/pass';
import { buildAlertsListSearch, shapeAlertsPage } from '../../server/queries/alerts_list';
import {
  ALERTS_TEMPLATE,
  backfillAlertSortKeys,
  bulkWrite,
  BulkWriteError,
  DEFAULT_RETRY_POLICY,
  ensureIndexFromTemplate,
  installIndices,
  pluginIndices,
  readCheckpoint,
  REPUTATION_TEMPLATE,
  reputationIndex,
  type PluginTemplate,
} from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, generateAuthEvents } from './fixtures/auth_events';
import { deleteSpace, storedAlerts, testDeps, testSettings, uniqueSpace } from './helpers/detection_pass';
import { makeAlert } from './routes_fixtures';

let client: Client;
const spaces: string[] = [];
const templates: string[] = [];

beforeAll(() => {
  client = esClient();
});
afterAll(async () => {
  for (const s of spaces) await deleteSpace(client, s);
  for (const name of templates) await client.indices.deleteIndexTemplate({ name }).catch(() => undefined);
  await client.close();
});

const ALERTS_PROPERTIES = (ALERTS_TEMPLATE.body.template.mappings as { properties: Record<string, unknown> })
  .properties;

/**
 * The alerts template at `version` with these mappings, as a template of the space's own (exact index name, higher
 * priority), so an upgrade tried here leaves other test files' installs alone.
 */
function ownAlertsTemplate(space: string, version: number, properties: Record<string, unknown>): PluginTemplate {
  return {
    ...ALERTS_TEMPLATE,
    name: `test-${space}`,
    version,
    body: {
      ...ALERTS_TEMPLATE.body,
      index_patterns: [pluginIndices(space).alerts],
      priority: 500,
      version,
      _meta: { ...ALERTS_TEMPLATE.body._meta, version },
      template: {
        settings: ALERTS_TEMPLATE.body.template.settings,
        mappings: {
          ...ALERTS_TEMPLATE.body.template.mappings,
          properties,
          _meta: { managed_by: 'buffalogs', version },
        },
      },
    },
  };
}

test('installing twice changes nothing the second time; the indices carry ECS mappings', async () => {
  const space = uniqueSpace('install');
  spaces.push(space);
  const first = await installIndices(client, space);
  expect(first.indicesCreated).toEqual(Object.values(pluginIndices(space)));
  expect(await installIndices(client, space)).toEqual({
    templatesInstalled: [],
    indicesCreated: [],
    mappingsUpdated: [],
  });
  const mapping = await client.indices.getMapping({ index: pluginIndices(space).alerts });
  const props = JSON.stringify(Object.values(mapping)[0].mappings);
  expect(props).toContain('"geo_point"');
  const state = await client.indices.getMapping({ index: pluginIndices(space).state });
  expect(Object.values(state)[0].mappings.properties?.state).toEqual({ type: 'object', enabled: false });
});

test('a newer template version updates the template and puts its mappings on the existing index', async () => {
  const space = uniqueSpace('upgrade');
  spaces.push(space);
  const index = pluginIndices(space).alerts;
  const version = (v: number, extra: Record<string, unknown>) =>
    ownAlertsTemplate(space, v, { ...ALERTS_PROPERTIES, ...extra });
  templates.push(`test-${space}`);
  expect((await installIndices(client, space, { templates: [version(1, {})] })).indicesCreated).toEqual([index]);
  const upgraded = await installIndices(client, space, {
    templates: [version(2, { analyst_verdict: { type: 'keyword' } })],
  });
  expect(upgraded).toEqual({ templatesInstalled: [`test-${space}`], indicesCreated: [], mappingsUpdated: [index] });
  const mapping = await client.indices.getMapping({ index });
  expect(Object.values(mapping)[0].mappings.properties?.analyst_verdict).toEqual({ type: 'keyword' });
  const template = await client.indices.getIndexTemplate({ name: `test-${space}` });
  expect(template.index_templates[0].index_template._meta).toMatchObject({ version: 2 });
  // The new field is queryable on documents written after the upgrade.
  await client.index({ index, id: 'x', document: { analyst_verdict: 'benign' }, refresh: true });
  expect((await client.search({ index, query: { term: { analyst_verdict: 'benign' } } })).hits.hits).toHaveLength(1);
  // Same version again: nothing to do.
  expect(
    await installIndices(client, space, { templates: [version(2, { analyst_verdict: { type: 'keyword' } })] }),
  ).toEqual({
    templatesInstalled: [],
    indicesCreated: [],
    mappingsUpdated: [],
  });
});

test("an index created on first write gets a newer template's mappings too, where it is ensured", async () => {
  // installIndices reaches only the indices it knows by name: the reputation index of a space, created on first write,
  // kept its first mapping for ever, and a sort on the field v2 added (`first_deferred_at`) was an error there.
  const index = reputationIndex(uniqueSpace('ensure'));
  const { properties, ...v1 } = REPUTATION_TEMPLATE.body.template.mappings as { properties: Record<string, unknown> };
  const { first_deferred_at: _added, ...v1Properties } = properties;
  await client.indices.create({
    index,
    settings: REPUTATION_TEMPLATE.body.template.settings,
    mappings: { ...v1, properties: v1Properties, _meta: { managed_by: 'buffalogs', version: 1 } } as never,
  });
  try {
    await ensureIndexFromTemplate(client, index, REPUTATION_TEMPLATE);
    const mapping = Object.values(await client.indices.getMapping({ index }))[0].mappings;
    expect(mapping.properties?.first_deferred_at).toEqual({ type: 'date' });
    expect(mapping._meta).toMatchObject({ version: REPUTATION_TEMPLATE.version });
    const sorted = await client.search({ index, sort: [{ first_deferred_at: 'asc' }] });
    expect(sorted.hits.hits).toEqual([]);
    await ensureIndexFromTemplate(client, index, REPUTATION_TEMPLATE); // up to date: nothing to do, nothing thrown
  } finally {
    await deleteIndices(client, index);
  }
});

test('alerts written before template v2 get their sort key on upgrade, and a cursor walk lists each exactly once', async () => {
  const space = uniqueSpace('sortkey');
  spaces.push(space);
  const index = pluginIndices(space).alerts;
  templates.push(`test-${space}`);
  const { sort_key: sortKeyMapping, ...v1Buffalogs } = (
    ALERTS_PROPERTIES.buffalogs as { properties: Record<string, unknown> }
  ).properties;
  const own = (v: number, buffalogs: Record<string, unknown>) =>
    ownAlertsTemplate(space, v, { ...ALERTS_PROPERTIES, buffalogs: { properties: buffalogs } });
  await installIndices(client, space, { templates: [own(1, v1Buffalogs)] });
  // 2,500 v1 alerts, five per second, so the tiebreaker decides the order within each second.
  const total = 2500;
  const operations: unknown[] = [];
  for (let i = 0; i < total; i++) {
    const doc = makeAlert({ i, users: 40, start: Date.parse('2025-01-01T00:00:00Z'), spacingMs: 0 });
    doc['@timestamp'] = new Date(Date.parse('2025-01-01T00:00:00Z') + Math.floor(i / 5) * 1000).toISOString();
    const { sort_key: _none, ...v1 } = doc.buffalogs;
    operations.push({ create: { _index: index, _id: doc.buffalogs.alert_id } }, { ...doc, buffalogs: v1 });
  }
  expect((await client.bulk({ operations, refresh: true })).errors).toBe(false);

  const upgrade = await installIndices(client, space, {
    templates: [own(2, { ...v1Buffalogs, sort_key: sortKeyMapping })],
  });
  expect(upgrade.mappingsUpdated).toEqual([index]);
  expect(await backfillAlertSortKeys(client, index, { pageSize: 1000 })).toEqual({ updated: total, skipped: 0 });
  await client.indices.refresh({ index });
  expect(await backfillAlertSortKeys(client, index)).toEqual({ updated: 0, skipped: 0 });

  const seen: string[] = [];
  let cursor: string | undefined;
  let previous: [number, number] = [Infinity, -Infinity];
  do {
    const { request, sort, size } = buildAlertsListSearch(index, { size: 300, ...(cursor ? { cursor } : {}) }, 10_000);
    const response = await client.search<AlertDocument>(request);
    const page = shapeAlertsPage(response, sort, size, cursor ? undefined : 1);
    for (const item of page.items) {
      // Newest first, then ascending sort key, which is the alert id's (and never missing after the backfill).
      const key: [number, number] = [Date.parse(item['@timestamp']), item.buffalogs.sort_key];
      expect(key[1]).toBe(alertSortKey(item.id));
      expect(key[0] < previous[0] || (key[0] === previous[0] && key[1] > previous[1])).toBe(true);
      previous = key;
      seen.push(item.id);
    }
    cursor = page.next_cursor;
  } while (cursor);
  expect(seen).toHaveLength(total);
  expect(new Set(seen).size).toBe(total);
  // An alert deleted between the backfill's search and its update is counted as missing, not failed.
  const gone = await bulkWrite(
    client,
    [{ action: 'update', index, id: 'f'.repeat(40), doc: { buffalogs: { sort_key: 1 } } }],
    DEFAULT_RETRY_POLICY,
  );
  expect(gone).toMatchObject({ written: 0, missing: 1 });
});

test('alerts Elasticsearch refuses fail the pass without advancing state or checkpoint; the next pass recovers', async () => {
  const space = uniqueSpace('refused');
  spaces.push(space);
  const source = uniqueIndexName('auth-refused');
  const now = Date.parse('2025-03-10T12:00:00Z');
  await createSourceIndex(client, source, generateAuthEvents({ users: 6, perUser: 12, end: now - 600_000, hours: 20 }));
  try {
    const indices = pluginIndices(space);
    await installIndices(client, space);
    await client.indices.close({ index: indices.alerts });
    const settings = testSettings([source], space);
    await expect(runDetectionPass(settings, testDeps(client, now))).rejects.toBeInstanceOf(BulkWriteError);
    // Empty days before the data may be checkpointed; the window holding the refused alerts may not.
    const stuck = await readCheckpoint(client, indices.checkpoints, 0, 1);
    expect(stuck?.completedTo ?? 0).toBeLessThanOrEqual(now - 600_000 - 20 * 3_600_000);
    expect(stuck?.current?.afterUser).toBeUndefined();
    expect((await client.count({ index: indices.state })).count).toBe(0);

    await client.indices.open({ index: indices.alerts, wait_for_active_shards: 1 });
    const recovered = await runDetectionPass(settings, testDeps(client, now));
    expect(recovered.alertsCreated).toBeGreaterThan(0);
    expect((await storedAlerts(client, space)).size).toBe(recovered.alertsCreated);
    expect((await readCheckpoint(client, indices.checkpoints, 0, 1))?.completedTo).toBe(now - settings.lagMs);
  } finally {
    await deleteIndices(client, source);
  }
});

/**
 * The plugin's indices on the real node: installation is idempotent, a newer template version reaches an existing
 * index, and a write Elasticsearch refuses (a closed alerts index) fails the pass without moving the checkpoint.
 */
import type { Client } from '@elastic/elasticsearch';
import { runDetectionPass } from '../../server/pass';
import { ALERTS_TEMPLATE, BulkWriteError, installIndices, pluginIndices, readCheckpoint, type PluginTemplate } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, generateAuthEvents } from './fixtures/auth_events';
import { deleteSpace, storedAlerts, testDeps, testSettings, uniqueSpace } from './helpers/detection_pass';

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

test('installing twice changes nothing the second time; the indices carry ECS mappings', async () => {
  const space = uniqueSpace('install');
  spaces.push(space);
  const first = await installIndices(client, space);
  expect(first.indicesCreated).toEqual(Object.values(pluginIndices(space)));
  expect(await installIndices(client, space)).toEqual({ templatesInstalled: [], indicesCreated: [], mappingsUpdated: [] });
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
  // A template of its own (exact index name, higher priority) so other test files' installs are unaffected.
  const version = (v: number, extra: Record<string, unknown>): PluginTemplate => {
    const mappings = ALERTS_TEMPLATE.body.template.mappings as { properties: Record<string, unknown> };
    return {
      ...ALERTS_TEMPLATE,
      name: `test-${space}`,
      version: v,
      body: {
        ...ALERTS_TEMPLATE.body,
        index_patterns: [index],
        priority: 500,
        version: v,
        _meta: { ...ALERTS_TEMPLATE.body._meta, version: v },
        template: {
          settings: ALERTS_TEMPLATE.body.template.settings,
          mappings: { ...mappings, properties: { ...mappings.properties, ...extra }, _meta: { managed_by: 'buffalogs', version: v } },
        },
      },
    };
  };
  templates.push(`test-${space}`);
  expect((await installIndices(client, space, { templates: [version(1, {})] })).indicesCreated).toEqual([index]);
  const upgraded = await installIndices(client, space, { templates: [version(2, { analyst_verdict: { type: 'keyword' } })] });
  expect(upgraded).toEqual({ templatesInstalled: [`test-${space}`], indicesCreated: [], mappingsUpdated: [index] });
  const mapping = await client.indices.getMapping({ index });
  expect(Object.values(mapping)[0].mappings.properties?.analyst_verdict).toEqual({ type: 'keyword' });
  const template = await client.indices.getIndexTemplate({ name: `test-${space}` });
  expect(template.index_templates[0].index_template._meta).toMatchObject({ version: 2 });
  // The new field is queryable on documents written after the upgrade.
  await client.index({ index, id: 'x', document: { analyst_verdict: 'benign' }, refresh: true });
  expect((await client.search({ index, query: { term: { analyst_verdict: 'benign' } } })).hits.hits).toHaveLength(1);
  // Same version again: nothing to do.
  expect(await installIndices(client, space, { templates: [version(2, { analyst_verdict: { type: 'keyword' } })] })).toEqual({
    templatesInstalled: [],
    indicesCreated: [],
    mappingsUpdated: [],
  });
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

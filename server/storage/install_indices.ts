/**
 * Idempotent installation of the plugin's templates and indices, run at every start (and before every pass, which
 * costs three GETs): a missing template is created, an older one replaced; a missing index is created, an existing
 * one older than its template gets the template's mappings. Mapping changes are therefore additive only (new fields);
 * Elasticsearch refuses a changed field type, which would surface here as an error naming the index.
 */
import type { CallOptions, EsClient } from './es_client';
import { pluginIndices } from './index_names';
import { PLUGIN_TEMPLATES, type PluginTemplate } from './templates';

export interface InstallResult {
  templatesInstalled: string[];
  indicesCreated: string[];
  mappingsUpdated: string[];
}

const statusOf = (error: unknown): number | undefined => (error as { meta?: { statusCode?: number } }).meta?.statusCode;
const errorType = (error: unknown): string | undefined =>
  (error as { meta?: { body?: { error?: { type?: string } } } }).meta?.body?.error?.type;

export async function installIndices(
  client: EsClient,
  space: string,
  options: CallOptions & { templates?: readonly PluginTemplate[] } = {},
): Promise<InstallResult> {
  const { signal } = options;
  const indices = pluginIndices(space);
  const result: InstallResult = { templatesInstalled: [], indicesCreated: [], mappingsUpdated: [] };
  for (const tpl of options.templates ?? PLUGIN_TEMPLATES) {
    if ((await installedTemplateVersion(client, tpl.name, signal)) < tpl.version) {
      await client.indices.putIndexTemplate({ name: tpl.name, ...tpl.body } as never, { signal });
      result.templatesInstalled.push(tpl.name);
    }
    if (tpl.kind === undefined) continue;
    const index = indices[tpl.kind];
    const created = await createIndex(client, index, signal);
    if (created) {
      result.indicesCreated.push(index);
    } else if ((await indexMappingVersion(client, index, signal)) < tpl.version) {
      await client.indices.putMapping({ index, ...tpl.body.template.mappings } as never, { signal });
      result.mappingsUpdated.push(index);
    }
  }
  return result;
}

/** 0 when there is no template, or one not managed by us (then ours replaces it). */
async function installedTemplateVersion(client: EsClient, name: string, signal?: AbortSignal): Promise<number> {
  try {
    const response = await client.indices.getIndexTemplate({ name }, { signal });
    const meta = response.index_templates[0]?.index_template._meta as
      { managed_by?: string; version?: number } | undefined;
    return meta?.managed_by === 'buffalogs' && typeof meta.version === 'number' ? meta.version : 0;
  } catch (error) {
    if (statusOf(error) === 404) return 0;
    throw error;
  }
}

/** Creates the index from its template; false when it already exists (another Kibana node may have just made it). */
async function createIndex(client: EsClient, index: string, signal?: AbortSignal): Promise<boolean> {
  try {
    await client.indices.create({ index }, { signal });
    return true;
  } catch (error) {
    if (errorType(error) === 'resource_already_exists_exception') return false;
    throw error;
  }
}

async function indexMappingVersion(client: EsClient, index: string, signal?: AbortSignal): Promise<number> {
  const response = await client.indices.getMapping({ index }, { signal });
  const meta = Object.values(response)[0]?.mappings?._meta as { version?: number } | undefined;
  return typeof meta?.version === 'number' ? meta.version : 0;
}

/**
 * Creates an index created on first write with its template's settings and mappings, when it is missing. The
 * template (installed at start) would do the same, but a write racing the installation would otherwise map the
 * documents' keys dynamically. An existing index older than its template gets the template's mappings, as
 * installIndices gives the indices it knows by name: a template only shapes indices created after it, so a field
 * added since (the reputation index's `first_deferred_at`, sorted on) would be missing from the space's index for ever.
 */
export async function ensureIndexFromTemplate(
  client: EsClient,
  index: string,
  tpl: PluginTemplate,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await client.indices.create({ index, ...tpl.body.template } as never, { signal });
  } catch (error) {
    if (errorType(error) !== 'resource_already_exists_exception') throw error;
    // Another writer (a second Kibana node, a concurrent batch) created it a moment ago, and its primary may not be
    // allocated yet: a get or search now fails with no_shard_available_action_exception. Cluster health reports a
    // just-created index "yellow" before its primary is even assigned, so wait for an active shard instead.
    await client.cluster.health({ index, wait_for_active_shards: 1, timeout: '30s' }, { signal });
    // Version 1 never changed: no index can be older than it, so no read of the mapping for it.
    if (tpl.version > 1 && (await indexMappingVersion(client, index, signal)) < tpl.version)
      await client.indices.putMapping({ index, ...tpl.body.template.mappings } as never, { signal });
  }
}

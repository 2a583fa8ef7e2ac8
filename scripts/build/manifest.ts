/**
 * kibana.jsonc (repo-package format, the source we edit) -> kibana.json (the manifest Kibana reads for an external
 * plugin). Rules from src/core/packages/plugins/server-internal/src/discovery/plugin_manifest_parser.ts.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import ts from 'typescript';

export const REPO_ROOT = join(__dirname, '..', '..');

/** The only keys plugin_manifest_parser.ts accepts; any other key makes Kibana refuse the plugin. */
export const KIBANA_JSON_ALLOWED_KEYS = [
  'id',
  'kibanaVersion',
  'type',
  'version',
  'configPath',
  'requiredPlugins',
  'optionalPlugins',
  'runtimePluginDependencies',
  'ui',
  'server',
  'extraPublicDirs',
  'requiredBundles',
  'serviceFolders',
  'owner',
  'description',
  'enabledOnAnonymousPages',
] as const;
export const KIBANA_JSON_REQUIRED_KEYS = ['id', 'version', 'owner'] as const;

export interface RepoPluginManifest {
  type: 'plugin';
  id: string;
  owner: string[];
  description?: string;
  plugin: {
    id: string;
    server: boolean;
    browser: boolean;
    configPath?: string | string[];
    requiredPlugins?: string[];
    optionalPlugins?: string[];
    requiredBundles?: string[];
  };
}

export interface KibanaJson {
  id: string;
  version: string;
  kibanaVersion: string;
  owner: { name: string };
  description?: string;
  server: boolean;
  ui: boolean;
  configPath?: string | string[];
  requiredPlugins: string[];
  optionalPlugins: string[];
  requiredBundles: string[];
}

/** Parses kibana.jsonc (comments and trailing commas allowed) with TypeScript's own JSONC reader. */
export function readRepoManifest(path = join(REPO_ROOT, 'kibana.jsonc')): RepoPluginManifest {
  const { config, error } = ts.parseConfigFileTextToJson(path, readFileSync(path, 'utf8'));
  if (error) {
    throw new Error(`${path}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  }
  const manifest = config as RepoPluginManifest;
  if (manifest?.type !== 'plugin' || typeof manifest.plugin?.id !== 'string' || !Array.isArray(manifest.owner)) {
    throw new Error(`${path}: expected { type: "plugin", owner: [...], plugin: { id, ... } }`);
  }
  return manifest;
}

export function readPackageJson(): {
  version: string;
  dependencies?: Record<string, string>;
  license?: string;
  buffalogs?: { kibanaVersions?: string[] };
} {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
}

/**
 * `kibanaVersion` "kibana" means "any version" to core's discovery (fine for development inside a Kibana
 * checkout); `bin/kibana-plugin install` needs the exact x.y.z, which the build writes into each zip.
 */
export function toKibanaJson(repo: RepoPluginManifest, version: string, kibanaVersion: string): KibanaJson {
  const { plugin } = repo;
  return {
    id: plugin.id,
    version,
    kibanaVersion,
    owner: { name: repo.owner[0] },
    ...(repo.description ? { description: repo.description } : {}),
    server: plugin.server,
    ui: plugin.browser,
    ...(plugin.configPath ? { configPath: plugin.configPath } : {}),
    requiredPlugins: plugin.requiredPlugins ?? [],
    optionalPlugins: plugin.optionalPlugins ?? [],
    requiredBundles: plugin.requiredBundles ?? [],
  };
}

/** The kibana.json committed at the repo root (used by Kibana's dev mode and plugin-helpers in a checkout). */
export function committedKibanaJson(): KibanaJson {
  return toKibanaJson(readRepoManifest(), readPackageJson().version, 'kibana');
}

export function serializeKibanaJson(manifest: KibanaJson): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

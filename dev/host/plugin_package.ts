/**
 * Finding, extracting and checking the built plugin the way Kibana does: `bin/kibana-plugin install` unpacks
 * `kibana/<dir>/` from the zip, and core's discovery parses `kibana.json` with the rules of
 * elastic/kibana src/core/packages/plugins/server-internal/src/discovery/plugin_manifest_parser.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { KIBANA_JSON_ALLOWED_KEYS } from '../../scripts/build/manifest';

export interface PluginManifest {
  id: string;
  version: string;
  kibanaVersion: string;
  configPath: string | string[];
  requiredPlugins: string[];
  optionalPlugins: string[];
  requiredBundles: string[];
  server: boolean;
  ui: boolean;
  type: 'standard' | 'preboot';
  owner: { name: string; githubTeam?: string };
  description?: string;
}

// The keys Kibana's manifest parser accepts: one list, shared with the build that writes kibana.json.
const KNOWN_KEYS: ReadonlySet<string> = new Set(KIBANA_JSON_ALLOWED_KEYS);

const isCamelCase = (s: string) => /^[a-z][a-zA-Z0-9]*$/.test(s);
const snakeCase = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((e) => typeof e === 'string');
/** @kbn/config's isConfigPath: a non-empty string or an array of strings. */
const isConfigPath = (v: unknown) => Boolean(v) && (typeof v === 'string' || isStringArray(v));
/** semver.coerce: the first x.y.z (missing minor/patch are 0), or undefined when the string has no number. */
const coerce = (v: string) => {
  const match = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(v);
  return match ? [match[1], match[2] ?? '0', match[3] ?? '0'].map(Number).join('.') : undefined;
};
/** isVersionCompatible: "kibana" always; else both versions coerce and are equal. */
const isVersionCompatible = (expected: string, actual: string) =>
  expected === 'kibana' || (coerce(actual) !== undefined && coerce(actual) === coerce(expected));

/**
 * Throws with Kibana's wording when the manifest would make core refuse the plugin, checking in the parser's order (so
 * a manifest with several faults gets Kibana's first message). scripts/build/manifest.test.ts holds this to the
 * parser's own text (test/fixtures/kibana/plugin_manifest_parser/).
 */
export function parseManifest(text: string, manifestPath: string, kibanaVersion: string): PluginManifest {
  const fail = (reason: string): never => {
    throw new Error(`${reason} (invalid-manifest, ${manifestPath})`);
  };
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(text);
  } catch (e) {
    return fail(`Unexpected token in JSON: ${(e as Error).message}`);
  }
  if (!m || typeof m !== 'object') return fail('Plugin manifest must contain a JSON encoded object.');
  if (!m.id || typeof m.id !== 'string') return fail('Plugin manifest must contain an "id" property.');
  if (m.id.includes('.')) return fail('Plugin "id" must not include `.` characters.');
  if (!isCamelCase(m.id)) return fail(`Plugin "id" must be camelCase, but found: ${m.id}.`);
  if (!m.version || typeof m.version !== 'string') {
    return fail(`Plugin manifest for "${m.id}" must contain a "version" property.`);
  }
  const owner = m.owner as { name?: unknown } | null | undefined;
  if (!owner || !owner.name || typeof owner.name !== 'string') {
    return fail(
      `Plugin manifest for "${m.id}" must contain an "owner" property, which includes a nested "name" property.`,
    );
  }
  if (m.configPath !== undefined && !isConfigPath(m.configPath)) {
    return fail(`The "configPath" in plugin manifest for "${m.id}" should either be a string or an array of strings.`);
  }
  if (m.extraPublicDirs && !isStringArray(m.extraPublicDirs)) {
    return fail(`The "extraPublicDirs" in plugin manifest for "${m.id}" should be an array of strings.`);
  }
  // An empty kibanaVersion falls back to the plugin's version, as in the parser.
  const expectedKibanaVersion = typeof m.kibanaVersion === 'string' && m.kibanaVersion ? m.kibanaVersion : m.version;
  if (!isVersionCompatible(expectedKibanaVersion, kibanaVersion)) {
    return fail(
      `Plugin "${m.id}" is only compatible with Kibana version "${expectedKibanaVersion}", but used Kibana version is "${kibanaVersion}".`,
    );
  }
  if (m.server !== true && m.ui !== true) {
    return fail(
      `Both "server" and "ui" are missing or set to "false" in plugin manifest for "${m.id}", but at least one of these must be set to "true".`,
    );
  }
  const unknown = Object.keys(m).filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length > 0) {
    return fail(`Manifest for plugin "${m.id}" contains the following unrecognized properties: ${unknown}.`);
  }
  const type = m.type ?? 'standard';
  if (type !== 'standard' && type !== 'preboot') {
    return fail(
      `The "type" in manifest for plugin "${m.id}" is set to "${type}", but it should either be "standard" or "preboot".`,
    );
  }
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  return {
    id: m.id,
    version: m.version,
    kibanaVersion: expectedKibanaVersion,
    configPath: (m.configPath as string | string[] | undefined) ?? snakeCase(m.id),
    requiredPlugins: list(m.requiredPlugins),
    optionalPlugins: list(m.optionalPlugins),
    requiredBundles: list(m.requiredBundles),
    server: m.server === true,
    ui: m.ui === true,
    type,
    owner: owner as PluginManifest['owner'],
    description: typeof m.description === 'string' ? m.description : undefined,
  };
}

/** `build/<id>-<version>.zip`: the one for `kibanaVersion` if given, else the newest version built. */
export function findBuiltZip(buildDir: string, kibanaVersion?: string): { zipPath: string; kibanaVersion: string } {
  const zips = fs.existsSync(buildDir) ? fs.readdirSync(buildDir).filter((f) => /-\d+\.\d+\.\d+\.zip$/.test(f)) : [];
  const versionOf = (f: string) => /-(\d+\.\d+\.\d+)\.zip$/.exec(f)![1];
  const byVersion = zips
    .map((f) => ({ f, v: versionOf(f) }))
    .sort((a, b) => compareVersions(a.v, b.v))
    .filter(({ v }) => !kibanaVersion || v === kibanaVersion);
  const chosen = byVersion.at(-1);
  if (!chosen) {
    throw new Error(
      `No built plugin zip${kibanaVersion ? ` for Kibana ${kibanaVersion}` : ''} in ${buildDir}. ` +
        'The host loads what `npm run build` produced; run it first.',
    );
  }
  return { zipPath: path.join(buildDir, chosen.f), kibanaVersion: chosen.v };
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** Unpacks the zip into a fresh temp dir and returns `<tmp>/kibana/<dir>` (the plugin's install directory). */
export async function extractPluginZip(zipPath: string): Promise<{ pluginDir: string; root: string }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'buffalogs-host-'));
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z!))),
  );
  const pluginDirs = new Set<string>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      const target = path.join(root, entry.fileName);
      if (!target.startsWith(root + path.sep)) return reject(new Error(`Unsafe path in zip: ${entry.fileName}`));
      const match = /^kibana\/([^/]+)\/kibana\.json$/.exec(entry.fileName);
      if (match) pluginDirs.add(match[1]);
      if (entry.fileName.endsWith('/')) {
        fs.mkdirSync(target, { recursive: true });
        return zip.readEntry();
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        stream!
          .pipe(fs.createWriteStream(target))
          .on('close', () => zip.readEntry())
          .on('error', reject);
      });
    });
    zip.readEntry();
  });
  if (pluginDirs.size !== 1) {
    throw new Error(`Expected exactly one kibana/<plugin>/kibana.json in ${zipPath}, found ${pluginDirs.size}`);
  }
  return { pluginDir: path.join(root, 'kibana', [...pluginDirs][0]), root };
}

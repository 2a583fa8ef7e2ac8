/**
 * Builds the plugin into a temporary directory and checks each zip the way Kibana will use it: the install CLI's
 * layout and version match, core's manifest parser, `require('<plugin>/server')` in a bare Node process, and the
 * browser's `__kbnBundles__` / `__kbnSharedDeps__` contract.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { runInNewContext } from 'vm';
import { build } from 'esbuild';
import yauzl from 'yauzl';
import { buildPlugin } from './build';
import { KIBANA_JSON_ALLOWED_KEYS, REPO_ROOT, readPackageJson, readRepoManifest, toKibanaJson } from './manifest';
import { productionPackageDirs } from './production_deps';
import { SHARED_DEPS } from './shared_deps';

const PREFIX = 'kibana/buffalogs/';

function readZip(path: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const files = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const pkg = readPackageJson();
const repoManifest = readRepoManifest();
const kibanaVersions = pkg.buffalogs?.kibanaVersions ?? [];

let workDir: string;
let zips: Map<string, Map<string, Buffer>>;
/** Stands in for Kibana's node_modules: only @kbn/config-schema (our faithful implementation), bundled to JS. */
let kibanaNodeModules: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'buffalogs-zip-test-'));
  const paths = await buildPlugin(join(workDir, 'build'));
  zips = new Map();
  for (const path of paths) zips.set(path, await readZip(path));

  kibanaNodeModules = join(workDir, 'kibana-node_modules');
  await build({
    entryPoints: [join(REPO_ROOT, 'dev', 'kbn_config_schema', 'index.ts')],
    outfile: join(kibanaNodeModules, '@kbn', 'config-schema', 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
  });
}, 120_000);

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function extract(files: Map<string, Buffer>, dest: string): string {
  for (const [name, content] of files) {
    const target = join(dest, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return join(dest, PREFIX);
}

describe.each(kibanaVersions)('build/buffalogs-%s.zip', (kibanaVersion) => {
  const files = () => {
    const entry = [...zips.entries()].find(([p]) => p.endsWith(`buffalogs-${kibanaVersion}.zip`));
    if (!entry) throw new Error(`no zip for ${kibanaVersion}`);
    return entry[1];
  };
  const names = () => [...files().keys()];

  it('holds one plugin folder with only what Kibana runs', () => {
    expect(names().every((n) => n.startsWith(PREFIX))).toBe(true);
    const topLevel = new Set(names().map((n) => n.slice(PREFIX.length).split('/')[0]));
    expect([...topLevel].sort()).toEqual(
      ['LICENSE', 'common', 'kibana.json', 'node_modules', 'package.json', 'server', 'target'].sort(),
    );
    const ours = names().filter((n) => !n.startsWith(`${PREFIX}node_modules/`));
    expect(ours.filter((n) => /\.(tsx?|map)$|\.test\.|__fixtures__/.test(n))).toEqual([]);
    expect(ours).toEqual(expect.arrayContaining([`${PREFIX}server/index.js`, `${PREFIX}server/plugin.js`, `${PREFIX}common/constants.js`]));
    expect(names().filter((n) => n.startsWith(`${PREFIX}target/`))).toEqual([`${PREFIX}target/public/buffalogs.plugin.js`]);
    expect(names().some((n) => n.startsWith(`${PREFIX}server/cli/`))).toBe(false);
  });

  it('has a kibana.json Kibana accepts, pinned to this Kibana version', () => {
    const manifest = JSON.parse(files().get(`${PREFIX}kibana.json`)!.toString('utf8'));
    expect(manifest).toEqual(toKibanaJson(repoManifest, pkg.version, kibanaVersion));
    expect(Object.keys(manifest).filter((k) => !(KIBANA_JSON_ALLOWED_KEYS as readonly string[]).includes(k))).toEqual([]);
    expect(manifest).toMatchObject({ id: 'buffalogs', kibanaVersion, version: pkg.version, server: true, ui: true });
  });

  it('ships a package.json with the production dependencies only', () => {
    const shipped = JSON.parse(files().get(`${PREFIX}package.json`)!.toString('utf8'));
    expect(shipped).toMatchObject({ name: 'buffalogs', version: pkg.version, license: 'Apache-2.0' });
    expect(shipped.dependencies).toEqual(pkg.dependencies);
    expect(shipped.devDependencies).toBeUndefined();
    expect(shipped.scripts).toBeUndefined();
  });

  it('carries every production dependency, transitively, and no development dependency', () => {
    const shippedPackages = new Set(
      names()
        .filter((n) => /\/node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(n))
        .map((n) => n.slice(PREFIX.length, -'/package.json'.length))
        .filter((dir) => /node_modules\/(@[^/]+\/)?[^/]+$/.test(dir)),
    );
    const expected = productionPackageDirs(pkg.dependencies ?? {});
    expect(expected).toEqual(expect.arrayContaining(['node_modules/ua-parser-js', 'node_modules/maxmind']));
    for (const dir of expected) expect(shippedPackages).toContain(dir);
    for (const dev of ['react', 'typescript', '@elastic/eui', '@elastic/elasticsearch', 'jest', 'esbuild']) {
      expect(shippedPackages).not.toContain(`node_modules/${dev}`);
    }
  });

  it('loads server/index.js in a bare Node process: plugin() builds a plugin, config.schema is a Kibana schema', () => {
    const pluginDir = extract(files(), join(workDir, `extract-${kibanaVersion}`));
    const probe = `
      const mod = require(${JSON.stringify(join(pluginDir, 'server'))});
      (async () => {
        const logger = { get: () => logger, debug() {}, info() {}, warn() {}, error() {} };
        const config = mod.config.schema.validate({});
        const instance = await mod.plugin({ logger, config: { get: () => config } });
        // Every shipped module must load with only the shipped node_modules and Kibana's @kbn/config-schema.
        const fs = require('fs'), path = require('path');
        const walk = (d) => fs.readdirSync(d).flatMap((n) => fs.statSync(path.join(d, n)).isDirectory() ? walk(path.join(d, n)) : [path.join(d, n)]);
        const unloadable = [];
        for (const f of [...walk('server'), ...walk('common')]) {
          try { require(path.resolve(f)); } catch (e) { unloadable.push(f + ': ' + e.message); }
        }
        console.log(JSON.stringify({
          exports: Object.keys(mod).sort(),
          pluginIsFunction: typeof mod.plugin === 'function',
          isKbnConfigSchemaType: mod.config.schema.__isKbnConfigSchemaType,
          config,
          lifecycle: [typeof instance.setup, typeof instance.start],
          unloadable,
        }));
      })().catch((e) => { console.error(e); process.exit(1); });`;
    // NODE_PATH plays Kibana's node_modules; the repo's node_modules are out of reach from the temp dir.
    const out = execFileSync(process.execPath, ['-e', probe], {
      cwd: pluginDir,
      env: { PATH: process.env.PATH, NODE_PATH: kibanaNodeModules },
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({
      exports: ['config', 'plugin'],
      pluginIsFunction: true,
      isKbnConfigSchemaType: true,
      config: expect.objectContaining({ enabled: true, indices: ['logs-*', 'filebeat-*', 'winlogbeat-*'] }),
      lifecycle: ['function', 'function'],
      unloadable: [],
    });
  });

  it('has a browser bundle that registers plugin/buffalogs/public and takes React, EUI… from __kbnSharedDeps__', async () => {
    const source = files().get(`${PREFIX}target/public/buffalogs.plugin.js`)!.toString('utf8');
    // The bundle carries our app (374 KB with the Analyses page), the offline map (d3-geo, topojson-client, world-atlas
    // 110m: ~110 KB of it) and js-yaml for the analysis editor (~40 KB); a copy of React (~130 KB) or EUI (megabytes)
    // would push it past this and carry React's internals.
    expect(source.length).toBeLessThan(450_000);
    expect(source).not.toContain('__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED');
    expect(source).not.toMatch(/react-dom\/client|jsx-runtime/);

    // Every shared module is a recording stand-in: any member is callable and returns another stand-in. Like the
    // real React/ReactDom globals it is a CommonJS object (no __esModule), so default imports get the module itself.
    const requested = new Set<string>();
    const standIn = (): unknown =>
      new Proxy(function () {}, {
        get: (_t, p) => (p === '__esModule' ? undefined : p === Symbol.toPrimitive ? () => '' : standIn()),
        apply: () => standIn(),
      });
    // esbuild's ESM interop copies a CommonJS module's own keys for named imports (`import { useState } from
    // 'react'`), so each module stand-in owns the real package's export names, as Kibana's real globals do.
    const moduleByGlobal = new Map(Object.entries(SHARED_DEPS).map(([mod, name]) => [name, mod]));
    const moduleStandIn = (name: string): unknown => {
      let exportNames: string[] = [];
      try {
        exportNames = Object.keys(require(moduleByGlobal.get(name) ?? name) as object);
      } catch {
        // Not installed here (e.g. @kbn/i18n): members are still reachable through the `get` trap.
      }
      const target = Object.fromEntries(exportNames.filter((k) => k !== '__esModule').map((k) => [k, standIn()]));
      return new Proxy(target, { get: (t, p) => (p === '__esModule' ? undefined : p in t ? t[p as string] : standIn()) });
    };
    const sharedDeps = new Proxy({} as Record<string, unknown>, {
      get: (cache, name: string) => (requested.add(name), (cache[name] ??= moduleStandIn(name))),
    });
    const defined = new Map<string, () => { plugin: unknown }>();
    const kbnBundles = {
      define: (key: string, bundleRequire: (k: string) => { plugin: unknown }, moduleKey: string) =>
        defined.set(key, () => bundleRequire(moduleKey)),
    };
    // Browser globals the bundle may use at module level, as every browser Kibana supports has them.
    runInNewContext(source, { __kbnSharedDeps__: sharedDeps, __kbnBundles__: kbnBundles, window: {}, URL, URLSearchParams });

    expect([...defined.keys()]).toEqual(['plugin/buffalogs/public']);
    const { plugin } = defined.get('plugin/buffalogs/public')!();
    expect(typeof plugin).toBe('function');
    type App = { id: string; title: string; category: unknown; mount: (p: unknown) => Promise<() => void> };
    const registered: App[] = [];
    const coreStart = {
      chrome: { docTitle: { change() {} }, setBreadcrumbs() {} },
      http: {},
      theme: { theme$: { subscribe: () => ({ unsubscribe() {} }) }, getTheme: () => ({ darkMode: false }) },
      i18n: { Context: () => null },
    };
    const instance = (plugin as (ctx: unknown) => { setup(core: unknown): void })({});
    instance.setup({
      application: { register: (app: App) => registered.push(app) },
      getStartServices: async () => [coreStart, {}, {}],
    });
    expect(registered).toHaveLength(1);
    expect(registered[0]).toMatchObject({ id: 'buffalogs', title: 'BuffaLogs', category: { id: 'securitySolution' } });

    // The app's code (and so React/EUI) is only loaded on mount.
    const unmount = await registered[0].mount({ element: {}, theme$: coreStart.theme.theme$ });
    expect(typeof unmount).toBe('function');
    for (const name of requested) expect(Object.values(SHARED_DEPS)).toContain(name);
    expect([...requested]).toEqual(expect.arrayContaining(['React', 'ReactDom', 'ElasticEui']));
  });
});

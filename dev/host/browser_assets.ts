/**
 * What the host's page loads, in Kibana's order (rendering/server-internal bootstrap): the shared-deps bundle
 * (built once with esbuild from node_modules, cached under node_modules/.cache keyed by the versions and places of the
 * packages it holds and this host's sources), the host's core bundle, then each plugin's
 * `target/public/<id>.plugin.js` from the extracted zip.
 *
 * `KIBANA_HOST_SHARED_DEPS_DIR=<dir>` serves every shared package found in `<dir>/node_modules` instead of the tree's,
 * to check the app against another Kibana's shared deps while the tree keeps its own (Kibana 8.19's EUI and charts):
 * e.g. React 17 (Kibana 8.19/9.0) from `npm install --prefix /tmp/r17 react@17 react-dom@17`, or Kibana 9.5's EUI
 * and charts from test/e2e/kibana_9_5_shared_deps (which `npm ci` installs).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'buffalogs-dev-host');
const SHARED_DEPS_ENTRY = path.join(__dirname, 'browser', 'shared_deps_entry.ts');
const CORE_ENTRY = path.join(__dirname, 'browser', 'core.tsx');
const SHARED_PACKAGES = [
  'react',
  'react-dom',
  '@elastic/eui',
  '@elastic/eui-theme-borealis',
  '@emotion/react',
  '@emotion/cache',
  'moment',
  'lodash',
  'rxjs',
  'history',
  'classnames',
  '@elastic/charts',
];

/** The node_modules each shared package comes from: the override's when it holds the package, else the tree's. */
function sharedPackageSources(): Map<string, string> {
  const own = path.join(REPO_ROOT, 'node_modules');
  const dir = process.env.KIBANA_HOST_SHARED_DEPS_DIR;
  if (!dir) return new Map(SHARED_PACKAGES.map((name) => [name, own]));
  const override = path.resolve(dir, 'node_modules');
  if (!fs.existsSync(override)) throw new Error(`KIBANA_HOST_SHARED_DEPS_DIR=${dir} has no node_modules folder`);
  return new Map(
    SHARED_PACKAGES.map((name) => [name, fs.existsSync(path.join(override, name, 'package.json')) ? override : own]),
  );
}

function packageVersion(modules: string, name: string): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(modules, name, 'package.json'), 'utf8')).version;
  } catch {
    return 'missing';
  }
}

/**
 * Resolves every import of an overridden package (and its subpaths, e.g. `react-dom/server`, EUI's icon modules)
 * from the override's node_modules, with esbuild's own package resolution (browser field, exports), wherever the
 * importer lives: the app's shared deps and the other shared packages then all share one copy, as in Kibana.
 */
function sharedDepsOverride(sources: Map<string, string>): Plugin {
  const own = path.join(REPO_ROOT, 'node_modules');
  const overridden = [...sources].filter(([, modules]) => modules !== own);
  const names = overridden.map(([name]) => name.replace(/\./g, '\\.'));
  const again = Symbol('resolved by the override');
  return {
    name: 'shared-deps-override',
    setup(b) {
      if (overridden.length === 0) return;
      const resolveDir = path.dirname(overridden[0][1]);
      b.onResolve({ filter: new RegExp(`^(${names.join('|')})(/.*)?$`) }, async (args) => {
        if (args.pluginData === again) return undefined;
        const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir, pluginData: again });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: resolved.path, namespace: resolved.namespace, sideEffects: resolved.sideEffects };
      });
    },
  };
}

/**
 * EUI loads each icon with a dynamic `import('./assets/' + file)`, which Kibana's webpack turns into chunks. An IIFE
 * has no chunks, so the shared-deps bundle preloads every icon into EUI's own cache (`appendIconComponentCache`),
 * after which `EuiIcon` renders them synchronously.
 */
function euiIconCache(euiModules: string): Plugin {
  const ns = 'eui-icon-cache';
  return {
    name: ns,
    setup(b) {
      b.onResolve({ filter: /^eui-icon-cache$/ }, () => ({ path: ns, namespace: ns }));
      b.onLoad({ filter: /.*/, namespace: ns }, () => {
        const assets = path.join(euiModules, '@elastic', 'eui', 'es', 'components', 'icon', 'assets');
        const files = fs
          .readdirSync(assets)
          .filter((f) => f.endsWith('.js'))
          .map((f) => f.slice(0, -3));
        return {
          resolveDir: REPO_ROOT,
          loader: 'js',
          contents: [
            `import { appendIconComponentCache } from '@elastic/eui/es/components/icon/icon';`,
            `import { typeToPathMap } from '@elastic/eui/es/components/icon/icon_map';`,
            ...files.map((f, i) => `import { icon as i${i} } from '@elastic/eui/es/components/icon/assets/${f}';`),
            `const byFile = { ${files.map((f, i) => `${JSON.stringify(f)}: i${i}`).join(', ')} };`,
            `const cache = {};`,
            `for (const [type, file] of Object.entries(typeToPathMap)) if (byFile[file]) cache[type] = byFile[file];`,
            `appendIconComponentCache(cache);`,
          ].join('\n'),
        };
      });
    },
  };
}

async function cachedBuild(name: string, entry: string, key: string, plugins?: Plugin[]): Promise<string> {
  const hash = crypto
    .createHash('sha1')
    .update(key)
    .update(fs.readFileSync(entry))
    .update(fs.readFileSync(__filename))
    .digest('hex')
    .slice(0, 12);
  const outfile = path.join(CACHE_DIR, `${name}.${hash}.js`);
  if (fs.existsSync(outfile)) return outfile;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: Boolean(plugins),
    jsx: 'transform',
    jsxFactory: 'React.createElement',
    jsxFragment: 'React.Fragment',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    logLevel: 'warning',
    loader: { '.css': 'text' },
    // The core bundle takes everything from __kbnSharedDeps__ and may only import types.
    ...(plugins ? { plugins } : { packages: 'external' as const }),
  });
  return outfile;
}

export interface BrowserAssets {
  sharedDepsJs: string;
  coreJs: string;
}

export async function buildBrowserAssets(): Promise<BrowserAssets> {
  const sources = sharedPackageSources();
  const own = path.join(REPO_ROOT, 'node_modules');
  // Versions and, for overridden packages, the folder they come from: a different package is a different bundle.
  const key = [...sources]
    .map(([name, modules]) => `${name}@${packageVersion(modules, name)}${modules === own ? '' : ` from ${modules}`}`)
    .join(',');
  const [sharedDepsJs, coreJs] = await Promise.all([
    cachedBuild('shared_deps', SHARED_DEPS_ENTRY, key, [
      sharedDepsOverride(sources),
      euiIconCache(sources.get('@elastic/eui')!),
    ]),
    cachedBuild('core', CORE_ENTRY, key),
  ]);
  return { sharedDepsJs, coreJs };
}

/** Kibana's `__kbnBundles__` loader (rendering bootstrap): define throws on a duplicate key, get on a missing one. */
const KBN_BUNDLES_LOADER = `
var __kbnBundles__ = (function () {
  var modules = {};
  return {
    define: function (key, bundleRequire, bundleModuleKey) {
      if (Object.prototype.hasOwnProperty.call(modules, key)) throw new Error('module with key [' + key + '] already loaded');
      modules[key] = { bundleRequire: bundleRequire, bundleModuleKey: bundleModuleKey };
    },
    has: function (key) { return Object.prototype.hasOwnProperty.call(modules, key); },
    get: function (key) {
      if (!Object.prototype.hasOwnProperty.call(modules, key)) throw new Error('unable to find module with key [' + key + ']');
      return modules[key].bundleRequire(modules[key].bundleModuleKey);
    }
  };
})();
window.__kbnBundles__ = __kbnBundles__;`;

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function renderPage(opts: {
  metadata: Record<string, unknown>;
  publicPaths: Record<string, string>;
  scripts: string[];
  darkMode: boolean;
  /** `server.prototypeHardening`: the shared-deps bundle seals the built-in prototypes (harden_prototypes.ts). */
  hardenPrototypes: boolean;
}): string {
  const scriptTags = opts.scripts.map((src) => `    <script src="${escapeAttr(src)}"></script>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width" />
    <link rel="icon" href="data:," />
    <title>Elastic</title>
    <style>html,body{margin:0;min-height:100%;background:${opts.darkMode ? '#07101f' : '#f6f9fc'}}</style>
  </head>
  <body>
    <kbn-prototype-hardening data="${escapeAttr(JSON.stringify({ hardenPrototypes: opts.hardenPrototypes }))}"></kbn-prototype-hardening>
    <kbn-injected-metadata data="${escapeAttr(JSON.stringify(opts.metadata))}"></kbn-injected-metadata>
    <div id="kibana-body" data-test-subj="kibanaChrome"></div>
    <script>
      // Kibana's bootstrap (rendering/server-internal/src/bootstrap/template.ts) reads the flag the same way.
      window.__kbnHardenPrototypes__ = JSON.parse(document.querySelector('kbn-prototype-hardening').getAttribute('data')).hardenPrototypes;
      window.__kbnPublicPath__ = ${JSON.stringify(opts.publicPaths)};${KBN_BUNDLES_LOADER}
    </script>
${scriptTags}
    <script>__kbnBundles__.get('entry/core/public').__kbnBootstrap__();</script>
  </body>
</html>
`;
}

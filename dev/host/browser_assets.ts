/**
 * What the host's page loads, in Kibana's order (rendering/server-internal bootstrap): the shared-deps bundle
 * (built once with esbuild from node_modules, cached under node_modules/.cache keyed by package versions and this
 * host's sources), the host's core bundle, then each plugin's `target/public/<id>.plugin.js` from the extracted zip.
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

function packageVersion(name: string): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'missing';
  }
}

/**
 * EUI loads each icon with a dynamic `import('./assets/' + file)`, which Kibana's webpack turns into chunks. An IIFE
 * has no chunks, so the shared-deps bundle preloads every icon into EUI's own cache (`appendIconComponentCache`),
 * after which `EuiIcon` renders them synchronously.
 */
function euiIconCache(): Plugin {
  const ns = 'eui-icon-cache';
  return {
    name: ns,
    setup(b) {
      b.onResolve({ filter: /^eui-icon-cache$/ }, () => ({ path: ns, namespace: ns }));
      b.onLoad({ filter: /.*/, namespace: ns }, () => {
        const assets = path.join(REPO_ROOT, 'node_modules', '@elastic', 'eui', 'es', 'components', 'icon', 'assets');
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

async function cachedBuild(
  name: string,
  entry: string,
  key: string,
  external: boolean,
  alias?: Record<string, string>,
): Promise<string> {
  const hash = crypto.createHash('sha1').update(key).update(fs.readFileSync(entry)).digest('hex').slice(0, 12);
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
    minify: !external,
    jsx: 'transform',
    jsxFactory: 'React.createElement',
    jsxFragment: 'React.Fragment',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    logLevel: 'warning',
    loader: { '.css': 'text' },
    ...(alias ? { alias } : {}),
    // The core bundle takes everything from __kbnSharedDeps__ and may only import types.
    ...(external ? { packages: 'external' as const } : { plugins: [euiIconCache()] }),
  });
  return outfile;
}

export interface BrowserAssets {
  sharedDepsJs: string;
  coreJs: string;
}

/**
 * `KIBANA_HOST_REACT_DIR=<dir>` serves React and ReactDOM from `<dir>/node_modules` instead (e.g. a React 17 install),
 * to check the app against the React of Kibana 8.19/9.0 while the tree keeps React 18 (Kibana 9.1+).
 */
function reactOverride(): Record<string, string> | undefined {
  const dir = process.env.KIBANA_HOST_REACT_DIR;
  if (!dir) return undefined;
  const modules = path.join(dir, 'node_modules');
  // An aliased path skips react-dom's `browser` field, so name the browser build of the server renderer explicitly.
  return {
    react: path.join(modules, 'react'),
    'react-dom/server': path.join(modules, 'react-dom', 'server.browser.js'),
    'react-dom': path.join(modules, 'react-dom'),
  };
}

export async function buildBrowserAssets(): Promise<BrowserAssets> {
  const alias = reactOverride();
  const reactVersion = alias
    ? JSON.parse(fs.readFileSync(path.join(alias.react, 'package.json'), 'utf8')).version
    : packageVersion('react');
  const versions = [`react-used@${reactVersion}`, ...SHARED_PACKAGES.map((p) => `${p}@${packageVersion(p)}`)].join(',');
  const [sharedDepsJs, coreJs] = await Promise.all([
    cachedBuild('shared_deps', SHARED_DEPS_ENTRY, versions, false, alias),
    cachedBuild('core', CORE_ENTRY, versions, true),
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
    <kbn-injected-metadata data="${escapeAttr(JSON.stringify(opts.metadata))}"></kbn-injected-metadata>
    <div id="kibana-body" data-test-subj="kibanaChrome"></div>
    <script>
      window.__kbnPublicPath__ = ${JSON.stringify(opts.publicPaths)};${KBN_BUNDLES_LOADER}
    </script>
${scriptTags}
    <script>__kbnBundles__.get('entry/core/public').__kbnBootstrap__();</script>
  </body>
</html>
`;
}

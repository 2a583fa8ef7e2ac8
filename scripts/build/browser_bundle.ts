/**
 * The browser bundle Kibana loads from `target/public/<id>.plugin.js`: one IIFE (no chunks, so no public-path
 * handling), classic JSX runtime (`react/jsx-runtime` is not a shared dep), every shared dep read from
 * `__kbnSharedDeps__`, and a `__kbnBundles__.define` call that Kibana's plugin reader resolves (facts §1.3).
 */
import { join } from 'path';
import { build, type Plugin } from 'esbuild';
import { BUNDLE_KEY, SHARED_DEPS, SHARED_PACKAGE_ROOTS } from './shared_deps';
import { REPO_ROOT } from './manifest';

const SHARED_NS = 'kbn-shared-dep';
const ENTRY = 'kbn-plugin-entry';

function kibanaSharedDeps(): Plugin {
  return {
    name: 'kibana-shared-deps',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path in SHARED_DEPS) return { path: args.path, namespace: SHARED_NS };
        const root = SHARED_PACKAGE_ROOTS.find((r) => args.path.startsWith(`${r}/`));
        if (root) {
          return { errors: [{ text: `"${args.path}" would bundle a copy of ${root}; import "${root}" instead` }] };
        }
        if (args.path.startsWith('@kbn/')) {
          return { errors: [{ text: `"${args.path}" is not available in the browser at runtime; use \`import type\`` }] };
        }
        return undefined;
      });
      // A CommonJS shim: esbuild's interop then gives default and named imports the shared module's members.
      b.onLoad({ filter: /.*/, namespace: SHARED_NS }, (args) => ({
        contents: `module.exports = __kbnSharedDeps__[${JSON.stringify(SHARED_DEPS[args.path])}];`,
        loader: 'js',
      }));
    },
  };
}

function pluginEntry(pluginId: string): Plugin {
  return {
    name: 'kibana-plugin-entry',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${ENTRY}$`) }, () => ({ path: ENTRY, namespace: ENTRY }));
      b.onLoad({ filter: /.*/, namespace: ENTRY }, () => {
        const key = JSON.stringify(BUNDLE_KEY(pluginId));
        return {
          resolveDir: REPO_ROOT,
          loader: 'js',
          contents: [
            `import * as publicModule from './public/index.ts';`,
            // Kibana's loader: get(key) === bundleRequire(bundleModuleKey).
            `__kbnBundles__.define(${key}, function () { return publicModule; }, ${key});`,
          ].join('\n'),
        };
      });
    },
  };
}

export async function buildBrowserBundle(pluginId: string, outDir: string): Promise<string> {
  const outfile = join(outDir, 'target', 'public', `${pluginId}.plugin.js`);
  await build({
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    splitting: false,
    jsx: 'transform',
    jsxFactory: 'React.createElement',
    jsxFragment: 'React.Fragment',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    // Kibana's webpack build emits every ES module in strict mode; so must ours, or a write onto a sealed built-in
    // prototype (Kibana's browser hardening) fails silently here and throws in Kibana.
    banner: { js: '"use strict";' },
    sourcemap: false,
    logLevel: 'warning',
    plugins: [pluginEntry(pluginId), kibanaSharedDeps()],
  });
  return outfile;
}

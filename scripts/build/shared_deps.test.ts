/**
 * The names our bundle takes from `window.__kbnSharedDeps__` (SHARED_DEPS, what browser_bundle.ts externalises)
 * against Kibana's own list: the `externals` map of kbn-ui-shared-deps-src/src/definitions.js, copied verbatim with
 * its path and commit under test/fixtures/kibana/kbn-ui-shared-deps-src/. Two copies bracket the supported releases:
 * one from before 8.18 and one from 9.x (no copy tagged with the 8.19 branch is readable; entries are added far more
 * often than removed, so a name in both is taken to be in 8.19 too).
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { SHARED_DEPS, SHARED_PACKAGE_ROOTS } from './shared_deps';
import { REPO_ROOT } from './manifest';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'kibana', 'kbn-ui-shared-deps-src');

interface KibanaDefinitions {
  file: string;
  commit: string;
  externals: Record<string, string>;
}

/** Evaluates a stored excerpt (data we committed, not input) in an empty context: `const externals = {...}`. */
function readDefinitions(file: string): KibanaDefinitions {
  const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
  const commit = /at commit ([0-9a-f]{40})/.exec(text)?.[1];
  if (!commit || !file.includes(commit)) throw new Error(`${file} does not name the commit it copies`);
  const externals = vm.runInNewContext(`${text}\nexternals;`, Object.create(null)) as Record<string, string>;
  return { file, commit, externals };
}

const definitions = fs
  .readdirSync(FIXTURES)
  .filter((f) => /^definitions\.[0-9a-f]{40}\.js$/.test(f))
  .map(readDefinitions);

describe("the bundle's shared deps against Kibana's kbn-ui-shared-deps-src definitions", () => {
  it('reads both stored copies of the definitions', () => {
    expect(definitions).toHaveLength(2);
    for (const d of definitions) expect(Object.keys(d.externals).length).toBeGreaterThan(40);
  });

  it.each(definitions.map((d) => [d.commit.slice(0, 8), d] as const))(
    'every module the bundle externalises is a Kibana external of that name at %s',
    (_commit, d) => {
      const mismatched = Object.entries(SHARED_DEPS)
        .filter(([module, name]) => d.externals[module] !== `__kbnSharedDeps__.${name}`)
        .map(([module, name]) => `${module} -> ${name} (Kibana: ${d.externals[module] ?? 'not shared'})`);
      expect(mismatched).toEqual([]);
    },
  );

  it('a package root the bundle refuses deep imports from is one Kibana shares', () => {
    for (const d of definitions) for (const root of SHARED_PACKAGE_ROOTS) expect(d.externals[root]).toBeDefined();
  });

  it('the dev host’s page offers only globals Kibana’s newest list names', () => {
    const newest = definitions.find((d) => d.externals['@kbn/react-kibana-context-render'])!;
    const kibanaGlobals = new Set(Object.values(newest.externals).map((g) => g.split('.')[1]));
    const entry = fs.readFileSync(path.join(REPO_ROOT, 'dev', 'host', 'browser', 'shared_deps_entry.ts'), 'utf8');
    const body = entry.slice(entry.indexOf('const deps'), entry.indexOf('__kbnSharedDeps__ = deps'));
    const hostGlobals = [...body.matchAll(/^\s*(?:\.\.\..*?\{ )?([A-Z]\w+)(?::|,| \})/gm)].map((m) => m[1]);
    expect(hostGlobals).toEqual(expect.arrayContaining(['React', 'ElasticEui', 'KbnReactKibanaContextRender']));
    expect(hostGlobals.filter((g) => !kibanaGlobals.has(g))).toEqual([]);
  });
});

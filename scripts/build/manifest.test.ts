/**
 * kibana.json against the rules of Kibana's manifest parser, read from the parser itself: a verbatim excerpt of
 * src/core/packages/plugins/server-internal/src/discovery/plugin_manifest_parser.ts with its commit under
 * test/fixtures/kibana/plugin_manifest_parser/. The known-field list, the error texts and their order come from that
 * excerpt; the dev host's parseManifest (dev/host/plugin_package.ts) must refuse what the parser refuses, with its
 * message, and accept the kibana.json we ship.
 */
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { parseManifest } from '../../dev/host/plugin_package';
import { KIBANA_JSON_ALLOWED_KEYS, REPO_ROOT, committedKibanaJson, readRepoManifest, toKibanaJson } from './manifest';

const committed = JSON.parse(readFileSync(join(REPO_ROOT, 'kibana.json'), 'utf8')) as Record<string, unknown>;

const PARSER_DIR = join(REPO_ROOT, 'test', 'fixtures', 'kibana', 'plugin_manifest_parser');
const parserFile = readdirSync(PARSER_DIR).find((f) => /^plugin_manifest_parser\.[0-9a-f]{40}\.ts\.txt$/.test(f))!;
const parser = readFileSync(join(PARSER_DIR, parserFile), 'utf8');
const parserCommit = /at commit ([0-9a-f]{40})/.exec(parser)![1];

/** `KNOWN_MANIFEST_FIELDS`: the keys of the `manifestFields` literal. */
const knownFields = (() => {
  const block = parser.slice(parser.indexOf('const manifestFields'), parser.indexOf('return new Set'));
  return [...block.matchAll(/^\s+(\w+): true,$/gm)].map((m) => m[1]);
})();

/** Each `new Error(...)` text of the parser, in order, as a pattern (`${...}` matches anything). */
const parserMessages = [...parser.matchAll(/new Error\(\s*(['`])([\s\S]*?)\1\s*\)/g)].map(([, , text]) => {
  const pattern = text
    .split(/\$\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return { text, pattern: new RegExp(`^${pattern}$`) };
});
const parserStep = (message: string) => parserMessages.findIndex((m) => m.pattern.test(message));

const KIBANA = '9.5.3';
const valid = { id: 'buffalogs', version: '1.0.0', kibanaVersion: KIBANA, owner: { name: 'me' }, server: true };
function refusal(manifest: unknown): string {
  try {
    parseManifest(JSON.stringify(manifest), '/p/kibana.json', KIBANA);
  } catch (e) {
    return (e as Error).message.replace(/ \(invalid-manifest, \/p\/kibana\.json\)$/, '');
  }
  return 'accepted';
}

describe(`plugin manifests against Kibana's manifest parser (${parserFile.split('.')[1].slice(0, 8)})`, () => {
  it('reads the parser excerpt: its commit, its 16 known fields and its 12 messages', () => {
    expect(parserFile).toContain(parserCommit);
    expect(knownFields).toHaveLength(16);
    expect(parserMessages).toHaveLength(12);
  });

  it('kibana.json is what kibana.jsonc and package.json produce (run `npm run manifests` after editing them)', () => {
    expect(committed).toEqual(committedKibanaJson());
  });

  it('the build may write exactly the fields the parser knows', () => {
    expect([...KIBANA_JSON_ALLOWED_KEYS].sort()).toEqual([...knownFields].sort());
  });

  it.each([
    ['the committed kibana.json', committed, 'kibana'],
    ['a zip’s kibana.json', toKibanaJson(readRepoManifest(), '1.2.3', KIBANA), KIBANA],
  ])('the parser accepts %s and reads its fields as we mean them', (_name, manifest, kibanaVersion) => {
    expect(Object.keys(manifest).filter((k) => !knownFields.includes(k))).toEqual([]);
    const parsed = parseManifest(JSON.stringify(manifest), '/p/kibana.json', KIBANA);
    expect(parsed).toMatchObject({ id: 'buffalogs', kibanaVersion, server: true, ui: true, type: 'standard' });
    expect(parsed.configPath).toEqual(['buffalogs']);
  });

  it('declares the buffalogs plugin id, its config path and its plugin dependencies', () => {
    expect(readRepoManifest().plugin.id).toBe('buffalogs');
    expect(committed.requiredPlugins).toEqual(['taskManager', 'features']);
    expect(committed.optionalPlugins).toEqual(['security', 'alerting', 'spaces']);
    expect(committed).toMatchObject({ server: true, ui: true, requiredBundles: [] });
  });

  // Each case breaks one rule (or several: the parser's first check wins). The expected message must be one of the
  // parser's own texts, at the step the case names.
  const cases: Array<[string, unknown, string]> = [
    ['an array', [], 'Plugin manifest must contain an "id" property.'],
    ['null', null, 'Plugin manifest must contain a JSON encoded object.'],
    ['no id', { ...valid, id: undefined }, 'Plugin manifest must contain an "id" property.'],
    ['a dotted id', { ...valid, id: 'buffa.logs' }, 'Plugin "id" must not include `.` characters.'],
    ['a snake_case id', { ...valid, id: 'buffa_logs' }, 'Plugin "id" must be camelCase, but found: buffa_logs.'],
    ['no version', { ...valid, version: '' }, 'Plugin manifest for "buffalogs" must contain a "version" property.'],
    [
      'an empty owner name',
      { ...valid, owner: { name: '' } },
      'Plugin manifest for "buffalogs" must contain an "owner" property, which includes a nested "name" property.',
    ],
    [
      'a configPath of numbers',
      { ...valid, configPath: [1] },
      'The "configPath" in plugin manifest for "buffalogs" should either be a string or an array of strings.',
    ],
    [
      'extraPublicDirs not strings',
      { ...valid, extraPublicDirs: [1] },
      'The "extraPublicDirs" in plugin manifest for "buffalogs" should be an array of strings.',
    ],
    [
      'another Kibana version, and an unknown key (version first)',
      { ...valid, kibanaVersion: '8.19.21', extra: 1 },
      'Plugin "buffalogs" is only compatible with Kibana version "8.19.21", but used Kibana version is "9.5.3".',
    ],
    [
      'an empty kibanaVersion falls back to the plugin version',
      { ...valid, version: '9.5.3', kibanaVersion: '' },
      'accepted',
    ],
    [
      'neither server nor ui, and an unknown key (server/ui first)',
      { ...valid, server: 'yes', extra: 1 },
      'Both "server" and "ui" are missing or set to "false" in plugin manifest for "buffalogs", but at least one of these must be set to "true".',
    ],
    [
      'unknown keys, and a bad type (keys first)',
      { ...valid, extra: 1, plugin: {}, type: 'x' },
      'Manifest for plugin "buffalogs" contains the following unrecognized properties: extra,plugin.',
    ],
    [
      'a type other than standard or preboot',
      { ...valid, type: 'x' },
      'The "type" in manifest for plugin "buffalogs" is set to "x", but it should either be "standard" or "preboot".',
    ],
  ];

  it.each(cases)('answers %s as the parser does', (_name, manifest, expected) => {
    if (expected !== 'accepted') expect(parserStep(expected)).toBeGreaterThanOrEqual(0);
    expect(refusal(manifest)).toBe(expected);
  });

  it('checks in the parser’s order (each message is a later step than the one before it)', () => {
    const steps = cases.map(([, , m]) => m).filter((m) => m !== 'accepted' && !m.includes('JSON encoded'));
    const order = steps.map(parserStep);
    for (let i = 1; i < order.length; i++) expect(order[i]).toBeGreaterThanOrEqual(order[i - 1]);
  });
});

/**
 * The corpus of detection settings the kibana.yml schema and the API validator are compared on: every leaf of the
 * profiles with values of every kind (types, bounds, lists, entries), plus hostile shapes (prototype names, unknown
 * keys, sections that are not objects) and what only the merged values show (risk ladder, user patterns).
 * ./detection_settings_corpus.json holds what the hand-written validator and schema (before the settings table,
 * commit c9ad427) answered for each case; ../detection_schema_snapshot.test.ts checks the derived ones answer the same.
 */
import { isDeepStrictEqual } from 'util';
import { schema, type Type } from '@kbn/config-schema';
import type { ParseResult } from '../../common/config_table';
import profiles from '../../common/__fixtures__/profile_defaults.json';

const VALUES: unknown[] = [
  true,
  'x',
  null,
  {},
  -1,
  0,
  0.5,
  1,
  1.5,
  48,
  49,
  100,
  101,
  10080,
  10081,
  36500,
  36501,
  100000,
  100001,
  4294967296,
  '5',
  [],
  ['x'],
  [1],
  [1.5, 2],
  [-1],
  ['10.0.0.0/8', '::1'],
  ['10.0.0.0/99'],
  [['Italy', 'Germany']],
  [['Italy']],
  [['a', 1]],
  ['new_device'],
  ['nope'],
  'medium',
  'severe',
  'glob',
  'regex',
  'haversine',
  'cidr',
  'every_alert',
  'per_attribute',
  'last_in_time',
  'first_login_time',
  'previous_in_time',
  ['svc-*'],
  ['svc-.*'],
  ['(a+)+$'],
  ['a'.repeat(300)],
];

export function corpus(): Array<{ name: string; input: string }> {
  const cases: Array<{ name: string; input: string }> = [];
  const add = (name: string, input: string) => cases.push({ name, input });
  const sections = profiles.default as unknown as Record<string, unknown>;
  for (const [section, body] of Object.entries(sections)) {
    if (section === 'profile') continue;
    for (const key of Object.keys(body as object)) {
      VALUES.forEach((v, i) => add(`${section}.${key}#${i}`, JSON.stringify({ [section]: { [key]: v } })));
    }
    add(`${section} not an object`, JSON.stringify({ [section]: 3 }));
    add(`${section} unknown key`, JSON.stringify({ [section]: { enable: true } }));
    for (const p of ['__proto__', 'constructor', 'toString', 'prototype'])
      add(`${section}.${p}`, `{"${section}": {"${p}": {"polluted": 1}}}`);
  }
  for (const p of ['__proto__', 'constructor', 'toString', 'prototype', 'profile', 'nope'])
    add(`top ${p}`, `{"${p}": {"assign": 1}}`);
  add('profile buffalogs', '{"profile": "buffalogs"}');
  add('profile other', '{"profile": "other"}');
  add('buffalogs regex user', '{"profile": "buffalogs", "filters": {"enabledUsers": ["ok", "(a+)+$"]}}');
  add('buffalogs glob', '{"profile": "buffalogs", "filters": {"userPatterns": "glob", "ignoredUsers": ["svc-.*"]}}');
  add('risk ladder', '{"risk": {"lowAt": 5, "mediumAt": 3}}');
  add('risk ladder merged', '{"risk": {"highAt": 2}}');
  add('risk ok', '{"risk": {"lowAt": 2, "mediumAt": 5, "highAt": 9}}');
  add('two errors', '{"verdict": {"rareShare": 2, "travellerFactor": 2, "groundSpeedKmh": 0}}');
  add('two errors, order', '{"verdict": {"rareShare": 2, "groundSpeedKmh": 0}}');
  add('two sections', '{"filters": {"userPatterns": "x"}, "impossibleTravel": {"maxSpeedKmh": 0}}');
  add('both profiles whole', JSON.stringify({ ...profiles.buffalogs, profile: 'buffalogs' }));
  add('default whole', JSON.stringify(profiles.default));
  add(
    '1001 ignored users',
    JSON.stringify({ filters: { ignoredUsers: Array.from({ length: 1001 }, (_, i) => `u${i}`) } }),
  );
  add(
    '1000 enabled users',
    JSON.stringify({ filters: { enabledUsers: Array.from({ length: 1000 }, (_, i) => `u${i}`) } }),
  );
  add('not an object', '7');
  add('array', '[]');
  return cases;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const errorOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
};

export function outcomes(
  input: string,
  parse: (v: unknown) => ParseResult<unknown>,
  resolve: (profile: 'buffalogs', v: unknown) => unknown,
  detectionSchema: Type<unknown>,
) {
  const value: unknown = JSON.parse(input);
  const api = isObject(value) ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'profile')) : value;
  const parsed = parse(api);
  const kibana = schema.object({ detection: detectionSchema });
  let validated: unknown;
  const kibanaError = errorOf(() => (validated = kibana.validate({ detection: value }, {}, 'buffalogs')));
  // A value Kibana accepts is recorded only when it is not the input itself (a coerced "5", a dropped key); key order
  // is no difference (Kibana's consumers read keys, and the generated schema lists keys in the table's order).
  const expected = { detection: { profile: 'default', ...(isObject(value) ? value : {}) } };
  const kibanaValue = kibanaError === undefined && !isDeepStrictEqual(validated, expected) ? validated : undefined;
  return {
    api: parsed.ok ? 'ok' : parsed.errors.map((e) => `${e.path}: ${e.message}`),
    resolve: errorOf(() => resolve('buffalogs', api)) ?? 'ok',
    kibana: kibanaError ?? (kibanaValue === undefined ? 'ok' : { value: kibanaValue }),
  };
}

/**
 * Random JSON at every route's request validation, the schemas exactly as the routes register them (captured from
 * `registerRoutes` by a recording router; run by dev/kbn_config_schema, the stand-in for @kbn/config-schema). Each
 * params/query/body value must either validate or be refused with config-schema's ValidationError, which Kibana
 * answers with a 400 naming the parameter; any other exception would be a 500. The settings body also goes through
 * the deep validator the handler runs (unknown/inherited names, bounds, user-list patterns). After every run the
 * built-ins must be unchanged. Bounded runs; on failure fast-check prints the seed and the shrunk input.
 */
import fc from 'fast-check';
import { ValidationError, type Type } from '@kbn/config-schema';
import { API_PATHS } from '../../common/api';
import {
  DetectionConfigError,
  PROFILE_NAMES,
  parseDetectionConfigOverrides,
  profileDefaults,
  resolveDetectionConfig,
} from '../../common/detection_config';
import { builtinChanges, restoreBuiltins, snapshotBuiltins } from '../../test/helpers/builtins';
import type { BuffalogsRouter } from '../types';
import { registerRoutes, type ApiRouteDependencies } from '.';

interface RequestSchemas {
  params?: Type<unknown>;
  query?: Type<unknown>;
  body?: Type<unknown>;
}
interface CapturedRoute {
  method: string;
  path: string;
  request: RequestSchemas | undefined;
}

/** A router that records what each route would validate (no handler runs). */
function captureRoutes(): CapturedRoute[] {
  const routes: CapturedRoute[] = [];
  const versionedMethod =
    (method: string) =>
    (config: { path: string }): unknown => {
      const builder = {
        addVersion: (opts: { validate: false | { request?: RequestSchemas } }) => {
          routes.push({ method, path: config.path, request: opts.validate ? opts.validate.request : undefined });
          return builder;
        },
      };
      return builder;
    };
  const unversioned = (): never => {
    throw new Error('every route is versioned (README: HTTP API)');
  };
  const router = {
    versioned: Object.fromEntries(['get', 'post', 'put', 'patch', 'delete'].map((m) => [m, versionedMethod(m)])),
    get: unversioned,
    post: unversioned,
    put: unversioned,
    patch: unversioned,
    delete: unversioned,
  } as unknown as BuffalogsRouter;
  const deps = {
    logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    pluginVersion: '0.0.0',
    getStartServices: () => Promise.reject(new Error('not started')),
    detectionBase: () => ({ profile: 'default' }),
    defaultSpace: 'default',
    detectionTaskIds: () => [],
  } as unknown as ApiRouteDependencies;
  registerRoutes(router, deps);
  return routes;
}

const ROUTES = captureRoutes();

/** Every parameter name the API knows, plus hostile ones, so random requests often reach the interesting checks. */
const NAMES = [
  'size',
  'page',
  'from',
  'to',
  'cursor',
  'sort',
  'direction',
  'detector',
  'status',
  'user',
  'country',
  'filtered',
  'search',
  'interval',
  'travel_limit',
  'window_hours',
  'risk_level',
  'alerts',
  'id',
  'name',
  'ids',
  'tags',
  'note',
  'overrides',
  'profile',
  'expected_version',
  'comment',
  'country_iso_code',
  'device',
  'ip',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
];
const STRINGS = [
  '',
  '0',
  '1',
  '-1',
  '2.5',
  '1e309',
  '99999999999999999999',
  'NaN',
  'true',
  'maybe',
  '*',
  '"',
  '<script>',
  '2024-05-01',
  '2024-05-01T12:00:00Z',
  '2024-13-45',
  'now-7d',
  'open',
  'closed',
  'impossible_travel',
  'day',
  'high',
  'desc',
  'IT',
  'default',
  'buffalogs',
  'x'.repeat(5000),
];
const str = fc.oneof(fc.constantFrom(...STRINGS), fc.string({ maxLength: 30 }));
/** Query strings and path parameters arrive as strings (repeated: arrays of strings), bodies as any JSON. */
const queryValue = fc.oneof(str, fc.array(str, { maxLength: 3 }));
const jsonish = fc.oneof(fc.jsonValue({ maxDepth: 3 }), str, fc.constantFrom(1e308, -0, Number.MAX_SAFE_INTEGER + 2));

/** An object with own keys as JSON.parse makes them (a `"__proto__"` key is an own property, not the prototype). */
const objectOf = (value: fc.Arbitrary<unknown>) =>
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 10 })), value), { maxLength: 6 })
    .map(
      (entries) =>
        JSON.parse(
          `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`,
        ) as unknown,
    );

/** Settings overrides shaped like the real ones (known sections and keys, hostile names) with random values. */
const DEFAULTS = profileDefaults('default') as unknown as Record<string, Record<string, unknown>>;
const SECTIONS = Object.keys(DEFAULTS).filter((s) => s !== 'profile');
const KEYS = [...new Set(SECTIONS.flatMap((s) => Object.keys(DEFAULTS[s])))];
const settingValue = fc.oneof(
  jsonish,
  fc.array(str, { maxLength: 4 }),
  fc.array(fc.constantFrom('(a+)+$', 'svc-*', 'svc.backup', '^svc-', '.*a.*b.*c', '(a)\\1', '10.0.0.0/8', 'N/A'), {
    maxLength: 3,
  }),
);
const jsonObject = (sections: Array<[string, Array<[string, unknown]>]>): unknown =>
  JSON.parse(
    `{${sections.map(([s, fields]) => `${JSON.stringify(s)}:{${fields.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`).join(',')}}`,
  );
const randomOverrides = fc
  .array(
    fc.tuple(
      fc.constantFrom(...SECTIONS, '__proto__', 'constructor', 'toString', 'x'),
      fc.array(
        fc.tuple(fc.constantFrom(...KEYS, '__proto__', 'constructor', 'toString', 'call', 'assign'), settingValue),
        { maxLength: 4 },
      ),
    ),
    { maxLength: 4 },
  )
  .map(jsonObject);
/** Names that reach built-ins by inheritance (`constructor.assign` is `Object.assign`), alone so nothing else fails. */
const INHERITED = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const hostileOverrides = fc
  .array(
    fc.tuple(
      fc.constantFrom(...INHERITED, ...SECTIONS),
      fc.array(fc.tuple(fc.constantFrom(...INHERITED, 'assign', 'call', 'apply', 'keys', 'polluted'), jsonish), {
        minLength: 1,
        maxLength: 2,
      }),
    ),
    { minLength: 1, maxLength: 2 },
  )
  .map(jsonObject);
const overridesArb = fc.oneof(randomOverrides, hostileOverrides);

/** Valid, or refused by config-schema with the part named; anything else is what Kibana would turn into a 500. */
function validateOrRefuse(schema: Type<unknown>, value: unknown, namespace: string): boolean {
  try {
    schema.validate(value, {}, namespace);
    return true;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    expect(error.message.startsWith(`[${namespace}`)).toBe(true);
    return false;
  }
}

let before: ReturnType<typeof snapshotBuiltins>;
beforeEach(() => (before = snapshotBuiltins()));
afterEach(() => restoreBuiltins(before));

it('captures every route of the API (so the fuzz below covers them all)', () => {
  const paths = new Set(ROUTES.map((r) => r.path));
  for (const path of Object.values(API_PATHS)) expect(paths).toContain(path);
});

describe.each(ROUTES.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s', (_name, route) => {
  const parts = (['params', 'query', 'body'] as const).filter((p) => route.request?.[p] !== undefined);
  if (parts.length === 0) {
    it('takes no parameters (validate: false or none)', () => expect(route.request?.body).toBeUndefined());
    return;
  }
  it.each(parts)('%s: random input validates or is refused with a ValidationError; built-ins untouched', (part) => {
    const schema = route.request![part]!;
    const arb = part === 'body' ? fc.oneof(objectOf(jsonish), jsonish) : objectOf(queryValue);
    fc.assert(
      fc.property(arb, (value) => {
        validateOrRefuse(schema, value, `request ${part}`);
        expect(builtinChanges(before)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('PUT settings: the deep validation the handler runs on a schema-valid body', () => {
  const route = ROUTES.find((r) => r.method === 'put' && r.path === API_PATHS.settings)!;

  it('random overrides are accepted or refused with paths, never an exception or pollution', () => {
    const body = fc.record(
      { overrides: overridesArb, profile: fc.constantFrom(...PROFILE_NAMES) },
      { requiredKeys: ['overrides'] },
    );
    let accepted = 0;
    fc.assert(
      fc.property(body, (value) => {
        if (!validateOrRefuse(route.request!.body!, value, 'request body')) return;
        const parsed = parseDetectionConfigOverrides(value.overrides);
        if (parsed.ok) {
          try {
            const config = resolveDetectionConfig(value.profile ?? 'default', parsed.value);
            expect(Object.keys(config).sort()).toEqual(Object.keys(DEFAULTS).sort());
            accepted++;
          } catch (error) {
            if (!(error instanceof DetectionConfigError)) throw error;
            expect(error.errors.length).toBeGreaterThan(0);
          }
        } else {
          expect(parsed.errors.every((e) => typeof e.path === 'string' && e.message.length > 0)).toBe(true);
        }
        expect(builtinChanges(before)).toEqual([]);
      }),
      { numRuns: 500 },
    );
    // The generator must reach the resolver, not only the refusals.
    expect(accepted).toBeGreaterThan(0);
  });
});

/**
 * Behaviour of our `@kbn/config-schema` double that other code relies on: defaults, coercions and, above all,
 * Kibana's error messages naming the offending key (expected strings copied from Kibana's own tests and responses).
 */
import { schema, isConfigSchema, ValidationError, type TypeOf } from '@kbn/config-schema';
import moment from 'moment';

const pluginConfig = schema.object({
  enabled: schema.boolean({ defaultValue: true }),
  interval: schema.number({ defaultValue: 5, min: 1, max: 1440 }),
  indices: schema.arrayOf(schema.string({ minLength: 1 }), {
    defaultValue: ['logs-*'],
    minSize: 1,
  }),
  ui: schema.object({ pageSize: schema.number({ defaultValue: 50 }) }),
  es: schema.maybe(schema.object({ apiKey: schema.string() })),
});

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error('expected validation to fail');
};

describe('schema.object', () => {
  it('applies defaults, including nested objects built from their children', () => {
    const value: TypeOf<typeof pluginConfig> = pluginConfig.validate({});
    expect(value).toEqual({
      enabled: true,
      interval: 5,
      indices: ['logs-*'],
      ui: { pageSize: 50 },
    });
    expect('es' in value).toBe(false);
  });

  it('names the key, prefixed by the namespace, when a value has the wrong type', () => {
    expect(messageOf(() => pluginConfig.validate({ interval: 'often' }, {}, 'buffalogs'))).toBe(
      '[buffalogs.interval]: expected value of type [number] but got [string]',
    );
    expect(messageOf(() => pluginConfig.validate({ indices: ['logs-*', ''] }))).toBe(
      '[indices.1]: value has length [0] but it must have a minimum length of [1].',
    );
    expect(messageOf(() => pluginConfig.validate({ es: {} }))).toBe(
      '[es.apiKey]: expected value of type [string] but got [undefined]',
    );
  });

  // Joi (17, Kibana's) looks keys up as the object's own: a key named like one of Object.prototype's is as unknown as
  // any other. A `__proto__` key is unknown where it is an own key Joi sees, in Hapi's query object (null prototype);
  // in a plain object Joi's copy drops it (and Hapi refuses a JSON body carrying one before validation).
  it("treats keys named like Object.prototype's as unknown, as Joi does", () => {
    const query = schema.object({ from: schema.maybe(schema.string()) });
    for (const key of ['constructor', 'toString', 'hasOwnProperty'])
      expect(messageOf(() => query.validate(JSON.parse(`{"${key}":"x"}`)))).toBe(
        `[${key}]: definition for this key is missing`,
      );
    const hapiQuery = Object.assign(Object.create(null), { __proto__: 'x' }) as object;
    Object.defineProperty(hapiQuery, '__proto__', { value: 'x', enumerable: true });
    expect(messageOf(() => query.validate(hapiQuery, {}, 'request query'))).toBe(
      '[request query.__proto__]: definition for this key is missing',
    );
    expect(query.validate(JSON.parse('{"__proto__":{"from":"polluted"}}'))).toEqual({});
    const allow = schema.object({ a: schema.maybe(schema.number()) }, { unknowns: 'allow' });
    const kept = allow.validate(hapiQuery) as Record<string, unknown>;
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(kept, '__proto__')?.value).toBe('x');
    expect(schema.object({ constructor: schema.string() }).validate({ constructor: 'x' })).toEqual({
      constructor: 'x',
    });
  });

  it('forbids unknown keys by default, and can allow or ignore them', () => {
    expect(messageOf(() => pluginConfig.validate({ intervall: 3 }, {}, 'buffalogs'))).toBe(
      '[buffalogs.intervall]: definition for this key is missing',
    );
    expect(messageOf(() => pluginConfig.validate({ ui: { size: 1 } }))).toBe(
      '[ui.size]: definition for this key is missing',
    );
    const allow = schema.object({ a: schema.number() }, { unknowns: 'allow' });
    expect(allow.validate({ a: 1, b: 2 })).toEqual({ a: 1, b: 2 });
    const ignore = schema.object(
      { a: schema.number(), nested: schema.object({ c: schema.number() }) },
      { unknowns: 'ignore' },
    );
    expect(ignore.validate({ a: 1, b: 2, nested: { c: 3, d: 4 } })).toEqual({
      a: 1,
      nested: { c: 3 },
    });
    expect(
      schema.object({ a: schema.number() }).validate({ a: 1, b: 2 }, {}, undefined, { stripUnknownKeys: true }),
    ).toEqual({ a: 1 });
  });

  it('rejects non-objects, parses JSON strings, and runs the object-level validate after its children', () => {
    expect(messageOf(() => pluginConfig.validate([]))).toBe(
      'expected a plain object value, but found [Array] instead.',
    );
    expect(messageOf(() => pluginConfig.validate(null))).toBe(
      'expected a plain object value, but found [null] instead.',
    );
    expect(pluginConfig.validate('{"interval": 7}').interval).toBe(7);
    const range = schema.object(
      { from: schema.number(), to: schema.number() },
      {
        validate: (v) => (v.from > v.to ? '[from] must not be after [to]' : undefined),
      },
    );
    expect(messageOf(() => range.validate({ from: 2, to: 1 }, {}, 'request query'))).toBe(
      '[request query]: [from] must not be after [to]',
    );
  });

  it('extends and exposes its props', () => {
    const extended = schema
      .object({ a: schema.string(), b: schema.number() })
      .extends({ b: undefined, c: schema.boolean() });
    expect(extended.validate({ a: 'x', c: 'true' })).toEqual({
      a: 'x',
      c: true,
    });
    expect(Object.keys(extended.getPropSchemas())).toEqual(['a', 'c']);
  });
});

describe('scalar types', () => {
  it('string: type, length bounds, custom validate', () => {
    expect(messageOf(() => schema.string().validate(1))).toBe('expected value of type [string] but got [number]');
    expect(schema.string().validate('')).toBe('');
    expect(messageOf(() => schema.string({ maxLength: 2 }).validate('abc'))).toBe(
      'value has length [3] but it must have a maximum length of [2].',
    );
    const noSpaces = schema.string({
      validate: (v) => (v.includes(' ') ? 'must not contain spaces' : undefined),
    });
    expect(messageOf(() => schema.object({ user: noSpaces }).validate({ user: 'a b' }))).toBe(
      '[user]: must not contain spaces',
    );
    expect(messageOf(() => schema.string({ hostname: true }).validate('not a host'))).toBe(
      'value must be a valid hostname (see RFC 1123).',
    );
  });

  it('number: coerces numeric strings only, and checks bounds', () => {
    expect(schema.number().validate('42')).toBe(42);
    expect(messageOf(() => schema.number().validate('5m'))).toBe('expected value of type [number] but got [string]');
    expect(messageOf(() => schema.number().validate(''))).toBe('expected value of type [number] but got [string]');
    expect(messageOf(() => schema.number({ min: 1 }).validate(0))).toBe('Value must be equal to or greater than [1].');
    expect(messageOf(() => schema.number({ max: 10 }).validate(11))).toBe('Value must be equal to or lower than [10].');
    expect(messageOf(() => schema.number().validate(undefined))).toBe(
      'expected value of type [number] but got [undefined]',
    );
  });

  it('boolean and literal', () => {
    expect(schema.boolean().validate('FALSE')).toBe(false);
    expect(messageOf(() => schema.boolean().validate('yes'))).toBe('expected value of type [boolean] but got [string]');
    expect(messageOf(() => schema.literal('a').validate('b'))).toBe('expected value to equal [a]');
  });

  it('duration parses Kibana duration strings and milliseconds', () => {
    expect(schema.duration().validate('5m').asMilliseconds()).toBe(300_000);
    expect(schema.duration().validate('1m30s').asSeconds()).toBe(90);
    expect(schema.duration().validate(1500).asMilliseconds()).toBe(1500);
    expect(schema.duration({ defaultValue: '1h' }).validate(undefined).asHours()).toBe(1);
    expect(moment.isDuration(schema.duration().validate(moment.duration(1, 's')))).toBe(true);
    expect(messageOf(() => schema.duration().validate('soon'))).toMatch(/^Failed to parse value as time value\./);
    expect(messageOf(() => schema.duration({ min: '1s' }).validate('10ms'))).toBe(
      'Value must be equal to or greater than [PT1S]',
    );
  });

  it('uri and byteSize', () => {
    expect(schema.uri({ scheme: ['http', 'https'] }).validate('http://127.0.0.1:9200')).toBe('http://127.0.0.1:9200');
    expect(messageOf(() => schema.uri().validate('not a uri'))).toBe('value must be a valid URI (see RFC 3986).');
    expect(messageOf(() => schema.uri({ scheme: 'https' }).validate('http://x'))).toBe(
      'expected URI with scheme [https].',
    );
    expect(schema.byteSize().validate('1kb').getValueInBytes()).toBe(1024);
    expect(messageOf(() => schema.byteSize({ max: '1kb' }).validate('2kb'))).toBe(
      'Value must be equal to or less than [1kb]',
    );
  });
});

describe('containers', () => {
  it('arrayOf: type, size bounds, JSON strings', () => {
    const tags = schema.arrayOf(schema.string(), { maxSize: 2 });
    expect(messageOf(() => tags.validate('nope'))).toBe('could not parse array value from json input');
    expect(messageOf(() => tags.validate({}))).toBe('expected value of type [array] but got [Object]');
    expect(messageOf(() => tags.validate(['a', 'b', 'c']))).toBe('array size is [3], but cannot be greater than [2]');
    expect(tags.validate('["a"]')).toEqual(['a']);
  });

  it('recordOf: names a bad key as key("…") and a bad value by its key', () => {
    const weights = schema.recordOf(schema.oneOf([schema.literal('a'), schema.literal('b')]), schema.number());
    expect(weights.validate({ a: '1' })).toEqual({ a: 1 });
    expect(messageOf(() => weights.validate({ a: 'x' }))).toBe('[a]: expected value of type [number] but got [string]');
    expect(messageOf(() => weights.validate({ c: 1 }))).toBe(
      '[key("c")]: types that failed validation:\n- [0]: expected value to equal [a]\n- [1]: expected value to equal [b]',
    );
  });

  it('oneOf: first matching alternative wins; otherwise lists every failure with its index', () => {
    const level = schema.oneOf([schema.literal('low'), schema.literal('high')], { defaultValue: 'low' });
    expect(level.validate(undefined)).toBe('low');
    expect(messageOf(() => schema.object({ level }).validate({ level: 'mid' }, {}, 'buffalogs'))).toBe(
      '[buffalogs.level]: types that failed validation:\n' +
        '- [buffalogs.level.0]: expected value to equal [low]\n' +
        '- [buffalogs.level.1]: expected value to equal [high]',
    );
    expect(messageOf(() => schema.oneOf([schema.string()]).validate(undefined))).toBe(
      'expected at least one defined value but got [undefined]',
    );
  });

  it('maybe and nullable', () => {
    expect(schema.maybe(schema.string()).validate(undefined)).toBeUndefined();
    expect(schema.maybe(schema.string({ defaultValue: 'x' })).validate(undefined)).toBeUndefined();
    expect(schema.nullable(schema.string()).validate(undefined)).toBeNull();
    expect(schema.nullable(schema.string()).validate(null)).toBeNull();
    expect(messageOf(() => schema.nullable(schema.string()).validate(1))).toBe(
      'expected value of type [string] but got [number]',
    );
  });
});

describe('isConfigSchema', () => {
  it('recognises schema types by their marker, as Kibana core does for config.schema', () => {
    expect(isConfigSchema(pluginConfig)).toBe(true);
    expect(isConfigSchema({ validate: () => ({}) })).toBe(false);
    expect(isConfigSchema(undefined)).toBe(false);
  });
});

/**
 * Differential cases: inputs and the exact results or messages of the real @kbn/config-schema, ported from its own
 * tests, run against our stand-in. Each table names the file and commit it copies, in elastic/kibana under
 * src/platform/packages/shared/kbn-config-schema/src/types/.
 */
import moment from 'moment';
import { ByteSizeValue, schema } from '.';

type Case = [name: string, run: () => unknown, expected: { value: unknown } | { error: string }];

function check(run: () => unknown, expected: { value: unknown } | { error: string }) {
  if (!('error' in expected)) return expect(run()).toEqual(expected.value);
  let message: string | undefined;
  try {
    run();
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toBe(expected.error);
}

const BYTE_PARSE =
  "Failed to parse value as byte value. Value must be either number of bytes, or follow the format <count>[b|kb|mb|gb] (e.g., '1024kb', '200mb', '1gb'), where the number is a safe positive integer.";
const BYTE_INT = 'Value in bytes is expected to be a safe positive integer.';

// byte_size_type.test.ts @ b307b39fdae465620438ad86e489dcc4249776bb
const byteSizeCases: Case[] = [
  ['a byte string', () => schema.byteSize().validate('123b'), { value: new ByteSizeValue(123) }],
  ['a numeric string', () => schema.byteSize().validate('123'), { value: new ByteSizeValue(123) }],
  ['a number', () => schema.byteSize().validate(123), { value: new ByteSizeValue(123) }],
  [
    'undefined',
    () => schema.byteSize().validate(undefined),
    { error: 'expected value of type [ByteSize] but got [undefined]' },
  ],
  [
    'undefined, with a namespace',
    () => schema.byteSize().validate(undefined, {}, 'foo-namespace'),
    { error: '[foo-namespace]: expected value of type [ByteSize] but got [undefined]' },
  ],
  [
    'a ByteSizeValue default',
    () => schema.byteSize({ defaultValue: ByteSizeValue.parse('1kb') }).validate(undefined),
    { value: new ByteSizeValue(1024) },
  ],
  [
    'a string default',
    () => schema.byteSize({ defaultValue: '1kb' }).validate(undefined),
    { value: new ByteSizeValue(1024) },
  ],
  [
    'a numeric-string default',
    () => schema.byteSize({ defaultValue: '1024' }).validate(undefined),
    { value: new ByteSizeValue(1024) },
  ],
  [
    'a number default',
    () => schema.byteSize({ defaultValue: 1024 }).validate(undefined),
    { value: new ByteSizeValue(1024) },
  ],
  ['above min', () => schema.byteSize({ min: '1b' }).validate('1kb'), { value: new ByteSizeValue(1024) }],
  [
    'below min',
    () => schema.byteSize({ min: '1kb' }).validate('1b'),
    { error: 'Value must be equal to or greater than [1kb]' },
  ],
  ['below max', () => schema.byteSize({ max: '1kb' }).validate('1b'), { value: new ByteSizeValue(1) }],
  [
    'above max',
    () => schema.byteSize({ max: '1kb' }).validate('1mb'),
    { error: 'Value must be equal to or less than [1kb]' },
  ],
  ['a negative number', () => schema.byteSize().validate(-123), { error: BYTE_INT }],
  ['NaN', () => schema.byteSize().validate(NaN), { error: BYTE_INT }],
  ['Infinity', () => schema.byteSize().validate(Infinity), { error: BYTE_INT }],
  ['2^53', () => schema.byteSize().validate(Math.pow(2, 53)), { error: BYTE_INT }],
  [
    'an array',
    () => schema.byteSize().validate([1, 2, 3]),
    { error: 'expected value of type [ByteSize] but got [Array]' },
  ],
  [
    'a RegExp',
    () => schema.byteSize().validate(/abc/),
    { error: 'expected value of type [ByteSize] but got [RegExp]' },
  ],
  ['an unknown unit', () => schema.byteSize().validate('123foo'), { error: BYTE_PARSE }],
  ['two numbers', () => schema.byteSize().validate('123 456'), { error: BYTE_PARSE }],
];

const TIME_PARSE =
  "Failed to parse value as time value. Value must be a duration in milliseconds, or follow the format <count>[ms|s|m|h|d|w|M|y] (e.g. '70ms', '5s', '3d', '1y', '1m30s'), where the duration is a safe positive integer.";
const TIME_INT = 'Value in milliseconds is expected to be a safe positive integer.';
const ms = (n: number) => moment.duration(n);
const iso = (run: () => unknown) => () => (run() as moment.Duration).toISOString();

// duration_type.test.ts @ 5e814ec2f9ce0f656bfdae353d6176e9f4b87f03
const durationCases: Case[] = [
  ['seconds', () => schema.duration().validate('123s'), { value: ms(123000) }],
  ['a numeric string', () => schema.duration().validate('123000'), { value: ms(123000) }],
  ['a number', () => schema.duration().validate(123000), { value: ms(123000) }],
  ['multi-unit 1m30s', () => schema.duration().validate('1m30s'), { value: ms(90000) }],
  ['multi-unit 1m30s70ms', () => schema.duration().validate('1m30s70ms'), { value: ms(90070) }],
  ...[60000, '60000', '60000ms', '60s', '1m', '1m0s'].map((d): Case => [
    `1 minute as ${d}`,
    () => schema.duration().validate(d),
    { value: ms(60000) },
  ]),
  ['1y as 1Y', () => schema.duration().validate('1Y'), { value: schema.duration().validate('1y') }],
  [
    'undefined',
    () => schema.duration().validate(undefined),
    { error: 'expected value of type [moment.Duration] but got [undefined]' },
  ],
  [
    'undefined, with a namespace',
    () => schema.duration().validate(undefined, {}, 'foo-namespace'),
    { error: '[foo-namespace]: expected value of type [moment.Duration] but got [undefined]' },
  ],
  [
    'a Duration default',
    iso(() => schema.duration({ defaultValue: moment.duration(1, 'hour') }).validate(undefined)),
    { value: 'PT1H' },
  ],
  ['a string default', iso(() => schema.duration({ defaultValue: '1h' }).validate(undefined)), { value: 'PT1H' }],
  [
    'a numeric-string default',
    iso(() => schema.duration({ defaultValue: '600' }).validate(undefined)),
    { value: 'PT0.6S' },
  ],
  ['a number default', iso(() => schema.duration({ defaultValue: 600 }).validate(undefined)), { value: 'PT0.6S' }],
  [
    'a function default (number)',
    iso(() => schema.duration({ defaultValue: () => 600 }).validate(undefined)),
    { value: 'PT0.6S' },
  ],
  [
    'a function default (string)',
    iso(() => schema.duration({ defaultValue: () => '1h' }).validate(undefined)),
    { value: 'PT1H' },
  ],
  // Not ported: `siblingRef`/`contextRef` defaults and `schema.conditional` — the stand-in has no references (the
  // plugin uses none, and kibana-types declares none, so a use would not compile).
  ['above min', () => schema.duration({ min: '5m' }).validate('7m'), { value: moment.duration(7, 'minutes') }],
  [
    'below min',
    () => schema.duration({ min: '5m' }).validate('3m'),
    { error: 'Value must be equal to or greater than [PT5M]' },
  ],
  ['below max', () => schema.duration({ max: '10d' }).validate('7d'), { value: moment.duration(7, 'days') }],
  [
    'above max',
    () => schema.duration({ max: '10h' }).validate('17h'),
    { error: 'Value must be equal to or less than [PT10H]' },
  ],
  ['a negative number', () => schema.duration().validate(-123), { error: TIME_INT }],
  ['NaN', () => schema.duration().validate(NaN), { error: TIME_INT }],
  ['Infinity', () => schema.duration().validate(Infinity), { error: TIME_INT }],
  ['2^53', () => schema.duration().validate(Math.pow(2, 53)), { error: TIME_INT }],
  [
    'an array',
    () => schema.duration().validate([1, 2, 3]),
    { error: 'expected value of type [moment.Duration] but got [Array]' },
  ],
  [
    'a RegExp',
    () => schema.duration().validate(/abc/),
    { error: 'expected value of type [moment.Duration] but got [RegExp]' },
  ],
  ['an unknown unit', () => schema.duration().validate('123foo'), { error: TIME_PARSE }],
  ['two numbers', () => schema.duration().validate('123 456'), { error: TIME_PARSE }],
];

describe('schema.byteSize, as byte_size_type.test.ts (b307b39) expects', () => {
  it.each(byteSizeCases)('%s', (_name, run, expected) => check(run, expected));
});

describe('schema.duration, as duration_type.test.ts (5e814ec) expects', () => {
  it.each(durationCases)('%s', (_name, run, expected) => check(run, expected));
});

// maybe_type.test.ts @ 2756b0eaca5a1c3dcc61839223422672780cca71
const maybeCases: Case[] = [
  ['a value', () => schema.maybe(schema.string()).validate('test'), { value: 'test' }],
  ['undefined', () => schema.maybe(schema.string()).validate(undefined), { value: undefined }],
  [
    'undefined, even when the inner type has a default',
    () => schema.maybe(schema.string({ defaultValue: 'abc' })).validate(undefined),
    { value: undefined },
  ],
  [
    'the inner type’s rules',
    () => schema.maybe(schema.string({ maxLength: 1 })).validate('foo'),
    { error: 'value has length [3] but it must have a maximum length of [1].' },
  ],
  [
    'a wrong type',
    () => schema.maybe(schema.string()).validate(666),
    { error: 'expected value of type [string] but got [number]' },
  ],
  [
    'null',
    () => schema.maybe(schema.string()).validate(null),
    { error: 'expected value of type [string] but got [null]' },
  ],
  [
    'null, with a namespace',
    () => schema.maybe(schema.string()).validate(null, {}, 'foo-namespace'),
    { error: '[foo-namespace]: expected value of type [string] but got [null]' },
  ],
  [
    'an undefined object',
    () => schema.maybe(schema.object({ type: schema.string() })).validate(undefined),
    { value: undefined },
  ],
  ['a missing maybe key', () => schema.object({ name: schema.maybe(schema.string()) }).validate({}), { value: {} }],
  [
    'a missing maybe nested object',
    () =>
      schema.object({ name: schema.maybe(schema.object({ type: schema.string(), id: schema.string() })) }).validate({}),
    { value: {} },
  ],
];

// record_type.test.ts @ 027ff216065546db312b553bd5287a4012b22f12
const record = () => schema.recordOf(schema.string(), schema.string());
const nickOrLast = () =>
  schema.recordOf(schema.oneOf([schema.literal('nickName'), schema.literal('lastName')]), schema.string());
const KEY_ERROR =
  '[key("name")]: types that failed validation:\n- [0]: expected value to equal [nickName]\n- [1]: expected value to equal [lastName]';
const recordCases: Case[] = [
  ['an object', () => record().validate({ name: 'foo' }), { value: { name: 'foo' } }],
  ['a JSON string', () => record().validate('{"name": "foo"}'), { value: { name: 'foo' } }],
  [
    'a JSON array string',
    () => record().validate('["a", "b"]'),
    { error: 'expected value of type [object] but got [Array]' },
  ],
  [
    'a wrong value type',
    () => record().validate({ name: 123 }),
    { error: '[name]: expected value of type [string] but got [number]' },
  ],
  [
    'a wrong value type after parsing',
    () => record().validate('{"name": 123}'),
    { error: '[name]: expected value of type [string] but got [number]' },
  ],
  ['a wrong key', () => nickOrLast().validate({ name: 'foo' }), { error: KEY_ERROR }],
  ['a wrong key after parsing', () => nickOrLast().validate('{"name": "foo"}'), { error: KEY_ERROR }],
  [
    'an array, with a namespace',
    () => record().validate([], {}, 'foo-namespace'),
    { error: '[foo-namespace]: expected value of type [object] but got [Array]' },
  ],
  [
    'a wrong value type, with a namespace',
    () => record().validate({ name: 123 }, {}, 'foo-namespace'),
    { error: '[foo-namespace.name]: expected value of type [string] but got [number]' },
  ],
  [
    'a wrong key type, with a namespace',
    () =>
      schema.recordOf(schema.string({ minLength: 10 }), schema.string()).validate({ name: 'foo' }, {}, 'foo-namespace'),
    { error: '[foo-namespace.key("name")]: value has length [4] but it must have a minimum length of [10].' },
  ],
  [
    'a default',
    () => schema.recordOf(schema.string(), schema.string(), { defaultValue: { foo: 'bar' } }).validate(undefined),
    { value: { foo: 'bar' } },
  ],
  [
    'recordOf within recordOf',
    () =>
      schema
        .recordOf(schema.string(), schema.recordOf(schema.string(), schema.number()))
        .validate({ foo: { bar: 123 } }),
    { value: { foo: { bar: 123 } } },
  ],
  [
    'required object fields within recordOf',
    () =>
      schema
        .recordOf(schema.string(), schema.object({ bar: schema.object({ baz: schema.number() }) }))
        .validate({ foo: {} }),
    { error: '[foo.bar.baz]: expected value of type [number] but got [undefined]' },
  ],
  [
    'the full path of a key error',
    () =>
      schema
        .object({
          grandParentKey: schema.object({
            parentKey: schema.recordOf(schema.string({ minLength: 2 }), schema.number()),
          }),
        })
        .validate({ grandParentKey: { parentKey: { a: 'some-value' } } }),
    { error: '[grandParentKey.parentKey.key("a")]: value has length [1] but it must have a minimum length of [2].' },
  ],
  [
    'the full path of a value error',
    () =>
      schema
        .object({
          grandParentKey: schema.object({
            parentKey: schema.recordOf(schema.string({ minLength: 2 }), schema.number()),
          }),
        })
        .validate({ grandParentKey: { parentKey: { ab: 'some-value' } } }),
    { error: '[grandParentKey.parentKey.ab]: expected value of type [number] but got [string]' },
  ],
];

describe('schema.maybe, as maybe_type.test.ts (2756b0e) expects', () => {
  it.each(maybeCases)('%s', (_name, run, expected) => check(run, expected));
});

describe('schema.recordOf, as record_type.test.ts (027ff21) expects', () => {
  it.each(recordCases)('%s', (_name, run, expected) => check(run, expected));
});

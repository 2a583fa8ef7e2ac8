/** The thresholds from kibana.yml: defaults, bounds, and the schema derived from the same table. */
import { credentialUserSettingsFrom, DEFAULT_USER_THRESHOLDS, USER_THRESHOLDS } from './config';
import { credentialUserFamily } from './family';

const shared = { indices: ['logs-*'], profile: 'default' as const };

test('nothing configured: every default, each with its reason', () => {
  expect(credentialUserSettingsFrom(undefined, shared)).toEqual({ indices: ['logs-*'], ...DEFAULT_USER_THRESHOLDS });
  for (const row of USER_THRESHOLDS) {
    expect(row.default).toBeGreaterThanOrEqual(row.min);
    expect(row.default).toBeLessThanOrEqual(row.max);
    expect(row.why.length).toBeGreaterThan(20);
  }
});

test('the schema refuses values out of bounds and unknown keys; settingsFrom keeps what it accepts', () => {
  const schema = credentialUserFamily.configSchema!;
  expect(() => schema.validate({ bruteMinFailures: 2 })).toThrow(/bruteMinFailures/);
  expect(() => schema.validate({ nope: 1 })).toThrow();
  const section = schema.validate({ bruteMinFailures: 25, mfaWindowMs: 600_000 });
  expect(credentialUserSettingsFrom(section, shared)).toMatchObject({ bruteMinFailures: 25, mfaWindowMs: 600_000 });
  // A hostile section (not validated) never sets a key outside the table or a value out of bounds.
  const hostile = JSON.parse('{"__proto__": {"polluted": 1}, "bruteMinFailures": "1e9", "followMs": -1}');
  const settings = credentialUserSettingsFrom(hostile, shared);
  expect(settings).toEqual({ indices: ['logs-*'], ...DEFAULT_USER_THRESHOLDS });
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

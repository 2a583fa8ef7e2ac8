import { RULE_IDS } from './constants';
import { builtinChanges, restoreBuiltins, snapshotBuiltins } from '../test/helpers/builtins';
import {
  PROFILE_NAMES,
  parseDetectionConfigOverrides,
  profileDefaults,
  resolveDetectionConfig,
} from './detection_config';

describe('profiles', () => {
  it("buffalogs carries BuffaLogs 3.0's model defaults", () => {
    const c = profileDefaults('buffalogs');
    expect(c.impossibleTravel).toMatchObject({
      minDistanceKm: 100,
      maxSpeedKmh: 300,
      onlyNewIp: true,
      distance: 'wgs84_geodesic',
    });
    expect(c.atypicalCountry.days).toBe(30);
    expect(c.filters).toMatchObject({
      ignoredUsers: ['Not Available', 'N/A'],
      minimumRiskLevel: 'medium',
      learningPeriodDays: 14,
      ignoredIps: ['127.0.0.1'],
      ignoreMobileLogins: true,
      filteredRules: ['user_risk_threshold', 'new_device'],
      ignoreSameCountryTravel: true,
    });
    expect(c.risk).toMatchObject({
      lowAt: 1,
      mediumAt: 4,
      highAt: 7,
      alertAtLevel: 'medium',
      retentionDays: 45,
      recomputeOn: 'unfiltered_alerts',
    });
    expect(c.risk.countedRules).toEqual(['new_country', 'anonymous_ip', 'atypical_country', 'impossible_travel']);
  });

  it('default uses the field thresholds and keeps risk apart from suppression', () => {
    const c = profileDefaults('default');
    expect(c.impossibleTravel).toMatchObject({
      minDistanceKm: 500,
      maxSpeedKmh: 900,
      baseline: 'previous_in_time',
      subtractAccuracyRadius: true,
    });
    expect(c.risk.recomputeOn).toBe('every_alert');
    expect(c.filters.minimumRiskLevel).toBe('no_risk');
  });

  it('hands out copies, so a caller cannot change the defaults', () => {
    profileDefaults('default').impossibleTravel.maxSpeedKmh = 1;
    expect(profileDefaults('default').impossibleTravel.maxSpeedKmh).toBe(900);
    expect(PROFILE_NAMES).toEqual(['default', 'buffalogs']);
  });
});

describe('parseDetectionConfigOverrides', () => {
  it('accepts valid overrides and nothing at all', () => {
    expect(parseDetectionConfigOverrides(undefined)).toEqual({ ok: true, value: {} });
    const ok = parseDetectionConfigOverrides({
      impossibleTravel: { maxSpeedKmh: 800, trustedCidrs: ['10.0.0.0/8', '2001:db8::/32'], trustedAsns: [64500] },
      filters: {
        ignoredUsers: ['^svc-'],
        filteredRules: ['new_device'],
        ignoredCountryCouples: [['Italy', 'Germany']],
      },
    });
    expect(ok.ok).toBe(true);
  });

  it('reports every problem with its path', () => {
    const r = parseDetectionConfigOverrides({
      profile: 'default',
      impossibleTravel: { maxSpeedKmh: 'fast', trustedCidrs: ['10.0.0.0/33'], bogus: 1 },
      filters: {
        ignoredUsers: ['x'.repeat(257)],
        filteredRules: ['nope'],
        learningPeriodDays: -1,
        ignoredCountryCouples: [['Italy']],
      },
      risk: { lowAt: 3, mediumAt: 2 },
      anonymousIp: { asns: [1.5] },
      newDevice: true,
    });
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.errors.map((e) => e.path);
    expect(paths).toEqual([
      'profile',
      'impossibleTravel.maxSpeedKmh',
      'impossibleTravel.trustedCidrs[0]',
      'impossibleTravel.bogus',
      'filters.ignoredUsers[0]',
      'filters.filteredRules[0]',
      'filters.learningPeriodDays',
      'filters.ignoredCountryCouples[0]',
      'anonymousIp.asns[0]',
      'newDevice',
    ]);
    const messages = r.ok ? [] : r.errors.map((e) => e.message);
    expect(messages[0]).toMatch(/chosen separately/);
    expect(messages[5]).toContain(RULE_IDS.join(', '));
  });

  it('checks the risk ladder when both ends are given', () => {
    const r = parseDetectionConfigOverrides({ risk: { lowAt: 3, mediumAt: 2 } });
    expect(r).toEqual({ ok: false, errors: [{ path: 'risk.mediumAt', message: 'must be greater than risk.lowAt' }] });
  });

  it('rejects a non-object', () => {
    expect(parseDetectionConfigOverrides([1])).toEqual({
      ok: false,
      errors: [{ path: '', message: 'must be an object of settings' }],
    });
  });
});

describe('resolveDetectionConfig', () => {
  it('applies overrides on the profile; lists replace', () => {
    const c = resolveDetectionConfig('buffalogs', {
      filters: { ignoredIps: ['10.0.0.1'] },
      impossibleTravel: { maxSpeedKmh: 500 },
    });
    expect(c.profile).toBe('buffalogs');
    expect(c.filters.ignoredIps).toEqual(['10.0.0.1']);
    expect(c.impossibleTravel).toMatchObject({ maxSpeedKmh: 500, minDistanceKm: 100 });
  });

  it('throws one error listing the problems, and on an unknown profile or a ladder broken by the merge', () => {
    expect(() => resolveDetectionConfig('default', { impossibleTravel: { maxSpeedKmh: -1 } })).toThrow(
      'Invalid detection settings: impossibleTravel.maxSpeedKmh: must be at least 1',
    );
    // A minimum distance beyond the farthest two places on Earth would turn the detector off without a word.
    expect(() => resolveDetectionConfig('default', { impossibleTravel: { minDistanceKm: 1e308 } })).toThrow(
      'Invalid detection settings: impossibleTravel.minDistanceKm: must be at most 20038',
    );
    expect(
      resolveDetectionConfig('default', { impossibleTravel: { minDistanceKm: 20038 } }).impossibleTravel.minDistanceKm,
    ).toBe(20038);
    expect(() => resolveDetectionConfig('nope' as 'default')).toThrow(/Unknown detection profile "nope"/);
    expect(() => resolveDetectionConfig('default', { risk: { mediumAt: 9 } })).toThrow(/risk levels must rise/);
  });
});

describe('setting names found by inheritance', () => {
  // Before the fix `SCHEMA["constructor"]` was `Object` and `Object["assign"]` a function, so the pair passed
  // validation and resolveDetectionConfig assigned `Object.assign = 1`; `toString.call` likewise replaced
  // `Object.prototype.toString.call` for the whole process.
  const HOSTILE: Array<[string, unknown, string]> = [
    ['constructor.assign', { constructor: { assign: 1 } }, 'constructor'],
    ['toString.call', { toString: { call: 1 } }, 'toString'],
    ['hasOwnProperty.call', { hasOwnProperty: { call: 1 } }, 'hasOwnProperty'],
    ['__proto__ section (as JSON.parse makes it)', JSON.parse('{"__proto__":{"polluted":1}}'), '__proto__'],
    ['filters.toString', { filters: { toString: 1 } }, 'filters.toString'],
    ['filters.constructor', { filters: { constructor: { assign: 1 } } }, 'filters.constructor'],
    ['risk.__proto__', JSON.parse('{"risk":{"__proto__":{"lowAt":9}}}'), 'risk.__proto__'],
    ['valueOf', { valueOf: {} }, 'valueOf'],
  ];
  let before: ReturnType<typeof snapshotBuiltins>;
  beforeEach(() => (before = snapshotBuiltins()));
  afterEach(() => restoreBuiltins(before));

  it.each(HOSTILE)('%s is an unknown setting, named in the error', (_name, overrides, path) => {
    const r = parseDetectionConfigOverrides(overrides);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors).toContainEqual({ path, message: expect.stringMatching(/^unknown setting/) });
    expect(builtinChanges(before)).toEqual([]);
  });

  it.each(HOSTILE)('%s cannot be resolved into a config, and pollutes nothing trying', (_name, overrides, path) => {
    expect(() => resolveDetectionConfig('default', overrides)).toThrow(path);
    expect(builtinChanges(before)).toEqual([]);
  });
});

import { changedSettings, effectiveDetectionConfig, mergeOverrides } from './effective_config';
import { profileDefaults } from '../../common/detection_config';
import { builtinChanges, restoreBuiltins, snapshotBuiltins } from '../../test/helpers/builtins';

describe('effective detection settings', () => {
  it('applies kibana.yml, then the stored overrides, key by key', () => {
    const base = {
      profile: 'default' as const,
      overrides: { impossibleTravel: { maxSpeedKmh: 800, minDistanceKm: 600 } },
    };
    const { config, ignoredStored } = effectiveDetectionConfig(base, {
      overrides: { impossibleTravel: { maxSpeedKmh: 1000 } },
    });
    expect(ignoredStored).toBeUndefined();
    expect(config.impossibleTravel.maxSpeedKmh).toBe(1000);
    expect(config.impossibleTravel.minDistanceKm).toBe(600);
  });

  it('ignores (and says so) a stored document that no longer validates, instead of stopping detection', () => {
    const { config, ignoredStored } = effectiveDetectionConfig(
      { profile: 'default' },
      { overrides: { impossibleTravel: { nope: 1 } } as never },
    );
    expect(ignoredStored).toMatch(/impossibleTravel\.nope/);
    expect(config.profile).toBe('default');
  });

  it('lists what changed between two versions as dotted paths', () => {
    expect(
      changedSettings(
        { profile: 'default', overrides: { filters: { ignoredIps: ['1.1.1.1'] }, risk: { lowAt: 1 } } },
        { profile: 'buffalogs', overrides: { filters: { ignoredIps: ['1.1.1.1', '2.2.2.2'] } } },
      ),
    ).toEqual(['filters.ignoredIps', 'profile', 'risk.lowAt']);
    expect(mergeOverrides({ risk: { lowAt: 2 } }, { risk: { highAt: 9 } })).toEqual({ risk: { lowAt: 2, highAt: 9 } });
  });
});

describe('a stored document written before inherited names were refused', () => {
  let before: ReturnType<typeof snapshotBuiltins>;
  beforeEach(() => (before = snapshotBuiltins()));
  afterEach(() => restoreBuiltins(before));

  it.each([
    ['constructor', { constructor: { assign: 1 } }],
    ['toString', { toString: { call: 1 } }],
    ['__proto__', JSON.parse('{"__proto__":{"filters":{"ignoredUsers":["x"]}}}')],
  ])('is ignored with the reason on every run (%s), and the built-ins stay intact', (name, overrides) => {
    const base = { profile: 'default' as const, overrides: { impossibleTravel: { maxSpeedKmh: 800 } } };
    for (let run = 0; run < 2; run++) {
      const { config, ignoredStored } = effectiveDetectionConfig(base, { overrides: overrides as never });
      expect(ignoredStored).toContain(`${name}: unknown setting`);
      expect(config.impossibleTravel.maxSpeedKmh).toBe(800);
      expect(config.filters.ignoredUsers).toEqual(profileDefaults('default').filters.ignoredUsers);
    }
    expect(builtinChanges(before)).toEqual([]);
  });

  it('merging and diffing such documents reads own keys only', () => {
    const bad = JSON.parse('{"__proto__":{"risk":{"lowAt":9}},"toString":{"call":1}}') as never;
    const merged = mergeOverrides({ risk: { lowAt: 2 } }, bad);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(merged).toEqual({ risk: { lowAt: 2 }, toString: { call: 1 } });
    expect(changedSettings({ overrides: {} }, { overrides: { filters: { toString: 1 } } as never })).toEqual([
      'filters.toString',
    ]);
    expect(changedSettings({ overrides: { toString: { call: 1 } } as never }, { overrides: {} })).toEqual([
      'toString.call',
    ]);
    expect(builtinChanges(before)).toEqual([]);
  });
});

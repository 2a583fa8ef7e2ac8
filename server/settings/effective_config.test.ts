import { changedSettings, effectiveDetectionConfig, mergeOverrides } from './effective_config';

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

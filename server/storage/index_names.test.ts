import { analysesIndex } from '../analyses/store';
import { sequenceRulesIndex } from '../families/sequence/rules_store';
import { settingsIndexName } from '../settings/settings_store';
import { InvalidSpaceIdError, pluginIndices } from './index_names';

describe('pluginIndices', () => {
  // Every index named after the request's space (a 240-character id made the rules' and analyses' saves a 502).
  const names = (space: string): string[] => [
    ...Object.values(pluginIndices(space)),
    settingsIndexName(space),
    sequenceRulesIndex(space),
    analysesIndex(space),
  ];

  it('names a space of up to 100 characters by its id, as before', () => {
    expect(pluginIndices('default')).toEqual({
      alerts: 'buffalogs-alerts-default',
      state: 'buffalogs-state-default',
      checkpoints: 'buffalogs-checkpoints-default',
      deadletter: 'buffalogs-deadletter-default',
    });
    expect(settingsIndexName('x'.repeat(100))).toBe(`buffalogs-settings-${'x'.repeat(100)}`);
  });

  it('gives a longer space id its own indices: never the default space, never another long space, always valid', () => {
    // Kibana sets no length limit on space ids; Elasticsearch index names stop at 255 bytes.
    const long = 'a'.repeat(101);
    const sibling = `${'a'.repeat(100)}b`;
    const huge = 'z'.repeat(5000);
    const all = [...names('default'), ...names('a'.repeat(100)), ...names(long), ...names(sibling), ...names(huge)];
    expect(new Set(all).size).toBe(all.length);
    for (const name of all) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(pluginIndices(long)).toEqual(pluginIndices(long)); // stable across calls (and processes: a hash, no seed)
    expect(pluginIndices(long).alerts).toMatch(/^buffalogs-alerts-a{100}-[0-9a-f]{64}$/);
  });

  it.each(['', 'Default', '../default', 'a b', 'a*', 'a,b', 'a#b', 'é', 'a\u0000'])(
    'refuses %p, which is no Kibana space id, instead of naming an index after it',
    (space) => {
      expect(() => pluginIndices(space)).toThrow(InvalidSpaceIdError);
      expect(() => settingsIndexName(space)).toThrow(/is not a Kibana space id/);
      expect(() => sequenceRulesIndex(space)).toThrow(/is not a Kibana space id/);
      expect(() => analysesIndex(space)).toThrow(/is not a Kibana space id/);
    },
  );
});

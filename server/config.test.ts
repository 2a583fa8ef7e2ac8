import { config } from '.';
import { DEFAULT_SOURCE_INDICES } from './config';

// The schema is what Kibana runs against the `buffalogs.*` section of kibana.yml at startup.
describe('buffalogs config', () => {
  const { schema } = config;

  it('defaults to enabled, reading the usual ECS authentication indices', () => {
    expect(schema.validate({})).toMatchObject({ enabled: true, indices: ['logs-*', 'filebeat-*', 'winlogbeat-*'] });
    expect(DEFAULT_SOURCE_INDICES).toEqual(['logs-*', 'filebeat-*', 'winlogbeat-*']);
  });

  it('accepts custom index patterns', () => {
    expect(schema.validate({ indices: ['auth-*'] }).indices).toEqual(['auth-*']);
  });

  it('rejects an empty index list, an empty pattern and unknown keys with a clear error', () => {
    expect(() => schema.validate({ indices: [] })).toThrow(/indices/);
    expect(() => schema.validate({ indices: [''] })).toThrow(/indices/);
    expect(() => schema.validate({ indice: ['x'] })).toThrow(/indice/);
  });

  it('rejects a maxWindow of zero or below a minute, naming the key: the pass would never move its checkpoint', () => {
    for (const bad of [0, '0ms', '0d', '30s', 59_999]) {
      expect(() => schema.validate({ maxWindow: bad })).toThrow(/\[maxWindow\]: .*at least 1 minute/);
    }
    expect(() => schema.validate({ maxWindow: -1 })).toThrow(/\[maxWindow\]/);
    expect(schema.validate({ maxWindow: '1m' }).maxWindow.asMilliseconds()).toBe(60_000);
  });

  it('rejects a lag, lookback or maxWindow over ten years, naming the key: the window start was no date at every run', () => {
    for (const key of ['lag', 'lookback', 'maxWindow'] as const) {
      expect(() => schema.validate({ [key]: '99999999999d' })).toThrow(
        new RegExp(`\\[${key}\\]: must be at most 3650d`),
      );
      expect(() => schema.validate({ [key]: '3651d' })).toThrow(new RegExp(`\\[${key}\\]`));
      expect(schema.validate({ [key]: '3650d' })[key].asMilliseconds()).toBe(3650 * 86_400_000);
    }
  });

  it('takes partitions as a whole number from 1 to 64 only: 1.5 left about 40% of users owned by no task', () => {
    for (const bad of [1.5, '2.5', 0, 65, -1])
      expect(() => schema.validate({ partitions: bad })).toThrow(/\[partitions\]/);
    expect(() => schema.validate({ partitions: 2.5 })).toThrow('[partitions]: must be a whole number');
    expect(schema.validate({ partitions: '4' }).partitions).toBe(4);
  });

  it('takes any space id Kibana takes, whatever its length, and refuses what Kibana would', () => {
    expect(schema.validate({ space: 'a'.repeat(300) }).space).toBe('a'.repeat(300));
    expect(schema.validate({ space: '_team-1' }).space).toBe('_team-1');
    for (const bad of ['', 'Team', 'a b', '../x'])
      expect(() => schema.validate({ space: bad })).toThrow(/\[space\]: must be a Kibana space id/);
  });

  it('exposes nothing to the browser', () => {
    expect(config.exposeToBrowser).toEqual({});
  });

  it('is recognised by Kibana as a @kbn/config-schema type', () => {
    expect((schema as unknown as { __isKbnConfigSchemaType: unknown }).__isKbnConfigSchemaType).toBe(true);
  });
});

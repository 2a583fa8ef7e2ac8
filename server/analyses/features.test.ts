import type { FeatureSpec } from './definition';
import { compileFeature, resolveTypes } from './features';
import { surprisal } from './metrics';
import { inTimeZone } from '../events/time_zone_test_support';

const metric = (m: Extract<FeatureSpec, { kind: 'metric' }>['metric'], params = {}, field = 'name'): FeatureSpec => ({
  kind: 'metric',
  name: m,
  metric: m,
  field,
  weight: 1,
  params,
});

function fed(spec: FeatureSpec, records: Array<Record<string, unknown>>) {
  const f = compileFeature(spec, 't');
  records.forEach((r) => f.observe(r));
  return f;
}

describe('features judged against the data itself', () => {
  it('n-gram rarity is the mean surprisal of the value’s n-grams over the whole run', () => {
    const f = fed(metric('ngram_rarity', { n: 2 }), [{ name: 'ab' }, { name: 'ab' }, { name: 'ac' }]);
    // Bigrams counted: ^a×3, ab×2, b$×2, ac×1, c$×1 → total 9, distinct 5.
    const s = (c: number) => surprisal(c, 9, 5);
    expect(f.value({ name: 'ab' })).toBeCloseTo((s(3) + s(2) + s(2)) / 3, 12);
    expect(f.value({ name: 'zz' })).toBeCloseTo((s(0) + s(0) + s(0)) / 3, 12);
    expect(f.value({ name: 'zz' }) as number).toBeGreaterThan(f.value({ name: 'ab' }) as number);
  });

  it('registered-domain rarity counts eTLD+1, so subdomains of a common site stay common', () => {
    const f = fed(metric('registered_domain_rarity'), [
      { name: 'www.example.com' },
      { name: 'api.example.com' },
      { name: 'x1f9.evil.biz' },
    ]);
    expect(f.value({ name: 'cdn.example.com' })).toBeCloseTo(surprisal(2, 3, 2), 12);
    expect(f.value({ name: 'x1f9.evil.biz' })).toBeCloseTo(surprisal(1, 3, 2), 12);
  });

  it('counts and distinct counts per entity over tumbling windows', () => {
    const t = (min: number) => new Date(Date.UTC(2026, 0, 1, 0, min)).toISOString();
    const records = [
      { host: 'a', name: 'x', t: t(1) },
      { host: 'a', name: 'y', t: t(2) },
      { host: 'a', name: 'x', t: t(3) },
      { host: 'a', name: 'z', t: t(12) }, // next 10-minute window
      { host: 'b', name: 'x', t: t(1) },
    ];
    const count = fed(metric('count_per_entity', { window: 600_000 }, 'host'), records);
    const distinct = fed(metric('distinct_per_entity', { window: 600_000, of: 'name' }, 'host'), records);
    expect(records.map((r) => count.value(r))).toEqual([3, 3, 3, 1, 1]);
    expect(records.map((r) => distinct.value(r))).toEqual([2, 2, 2, 1, 1]);
    expect(count.value({ host: 'a' })).toBeUndefined(); // no time: no window
  });

  it('distinct values per entity are capped in total, not only per key: memory stays bounded on a large run', () => {
    // 250 hosts × 4,100 distinct names in one window: no key reaches its 10,000 cap and there are only 250 keys, so
    // before the total cap every one of the 1,025,000 names was held (a DNS index of 100M lookups kept tens of
    // millions of strings in Kibana's heap).
    const f = compileFeature(metric('distinct_per_entity', { window: 3_600_000, of: 'name' }, 'host'), 't');
    const record = { host: '', name: '', t: Date.UTC(2026, 0, 1) };
    for (let h = 0; h < 250; h++) {
      record.host = `h${h}`;
      for (let i = 0; i < 4100; i++) {
        record.name = `n${i}`;
        f.observe(record);
      }
    }
    expect(f.capped()).toBe(true);
    expect(f.value({ host: 'h0', t: record.t })).toBe(4100); // counted before the cap: exact
    expect(f.value({ host: 'h249', t: record.t })).toBeLessThan(4100); // past it: "at least", as the report says
  });

  it('hour of week reads the time field; a missing field is a missing value', () => {
    const f = compileFeature(metric('hour_of_week', {}, 't'), 't');
    expect(f.value({ t: '2024-01-03T10:15:00Z' })).toBe(58);
    expect(f.value({ t: 'yesterday' })).toBeUndefined();
    expect(compileFeature(metric('digit_count'), 't').value({})).toBeUndefined();
  });

  it('a time without an offset is UTC, as Elasticsearch reads it, whatever the time zone of the machine', () => {
    // Date.parse read it in the machine's zone: the same CSV gave other hours (and windows) in Rome than in UTC.
    const spec = JSON.stringify(metric('hour_of_day', {}, 't'));
    const times = JSON.stringify(['2024-01-03T10:15:00', '2024-01-03 10:15:00.5', '2024-01-03T10:15:00+01:00']);
    const hours = inTimeZone(
      'Europe/Rome',
      'server/analyses/features.ts',
      `${times}.map((t) => m.compileFeature(${spec}, 't').value({ t }))`,
    );
    expect(hours).toEqual({ offsetMinutes: -60, value: [10, 10, 9] });
  });

  it('auto fields become numeric only when every sampled value is a number', () => {
    const num = compileFeature({ kind: 'field', name: 'b', field: 'b', type: 'auto', weight: 1 }, 't');
    const cat = compileFeature({ kind: 'field', name: 'c', field: 'c', type: 'auto', weight: 1 }, 't');
    resolveTypes([num, cat], [{ b: '32.0', c: '53' }, { b: 41, c: 'domain' }, {}]);
    expect(num.type).toBe('numeric');
    expect(cat.type).toBe('categorical');
    expect(num.value({ b: '32.0' })).toBe(32);
    expect(cat.value({ c: 53 })).toBe('53');
  });
});

import { beaconingFlag, beaconScore, chanceOfRegularity, rarePairFlag, volumeSpikeFlag } from './aggregations';
import type { BeaconingFlag } from './definition';
import { seededRandom } from './random';

const T0 = Date.UTC(2026, 0, 5);
const beaconSpec: BeaconingFlag = {
  kind: 'beaconing',
  name: 'beacon',
  severity: 'medium',
  description: '',
  source: 'source.ip',
  destination: 'dns.question.name',
  timestamp: '@timestamp',
  jitter: 0.1,
  threshold: 0.7,
  minEvents: 8,
  minPeriod: 1000,
};
const rec = (src: string, name: string, t: number) => ({
  'source.ip': src,
  'dns.question.name': name,
  '@timestamp': new Date(t).toISOString(),
});

describe('beaconing', () => {
  it('a 5 min beacon with ±8 % jitter and missed beacons is regular; anomal-style whole-second uniqueness misses it', () => {
    const rand = seededRandom(3);
    const times: number[] = [];
    for (let i = 0; i < 40; i++) if (i % 9 !== 4) times.push(T0 + i * 300_000 + Math.round((rand() * 2 - 1) * 24_000));
    const s = beaconScore(times, 0.1, 1000)!;
    expect(s.periodMs).toBeGreaterThan(285_000);
    expect(s.periodMs).toBeLessThan(315_000);
    expect(s.regularShare).toBeGreaterThanOrEqual(0.7); // ±8 % on each event is up to ±16 % on a gap
    // anomal: share of unique whole-second gaps among the first half of the timestamps, beacon when < 0.7.
    const half = [...times].sort((a, b) => a - b).slice(0, times.length / 2);
    const gaps = half.slice(1).map((t, i) => Math.floor(t / 1000) - Math.floor(half[i] / 1000));
    expect(new Set(gaps).size / gaps.length).toBeGreaterThan(0.7); // anomal misses this beacon
  });

  it('timestamps are capped in total, not only per key: memory stays bounded on a large run', () => {
    // Before the total cap, only each key's 20,000 and the 500,000 keys bounded what was held: a DNS index of 100M
    // lookups kept 100M numbers (0.8-1.6 GB) in Kibana's heap. Here with small caps (the real total, 10M, takes
    // ~20 s to reach in a test): 10 pairs × 150 lookups, no key reaching its own cap, against a total of 1,000.
    const flag = beaconingFlag(beaconSpec, { keys: 100, timestampsPerKey: 200, timestamps: 1000 });
    for (let k = 0; k < 10; k++)
      for (let i = 0; i < 150; i++) flag.observe(rec(`10.0.0.${k}`, 'c2.example', T0 + i * 60_000));
    expect(flag.dropped()).toBe(500);
    // The pairs read before the cap are still judged: a perfect 1 min beacon each.
    expect(flag.finish().length).toBeGreaterThan(0);
  });

  it('random (Poisson) lookups are not regular', () => {
    const rand = seededRandom(9);
    const times: number[] = [];
    let t = T0;
    for (let i = 0; i < 200; i++) times.push((t += Math.round(-Math.log(1 - rand()) * 60_000)));
    expect(beaconScore(times, 0.1, 1000)!.regularShare).toBeLessThan(0.5);
  });

  it('a busy pair’s continuous lookups (one every ~50 ms at random) are not a 1 s beacon', () => {
    const rand = seededRandom(13);
    const times: number[] = [];
    let t = T0;
    for (let i = 0; i < 20_000; i++) times.push((t += Math.round(-Math.log(1 - rand()) * 50)));
    const s = beaconScore(times, 0.1, 1000);
    expect(s === undefined || s.regularShare < 0.7).toBe(true);
  });

  it('per source and destination: the beacon is found among the host’s other lookups, and only its records match', () => {
    const flag = beaconingFlag(beaconSpec);
    const rand = seededRandom(5);
    const records = [];
    for (let i = 0; i < 30; i++)
      records.push(rec('10.0.0.1', 'c2.example.net', T0 + i * 300_000 + Math.round(rand() * 5000)));
    for (let i = 0; i < 300; i++)
      records.push(rec('10.0.0.1', `site${i % 7}.com`, T0 + Math.floor(rand() * 9_000_000)));
    records.forEach((r) => flag.observe(r));
    const findings = flag.finish();
    expect(findings).toHaveLength(1);
    expect(findings[0].key).toBe('10.0.0.1 → c2.example.net');
    expect(findings[0].values.events).toBe(30);
    expect(flag.matches(records[0])).toBe(true);
    expect(flag.matches(records[40])).toBe(false);
  });

  it('fewer events than minEvents, or bursts closer than minPeriod, are not beacons', () => {
    const flag = beaconingFlag(beaconSpec);
    for (let i = 0; i < 7; i++) flag.observe(rec('h', 'x.com', T0 + i * 60_000));
    // 50 lookups 10 ms apart: one burst, not a 10 ms beacon.
    for (let i = 0; i < 50; i++) flag.observe(rec('h', 'y.com', T0 + i * 10));
    expect(flag.finish()).toEqual([]);
  });
});

describe('beaconing among many series', () => {
  it('the chance bound is Chernoff’s: exp(−n·KL(k/n ‖ p))', () => {
    expect(chanceOfRegularity(10, 10, 0.5)).toBeCloseTo(2 ** -10, 15);
    expect(chanceOfRegularity(4, 2, 0.5)).toBe(1);
    // k/n = 0.8, p = 0.3: 0.8·ln(8/3) + 0.2·ln(2/7) = 0.784663 − 0.250553 = 0.534110; ×10 → e^−5.34110
    expect(chanceOfRegularity(10, 8, 0.3)).toBeCloseTo(Math.exp(-5.3411), 6);
  });

  it('a short regular series is a beacon alone, not when thousands of series were tested (coincidence)', () => {
    const short = (flag: ReturnType<typeof beaconingFlag>) => {
      for (let i = 0; i < 9; i++) flag.observe(rec('h', 'x.com', T0 + i * 600_000));
    };
    const alone = beaconingFlag(beaconSpec);
    short(alone);
    expect(alone.finish()).toHaveLength(1);
    const crowded = beaconingFlag(beaconSpec);
    short(crowded);
    const rand = seededRandom(17);
    for (let p = 0; p < 3000; p++)
      for (let i = 0; i < 9; i++) crowded.observe(rec(`h${p}`, 'y.com', T0 + Math.floor(rand() * 86_400_000)));
    expect(crowded.finish()).toEqual([]);
  });
});

describe('rare pairs', () => {
  it('flags a pair seen at most maxCount times for a value seen at least minTotal times', () => {
    const flag = rarePairFlag({
      kind: 'rare_pair',
      name: 'p',
      severity: 'low',
      description: '',
      a: 'user',
      b: 'country',
      maxCount: 1,
      minTotal: 10,
    });
    const records = [
      ...Array.from({ length: 12 }, () => ({ user: 'alice', country: 'IT' })),
      { user: 'alice', country: 'KP' },
      { user: 'bob', country: 'FR' }, // bob has too few records to judge
    ];
    records.forEach((r) => flag.observe(r));
    const findings = flag.finish();
    expect(findings).toEqual([{ key: 'alice × KP', values: { pairCount: 1, totalForA: 13, distinctForA: 2 } }]);
    expect(flag.matches({ user: 'alice', country: 'KP' })).toBe(true);
    expect(flag.matches({ user: 'alice', country: 'IT' })).toBe(false);
    expect(flag.matches({ user: 'bob', country: 'FR' })).toBe(false);
  });
});

describe('volume spikes', () => {
  it("flags a window whose count is ≥ factor × the entity's median window and ≥ minCount", () => {
    const flag = volumeSpikeFlag({
      kind: 'volume_spike',
      name: 'v',
      severity: 'medium',
      description: '',
      entity: 'user',
      timestamp: 't',
      window: 3_600_000,
      factor: 5,
      minCount: 20,
    });
    const records: Array<Record<string, unknown>> = [];
    for (let h = 0; h < 6; h++)
      for (let i = 0; i < 4; i++) records.push({ user: 'a', t: T0 + h * 3_600_000 + i * 1000 });
    for (let i = 0; i < 30; i++) records.push({ user: 'a', t: T0 + 7 * 3_600_000 + i * 1000 });
    records.forEach((r) => flag.observe(r));
    const findings = flag.finish();
    expect(findings).toHaveLength(1);
    expect(findings[0].values).toEqual({ count: 30, usualPerWindow: 4, factor: 7.5 });
    expect(flag.matches({ user: 'a', t: T0 + 7 * 3_600_000 + 5 })).toBe(true);
    expect(flag.matches({ user: 'a', t: T0 })).toBe(false);
  });
});

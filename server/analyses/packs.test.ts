import { Analyzer } from './analyzer';
import { formatErrors, validateAnalysis } from './validate';

describe('the logins pack', () => {
  it('clusters logins by place, network, device and hour, and flags a user’s one-off country', () => {
    const r = validateAnalysis({ packs: ['logins'], engine: { sampleSize: 200 } });
    if (!r.ok) throw new Error(formatErrors(r.errors));
    const login = (user: string, country: string, asn: number, os: string, hour: number, day: number) => ({
      '@timestamp': new Date(Date.UTC(2026, 0, 1 + day, hour, 5)).toISOString(),
      user: { name: user },
      source: { geo: { country_iso_code: country }, as: { number: asn } },
      user_agent: { name: 'Firefox', os: { name: os } },
    });
    const records = [
      ...Array.from({ length: 40 }, (_, d) => login('alice', 'IT', 3269, 'Windows', 8 + (d % 3), d)),
      ...Array.from({ length: 40 }, (_, d) => login('bob', 'FR', 3215, 'macOS', 9 + (d % 2), d)),
      login('alice', 'KP', 131279, 'Linux', 3, 41),
    ];
    const analyzer = new Analyzer(r.analysis);
    records.forEach((x) => analyzer.observe(x));
    analyzer.fit();
    const results = records.map((x, i) => analyzer.judge(x, `#${i}`)!);
    const odd = results[results.length - 1];
    expect(odd.flags).toEqual(['rare_user_country', 'rare_user_asn']);
    expect(results.slice(0, -1).every((x) => x.flags.length === 0)).toBe(true);
    expect(odd.score).toBe(Math.max(...results.map((x) => x.score)));
    const report = analyzer.report();
    expect(report.topOutliers[0].features).toMatchObject({ country: 'KP', asn: '131279', device: 'Linux', hour: 3 });
    expect(report.flags[0].findings).toEqual([
      { key: 'alice × KP', values: { pairCount: 1, totalForA: 41, distinctForA: 2 } },
    ]);
  });
});

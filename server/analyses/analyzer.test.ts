import { BEACON, generateDns, type Truth } from '../../scripts/anomaly/dns_generator';
import { Analyzer } from './analyzer';
import { formatErrors, validateAnalysis } from './validate';

function dnsAnalysis(extra: object = {}) {
  // A smaller sample than the default keeps the suite quick; the bench runs the defaults.
  const r = validateAnalysis({ name: 'dns', packs: ['dns'], engine: { sampleSize: 800 }, ...extra });
  if (!r.ok) throw new Error(formatErrors(r.errors));
  return r.analysis;
}

function run(records: number, seed: number, extra: object = {}) {
  const analyzer = new Analyzer(dnsAnalysis(extra));
  for (const { record } of generateDns({ records, seed })) analyzer.observe({ ...record });
  analyzer.fit();
  const results: Array<{ score: number; flags: string[]; apart: string[]; truth: Truth }> = [];
  let i = 0;
  for (const { record, truth } of generateDns({ records, seed })) {
    const r = analyzer.judge({ ...record }, `#${i++}`)!;
    results.push({ ...r, truth });
  }
  return { results, report: analyzer.report() };
}

describe('an analysis of DNS lookups with planted anomalies (dns pack)', () => {
  const { results, report } = run(5000, 11);

  it('ranks the DGA and TXT-exfiltration lookups at the top', () => {
    const planted = results.filter((r) => r.truth === 'dga' || r.truth === 'txt').length;
    const top = [...results].sort((a, b) => b.score - a.score).slice(0, planted);
    const hits = top.filter((r) => r.truth === 'dga' || r.truth === 'txt').length;
    expect(planted).toBeGreaterThan(20);
    expect(hits / planted).toBeGreaterThanOrEqual(0.8);
  });

  it('flags the beaconing host’s lookups and only those', () => {
    const flagged = results.filter((r) => r.flags.includes('beaconing_detector'));
    expect(flagged.length).toBe(results.filter((r) => r.truth === 'beacon').length);
    expect(flagged.every((r) => r.truth === 'beacon')).toBe(true);
    const beacon = report.flags.find((f) => f.name === 'beaconing_detector')!;
    expect(beacon.findings).toHaveLength(1);
    expect(beacon.findings[0].key).toBe(`${BEACON.host} → ${BEACON.name}`);
    expect(beacon.findings[0].values.periodSeconds).toBeCloseTo(300, -1);
  });

  it('flags TXT lookups carrying data, without false positives', () => {
    const flagged = results.filter((r) => r.flags.includes('txt_query_payload'));
    const txt = results.filter((r) => r.truth === 'txt').length;
    expect(flagged.every((r) => r.truth === 'txt')).toBe(true);
    expect(flagged.length).toBe(txt);
  });

  it('the report explains: clusters in the features’ terms, feature shares, outliers with their values', () => {
    expect(report.records).toEqual({ observed: 5000, excluded: 0, judged: 5000 });
    expect(report.clusters.reduce((s, c) => s + c.records, 0)).toBe(5000);
    expect(Object.keys(report.clusters[0].medoid)).toContain('hostname_entropy');
    const shares = report.features.map((f) => f.separationShare);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    const top = report.topOutliers[0];
    expect(top.fields['dns.question.name']).toBeDefined();
    expect(top.features.numbers_in_hostname).toBeGreaterThan(0);
    expect(top.ref).toMatch(/^#\d+$/);
    // What sets it apart: the features that differ from the usual lookup, largest share first, and the score's terms.
    const why = top.why!;
    expect(why.distance / why.spread).toBeCloseTo(top.score, 1);
    expect(why.features.length).toBeGreaterThan(0);
    const parts = why.features.map((f) => f.share);
    expect(parts).toEqual([...parts].sort((a, b) => b - a));
    expect(parts.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    const usual = report.clusters.find((c) => c.id === why.cluster)!.medoid;
    for (const f of why.features) {
      expect(f.value).toBe(top.features[f.name]);
      expect(f.usual).toBe(usual[f.name]);
      expect(f.value).not.toBe(f.usual);
    }
    // A record's result carries the same reason's first three features.
    const { apart } = results[Number(top.ref.slice(1))];
    expect(apart).toEqual(why.features.slice(0, 3).map((f) => f.name));
    // A DGA name stands apart by the name's make-up (rare n-grams, length, digits, entropy), not by the query's type.
    expect(why.features[0].name).toMatch(/hostname/);
    const flagged = report.flags.find((f) => f.name === 'txt_query_payload')!;
    expect(flagged.examples[0].fields['dns.question.type']).toBe('TXT');
  });

  it('is deterministic for a seed', () => {
    const a = run(1500, 5);
    const b = run(1500, 5);
    expect(b.results.map((r) => r.score)).toEqual(a.results.map((r) => r.score));
  });

  it('excluded records are left out of everything', () => {
    const { report: r } = run(1500, 3, { exclude: [{ field: 'dns.question.type', op: 'eq', value: 'AAAA' }] });
    expect(r.records.excluded).toBeGreaterThan(200);
    expect(r.records.observed + r.records.excluded).toBe(1500);
    expect(r.clusters.every((c) => c.medoid.query_type !== 'AAAA')).toBe(true);
  });
});

describe('values far longer than any name (a 1 MB field in an event)', () => {
  it('become bounded table keys and categorical values: the report holds no 1 MB text, long values stay distinct', () => {
    const r = validateAnalysis({
      name: 'long',
      features: [
        { field: 'url', type: 'categorical' },
        { metric: 'distinct_per_entity', field: 'user', params: { of: 'url' } },
      ],
      flags: [
        { name: 'pair', rarePair: { a: 'user', b: 'url', maxCount: 1, minTotal: 3 } },
        { name: 'spike', volumeSpike: { entity: 'url', window: '1h', factor: 2, minCount: 3 } },
      ],
      engine: { sampleSize: 50, k: [2, 2] },
    });
    if (!r.ok) throw new Error(formatErrors(r.errors));
    // Two 1 MB values sharing their first megabyte but one character: each a key of its own, as before.
    const big = 'x'.repeat(1 << 20);
    const t0 = Date.UTC(2026, 0, 5);
    const records = [
      ...Array.from({ length: 8 }, (_, i) => ({
        user: 'alice',
        url: `${big}A`,
        '@timestamp': t0 + (i % 4) * 3_600_000,
      })),
      ...Array.from({ length: 12 }, (_, i) => ({
        user: 'alice',
        url: `${big}A`,
        '@timestamp': t0 + 5 * 3_600_000 + i,
      })),
      { user: 'alice', url: `${big}B`, '@timestamp': t0 },
      ...Array.from({ length: 10 }, (_, i) => ({ user: `u${i}`, url: `/short/${i}`, '@timestamp': t0 + i })),
    ];
    const analyzer = new Analyzer(r.analysis);
    for (const rec of records) analyzer.observe(rec);
    analyzer.fit();
    records.forEach((rec, i) => analyzer.judge(rec, `#${i}`));
    const report = analyzer.report();
    expect(JSON.stringify(report).length).toBeLessThan(200_000);
    const pair = report.flags.find((f) => f.name === 'pair')!;
    expect(pair.findings).toHaveLength(1);
    expect(pair.findings[0].values).toEqual({ pairCount: 1, totalForA: 21, distinctForA: 2 });
    const spike = report.flags.find((f) => f.name === 'spike')!;
    expect(spike.findings).toHaveLength(1);
    expect(spike.findings[0].values).toMatchObject({ count: 12 });
    expect(spike.findings[0].key.startsWith('xxx')).toBe(true);
    const medoidUrls = report.clusters.map((c) => String(c.medoid.url ?? ''));
    expect(Math.max(...medoidUrls.map((u) => u.length))).toBeLessThanOrEqual(300);
  });
});

describe('numbers near the largest a double holds (1e308 in an event field)', () => {
  it('two records at opposite extremes score as the outliers they are, with their values, not every record 0', () => {
    const r = validateAnalysis({
      name: 'huge',
      features: [
        { field: 'bytes', type: 'numeric' },
        { field: 'kind', type: 'categorical' },
      ],
      engine: { sampleSize: 500, k: [2, 2] },
    });
    if (!r.ok) throw new Error(formatErrors(r.errors));
    const records: Array<{ bytes: number; kind: string }> = Array.from({ length: 200 }, (_, i) => ({
      bytes: 100 + (i % 10),
      kind: i % 2 ? 'a' : 'b',
    }));
    records.push({ bytes: 1e308, kind: 'a' }, { bytes: -1e308, kind: 'b' });
    const analyzer = new Analyzer(r.analysis);
    for (const rec of records) analyzer.observe(rec);
    analyzer.fit();
    const scores = records.map((rec, i) => analyzer.judge(rec, `#${i}`)!.score);
    // Their difference overflowed to Infinity: every distance on the feature was 0 or NaN, every score 0.
    expect(scores.every(Number.isFinite)).toBe(true);
    expect(Math.min(scores[200], scores[201])).toBeGreaterThan(Math.max(...scores.slice(0, 200)));
    const top = analyzer.report().topOutliers.slice(0, 2);
    expect(top.map((o) => o.ref).sort()).toEqual(['#200', '#201']);
    // round() overflowed too: the report showed the value as null.
    expect(top.map((o) => o.features.bytes).sort()).toEqual([-1e308, 1e308]);
  });
});

describe('times no ISO date can write (a hostile event stamped 9e15 ms, year 287,000)', () => {
  const t0 = Date.UTC(2026, 0, 5);

  it('a volume spike on such a time is no RangeError that fails the whole run', () => {
    const r = validateAnalysis({
      features: [{ field: 'c', type: 'categorical' }],
      flags: [{ name: 's', volumeSpike: { entity: 'c', timestamp: 't', window: '1h', factor: 2, minCount: 3 } }],
      engine: { sampleSize: 500, k: [2, 2] },
    });
    if (!r.ok) throw new Error(formatErrors(r.errors));
    const records = [
      ...Array.from({ length: 3 }, (_, i) => ({ t: t0 + i * 3_600_000, c: 'x' })),
      ...Array.from({ length: 20 }, () => ({ t: 9e15, c: 'x' })),
    ];
    const analyzer = new Analyzer(r.analysis);
    for (const rec of records) analyzer.observe(rec);
    // The spike's finding named its window with new Date(9e15).toISOString(): "Invalid time value".
    expect(() => analyzer.fit()).not.toThrow();
    records.forEach((rec, i) => analyzer.judge(rec, `#${i}`));
    expect(analyzer.report().flags[0].findings).toEqual([]);
  });

  it('an hour feature reads such a time as missing, not NaN: the record still gets a score', () => {
    const r = validateAnalysis({
      features: [
        { metric: 'hour_of_day', field: 't' },
        { field: 'c', type: 'categorical' },
      ],
      engine: { sampleSize: 500, k: [2, 2] },
    });
    if (!r.ok) throw new Error(formatErrors(r.errors));
    const records = Array.from({ length: 200 }, (_, i) => ({ t: t0 + (i % 3) * 3_600_000, c: i % 2 ? 'x' : 'y' }));
    records.push({ t: 9e15, c: 'y' }, { t: -9e15, c: 'x' }, { t: 1e300, c: 'y' });
    const analyzer = new Analyzer(r.analysis);
    for (const rec of records) analyzer.observe(rec);
    analyzer.fit();
    const scores = records.map((rec, i) => analyzer.judge(rec, `#${i}`)!.score);
    expect(scores.slice(-3).every(Number.isFinite)).toBe(true);
  });
});

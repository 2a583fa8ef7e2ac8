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
  const results: Array<{ score: number; flags: string[]; truth: Truth }> = [];
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

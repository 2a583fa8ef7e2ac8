/** `buffalogs analyze` end to end in-process: anomal's DNS example over a CSV with planted anomalies, packs, NDJSON. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BEACON, generateDns, type DnsRecord, type Truth } from '../../scripts/anomaly/dns_generator';
import type { AnalysisReport } from '../analyses';
import { run } from './__fixtures__/run_cli';

const ANOMAL_FEATURES = join(__dirname, '../analyses/__fixtures__/anomal_dns_features.yaml');
const dir = mkdtempSync(join(tmpdir(), 'buffalogs-analyze-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COLUMNS: Array<keyof DnsRecord> = [
  '@timestamp',
  'source.ip',
  'destination.ip',
  'dns.question.name',
  'dns.question.type',
  'client.bytes',
  'network.bytes',
  'dns.answers.data',
];
const quote = (v: unknown) =>
  v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);

const truths: Truth[] = [];
const csv = join(dir, 'dns.csv');
const lines = [COLUMNS.join(',')];
for (const { record, truth } of generateDns({ records: 3000, seed: 21 })) {
  lines.push(COLUMNS.map((c) => quote(record[c])).join(','));
  truths.push(truth);
}
lines.splice(100, 0, 'only,three,cells'); // a bad line, reported and skipped
writeFileSync(csv, `${lines.join('\n')}\n`);

describe('buffalogs analyze', () => {
  let out: Array<
    Record<string, unknown> & { anomaly: { score: number; cluster: number; flags: string[]; apart: string[] } }
  >;
  let stderr: string;

  beforeAll(async () => {
    // Two passes over 3,000 rows and a fit on a 2,000-row sample: a few seconds on a loaded machine.
    const output = join(dir, 'scored.ndjson');
    const r = await run([
      'analyze',
      '--input',
      csv,
      '--features',
      ANOMAL_FEATURES,
      '--output',
      output,
      '--report',
      join(dir, 'report.json'),
    ]);
    expect(r.code).toBe(0);
    stderr = r.stderr;
    out = readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  }, 60_000);

  it("runs anomal's DNS example as it is: one line per record, in input order, with anomaly.score, cluster, flags", () => {
    expect(out).toHaveLength(3000);
    const input = lines.filter((l, i) => i > 0 && l !== 'only,three,cells');
    expect(out.map((r) => r['@timestamp'])).toEqual(input.map((l) => l.split(',')[0]));
    expect(out[0]).toMatchObject({
      'dns.question.name': expect.any(String),
      anomaly: { score: expect.any(Number), cluster: expect.any(Number), flags: expect.any(Array) },
    });
    // Each line names what sets the record apart (at most three features); the top outliers all have a reason, and
    // the summary on stderr gives the top ones' reasons with the usual values.
    expect(out.every((r) => Array.isArray(r.anomaly.apart) && r.anomaly.apart.length <= 3)).toBe(true);
    const top = [...out].sort((a, b) => b.anomaly.score - a.anomaly.score).slice(0, 10);
    expect(top.every((r) => r.anomaly.apart.length > 0)).toBe(true);
    expect(stderr).toMatch(
      /score [\d.]+ distance [\d.]+ to cluster \d+ ÷ its spread [\d.]+: \S+ \S+ \(usual \S+\) \d+ %/,
    );
    expect(stderr).toContain('line 101: 3 cells where the header has 8 (skipped)');
    expect(stderr).toMatch(/note: plugins: ignored/);
  });

  it('puts the DGA names at the top and flags the beaconing host with its period', () => {
    // anomal's own features (bytes, digits, entropy, popularity): CDN hash names such as d3k2….cloudfront.net look
    // much like DGA names to them, so the bar is "near the top": the pack's richer features do better (analyzer.test).
    const ranked = out.map((r, i) => ({ score: r.anomaly.score, truth: truths[i] })).sort((a, b) => b.score - a.score);
    const top5 = ranked.slice(0, out.length / 20);
    const dga = truths.filter((t) => t === 'dga').length;
    expect(top5.filter((r) => r.truth === 'dga').length / dga).toBeGreaterThanOrEqual(0.8);
    expect(ranked.slice(0, 5).every((r) => r.truth === 'txt')).toBe(true);
    const beaconRows = out.filter((r) => r.anomaly.flags.includes('beaconing_detector'));
    expect(beaconRows.length).toBe(truths.filter((t) => t === 'beacon').length);
    expect(beaconRows.every((r) => r['source.ip'] === BEACON.host)).toBe(true);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as AnalysisReport;
    expect(report.flags.find((f) => f.name === 'beaconing_detector')?.findings[0].key).toBe(BEACON.host);
    expect(stderr).toMatch(/flag beaconing_detector \(low\): \d+ records, 1 findings/);
  });

  it('reads NDJSON (documents or hits) with a built-in pack, to stdout', async () => {
    const ndjson = join(dir, 'dns.ndjson');
    const rows = [...generateDns({ records: 400, seed: 2 })].map(({ record }, i) =>
      i % 2 ? { _source: record } : record,
    );
    writeFileSync(ndjson, `${rows.map((r) => JSON.stringify(r)).join('\n')}\nnot json\n`);
    const r = await run(['analyze', '--input', ndjson, '--features', 'builtin:dns']);
    expect(r.code).toBe(0);
    const scored = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(scored).toHaveLength(400);
    expect(scored[1]['dns.question.name']).toBe((rows[1] as { _source: DnsRecord })._source['dns.question.name']);
    expect(r.stderr).toContain('line 401: invalid JSON (skipped)');
  });

  it('skips a record nested thousands of levels deep with its line named, and scores every other record', async () => {
    const ndjson = join(dir, 'deep.ndjson');
    const rows = [...generateDns({ records: 200, seed: 3 })].map(({ record }) => JSON.stringify(record));
    // Written as text: JSON.stringify recurses. Before, it overflowed the stack and the whole run failed (exit 1).
    rows.splice(2, 0, `{"dns.question.name":"deep.example","deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    writeFileSync(ndjson, `${rows.join('\n')}\n`);
    const r = await run(['analyze', '--input', ndjson, '--features', 'builtin:dns']);
    expect(r.stderr).toContain(
      'line 3: nested too deeply (more than 32 levels of objects, arrays or dotted keys) (skipped)',
    );
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(200);
  });

  it('a bad analysis is refused with the field named, and nothing is written', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'features:\n  - type: metric\n    data_needed: dns.question.name\n    name: run_my_plugin\n');
    const r = await run(['analyze', '--input', csv, '--features', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('features[0].name: unknown metric');
    expect(r.stdout).toBe('');
  });
});

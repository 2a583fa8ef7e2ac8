import type { AnalysisReportBody } from '../../../common/analysis_api';
import { validateAnalysis } from '../../../server/analyses/validate';
import {
  definitionOf,
  discoverPath,
  exportRows,
  formatMsLeft,
  formOf,
  percentDone,
  sortErrors,
  TEMPLATES,
  toCsv,
  toNdjson,
} from './analysis_model';

const ANOMAL = {
  indexPattern: 'logs-dns-*',
  timeRange: { from: 'now-24h', to: 'now' },
  schedule: { interval: '6h' },
  features: [{ type: 'metric', name: 'hostname_entropy', data_needed: ['dns.question.name'], multiplier: 2 }],
  flags: [
    { type: 'aggregation', name: 'beaconing_detector', data_needed: ['source.ip', '@timestamp'], threshold: 0.7 },
  ],
};

test('a saved definition splits into the form and the YAML of the rest, and joins back to the same definition', () => {
  const form = formOf('dns', ANOMAL);
  expect(form).toMatchObject({ name: 'dns', indexPattern: 'logs-dns-*', from: 'now-24h', to: 'now', interval: '6h' });
  expect(form.text).toContain('name: hostname_entropy');
  expect(form.text).not.toContain('indexPattern');
  expect(definitionOf(form)).toEqual({ ok: true, definition: ANOMAL });
});

test('the YAML is read as data only; source keys belong to the form; a list is not a definition', () => {
  const form = formOf('x', {});
  expect(definitionOf({ ...form, text: 'a: !!js/function "function () {}"' })).toMatchObject({ ok: false });
  expect(definitionOf({ ...form, text: 'indexPattern: other-*' })).toEqual({
    ok: false,
    error: '"indexPattern" is set in the form above, not in the YAML',
  });
  expect(definitionOf({ ...form, text: '- a\n- b' })).toMatchObject({ ok: false });
  expect(definitionOf({ ...form, text: '{"packs": ["dns"]}' })).toEqual({ ok: true, definition: { packs: ['dns'] } });
});

test("the server's errors go to the form field they name, the rest under the YAML", () => {
  expect(
    sortErrors([
      { path: 'timeRange.to', message: 'must be after timeRange.from' },
      { path: 'schedule.interval', message: 'too short' },
      { path: 'features[1].weight', message: 'must be a number from 0 to 100' },
      { path: '', message: 'must be an object' },
    ]),
  ).toEqual({
    byField: {
      'timeRange.to': ['timeRange.to: must be after timeRange.from'],
      schedule: ['schedule.interval: too short'],
    },
    yaml: ['features[1].weight: must be a number from 0 to 100', 'must be an object'],
  });
});

test('progress: share of two passes, time left in words', () => {
  const running = {
    state: 'running' as const,
    analysis: { name: 'a', run_id: 'r' },
    progress: { phase: 'judging' as const, total: 1000, read: 1500, msLeft: 125_000 },
    started_at: '',
    updated_at: '',
    cancel_requested: false,
  };
  expect(percentDone(running)).toBe(75);
  expect(formatMsLeft(125_000)).toBe('2 min 5 s');
  expect(formatMsLeft(undefined)).toBe('estimating…');
});

test("a record's Discover link queries its index and _id with ES|QL around its time", () => {
  const path = discoverPath("logs-dns-1/d-4'2!", '2026-11-17T10:00:00.000Z')!;
  const a = decodeURIComponent(path.split('&_a=')[1]);
  expect(a).toBe(`(dataSource:(type:esql),query:(esql:'FROM logs-dns-1 METADATA _id | WHERE _id == "d-4!'2!!"'))`);
  expect(decodeURIComponent(path)).toContain("from:'2026-11-16T10:00:00.000Z',to:'2026-11-18T10:00:00.000Z'");
  expect(discoverPath('no-slash')).toBeUndefined();
});

const REPORT: AnalysisReportBody = {
  name: 'dns',
  records: { observed: 3, excluded: 0, judged: 3 },
  engine: {},
  features: [],
  clusters: [],
  topOutliers: [
    {
      ref: 'logs/d-1',
      score: 9.5,
      cluster: 1,
      flags: ['txt'],
      features: { entropy: 4.2 },
      fields: { 'dns.question.name': '=cmd|"a,b"', 'source.ip': '10.0.0.1' },
      why: {
        cluster: 0,
        distance: 0.6,
        spread: 0.12,
        features: [{ name: 'entropy', value: 4.2, usual: 2.1, share: 1 }],
      },
    },
  ],
  flags: [
    {
      name: 'txt',
      kind: 'record',
      severity: 'high',
      description: '',
      records: 1,
      findings: [],
      examples: [{ ref: 'logs/d-1', score: 9.5, cluster: 1, flags: ['txt'], features: {}, fields: {} }],
    },
  ],
  notes: [],
};

test('export: the outliers then each flag’s examples; CSV quoted and safe from spreadsheet formulas; NDJSON a line each', () => {
  const rows = exportRows(REPORT);
  expect(rows.map((r) => [r.kind, r.rank, r.flag, r.index, r.id])).toEqual([
    ['outlier', 1, undefined, 'logs', 'd-1'],
    ['flag', 1, 'txt', 'logs', 'd-1'],
  ]);
  const csv = toCsv(rows).split('\r\n');
  expect(csv[0]).toBe('kind,rank,flag,index,id,score,cluster,flags,why,feature.entropy,dns.question.name,source.ip');
  expect(csv[1]).toBe(
    `outlier,1,,logs,d-1,9.5,1,txt,distance 0.6 to cluster 0 ÷ its spread 0.12: entropy 4.2 (usual 2.1) 100 %,4.2,"'=cmd|""a,b""",10.0.0.1`,
  );
  expect(csv[2]).toBe('flag,1,txt,logs,d-1,9.5,1,txt,,,,');
  const lines = toNdjson(rows).trim().split('\n');
  expect(lines).toHaveLength(2);
  expect(JSON.parse(lines[0])).toMatchObject({ id: 'd-1', score: 9.5, fields: { 'source.ip': '10.0.0.1' } });
  expect(JSON.parse(lines[0]).why.features[0]).toEqual({ name: 'entropy', value: 4.2, usual: 2.1, share: 1 });
});

test('export: a record without a feature or field that another has leaves its cell empty, whatever the name', () => {
  const record = (features: Record<string, unknown>, fields: Record<string, string>) => ({
    kind: 'outlier' as const,
    rank: 1,
    index: 'logs',
    id: 'd-1',
    score: 1,
    cluster: 0,
    flags: [],
    features,
    fields,
  });
  // Read as rows[i].fields[name]: a record lacking `toString` exported Object.prototype's, "function toString() {…}".
  const csv = toCsv([record({ valueOf: 1 }, { toString: 'x' }), record({}, {})]).split('\r\n');
  expect(csv[0]).toBe('kind,rank,flag,index,id,score,cluster,flags,why,feature.valueOf,toString');
  expect(csv[2]).toBe('outlier,1,,logs,d-1,1,0,,,,');
});

test.each(Object.keys(TEMPLATES))('the %s template is an analysis the server accepts as it is', (key) => {
  const joined = definitionOf({ ...TEMPLATES[key].form, name: key });
  if (!joined.ok) throw new Error(joined.error);
  const checked = validateAnalysis(joined.definition, { requireSource: true });
  expect(checked.ok ? [] : checked.errors).toEqual([]);
});

/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed stored documents */
/**
 * An analysis run from Elasticsearch (server/analysis_run/) on the real node, over a small DNS sample with planted
 * DGA lookups, a beaconing host and data in TXT queries (scripts/anomaly/dns_generator.ts): both passes read the
 * index pattern's time range and query in one point in time, every record gets a result document, the report puts the
 * planted records at the top, high-severity flags become alerts once (a second run raises none again), a narrower
 * run removes the results of records it no longer reads, and an aborted run stops.
 */
import type { Client } from '@elastic/elasticsearch';
import { BEACON, DGA_HOST, TXT_HOST, type Truth } from '../../scripts/anomaly/dns_generator';
import { validateAnalysis, type AnalysisDefinition } from '../../server/analyses';
import { runAnalysis, type AnalysisProgress } from '../../server/analysis_run/run_analysis';
import { parseRef } from '../../server/analysis_run/results';
import { analysisResultsIndex, installIndices, pluginIndices } from '../../server/storage';
import { ANALYSIS_RESULTS_TEMPLATE } from '../../server/storage/templates';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { indexDnsSample } from './helpers/dns_sample';

jest.setTimeout(180_000);

const START = Date.UTC(2026, 10, 17);
const RECORDS = 5000;
const source = uniqueIndexName('logs-dns-run');
const space = uniqueIndexName('anrun').replace(/-/g, '_');
/** A space whose alerts index refuses analysis alerts (an operator's mapping addition): for the dead letters. */
const refusingSpace = uniqueIndexName('anrefuse').replace(/-/g, '_');
let truth = new Map<string, Truth>();
let client: Client;

function analysis(extra: Record<string, unknown> = {}): AnalysisDefinition {
  const checked = validateAnalysis(
    {
      name: 'dns-hunt',
      indexPattern: `${source.slice(0, -4)}*`,
      timeRange: { from: new Date(START).toISOString(), to: new Date(START + 86_400_000).toISOString() },
      packs: ['dns'],
      engine: { sampleSize: 800 },
      ...extra,
    },
    { requireSource: true },
  );
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.analysis;
}

const run = (def: AnalysisDefinition, runId: string, extra: Partial<Parameters<typeof runAnalysis>[0]> = {}) =>
  runAnalysis({ client, space, definition: def, runId, now: () => START + 2 * 86_400_000, pageSize: 400, ...extra });

async function searchAll<T>(index: string, query: Record<string, unknown>): Promise<T[]> {
  await client.indices.refresh({ index });
  const res = await client.search<T>({ index, size: 10_000, query });
  return res.hits.hits.map((h) => h._source as T);
}

beforeAll(async () => {
  client = esClient();
  truth = await indexDnsSample(client, source, { records: RECORDS, seed: 11, start: START });
});

afterAll(async () => {
  await deleteIndices(client, source, analysisResultsIndex(space), pluginIndices(space).alerts);
  const refusing = pluginIndices(refusingSpace);
  await deleteIndices(client, analysisResultsIndex(refusingSpace), ...Object.values(refusing));
  await client.close();
});

test('a run scores every record, ranks the planted lookups first, flags the beacon and alerts on TXT payloads once', async () => {
  const progress: AnalysisProgress[] = [];
  const first = await run(analysis(), 'run-1', { onProgress: (p) => progress.push(p) });

  // Every record read twice in one snapshot, and judged once.
  expect(first.report.records).toEqual({ observed: RECORDS, excluded: 0, judged: RECORDS });
  expect(first.resultsWritten).toBe(RECORDS);
  const phases = [...new Set(progress.map((p) => p.phase))];
  expect(phases).toEqual(['counting', 'observing', 'fitting', 'judging', 'writing', 'done']);
  expect(progress[progress.length - 1]).toMatchObject({ phase: 'done', total: RECORDS, read: 2 * RECORDS });
  expect(progress.some((p) => p.phase === 'judging' && typeof p.msLeft === 'number')).toBe(true);

  // The top outliers are the planted DGA and TXT lookups, named by a link to their document.
  const plantedCount = [...truth.values()].filter((t) => t === 'dga' || t === 'txt').length;
  expect(plantedCount).toBeGreaterThan(20);
  const top = first.report.topOutliers.slice(0, plantedCount);
  const planted = top.filter((o) => {
    const ref = parseRef(o.ref)!;
    expect(ref.index).toBe(source);
    return ['dga', 'txt'].includes(truth.get(ref.id)!);
  });
  expect(planted.length / plantedCount).toBeGreaterThanOrEqual(0.8);
  expect(top[0].fields['source.ip']).toMatch(new RegExp(`^(${DGA_HOST}|${TXT_HOST})$`.replace(/\./g, '\\.')));

  // The beaconing host is flagged, and only it.
  const beacon = first.report.flags.find((f) => f.name === 'beaconing_detector')!;
  expect(beacon.records).toBeGreaterThan(200);
  expect(new Set(beacon.examples.map((e) => e.fields['source.ip']))).toEqual(new Set([BEACON.host]));

  // One result document per record, with its score, cluster, flags and values; and the report document.
  const results = await searchAll<any>(analysisResultsIndex(space), { term: { kind: 'record' } });
  expect(results).toHaveLength(RECORDS);
  const dga = results.filter((r) => r.values.includes(`source.ip=${DGA_HOST}`));
  const normal = results.filter((r) => truth.get(r.event.id) === 'normal');
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  expect(median(dga.map((r) => r.anomaly.score))).toBeGreaterThan(3 * median(normal.map((r) => r.anomaly.score)));
  // Each result names the features that set it apart, indexed: a dashboard splits the DGA host's lookups by them, and
  // what sets those apart most is the queried name (its make-up or its domain's rarity; which one leads depends on the
  // sample, which follows the order Elasticsearch returns the documents in), not the query's type.
  const apart = await client.search({
    index: analysisResultsIndex(space),
    size: 0,
    query: { term: { values: `source.ip=${DGA_HOST}` } },
    aggs: { apart: { terms: { field: 'anomaly.apart', size: 1 } } },
  });
  const [topReason] = (apart.aggregations!.apart as { buckets: Array<{ key: string; doc_count: number }> }).buckets;
  expect(topReason.key).toMatch(/hostname|domain_rarity/);
  expect(topReason.doc_count).toBeGreaterThan(dga.length / 2);
  expect(dga.every((r) => Array.isArray(r.anomaly.apart) && r.anomaly.apart.length <= 3)).toBe(true);
  const [reportDoc] = await searchAll<any>(analysisResultsIndex(space), { term: { kind: 'report' } });
  expect(reportDoc).toMatchObject({ analysis: { name: 'dns-hunt', run_id: 'run-1' }, report: { name: 'dns-hunt' } });

  // The high-severity flag (TXT payloads) became one alert per flagged record; the medium one (beaconing) did not.
  const txtRecords = [...truth.values()].filter((t) => t === 'txt').length;
  const alerts = await searchAll<any>(pluginIndices(space).alerts, { term: { 'buffalogs.family': 'analysis' } });
  expect(alerts.length).toBe(txtRecords);
  expect(first.alertsWritten).toBe(txtRecords);
  for (const a of alerts) {
    expect(truth.get(a.buffalogs.trigger.event_id)).toBe('txt');
    expect(a.buffalogs.entity).toEqual({ field: 'source.ip', value: TXT_HOST });
    expect(a.rule.name).toBe('txt_query_payload');
    expect(a.buffalogs.evidence).toMatchObject({
      kind: 'analysis_flag',
      analysis: 'dns-hunt',
      flags: expect.any(Array),
    });
    expect(a.message).toContain('Anomaly score');
    // Its evidence and message say what sets the record apart from the cluster its score is measured against.
    const why = a.buffalogs.evidence.why;
    expect(why.features.length).toBeGreaterThan(0);
    expect(a.message).toContain(`apart from cluster ${why.cluster} on ${why.features[0].name} `);
  }

  // The same run again: same results (replaced in place), the same report, no alert twice.
  const second = await run(analysis(), 'run-2');
  expect(second.alertsWritten).toBe(0);
  expect(second.alertsExisting).toBe(txtRecords);
  expect(second.report.topOutliers.map((o) => o.ref)).toEqual(first.report.topOutliers.map((o) => o.ref));
  expect(await searchAll(analysisResultsIndex(space), { term: { kind: 'record' } })).toHaveLength(RECORDS);
  expect(await searchAll(pluginIndices(space).alerts, { match_all: {} })).toHaveLength(txtRecords);
});

test('the query and time range choose the records; results of records no longer read are removed', async () => {
  const narrow = analysis({
    query: 'NOT source.ip:"10.0.9.9"',
    timeRange: { from: new Date(START).toISOString(), to: new Date(START + 43_200_000).toISOString() },
  });
  const res = await run(narrow, 'run-narrow');
  const results = await searchAll<any>(analysisResultsIndex(space), { term: { kind: 'record' } });
  expect(results.length).toBe(res.report.records.judged);
  expect(results.length).toBeLessThan(RECORDS * 0.55);
  expect(results.length).toBeGreaterThan(RECORDS * 0.4);
  expect(res.staleResultsDeleted).toBe(RECORDS - results.length);
  expect(results.every((r) => r.analysis.run_id === 'run-narrow')).toBe(true);
  expect(results.some((r) => r.values.includes(`source.ip=${DGA_HOST}`))).toBe(false);
  expect(results.every((r) => Date.parse(r['@timestamp']) <= START + 43_200_000)).toBe(true);
});

test('an alert Elasticsearch refuses becomes a dead letter in the dead-letter index, not a document among the alerts', async () => {
  const index = pluginIndices(refusingSpace);
  await installIndices(client, refusingSpace);
  // An operator's addition to the alerts mapping that an analysis alert's evidence (its cluster number) does not fit.
  await client.indices.putMapping({
    index: index.alerts,
    properties: {
      buffalogs: {
        properties: { evidence: { properties: { cluster: { type: 'boolean', ignore_malformed: false } } } },
      },
    },
  });
  const result = await run(analysis({ name: 'refused' }), 'run-refused', { space: refusingSpace });
  const txtRecords = [...truth.values()].filter((t) => t === 'txt').length;
  expect(result.alertsWritten).toBe(0);
  expect(await searchAll(index.alerts, { match_all: {} })).toHaveLength(0);
  const letters = await searchAll<any>(index.deadletter, { match_all: {} });
  expect(letters).toHaveLength(txtRecords);
  for (const letter of letters) {
    expect(letter.error.type).toBe('document_parsing_exception');
    expect(letter.document.buffalogs.family).toBe('analysis');
  }
});

test('a results index written before `anomaly.apart` existed gets it mapped by the next run', async () => {
  const oldSpace = uniqueIndexName('anold').replace(/-/g, '_');
  const index = analysisResultsIndex(oldSpace);
  // The previous release's index: its mapping without `apart`, stamped version 1.
  const { mappings } = ANALYSIS_RESULTS_TEMPLATE.body.template as { mappings: any };
  const { apart: _apart, ...oldAnomaly } = mappings.properties.anomaly.properties;
  await client.indices.create({
    index,
    mappings: {
      ...mappings,
      properties: { ...mappings.properties, anomaly: { properties: oldAnomaly } },
      _meta: { managed_by: 'buffalogs', version: 1 },
    },
  });
  try {
    await run(analysis({ name: 'upgraded' }), 'run-upgraded', { space: oldSpace });
    const mapping = (await client.indices.getMapping({ index }))[index].mappings as any;
    expect(mapping.properties.anomaly.properties.apart).toEqual({ type: 'keyword', ignore_above: expect.any(Number) });
    const found = await client.count({ index, query: { exists: { field: 'anomaly.apart' } } });
    expect(found.count).toBeGreaterThan(0);
  } finally {
    await deleteIndices(client, index, ...Object.values(pluginIndices(oldSpace)));
  }
});

test('an aborted run stops with the abort, before writing its report', async () => {
  const controller = new AbortController();
  const reports: string[] = [];
  const running = run(analysis({ name: 'aborted' }), 'run-abort', {
    signal: controller.signal,
    onProgress: (p) => {
      reports.push(p.phase);
      if (p.phase === 'judging') controller.abort(new Error('cancelled by the user'));
    },
  });
  await expect(running).rejects.toThrow();
  expect(reports).not.toContain('done');
  const reportsStored = await searchAll<any>(analysisResultsIndex(space), {
    bool: { filter: [{ term: { kind: 'report' } }, { term: { 'analysis.name': 'aborted' } }] },
  });
  expect(reportsStored).toHaveLength(0);
});

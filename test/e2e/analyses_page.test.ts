/**
 * End to end, the Analyses page (issue 18): DNS lookups with planted anomalies (scripts/anomaly/dns_generator.ts: one
 * host resolving DGA names, one smuggling data out in TXT lookups, one beaconing every 5 minutes) indexed in the real
 * Elasticsearch, and the page in headless Chromium on the dev host (the BUILT zip, its Task Manager): a new analysis
 * from the DNS pack, refused first on the field the server names, saved, run from the app with its progress, its
 * report with the planted names at the top, each linked to its document, exported as CSV and NDJSON; then a longer
 * run (a larger sample) cancelled from the app while it reads.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { AnalysisStatusResponse } from '../../common/analysis_api';
import { API_PATHS, apiPath } from '../../common/api';
import { BEACON, generateDns, type Truth } from '../../scripts/anomaly/dns_generator';
import { analysesIndex } from '../../server/analyses/store';
import { analysisResultsIndex, pluginIndices } from '../../server/storage';
import { indexDnsSample } from '../integration/helpers/dns_sample';
import { call } from '../integration/routes_host';
import { seriousA11yViolations } from './a11y';
import { startAppSession, until, type AppSession } from './app_session';

jest.setTimeout(300_000);

const START = Date.UTC(2026, 10, 17);
/** Records of the longer run, the one cancelled: enough for it to read for several progress reports. */
const BIG = 100_000;
const RANGE = { from: new Date(START).toISOString(), to: new Date(START + 86_400_000).toISOString() };
let session: AppSession;
let page: Page;
let small: string;
let big: string;
let truth: Map<string, Truth>;
const names = new Map<string, string>();
const subj = (name: string) => session.subj(name);
const status = async (name: string) =>
  (await call<AnalysisStatusResponse>(session.host.baseUrl, 'GET', apiPath(API_PATHS.analysisStatus, { name }))).body;

/** A larger sample in pages of bulk requests, as a long run's input. */
async function indexBigSample(index: string, records: number): Promise<void> {
  await session.client.indices.create({
    index,
    mappings: { properties: { '@timestamp': { type: 'date' }, source: { properties: { ip: { type: 'ip' } } } } },
  });
  let ops: unknown[] = [];
  let i = 0;
  for (const { record } of generateDns({ records, seed: 3, start: START })) {
    ops.push({ index: { _index: index, _id: `b-${i++}` } }, record);
    if (ops.length >= 20_000) {
      await session.client.bulk({ operations: ops });
      ops = [];
    }
  }
  if (ops.length) await session.client.bulk({ operations: ops });
  await session.client.indices.refresh({ index });
}

beforeAll(async () => {
  const t0 = Date.now();
  session = await startAppSession({ name: 'analyses', users: 5 });
  ({ page } = session);
  small = `e2e-dns-${session.space}`;
  big = `e2e-dns-big-${session.space}`;
  const t1 = Date.now();
  truth = await indexDnsSample(session.client, small, { records: 3000, seed: 11, start: START });
  let i = 0;
  for (const { record } of generateDns({ records: 3000, seed: 11, start: START }))
    names.set(`d-${i++}`, record['dns.question.name']);
  await indexBigSample(big, BIG);
  console.log(`session ready in ${t1 - t0} ms; DNS samples (3,000 and ${BIG}) indexed in ${Date.now() - t1} ms`);
}, 600_000);

afterAll(async () => {
  await session?.client.indices
    .delete({
      index: [small, big, analysesIndex(session.space), analysisResultsIndex(session.space)],
      ignore_unavailable: true,
    })
    .catch(() => undefined);
  await session?.stop();
});

it('creates the DNS pack analysis in the app: a bad field is refused by name, then it is saved', async () => {
  await session.open('/analyses');
  await subj('analysesTable').waitFor();
  await subj('analysisNew').click();
  await subj('analysisTemplate').selectOption('dns');
  await subj('analysisName').fill('dns-hunt');
  await subj('analysisIndexPattern').fill(small);
  await subj('analysisFrom').fill('yesterday');
  await subj('analysisTo').fill(RANGE.to);
  await subj('analysisSave').click();
  // The server's 400 lands on the From field, named as the API names it.
  await page
    .getByText(
      'timeRange.from: must be an ISO 8601 date (2024-05-01, 2024-05-01T12:00:00Z) or date math such as now-24h',
    )
    .first()
    .waitFor();
  expect(await subj('analysisFrom').getAttribute('aria-invalid')).toBe('true');

  await subj('analysisFrom').fill(RANGE.from);
  await subj('analysisSave').click();
  const where = await until(
    async () => ({
      url: page.url(),
      // allInnerTexts does not wait: the editor unmounts as soon as the save navigates to the analysis page.
      errors: (await subj('analysisEditor').allInnerTexts()).join('\n'),
    }),
    (w) => /\/analyses\/dns-hunt$/.test(w.url),
    30_000,
  );
  if (!/\/analyses\/dns-hunt$/.test(where.url)) {
    await session.shot('analysis-save-failed');
    throw new Error(`not saved: ${where.url}\n${where.errors}\n${session.consoleErrors.join('\n')}`);
  }
  await subj('analysisRunPanel').waitFor();
  expect(await subj('analysisRunState').innerText()).toBe('never run');
  expect(await subj('analysisSchedule').innerText()).toContain('on demand');
});

it('runs it from the app: progress, then the report with the planted DGA and TXT names at the top', async () => {
  await subj('analysisRunButton').click();
  await subj('analysisProgress').waitFor();
  await until(
    () => subj('analysisRunState').innerText(),
    (s) => s === 'done',
    90_000,
  );
  expect(await subj('analysisRecordsRead').innerText()).toBe('6,000 of 6,000 (two passes over 3,000 records)');
  expect(await subj('analysisPhase').innerText()).toBe('Done');
  await subj('analysisReport').waitFor();
  expect(await subj('analysisReportSummary').innerText()).toContain('3,000 records judged');

  // The top ten outliers: every one a planted record, shown by its real name and linked to its own document.
  const top: string[] = [];
  for (let rank = 1; rank <= 10; rank++) {
    const row = subj(`analysisOutlierRow-${rank}`);
    const ref = (await row.locator('[data-test-subj="analysisDocRef"]').innerText()).trim();
    const [index, id] = ref.split(' / ');
    expect(index).toBe(small);
    expect(['dga', 'txt']).toContain(truth.get(id));
    const name = names.get(id)!;
    expect(await row.locator('[data-test-subj="analysisRecordValues"]').innerText()).toContain(name);
    const href = decodeURIComponent((await row.locator('[data-test-subj="analysisDocLink"]').getAttribute('href'))!);
    expect(href).toContain(`FROM ${small} METADATA _id | WHERE _id == "${id}"`);
    top.push(name);
  }
  console.log(`top outliers in the app: ${top.join(', ')}`);
  // The first one says what sets it apart: its distance to a normal cluster, then the features that are not the
  // cluster's usual, the largest share first: a DGA name stands apart by the name's make-up.
  const first = subj('analysisOutlierRow-1');
  expect(await first.locator('[data-test-subj="analysisRecordWhyCluster"]').innerText()).toMatch(
    /^distance [\d.]+ to cluster \d+ ÷ its spread [\d.]+$/,
  );
  expect(await first.locator('[data-test-subj="analysisRecordWhyFeature"]').first().innerText()).toMatch(
    /^(\S*hostname\S*|domain_rarity) \S+ usual \S+ · \d+ %$/,
  );
  // The beaconing host and the name it calls, in the flag's findings.
  const beacon = await subj('analysisFlag-beaconing_detector').innerText();
  expect(beacon).toContain(BEACON.host);
  expect(beacon).toContain(BEACON.name);
  expect(await subj('analysisClusters').locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
  expect(await subj('analysisFeatures').innerText()).toContain('hostname_ngram_rarity');
  await session.shot('analysis-report');
  expect(await seriousA11yViolations(page)).toEqual([]);
});

it('exports the report as CSV and NDJSON', async () => {
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), subj('analysisExportCsv').click()]);
  const csv = fs
    .readFileSync((await csvDownload.path())!, 'utf8')
    .trim()
    .split('\r\n');
  expect(csv[0].startsWith('kind,rank,flag,index,id,score,cluster,flags,why,')).toBe(true);
  const firstId = csv[1].split(',')[4];
  expect(csv[1].startsWith(`outlier,1,,${small},d-`)).toBe(true);
  expect(['dga', 'txt']).toContain(truth.get(firstId));
  expect(csv[1].split(',')[8]).toMatch(
    /^distance [\d.]+ to cluster \d+ ÷ its spread [\d.]+: (\S*hostname|domain_rarity)/,
  );

  const [ndDownload] = await Promise.all([page.waitForEvent('download'), subj('analysisExportNdjson').click()]);
  const lines = fs
    .readFileSync((await ndDownload.path())!, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { kind: string; id: string; fields: Record<string, string> });
  expect(lines).toHaveLength(csv.length - 1);
  expect(lines[0]).toMatchObject({ kind: 'outlier', id: firstId });
  expect(lines[0].fields['dns.question.name']).toBe(names.get(firstId));
  expect(lines.some((l) => l.kind === 'flag')).toBe(true);
});

it("a TXT flag's alert shows in the Alerts page with what sets the record apart, and links back to the analysis", async () => {
  const alerts = pluginIndices(session.space).alerts;
  await session.client.indices.refresh({ index: alerts });
  const found = await session.client.search<{ buffalogs: { alert_id: string } }>({
    index: alerts,
    size: 1,
    query: { term: { 'rule.name': 'txt_query_payload' } },
  });
  const alertId = found.hits.hits[0]?._source?.buffalogs.alert_id;
  expect(alertId).toBeDefined();
  // The sample's own day, not "the last 30 days": the run's records keep their 2026-11-17 times.
  const range = `start=${encodeURIComponent(RANGE.from)}&end=${encodeURIComponent(RANGE.to)}`;
  await session.open(`/alerts/${encodeURIComponent(alertId!)}?${range}`);
  await subj('alertFlyout').waitFor();
  const evidence = await subj('alertEvidence').innerText();
  expect(evidence).toContain('txt_query_payload (high)');
  expect(await subj('analysisAlertWhy').innerText()).toMatch(
    /^distance [\d.]+ to cluster \d+ ÷ its spread [\d.]+\n\S+/,
  );
  expect(await subj('alertsTableRow').filter({ hasText: 'txt_query_payload' }).first().innerText()).toContain(
    'dns-hunt',
  );
  await subj('analysisAlertLink').click();
  await subj('analysisReport').waitFor();
  expect(page.url()).toMatch(/\/analyses\/dns-hunt$/);
  expect(await seriousA11yViolations(page)).toEqual([]);
});

it('cancels a longer run from the app while it reads', async () => {
  const put = await call(session.host.baseUrl, 'PUT', apiPath(API_PATHS.analysis, { name: 'dns-big' }), {
    definition: { indexPattern: big, timeRange: RANGE, packs: ['dns'] },
  });
  expect(put.status).toBe(200);
  await session.open('/analyses/dns-big');
  await subj('analysisRunButton').click();
  // Live progress while it reads: a phase, records read of the two passes, time left.
  await until(
    () =>
      subj('analysisRunState')
        .innerText()
        .catch(() => ''),
    (s) => s === 'running',
    60_000,
  );
  await until(
    () =>
      subj('analysisRecordsRead')
        .innerText()
        .catch(() => ''),
    (t) => new RegExp(`^[1-9][\\d,]* of ${(2 * BIG).toLocaleString('en-US')}`).test(t),
    60_000,
  );
  expect(await subj('analysisTimeLeft').count()).toBe(1);
  await subj('analysisCancelButton').click();
  await until(
    () => subj('analysisRunState').innerText(),
    (s) => s !== 'running',
    60_000,
  );
  expect(await subj('analysisRunState').innerText()).toBe('cancelled');
  const after = await status('dns-big');
  expect(after.state).toBe('cancelled');
  if (after.state === 'cancelled') expect(after.progress.read).toBeLessThan(2 * BIG);
  expect(await subj('analysisNoReport').count()).toBe(1);
  expect(session.pageErrors).toEqual([]);
});

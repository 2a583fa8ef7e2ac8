import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { AnalysisReportResponse, AnalysisStatusResponse, SavedAnalysisItem } from '../../../common/analysis_api';
import { API_PATHS, apiPath } from '../../../common/api';
import { httpError, mountApp, silenceLegacyRootWarnings } from '../../test_support/mount_app';

let consoleError: jest.SpyInstance;
beforeEach(() => (consoleError = silenceLegacyRootWarnings()));
afterEach(() => {
  consoleError.mockRestore();
  document.body.innerHTML = '';
});

const at = (p: string, name = 'dns') => apiPath(p, { name });
const DNS: SavedAnalysisItem = {
  name: 'dns',
  definition: {
    indexPattern: 'logs-dns-*',
    timeRange: { from: 'now-24h', to: 'now' },
    packs: ['dns'],
    schedule: { interval: '6h' },
  },
  updated_by: 'elastic',
  updated_at: '2026-11-17T00:00:00Z',
};
const BROKEN: SavedAnalysisItem = {
  name: 'old',
  definition: { indexPattern: 'x', features: [] },
  updated_by: 'elastic',
  updated_at: '2026-11-16T00:00:00Z',
  errors: [{ path: 'timeRange', message: 'is required' }],
};
const list = { [`GET ${API_PATHS.analyses}`]: () => ({ items: [BROKEN, DNS] }) };

const DONE: AnalysisStatusResponse = {
  state: 'done',
  analysis: { name: 'dns', run_id: 'run-1' },
  progress: { phase: 'done', total: 3000, read: 6000 },
  started_at: '2026-11-17T10:00:00Z',
  updated_at: '2026-11-17T10:00:09Z',
  cancel_requested: false,
  schedule: {
    interval: '6h',
    next_run_at: '2026-11-17T16:00:00Z',
    last_run_at: '2026-11-17T10:00:00Z',
    last_outcome: 'ok',
    task_status: 'idle',
  },
};
const outlier = (i: number, name: string) => ({
  ref: `logs-dns/d-${i}`,
  score: 10 - i,
  cluster: 2,
  flags: i === 0 ? ['txt_query_payload'] : [],
  features: { hostname_entropy: 4.1, domain_rarity: 0.2 },
  fields: { 'dns.question.name': name, 'source.ip': '10.0.9.9', '@timestamp': '2026-11-17T10:00:00Z' },
  // The first one as this release reports it, with what sets it apart; the others as older reports hold them.
  ...(i === 0
    ? {
        why: {
          cluster: 0,
          distance: 1,
          spread: 0.1,
          features: [{ name: 'hostname_entropy', value: 4.1, usual: 2.5, share: 1 }],
        },
      }
    : {}),
});
const REPORT: AnalysisReportResponse = {
  '@timestamp': '2026-11-17T10:00:09Z',
  kind: 'report',
  analysis: { name: 'dns', run_id: 'run-1' },
  report: {
    name: 'dns',
    records: { observed: 3000, excluded: 0, judged: 3000 },
    engine: { k: 2 },
    features: [
      { name: 'hostname_entropy', type: 'numeric', weight: 1, separationShare: 0.1, capped: false },
      { name: 'domain_rarity', type: 'numeric', weight: 2, separationShare: 0.6, capped: false },
    ],
    clusters: [
      { id: 0, records: 2960, sampleShare: 0.98, major: true, spread: 0.1, medoid: { hostname_entropy: 2.5 } },
      { id: 2, records: 40, sampleShare: 0.02, major: false, spread: 0.2, medoid: { hostname_entropy: 4.1 } },
    ],
    topOutliers: Array.from({ length: 12 }, (_, i) => outlier(i, `x${i}kq3v9.biz`)),
    flags: [
      {
        name: 'beaconing_detector',
        kind: 'beaconing',
        severity: 'medium',
        description: 'regular lookups',
        records: 48,
        findings: [{ key: '10.0.7.7 → update.example.com', values: { events: 48, periodMs: 60000 } }],
        examples: [outlier(20, 'update.example.com')],
      },
    ],
    notes: [],
  },
};

test('lists saved analyses with their source, schedule and problems; a link opens one', async () => {
  await mountApp('/analyses', list);
  const row = await screen.findByTestId('analysisRow-dns');
  expect(row.textContent).toContain('logs-dns-* · now-24h → now');
  expect(row.textContent).toContain('every 6h');
  expect(screen.getByTestId('analysisRow-old').textContent).toContain('1 problems');
  expect(screen.getByTestId('analysisLink-dns').getAttribute('href')).toBe('/analyses/dns');
});

test('a new analysis from the DNS template is saved as form + YAML; a 400 lands on the fields it names', async () => {
  const { calls } = await mountApp('/analyses', {
    ...list,
    [`PUT ${at(API_PATHS.analysis, 'hunt')}`]: () => {
      throw Object.assign(httpError(400, '[request body.definition] …'), {
        body: {
          statusCode: 400,
          message: '[request body.definition] …',
          attributes: {
            errors: [
              { path: 'indexPattern', message: 'must be an index pattern such as logs-dns-*' },
              { path: 'features[0].weight', message: 'must be a number from 0 to 100' },
            ],
          },
        },
      });
    },
  });
  await act(async () => fireEvent.click(await screen.findByTestId('analysisNew')));
  fireEvent.change(screen.getByTestId('analysisName'), { target: { value: 'hunt' } });
  fireEvent.change(screen.getByTestId('analysisIndexPattern'), { target: { value: 'logs dns' } });
  await act(async () => fireEvent.click(screen.getByTestId('analysisSave')));
  const put = calls.find((c) => c.method === 'PUT');
  expect(put?.body).toEqual({
    definition: {
      packs: ['dns'],
      engine: { sampleSize: 2000, topOutliers: 50 },
      indexPattern: 'logs dns',
      timeRange: { from: 'now-24h', to: 'now' },
      query: 'dns.question.name:*',
    },
  });
  const editor = screen.getByTestId('analysisEditor');
  expect(editor.textContent).toContain('indexPattern: must be an index pattern such as logs-dns-*');
  expect(editor.textContent).toContain('features[0].weight: must be a number from 0 to 100');
  expect(screen.getByTestId('analysisIndexPattern').getAttribute('aria-invalid')).toBe('true');
});

test('a running analysis shows its phase, records read and time left, and Cancel asks the server to stop it', async () => {
  const running: AnalysisStatusResponse = {
    ...DONE,
    state: 'running',
    progress: { phase: 'judging', total: 3000, read: 4500, msLeft: 65_000 },
  } as AnalysisStatusResponse;
  const { calls } = await mountApp('/analyses/dns', {
    ...list,
    [`GET ${at(API_PATHS.analysisStatus)}`]: () => running,
    [`GET ${at(API_PATHS.analysisReport)}`]: () => {
      throw httpError(404, 'no completed run');
    },
    [`POST ${at(API_PATHS.analysisCancel)}`]: () => ({ cancel_requested: 'dns' }),
  });
  expect((await screen.findByTestId('analysisPhase')).textContent).toBe('Reading (pass 2 of 2: scoring every record)');
  expect(screen.getByTestId('analysisRecordsRead').textContent).toBe('4,500 of 6,000 (two passes over 3,000 records)');
  expect(screen.getByTestId('analysisTimeLeft').textContent).toBe('1 min 5 s');
  expect(screen.getByTestId('analysisSchedule').textContent).toContain('Runs every 6h');
  expect(screen.getByTestId('analysisNoReport')).toBeTruthy();
  expect(screen.getByTestId('analysisRunButton').hasAttribute('disabled')).toBe(true);
  await act(async () => fireEvent.click(screen.getByTestId('analysisCancelButton')));
  expect(calls.some((c) => c.method === 'POST' && c.path === at(API_PATHS.analysisCancel))).toBe(true);
});

test('a run asked for and not started yet can be cancelled: Cancel is enabled while it waits, and it never starts', async () => {
  let status: AnalysisStatusResponse = DONE;
  const QUEUED = {
    ...DONE,
    state: 'queued',
    progress: { phase: 'counting', total: 0, read: 0 },
    requested_at: '2026-11-17T11:00:00Z',
    started_at: undefined,
    updated_at: '2026-11-17T11:00:00Z',
  } as AnalysisStatusResponse;
  const { calls } = await mountApp('/analyses/dns', {
    ...list,
    [`GET ${at(API_PATHS.analysisStatus)}`]: () => status,
    [`GET ${at(API_PATHS.analysisReport)}`]: () => REPORT,
    [`POST ${at(API_PATHS.analysisRun)}`]: () => {
      status = QUEUED;
      return { requested: 'dns', task_id: 't', requested_at: '2026-11-17T11:00:00Z' };
    },
    [`POST ${at(API_PATHS.analysisCancel)}`]: () => {
      // As the server answers a cancel before the start: cancelled at once, never started.
      status = {
        ...QUEUED,
        state: 'cancelled',
        cancel_requested: true,
        updated_at: '2026-11-17T11:00:01Z',
      } as AnalysisStatusResponse;
      return { cancel_requested: 'dns', was: 'queued' };
    },
  });
  expect((await screen.findByTestId('analysisRunState')).textContent).toBe('done');
  const cancelButton = () => screen.getByTestId('analysisCancelButton');
  expect(cancelButton().hasAttribute('disabled')).toBe(true);

  await act(async () => fireEvent.click(screen.getByTestId('analysisRunButton')));
  await waitFor(() => expect(screen.getByTestId('analysisRunState').textContent).toBe('queued'), { timeout: 3000 });
  expect(screen.getByTestId('analysisRunWaiting').textContent).toContain('waiting for the run to start');
  // Nothing read yet: no progress of a run that has not started; the last run's report stays.
  expect(screen.queryByTestId('analysisProgress')).toBeNull();
  expect(screen.getByTestId('analysisReport')).toBeTruthy();
  expect(screen.getByTestId('analysisRunButton').hasAttribute('disabled')).toBe(true);
  expect(cancelButton().hasAttribute('disabled')).toBe(false);

  await act(async () => fireEvent.click(cancelButton()));
  expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([
    at(API_PATHS.analysisRun),
    at(API_PATHS.analysisCancel),
  ]);
  await waitFor(() => expect(screen.getByTestId('analysisRunState').textContent).toBe('cancelled'), { timeout: 3000 });
  expect(screen.getByTestId('analysisCancelledBeforeStart').textContent).toContain('Cancelled before it started');
  expect(screen.queryByTestId('analysisRunWaiting')).toBeNull();
  expect(cancelButton().hasAttribute('disabled')).toBe(true);
  expect(screen.getByTestId('analysisRunButton').hasAttribute('disabled')).toBe(false);
});

test('Run asks for a run, follows it to the end, then shows the report: outliers ranked, flags, clusters, features', async () => {
  let status: AnalysisStatusResponse = { state: 'never_run' };
  let reports = 0;
  const { calls } = await mountApp('/analyses/dns', {
    ...list,
    [`GET ${at(API_PATHS.analysisStatus)}`]: () => status,
    [`GET ${at(API_PATHS.analysisReport)}`]: () => {
      reports++;
      if (status.state !== 'done') throw httpError(404, 'no completed run');
      return REPORT;
    },
    [`POST ${at(API_PATHS.analysisRun)}`]: () => {
      status = {
        ...DONE,
        state: 'running',
        progress: { phase: 'observing', total: 3000, read: 100 },
      } as AnalysisStatusResponse;
      return { task_id: 't' };
    },
  });
  expect((await screen.findByTestId('analysisRunState')).textContent).toBe('never run');
  await act(async () => fireEvent.click(screen.getByTestId('analysisRunButton')));
  expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  await waitFor(() => expect(screen.getByTestId('analysisRunState').textContent).toBe('running'), { timeout: 3000 });
  status = DONE;
  await waitFor(() => expect(screen.getByTestId('analysisReport')).toBeTruthy(), { timeout: 3000 });
  expect(reports).toBeGreaterThanOrEqual(2);

  const first = screen.getByTestId('analysisOutlierRow-1');
  expect(first.textContent).toContain('x0kq3v9.biz');
  expect(first.textContent).toContain('txt_query_payload');
  expect(within(first).getByTestId('analysisDocRef').textContent).toBe('logs-dns / d-0');
  expect(decodeURIComponent(within(first).getByTestId('analysisDocLink').getAttribute('href')!)).toContain(
    'WHERE _id == "d-0"',
  );
  // Why it scored 10: its distance to cluster 0 divided by that cluster's spread, and the feature that is not the usual.
  expect(within(first).getByTestId('analysisRecordWhyCluster').textContent).toBe(
    'distance 1 to cluster 0 ÷ its spread 0.1',
  );
  expect(within(first).getByTestId('analysisRecordWhyFeature').textContent).toBe(
    'hostname_entropy 4.1 usual 2.5 · 100 %',
  );
  expect(within(first).getByTestId('analysisRecordWhy').textContent).toContain('domain_rarity 0.2');
  // A report written before reasons existed still shows the features.
  const second = screen.getByTestId('analysisOutlierRow-2');
  expect(within(second).queryByTestId('analysisRecordWhy')).toBeNull();
  expect(second.textContent).toContain('hostname_entropy 4.1');
  // Ten a page: the 11th outlier is on page 2.
  expect(screen.queryByTestId('analysisOutlierRow-11')).toBeNull();
  expect(screen.getByTestId('analysisFlag-beaconing_detector').textContent).toContain('10.0.7.7 → update.example.com');
  expect(screen.getByTestId('analysisClusters').textContent).toContain('2,960');
  const features = screen.getByTestId('analysisFeatures').textContent!;
  expect(features.indexOf('domain_rarity')).toBeLessThan(features.indexOf('hostname_entropy'));
  expect(features).toContain('60 %');
});

test('export builds the CSV from the report and hands it to the browser as a download', async () => {
  const blobs: Blob[] = [];
  Object.assign(URL, { createObjectURL: (b: Blob) => (blobs.push(b), 'blob:x'), revokeObjectURL: () => undefined });
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  await mountApp('/analyses/dns', {
    ...list,
    [`GET ${at(API_PATHS.analysisStatus)}`]: () => DONE,
    [`GET ${at(API_PATHS.analysisReport)}`]: () => REPORT,
  });
  await act(async () => fireEvent.click(await screen.findByTestId('analysisExportCsv')));
  expect(click).toHaveBeenCalled();
  const text = await new Promise<string>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(blobs[0]);
  });
  const lines = text.trim().split('\r\n');
  expect(lines).toHaveLength(1 + 12 + 1);
  expect(lines[1]).toContain('x0kq3v9.biz');
  click.mockRestore();
});

test('a stored analysis this version refuses shows its problems and cannot be run', async () => {
  await mountApp('/analyses/old', {
    ...list,
    [`GET ${at(API_PATHS.analysisStatus, 'old')}`]: () => ({ state: 'never_run' }),
    [`GET ${at(API_PATHS.analysisReport, 'old')}`]: () => {
      throw httpError(404, 'none');
    },
  });
  expect((await screen.findByTestId('analysisStoredErrors')).textContent).toContain('timeRange: is required');
  expect(screen.getByTestId('analysisRunButton').hasAttribute('disabled')).toBe(true);
  expect(screen.getByTestId('analysisEditor')).toBeTruthy();
});

test('a record with several flags keeps its badges in their column: they wrap, not run over the values beside them', async () => {
  // In the demo's logins analysis, "rare_user_asn" lay on top of the Values column's "source.as.number" and
  // "@timestamp": the cell lays its content out as one flex row that does not wrap.
  const flagged = { ...outlier(0, 'a.biz'), flags: ['rare_user_country', 'rare_user_asn'] };
  const report = { ...REPORT, report: { ...REPORT.report, topOutliers: [flagged] } };
  await mountApp('/analyses/dns', {
    ...list,
    [`GET ${at(API_PATHS.analysisStatus)}`]: () => DONE,
    [`GET ${at(API_PATHS.analysisReport)}`]: () => report,
  });
  const outliers = await screen.findByTestId('analysisOutliers');
  for (const flag of flagged.flags) {
    const holder = within(outliers).getByText(flag).closest('.euiBadge')!.parentElement!;
    const style = getComputedStyle(holder);
    expect(style.display === 'flex' && style.flexWrap !== 'wrap').toBe(false);
  }
});

/**
 * The demo's anomaly explorer analysis: the logins pack (country, network, device, hour; rare user×country pairs)
 * over the demo's own logins, saved in the demo space and run once, so the Analyses page shows a report instead of
 * "No analysis saved yet". It knows nothing of the login detectors, yet the planted takeovers rank among its top
 * outliers (demo_analysis.test.ts checks that claim on the sample the demo loads).
 */
import { API_VERSION } from '../../common/constants';
import { API_PATHS, apiPath } from '../../common/api';
import type { AnalysisReportResponse, AnalysisStatusResponse } from '../../common/analysis_api';
import type { Scenario } from './generate_logins';
import { apiGet } from './wait_for_detection';
import { DEMO_INDEX } from './load_sample';

export const DEMO_ANALYSIS_NAME = 'demo-logins';

/** As the Analyses page's "Logins" template writes it, on the demo's index and the sample's weeks. */
export const DEMO_ANALYSIS = {
  name: DEMO_ANALYSIS_NAME,
  description: 'The demo: the logins pack over the sample, to compare its outliers with the alerts',
  indexPattern: DEMO_INDEX,
  timeRange: { from: 'now-60d', to: 'now' },
  query: 'event.category:authentication',
  packs: ['logins'],
};

const route = (template: string) => apiPath(template, { name: DEMO_ANALYSIS_NAME });

async function send(baseUrl: string, method: 'PUT' | 'POST', path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'elastic-api-version': API_VERSION, 'kbn-xsrf': 'demo', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

/** Saves the analysis (replacing the last demo's), runs it through its Task Manager task and returns its report. */
export async function runDemoAnalysis(
  baseUrl: string,
  { timeoutMs = 120_000 }: { timeoutMs?: number } = {},
): Promise<AnalysisReportResponse['report']> {
  await send(baseUrl, 'PUT', route(API_PATHS.analysis), { definition: DEMO_ANALYSIS });
  await send(baseUrl, 'POST', route(API_PATHS.analysisRun));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await apiGet<AnalysisStatusResponse>(baseUrl, route(API_PATHS.analysisStatus));
    if (status.state === 'done') break;
    if (status.state === 'failed' || status.state === 'cancelled')
      throw new Error(
        `the demo analysis ${status.state}${'error' in status && status.error ? `: ${status.error}` : ''}`,
      );
    if (Date.now() > deadline) throw new Error(`the demo analysis was still ${status.state} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return (await apiGet<AnalysisReportResponse>(baseUrl, route(API_PATHS.analysisReport))).report;
}

const HOUR = 3_600_000;

/**
 * The planted takeovers with a login among the `n` top outliers: one of the victim's, from an hour before the
 * takeover starts to six hours after (its logins, a replayed session, a spray's success).
 */
export function takeoversAmongTop(
  scenarios: readonly Scenario[],
  outliers: ReadonlyArray<{ fields: Record<string, string> }>,
  n = 10,
): Scenario[] {
  const top = outliers.slice(0, n);
  return scenarios.filter(
    (s) =>
      s.takeover &&
      top.some((o) => {
        const at = Date.parse(o.fields['@timestamp'] ?? '');
        return o.fields['user.name'] === s.user && at >= Date.parse(s.at) - HOUR && at <= Date.parse(s.at) + 6 * HOUR;
      }),
  );
}

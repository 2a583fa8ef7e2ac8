/**
 * End to end, as an analyst uses it: a seeded sample (the demo's generator and loader) in the real Elasticsearch,
 * detection run by the plugin's own Task Manager task inside the dev host (the BUILT zip), and every page of the app
 * in headless Chromium. One data load, one host and one browser for the whole file. Saves a screenshot per page
 * under artifacts/e2e/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import { CHROMIUM_LAUNCH } from '../helpers/chromium';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { API_PATHS, type AlertsListResponse, type SettingsResponse } from '../../common/api';
import type { AlertDocument } from '../../common/alert_document';
import { generateLogins, type GeneratedSample } from '../../scripts/demo/generate_logins';
import { demoPluginSettings, loadSample, resetDemoData } from '../../scripts/demo/load_sample';
import { apiGet, waitForDetection, type DetectionSummary } from '../../scripts/demo/wait_for_detection';
import { pluginIndices } from '../../server/storage/index_names';
import { esClient } from '../helpers/es';
import { ensureFreshBuild, startHost, type RunningHost } from '../integration/routes_host';

jest.setTimeout(240_000);

const ARTIFACTS = path.join(__dirname, '..', '..', 'artifacts', 'e2e');
const APP = '/app/buffalogs';
const DAYS = 21;
const id = randomBytes(3).toString('hex');
const SPACE = `e2e-${id}`;
// Not under logs-*: other suites' hosts read the default `logs-*` pattern on the same cluster.
const INDEX = `e2e-logins-${id}`;
/**
 * A browser time zone in which it is about noon now, so "today" (local midnight to now) holds the sample's newest
 * takeovers whatever the hour the suite runs at. Etc/GMT-N is UTC+N.
 */
const noonOffset = 12 - new Date().getUTCHours();
const TIMEZONE = noonOffset >= 0 ? `Etc/GMT-${noonOffset}` : `Etc/GMT+${-noonOffset}`;

let client: Client;
let host: RunningHost;
let sample: GeneratedSample;
let detection: DetectionSummary;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  sample = generateLogins({ users: 40, days: DAYS, seed: 42, now: Date.now() });
  await resetDemoData(client, { index: INDEX, space: SPACE });
  await loadSample(client, sample.events, { index: INDEX });
  host = await startHost({
    privilege: 'all',
    settings: demoPluginSettings({ index: INDEX, space: SPACE, days: DAYS }),
    env: { KIBANA_HOST_TASK_POLL_MS: '500' },
  });
  detection = await waitForDetection(host.baseUrl, { timeoutMs: 120_000 }).catch((e: Error) => {
    throw new Error(`${e.message}\nThe host's output:\n${host.output().slice(-4000)}`);
  });

  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'buffalogs-e2e-app-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    ...CHROMIUM_LAUNCH,
    viewport: { width: 1440, height: 1000 },
    timezoneId: TIMEZONE,
  });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  await host?.stop();
  if (client) {
    const { alerts, state, checkpoints } = pluginIndices(SPACE);
    await client.indices.delete({
      index: [INDEX, alerts, state, checkpoints, `buffalogs-settings-${SPACE}`],
      ignore_unavailable: true,
    });
    await client.close();
  }
});

const subj = (name: string): Locator => page.locator(`[data-test-subj="${name}"]`);
const open = async (appPath: string) => {
  await page.goto(`${host.baseUrl}${APP}${appPath}`, { waitUntil: 'load' });
};
const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
/** The first number in an element's text ("Alerts today 3" → 3). */
const figure = async (name: string): Promise<number> => {
  await expect(subj(name).innerText()).resolves.toMatch(/\d/);
  const text = await subj(name).innerText();
  return Number(/\d[\d,]*/.exec(text)![0].replace(/,/g, ''));
};
/** A chart or map drew something: a non-empty canvas or SVG shapes inside the element. */
const drawn = async (name: string): Promise<boolean> => {
  const panel = subj(name);
  await panel.locator('canvas, svg path, svg circle, svg rect').first().waitFor({ state: 'attached' });
  return panel.evaluate((el) => {
    const canvases = [...el.querySelectorAll('canvas')].filter((c) => c.width > 0 && c.height > 0);
    const shapes = el.querySelectorAll('svg path, svg circle, svg rect').length;
    return canvases.length > 0 || shapes > 2;
  });
};
const rowTexts = async (rowSubj: string) => subj(rowSubj).allInnerTexts();
/** Polls `read` until `done` holds (then returns the value) or the timeout passes (then returns the last value). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    value = await read();
  }
  return value;
}
/** Waits until the table's rows differ from `before` (a new page or filter arrived). */
const rowsChange = (rowSubj: string, before: string[]) =>
  until(
    () => rowTexts(rowSubj),
    (rows) => rows.length > 0 && JSON.stringify(rows) !== JSON.stringify(before),
  );

describe('the sample and detection behind the pages', () => {
  it('detection alerted on the planted takeovers, not on trips, VPN, mobile noise or failed logins', async () => {
    expect(detection.events).toBeGreaterThan(1000);
    expect(detection.unfilteredAlerts).toBeGreaterThan(0);
    expect(detection.byDetector.new_country).toBeGreaterThan(0);
    const alerts = (rule: string) =>
      apiGet<AlertsListResponse>(host.baseUrl, `${API_PATHS.alerts}?detector=${rule}&filtered=all&size=500`);
    const victims = (kinds: string[]) =>
      new Set(sample.scenarios.filter((s) => s.takeover && kinds.includes(s.kind)).map((s) => s.user));
    const travellers = new Set((await alerts('impossible_travel')).items.map((a) => a.user.name));
    expect([...travellers].sort()).toEqual([...victims(['impossible_travel', 'token_replay'])].sort());
    const anonymous = new Set((await alerts('anonymous_ip')).items.map((a) => a.user.name));
    expect([...anonymous]).toEqual([...victims(['anonymizer'])]);
    const succeeded = new Set(sample.events.filter((e) => e.event.outcome === 'success').map((e) => e.event.id));
    const all = await apiGet<AlertsListResponse>(host.baseUrl, `${API_PATHS.alerts}?filtered=all&size=500`);
    expect(all.total).toBe(detection.alerts);
    for (const alert of all.items) expect(succeeded.has(alert.buffalogs.trigger.event_id)).toBe(true);
  });
});

describe('the analyst app on real data', () => {
  it('overview: headline figures, charts, map and riskiest users from the detection', async () => {
    await open('');
    await subj('overviewAlertsToday').waitFor();
    expect(await figure('overviewAlertsToday')).toBeGreaterThan(0);
    expect(await figure('overviewUsersAtRisk')).toBeGreaterThan(0);
    expect(await figure('overviewUnreviewed')).toBeGreaterThan(0);
    expect(await drawn('riskDistributionChart')).toBe(true);
    expect(await drawn('alertsOverTimeChart')).toBe(true);
    expect(await drawn('alertsWorldMap')).toBe(true);
    await expect(subj('riskiestUsersTable').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    await expect(subj('buffalogsPageError').count()).resolves.toBe(0);
    await shot('overview');
  });

  it('alerts: rows from Elasticsearch; the detector filter keeps only that rule', async () => {
    await open('/alerts');
    await subj('alertsTableRow').first().waitFor();
    expect(await subj('alertsTableRow').count()).toBeGreaterThan(0);
    await shot('alerts');

    const before = await rowTexts('alertsTableRow');
    await subj('alertsFilterDetector').selectOption('impossible_travel');
    await rowsChange('alertsTableRow', before);
    const rows = await rowTexts('alertsTableRow');
    expect(rows.length).toBe(detection.byDetector.impossible_travel);
    for (const row of rows) {
      expect(row).toContain('Impossible travel');
      expect(row).not.toMatch(/New country|New device|Anonymous IP|User risk threshold/);
    }
    expect(new URL(page.url()).searchParams.getAll('detector')).toEqual(['impossible_travel']);
  });

  it('alerts: the next page shows other alerts', async () => {
    await open('/alerts?size=10');
    await subj('alertsTableRow').first().waitFor();
    const first = await rowTexts('alertsTableRow');
    expect(first).toHaveLength(10);
    await page.locator('[data-test-subj="pagination-button-next"]').click();
    await rowsChange('alertsTableRow', first);
    const second = await rowTexts('alertsTableRow');
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((row) => first.includes(row))).toEqual([]);
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');

    // The paged, filtered list is a deep link: a reload shows the same rows.
    await page.reload({ waitUntil: 'load' });
    await subj('alertsTableRow').first().waitFor();
    expect(
      await until(
        () => rowTexts('alertsTableRow'),
        (rows) => JSON.stringify(rows) === JSON.stringify(second),
      ),
    ).toEqual(second);
  });

  it('alert flyout: evidence, travel map and surrounding logins; a triage change reaches Elasticsearch; the URL reloads to the same view', async () => {
    await open('/alerts?detector=impossible_travel');
    await subj('alertsTableRow').first().waitFor();
    await subj('alertsTableRow').first().locator('a').first().click();
    await subj('alertFlyout').waitFor();
    await expect(subj('alertEvidence').innerText()).resolves.toMatch(/km\/h/);
    expect(await drawn('alertTravelMap')).toBe(true);
    await expect(subj('alertSurroundingLogins').locator('tbody tr').count()).resolves.toBeGreaterThan(1);
    const flyoutUrl = page.url();
    const alertId = decodeURIComponent(new URL(flyoutUrl).pathname.split('/').pop()!);
    expect(new URL(flyoutUrl).pathname).toBe(`${APP}/alerts/${encodeURIComponent(alertId)}`);
    await shot('alert_flyout');

    await subj('alertTriageStatusSelect').selectOption('acknowledged');
    await subj('alertTriageSaveButton').click();
    const stored = await until(
      async () => (await client.get<AlertDocument>({ index: pluginIndices(SPACE).alerts, id: alertId }))._source,
      (doc) => doc?.buffalogs.status === 'acknowledged',
    );
    expect(stored?.buffalogs.status).toBe('acknowledged');

    await page.reload({ waitUntil: 'load' });
    await subj('alertFlyout').waitFor();
    await expect(subj('alertEvidence').innerText()).resolves.toMatch(/km\/h/);
    await expect(subj('alertTriageStatusSelect').inputValue()).resolves.toBe('acknowledged');
    expect(page.url()).toBe(flyoutUrl);
  });

  it('bulk triage: two selected alerts closed at once, in Elasticsearch and in the table', async () => {
    await open('/alerts?detector=new_country');
    await subj('alertsTableRow').nth(1).waitFor();
    const rows = [subj('alertsTableRow').nth(0), subj('alertsTableRow').nth(1)];
    const ids: string[] = [];
    for (const row of rows) {
      const href = await row.locator('a[href*="/alerts/"]').first().getAttribute('href');
      ids.push(decodeURIComponent(href!.split('?')[0].split('/').pop()!));
      await row.locator('input[type="checkbox"]').check();
    }
    await subj('alertsBulkTriageButton').click();
    await subj('alertsBulkTriageStatus').selectOption('closed');
    await subj('alertsBulkTriageApply').click();
    const statuses = await until(
      async () => {
        const docs = await client.mget<AlertDocument>({ index: pluginIndices(SPACE).alerts, ids });
        return docs.docs.map((d) => ('_source' in d ? d._source?.buffalogs.status : undefined));
      },
      (values) => values.every((v) => v === 'closed'),
    );
    expect(statuses).toEqual(['closed', 'closed']);
    const shown = await until(
      async () => [await rows[0].innerText(), await rows[1].innerText()],
      (texts) => texts.every((t) => t.includes('Closed')),
    );
    for (const text of shown) expect(text).toContain('Closed');
  });

  it('users: the table by risk and a user page that reloads to the same view', async () => {
    await open('/users');
    await subj('usersTableRow').first().waitFor();
    expect(await subj('usersTableRow').count()).toBeGreaterThan(0);
    await shot('users');

    const risky = await apiGet<AlertsListResponse>(
      host.baseUrl,
      `${API_PATHS.alerts}?detector=impossible_travel&size=1&filtered=unfiltered`,
    );
    const userName = risky.items[0].user.name;
    await open(`/users/${encodeURIComponent(userName)}`);
    // The page frame renders before its data: wait for the user's name, not just the frame.
    await subj('userPage').getByText(userName).first().waitFor();
    await subj('userAlertsTable').locator('tbody tr').first().waitFor();
    await expect(
      until(
        () => subj('userLoginTimeline').innerText(),
        (t) => /\d+\.\d+\.\d+\.\d+/.test(t),
      ),
    ).resolves.toMatch(/\d+\.\d+\.\d+\.\d+/);
    expect(await drawn('userRiskChart')).toBe(true);
    await shot('user');

    const userUrl = page.url();
    await page.reload({ waitUntil: 'load' });
    // The page frame renders before its data: wait for the user's name, not just the frame.
    await subj('userPage').getByText(userName).first().waitFor();
    expect(page.url()).toBe(userUrl);
  });

  it('settings: the form shows the effective settings (the demo allow-lists); a saved change is stored, in the history and survives a reload', async () => {
    await open('/settings');
    await subj('settingsForm').waitFor();
    await expect(subj('settingsSaveButton').count()).resolves.toBe(1);
    await expect(
      subj('settingsForm').evaluate((el) => {
        const values = [...el.querySelectorAll('input, textarea')].map((i) => (i as HTMLInputElement).value);
        return values.join('\n');
      }),
    ).resolves.toContain('165.225.72.0/22');
    await subj('settingsHistory').waitFor();
    await shot('settings');

    // A change saved through the form is stored, listed in the history and still there after a reload.
    const speed = subj('settingsField-impossibleTravel.maxSpeedKmh');
    await speed.fill('950');
    await subj('settingsComment').fill('e2e: faster jets');
    await subj('settingsSaveButton').click();
    await until(
      () => subj('settingsHistory').innerText(),
      (text) => text.includes('e2e: faster jets'),
    );
    await expect(subj('settingsHistory').innerText()).resolves.toContain('impossibleTravel.maxSpeedKmh');
    const stored = await apiGet<SettingsResponse>(host.baseUrl, API_PATHS.settings);
    expect(stored.overrides.impossibleTravel?.maxSpeedKmh).toBe(950);
    expect(stored.effective.impossibleTravel.trustedCidrs).toContain('165.225.72.0/22');
    await page.reload({ waitUntil: 'load' });
    await subj('settingsForm').waitFor();
    const field = subj('settingsField-impossibleTravel.maxSpeedKmh');
    await expect(
      until(
        () => field.inputValue(),
        (v) => v === '950',
      ),
    ).resolves.toBe('950');
  });

  it('no page threw in the browser', () => {
    expect(pageErrors).toEqual([]);
  });
});

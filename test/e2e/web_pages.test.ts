/**
 * End to end, the Web traffic section on real logs: SecRepo's 2019-03-06 Apache day imported with the importer and
 * judged by the web family (scripts/demo/load_web_day.ts, as the demo does), the dev host's kibana.yml pointing
 * `buffalogs.web.indices` at it, and the pages in headless Chromium with axe on each.
 */
import type { Page } from 'playwright-core';
import { API_PATHS, type WebAlertsResponse } from '../../common/api';
import { DEMO_WEB_DAY } from '../../scripts/demo/load_web_day';
import { apiGet } from '../../scripts/demo/wait_for_detection';
import { seriousA11yViolations } from './a11y';
import { drawn, startAppSession, until, type AppSession } from './app_session';

jest.setTimeout(240_000);

let session: AppSession;
let page: Page;
const range = `?start=${DEMO_WEB_DAY.from}&end=${DEMO_WEB_DAY.to}`;
const subj = (name: string) => session.subj(name);
beforeAll(async () => {
  session = await startAppSession({ name: 'web', users: 10, webDay: true });
  ({ page } = session);
});

afterAll(async () => {
  await session?.stop();
});

it('web traffic: the proportion with the 418 blocks, the timeline, referrers without the site, pages, alerts', async () => {
  await session.open(`/web${range}`);
  await subj('webTrafficSummary').waitFor();
  // 70 of 7,850 requests were 418s (counted from the file in test/integration/routes_web.test.ts).
  expect(await subj('webTrafficSummary').innerText()).toMatch(
    /^7,850 requests: 96\.6 % allowed, 0\.9 % blocked \(418: 70\)/,
  );
  expect(await drawn(subj('webTrafficChart'))).toBe(true);
  expect(await drawn(subj('webTimelineChart'))).toBe(true);
  const referrers = await until(
    () => subj('webReferrersTable').locator('tbody tr').allInnerTexts(),
    (rows) => rows.length > 1,
  );
  // innerText of an EUI row interleaves its cells with responsive-layout text: the first cell, then the figure.
  expect(referrers[0]).toMatch(/^www\.baidu\.com[^\d]*\b11\b/);
  expect(referrers.join('\n')).not.toContain('secrepo.com');
  expect(await subj('webReferrersTable').innerText()).toContain('Leaving out the site itself (www.secrepo.com)');
  const pages = await subj('webPagesTable').locator('tbody tr').allInnerTexts();
  expect(pages[0]).toMatch(/^\/maccdc2012\/conn\.log\.gz[^\d]*\b666\b/);
  const alerts = await apiGet<WebAlertsResponse>(
    session.host.baseUrl,
    `${API_PATHS.webAlerts}?from=${DEMO_WEB_DAY.from}&to=${DEMO_WEB_DAY.to}&size=50`,
  );
  expect(alerts.total).toBeGreaterThan(0);
  await expect(subj('webAlertsTable').locator('tbody tr').count()).resolves.toBe(Math.min(alerts.total, 50));
  await expect(subj('buffalogsPageError').count()).resolves.toBe(0);
  await session.shot('web-traffic');
  expect(await seriousA11yViolations(page)).toEqual([]);
});

it('an alert’s address opens its page: its requests, codes, paths, user agents and the alert', async () => {
  const link = subj('webAlertsTable').locator('tbody tr a').first();
  const ip = await link.innerText();
  await link.click();
  await subj('webAddressSummary').waitFor();
  expect(new URL(page.url()).pathname).toMatch(new RegExp(`/web/addresses/${ip.replace(/[.:]/g, '\\$&')}$`));
  expect(await subj('buffalogsPageTitle').innerText()).toBe(ip);
  expect(await drawn(subj('webAddressTimeline'))).toBe(true);
  await expect(subj('webAddressAlerts').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
  for (const table of ['webAddressCodes', 'webAddressPaths', 'webAddressUserAgents'])
    await expect(subj(table).locator('tbody tr').count()).resolves.toBeGreaterThan(0);
  expect(session.pageErrors).toEqual([]);
  await session.shot('web-address');
  expect(await seriousA11yViolations(page)).toEqual([]);
});

/**
 * Source health in the app (issue 13), on the built plugin with headless Chromium: the demo's seeded logins (the
 * generic ECS rule, dataset `buffalogs.demo`) plus real documents of Elastic's integration pipelines
 * (test/fixtures/integrations/: an Okta logout and login, an Entra ID interactive sign-in written without
 * `source.geo`), put two hours back in the session's index with the `data_stream.dataset` Elastic Agent adds. The
 * figures the page shows are checked against counts made here from the seeded data itself.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { startAppSession, until, type AppSession } from './app_session';

jest.setTimeout(240_000);

const FIXTURES = path.join(__dirname, '../fixtures/integrations');
const HOUR_MS = 3_600_000;

let session: AppSession;
/** The Sources page's range: the last week, as absolute times, so the expected counts are exact. */
let range: { start: string; end: string };

const stored = (file: string) =>
  (JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as { expected: Array<Record<string, unknown>> })
    .expected;

beforeAll(async () => {
  session = await startAppSession({ name: 'source_health', users: 12 });
  const index = (session.hostSettings.buffalogs as { indices: string[] }).indices[0];
  const at = new Date(Date.now() - 2 * HOUR_MS).toISOString();
  const okta = stored('okta/system/test-okta-system-events.log-expected.json');
  const entra = stored('azure/signinlogs/test-signinlogs-sample.log-expected.json');
  const docs = [
    ...okta.map((d) => ({ ...d, data_stream: { dataset: 'okta.system' } })),
    ...entra.map((d) => ({ ...d, data_stream: { dataset: 'azure.signinlogs' } })),
  ].map((d) => ({ ...d, '@timestamp': at }));
  const bulk = await session.client.bulk({
    refresh: true,
    operations: docs.flatMap((doc) => [{ index: { _index: index } }, doc]),
  });
  expect(bulk.items.filter((i) => i.index?.error)).toEqual([]);
  const end = Date.now() + 60_000;
  // A week: the 12-user sample has failed logins in it whatever the time of day (in the last day alone, not always).
  range = { start: new Date(end - 7 * 24 * HOUR_MS).toISOString(), end: new Date(end).toISOString() };
});

afterAll(async () => {
  await session?.stop();
});

const subj = (name: string) => session.subj(name);
const cell = (row: Locator, name: string) => row.locator(`[data-test-subj="${name}"]`).innerText();

/** The demo's own events in the range, counted from the generated sample (not from Elasticsearch). */
function seeded() {
  const from = Date.parse(range.start);
  const to = Date.parse(range.end);
  const inRange = session.sample.events.filter((e) => {
    const t = Date.parse(e['@timestamp']);
    return t >= from && t <= to;
  });
  return {
    events: inRange.length,
    logins: inRange.filter((e) => e.event.outcome === 'success').length,
    failures: inRange.filter((e) => e.event.outcome === 'failure').length,
  };
}

test('the Sources tab: per dataset, the seeded figures, the Okta logout skipped as a logout, Entra ID needing GeoIP', async () => {
  const expected = seeded();
  // The seeded day has logins and failed attempts, else the figures below would prove little.
  expect(expected.logins).toBeGreaterThan(20);
  expect(expected.failures).toBeGreaterThan(0);
  await session.open(`/sources?start=${encodeURIComponent(range.start)}&end=${encodeURIComponent(range.end)}`);
  const demo = subj('sourceHealthRow-buffalogs.demo');
  await demo.waitFor();
  expect({
    events: Number((await cell(demo, 'sourceHealthEvents')).replace(/,/g, '')),
    logins: Number((await cell(demo, 'sourceHealthLogins')).replace(/,/g, '')),
    failures: Number((await cell(demo, 'sourceHealthFailures')).replace(/,/g, '')),
  }).toEqual(expected);
  // Every seeded login has its GeoIP fields and user agent.
  await expect(demo.innerText()).resolves.toContain('complete');
  await expect(cell(demo, 'sourceHealthSkipped')).resolves.toContain(`${expected.failures} failure: a failed sign-in`);

  const okta = subj('sourceHealthRow-okta.system');
  expect(await cell(okta, 'sourceHealthEvents')).toBe('2');
  expect(await cell(okta, 'sourceHealthLogins')).toBe('1');
  expect(await cell(okta, 'sourceHealthSkipped')).toBe('1 logout: a logout');
  await expect(okta.innerText()).resolves.toContain('Okta');

  const entra = subj('sourceHealthRow-azure.signinlogs');
  expect(await cell(entra, 'sourceHealthLogins')).toBe('1');
  expect(await cell(entra, 'sourceHealthMissing-geo')).toBe('1 without source.geo: GeoIP enrichment needed');

  const total = expected.logins + 2;
  await expect(subj('sourceHealthSummary').innerText()).resolves.toContain(
    `${total.toLocaleString('en-US')} logins recognised out of ${(expected.events + 3).toLocaleString('en-US')} events`,
  );
  await session.shot('sources_health');
});

test('the Overview: with alerts, Source health over the last day sits below the charts', async () => {
  await session.open('');
  const panel = subj('sourceHealthPanel');
  await panel.waitFor();
  const okta = subj('sourceHealthRow-okta.system');
  await okta.waitFor();
  expect(await cell(okta, 'sourceHealthLogins')).toBe('1');
  // Below the riskiest users: the alerts come first once there are some.
  const order = await session.page.evaluate(() => {
    const a = document.querySelector('[data-test-subj="riskiestUsersTable"]');
    const b = document.querySelector('[data-test-subj="sourceHealthPanel"]');
    return a && b ? Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) : undefined;
  });
  expect(order).toBe(true);
  await expect(panel.innerText()).resolves.not.toContain('No alerts yet');
  await until(
    () => subj('sourceHealthSummary').count(),
    (n) => n === 1,
  );
});

test('no page threw or logged an error in the browser', () => {
  expect(session.pageErrors).toEqual([]);
  expect(session.consoleErrors).toEqual([]);
});

import { screen, waitFor, within } from '@testing-library/react';
import { API_PATHS, type SourceHealthResponse, type SourceHealthRow } from '../../../common/api';
import * as f from '../../test_support/fixtures';
import { httpError, mountApp, silenceLegacyRootWarnings, type Routes } from '../../test_support/mount_app';
import { healthSummary } from './source_health_panel';

jest.setTimeout(30_000);

let consoleError: jest.SpyInstance;
beforeEach(() => (consoleError = silenceLegacyRootWarnings()));
afterEach(() => {
  consoleError.mockRestore();
  document.body.innerHTML = '';
});

const okta: SourceHealthRow = {
  index: '.ds-logs-okta.system-default-2024.05.01-000001',
  dataset: 'okta.system',
  family: 'okta',
  title: 'Okta',
  events: 120,
  logins: 80,
  failures: 9,
  mfa: 11,
  otherKinds: 20,
  skipped: [
    { kind: 'mfa', count: 11, reason: 'an MFA step, not a sign-in' },
    { kind: 'failure', count: 9, reason: 'a failed sign-in' },
    { kind: 'logout', count: 15, reason: 'a logout' },
    { kind: 'other', count: 5, reason: 'not an interactive login by the source table' },
  ],
  notCountedByQuery: ['service_logon'],
  missing: { geo: 0, userAgent: 0, user: 0 },
};
const entra: SourceHealthRow = {
  index: '.ds-logs-azure.signinlogs-default-2024.05.01-000001',
  dataset: 'azure.signinlogs',
  family: 'entra_id',
  title: 'Microsoft Entra ID (Azure AD) sign-in logs',
  events: 40,
  logins: 30,
  failures: 0,
  mfa: 0,
  otherKinds: 10,
  skipped: [{ kind: 'other', count: 10, reason: 'not an interactive login by the source table' }],
  notCountedByQuery: ['service_logon', 'non_interactive'],
  missing: { geo: 40, userAgent: 3, user: 0 },
};
const health: SourceHealthResponse = {
  from: '2024-05-01T00:00:00.000Z',
  to: '2024-05-02T00:00:00.000Z',
  indices: ['logs-*'],
  rows: [entra, okta],
};

const overview = (alerts: number): Routes => ({
  [`GET ${API_PATHS.alerts}`]: () => ({ ...f.alertsPage, items: alerts ? f.alertsPage.items : [], total: alerts }),
  [`GET ${API_PATHS.riskDistribution}`]: () => f.riskDistribution,
  [`GET ${API_PATHS.alertsOverTime}`]: () => f.alertsOverTime,
  [`GET ${API_PATHS.alertsByCountry}`]: () => f.alertsByCountry,
  [`GET ${API_PATHS.users}`]: () => f.usersPage,
  [`GET ${API_PATHS.sourcesHealth}`]: () => health,
});

/** The Sources tab's own answer when nothing attacked. */
const noAttacks = {
  sources: [],
  networks: [],
  timeline: { interval: 'hour' as const, buckets: [] },
  total_sources: 0,
  compromised_accounts: 0,
};

/** Whether `a` comes before `b` in the page. */
const before = (a: Element, b: Element) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);

test('with no alert yet, the Overview opens on Source health: per dataset, logins, skipped with why, missing fields', async () => {
  const { calls } = await mountApp('/', overview(0));
  const panel = await screen.findByTestId('sourceHealthPanel');
  expect(before(panel, screen.getByTestId('overviewAlertsToday'))).toBe(true);
  expect(panel.textContent).toContain('No alerts yet');
  const oktaRow = await within(panel).findByTestId('sourceHealthRow-okta.system');
  expect(within(oktaRow).getByTestId('sourceHealthEvents').textContent).toBe('120');
  expect(within(oktaRow).getByTestId('sourceHealthLogins').textContent).toBe('80');
  expect(within(oktaRow).getByTestId('sourceHealthFailures').textContent).toBe('9');
  expect(within(oktaRow).getByTestId('sourceHealthMfa').textContent).toBe('11');
  expect(within(oktaRow).getByTestId('sourceHealthSkipped').textContent).toContain('15 logout: a logout');
  expect(within(oktaRow).getByTestId('sourceHealthSkipped').textContent).toContain(
    '5 other: not an interactive login by the source table (includes service logon)',
  );
  expect(oktaRow.textContent).toContain('complete');
  const entraRow = within(panel).getByTestId('sourceHealthRow-azure.signinlogs');
  expect(within(entraRow).getByTestId('sourceHealthMissing-geo').textContent).toBe(
    '40 without source.geo: GeoIP enrichment needed',
  );
  expect(within(entraRow).getByTestId('sourceHealthMissing-userAgent').textContent).toBe(
    '3 without a user agent: no new-device signal',
  );
  expect(within(panel).getByTestId('sourceHealthSummary').textContent).toBe(
    '110 logins recognised out of 160 events in logs-*.',
  );
  // The Overview asks for the route's default range: the last day.
  expect(calls.find((c) => c.path === API_PATHS.sourcesHealth)!.query).toEqual({});
});

test('once alerts exist, Source health moves below the charts', async () => {
  await mountApp('/', overview(7));
  await waitFor(() => expect(screen.getByTestId('overviewAlertsToday').textContent).toContain('7'));
  const panel = await screen.findByTestId('sourceHealthPanel');
  expect(before(screen.getByTestId('riskiestUsersTable'), panel)).toBe(true);
  expect(panel.textContent).not.toContain('No alerts yet');
  expect(screen.getAllByTestId('sourceHealthPanel')).toHaveLength(1);
});

test('the Sources tab shows Source health for its own time range, and the API error when it fails', async () => {
  const { calls } = await mountApp('/sources?start=2024-05-01T00:00:00.000Z&end=2024-05-02T00:00:00.000Z', {
    [`GET ${API_PATHS.sources}`]: () => noAttacks,
    [`GET ${API_PATHS.sourcesHealth}`]: () => health,
  });
  await screen.findByTestId('sourceHealthRow-okta.system');
  expect(calls.find((c) => c.path === API_PATHS.sourcesHealth)!.query).toEqual({
    from: '2024-05-01T00:00:00.000Z',
    to: '2024-05-02T00:00:00.000Z',
  });
  document.body.innerHTML = '';
  await mountApp('/sources', {
    [`GET ${API_PATHS.sources}`]: () => noAttacks,
    [`GET ${API_PATHS.sourcesHealth}`]: () => {
      throw httpError(400, '[from]: not an ISO date');
    },
  });
  const panel = await screen.findByTestId('sourceHealthPanel');
  expect((await within(panel).findByTestId('buffalogsPageError')).textContent).toContain('not an ISO date');
  // Not "No events in this range." under the error: that reads as a source that stopped shipping.
  const table = within(panel).getByTestId('sourceHealthTable');
  expect(table.textContent).not.toContain('No events in this range');
  expect(table.textContent).toContain('The source health could not be read');
});

test('the summary line says what a new user must fix: no events, or events but no login', () => {
  expect(healthSummary({ ...health, rows: [] })).toEqual({
    color: 'warning',
    text: 'No events in logs-* over this range: check buffalogs.indices and that Elastic Agent is shipping.',
  });
  expect(healthSummary({ ...health, rows: [{ ...okta, logins: 0 }] }).text).toBe(
    '120 events in logs-*, but none is an interactive login by the source table: nothing can alert yet. The skipped counts say why.',
  );
});

import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { API_PATHS } from '../common/api';
import * as f from './test_support/fixtures';
import { httpError, mountApp, silenceLegacyRootWarnings } from './test_support/mount_app';

const { overviewRoutes } = f;

let consoleError: jest.SpyInstance;
beforeEach(() => (consoleError = silenceLegacyRootWarnings()));
afterEach(() => {
  consoleError.mockRestore();
  document.body.innerHTML = '';
});

describe('router and chrome', () => {
  it('opens the overview at the app root, with breadcrumbs, title and tabs', async () => {
    const { core } = await mountApp('/', overviewRoutes);
    expect(screen.getByTestId('buffalogsPageTitle').textContent).toBe('Overview');
    expect(core.chrome.docTitle.change).toHaveBeenCalledWith(['Overview', 'BuffaLogs']);
    expect(core.chrome.setBreadcrumbs).toHaveBeenLastCalledWith([
      expect.objectContaining({ text: 'BuffaLogs', href: '/' }),
      { text: 'Overview' },
    ]);
    for (const tab of ['overview', 'alerts', 'users', 'sequences', 'settings'])
      expect(screen.getByTestId(`buffalogsNav-${tab}`)).toBeTruthy();
  });

  it('a deep link to one alert opens the list with its flyout, and the filters from the URL reach the API', async () => {
    const { calls } = await mountApp('/alerts/a1?status=open&detector=impossible_travel&user=alice&country=it&page=2', {
      [`GET ${API_PATHS.alerts}`]: () => f.alertsPage,
      [`GET /api/buffalogs/alerts/a1`]: () => f.alertDetail,
    });
    expect(await screen.findByTestId('alertFlyout')).toBeTruthy();
    expect(await screen.findByTestId('alertEvidence')).toBeTruthy();
    const list = calls.find((c) => c.path === API_PATHS.alerts)!;
    expect(list.query).toMatchObject({
      status: ['open'],
      detector: ['impossible_travel'],
      user: 'alice',
      country: 'IT',
      page: 2,
      size: 25,
      sort: 'timestamp',
      direction: 'desc',
      filtered: 'unfiltered',
    });
    expect(typeof list.query!.from).toBe('string');
  });

  it('navigating between tabs changes the page and the URL', async () => {
    const { history } = await mountApp('/', {
      ...overviewRoutes,
      [`GET ${API_PATHS.settings}`]: () => f.settings,
      [`GET ${API_PATHS.settingsHistory}`]: () => f.settingsHistory,
    });
    fireEvent.click(screen.getByTestId('buffalogsNav-users'));
    expect(history.location.pathname).toBe('/users');
    expect(await screen.findByTestId('usersTable')).toBeTruthy();
    act(() => history.goBack());
    expect(screen.getByTestId('buffalogsPageTitle').textContent).toBe('Overview');
  });

  it('an unknown path says so instead of showing a blank page', async () => {
    await mountApp('/nope/deeper/still', {});
    expect(screen.getByText('No such page')).toBeTruthy();
  });
});

describe('overview', () => {
  it('shows the headline figures, charts, map and riskiest users from the API', async () => {
    await mountApp('/', overviewRoutes);
    await waitFor(() => expect(screen.getByTestId('overviewAlertsToday').textContent).toContain('7'));
    // Every user the Users page shows at Low or above (5 low + 2 medium + 1 high), and the caption says so: the
    // Users page calls the rest "No risk".
    expect(screen.getByTestId('overviewUsersAtRisk').textContent).toBe('8Users at risk (Low or higher)');
    expect(screen.getByTestId('overviewUnreviewed').textContent).toContain('7');
    const map = await screen.findByTestId('alertsWorldMap');
    expect(map.querySelector('[data-country="IT"]')).toBeTruthy();
    expect(within(map).getAllByTestId('mapTravelArc')).toHaveLength(1);
    expect(await within(screen.getByTestId('riskiestUsersTable')).findByText('alice')).toBeTruthy();
    expect(screen.getByTestId('riskDistributionChart').querySelector('.echChart')).toBeTruthy();
  });

  it("counts the picked range's observations beside the alert figures, labelled as below the threshold", async () => {
    // Issue 12: observations are "counted in statistics". One figure, clearly not an alert count.
    const range = 'start=2026-11-01T00:00:00.000Z&end=2026-11-08T00:00:00.000Z';
    const { calls } = await mountApp(`/?${range}`, overviewRoutes);
    const figure = screen.getByTestId('overviewObservations');
    await waitFor(() => expect(figure.textContent).toBe(`${(1234).toLocaleString()}Observations (below threshold)`));
    expect(figure.closest('[title]')?.getAttribute('title')).toMatch(/below the alerting threshold.*not alerts/);
    expect(calls.find((c) => c.path === API_PATHS.observationsCount)!.query).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-08T00:00:00.000Z',
    });
    // A failed count is a dash with its cause, and leaves the alert figures.
    document.body.innerHTML = '';
    await mountApp(`/?${range}`, {
      ...overviewRoutes,
      [`GET ${API_PATHS.observationsCount}`]: () => {
        throw httpError(502, 'Bad response from Elasticsearch (500): boom');
      },
    });
    await waitFor(() => expect(screen.getByTestId('overviewUnreviewed').textContent).toContain('7'));
    const failed = screen.getByTestId('overviewObservations');
    await waitFor(() => expect(failed.closest('[title]')?.getAttribute('title')).toMatch(/Could not count.*boom/));
    expect(failed.textContent).toBe('–Observations (below threshold)');
  });

  it('counts the open alerts of the picked range with the Alerts list’s own query (demo: 16 all-time against 9)', async () => {
    const range = 'start=2026-11-01T00:00:00.000Z&end=2026-11-08T00:00:00.000Z';
    const { calls } = await mountApp(`/?${range}`, overviewRoutes);
    await waitFor(() => expect(screen.getByTestId('overviewUnreviewed').textContent).toContain('7'));
    const open = calls.find((c) => c.path === API_PATHS.alerts && String(c.query?.status) === 'open')!;
    document.body.innerHTML = '';
    const list = await mountApp(`/alerts?status=open&${range}`, { [`GET ${API_PATHS.alerts}`]: () => f.alertsPage });
    await waitFor(() => expect(list.calls.some((c) => c.path === API_PATHS.alerts)).toBe(true));
    const listed = list.calls.find((c) => c.path === API_PATHS.alerts)!;
    // Only the page size differs: the Overview reads the total alone.
    expect({ ...open.query, size: undefined }).toEqual({ ...listed.query, size: undefined });
    expect(open.query).toMatchObject({ from: '2026-11-01T00:00:00.000Z', to: '2026-11-08T00:00:00.000Z', size: 1 });
  });

  it('shows each panel’s error with the API’s message', async () => {
    await mountApp('/', {
      ...overviewRoutes,
      [`GET ${API_PATHS.alertsByCountry}`]: () => {
        throw httpError(503, 'Elasticsearch is unreachable: ECONNREFUSED');
      },
    });
    const error = await screen.findByTestId('buffalogsPageError');
    expect(error.textContent).toContain('Elasticsearch is unreachable: ECONNREFUSED');
  });

  it('shows the detection status when the last run dropped events, per family and why, or alerts became dead letters, and nothing otherwise', async () => {
    const lastRun = (counts: Partial<Record<string, unknown>>) => ({
      events: 90,
      rejected: 0,
      rejected_by: [],
      duplicates: 0,
      skipped: 0,
      already_judged: 0,
      out_of_order: 0,
      ...counts,
    });
    const family = (id: string, title: string, event_name: string[], last_run: object) => ({
      family: id,
      title,
      event_name,
      task_ids: [`buffalogs:${id}:0`],
      last_run,
    });
    const task = (families: object[], total: number) => ({
      tasks: [{ task_id: 'buffalogs:detect:0', scheduled: true, last_run_state: { lastOutcome: 'ok' } }],
      families,
      checkpoints: [],
      task_manager_available: true,
      dead_letters: {
        total,
        latest: total
          ? [
              {
                at: '2025-03-10T12:00:00.000Z',
                alert_id: 'x1',
                user: 'carol',
                rule: 'new_country',
                error_type: 'document_parsing_exception',
                reason: 'failed to parse field [source.custom_score] of type [long]',
              },
            ]
          : [],
      },
    });
    const credential = ['event', 'events'];
    const other = { reason: 'other', label: 'not a login, a failed login or an MFA step', count: 3, set_aside: true };
    await mountApp('/', {
      ...overviewRoutes,
      [`GET ${API_PATHS.task}`]: () =>
        task(
          [
            family(
              'login',
              'Logins',
              ['login', 'logins'],
              lastRun({
                duplicates: 3,
                already_judged: 12,
                rejected: 1,
                rejected_by: [{ reason: 'missing_user', label: 'missing user.name', count: 1 }],
              }),
            ),
            // The fresh demo's: not malformed, events of another kind, set aside: nothing to act on, not listed.
            family(
              'credential',
              'Credential attacks by source',
              credential,
              lastRun({ rejected: 3, rejected_by: [other] }),
            ),
            // Beside an unusable one, only that one is (one family's reasons are not another's).
            family(
              'sequence',
              'Sequence rules',
              credential,
              lastRun({
                rejected: 5,
                rejected_by: [
                  { ...other, count: 4 },
                  { reason: 'no_timestamp', label: 'no usable @timestamp', count: 1 },
                ],
              }),
            ),
            // A state stored before reasons were kept: the total alone.
            family('credential_user', 'Credential attacks by account', credential, lastRun({ rejected: 3 })),
            family('web', 'Web access', ['web request', 'web requests'], lastRun({})),
          ],
          4,
        ),
    });
    const status = await screen.findByTestId('detectionStatus');
    expect(
      within(status)
        .getAllByTestId('detectionStatusDroppedFamily')
        .map((p) => p.textContent),
    ).toEqual([
      'Logins: 1 login rejected (1 missing user.name), 3 duplicates dropped, 12 already judged.',
      'Sequence rules: 1 event rejected (1 no usable @timestamp).',
      'Credential attacks by account: 3 events rejected.',
    ]);
    expect(within(status).getByTestId('detectionStatusDeadLetters').textContent).toContain(
      '4 alerts refused by Elasticsearch',
    );
    expect(within(status).getByTestId('detectionStatusDeadLetter').textContent).toContain(
      'carol new_country: document_parsing_exception: failed to parse field [source.custom_score]',
    );
    document.body.innerHTML = '';

    const { calls } = await mountApp('/', {
      ...overviewRoutes,
      [`GET ${API_PATHS.task}`]: () => task([family('login', 'Logins', ['login', 'logins'], lastRun({}))], 0),
    });
    await waitFor(() => expect(calls.some((c) => c.path === API_PATHS.task)).toBe(true));
    await waitFor(() => expect(screen.getByTestId('overviewAlertsToday').textContent).toContain('7'));
    await act(async () => {});
    expect(screen.queryByTestId('detectionStatus')).toBeNull();
  });

  it('shows what the families counted that needs attention (VirusTotal lookups deferred by the budget), in words', async () => {
    const state = (task_id: string, lastCounts: unknown) => ({
      task_id,
      scheduled: true,
      last_run_state: { lastOutcome: 'ok', lastCounts },
    });
    await mountApp('/', {
      ...overviewRoutes,
      [`GET ${API_PATHS.task}`]: () => ({
        tasks: [
          state('buffalogs:detect:0', { events: 90, familyCounts: { filteredAlerts: 2 } }),
          state('buffalogs:web:0', {
            events: 500,
            familyCounts: { reputation_looked_up: 4, reputation_deferred: 17, reputation_failed: 0 },
          }),
          state('buffalogs:web:1', { events: 10, familyCounts: { reputation_deferred: 1, odd: 'x', bad: -2 } }),
          state('buffalogs:sequence:0', { events: 10, familyCounts: 'junk' }),
          state('buffalogs:credential:0', 'junk'),
        ],
        checkpoints: [],
        task_manager_available: true,
      }),
    });
    const counts = await screen.findByTestId('detectionStatusFamilyCounts');
    // Routine counters (filtered alerts, lookups made) stay out of a callout that is there for what needs attention.
    expect(counts.textContent).toBe(
      'Last run also counted: ' +
        '18 VirusTotal lookups deferred (the budget was spent or VirusTotal refused; asked again later).',
    );
    // Not a warning: nothing failed.
    expect(screen.queryByTestId('detectionStatusFailed')).toBeNull();
    expect(screen.queryByTestId('detectionStatusDropped')).toBeNull();
  });

  it('shows no family counters when the last runs have none, only zeros, or only routine ones', async () => {
    const { calls } = await mountApp('/', {
      ...overviewRoutes,
      [`GET ${API_PATHS.task}`]: () => ({
        tasks: [
          { task_id: 'buffalogs:detect:0', scheduled: true, last_run_state: { lastCounts: { events: 3 } } },
          {
            task_id: 'buffalogs:web:0',
            scheduled: true,
            last_run_state: {
              lastCounts: {
                events: 3,
                familyCounts: { reputation_deferred: 0, reputation_looked_up: 5, reputation_cached: 40 },
              },
            },
          },
        ],
        checkpoints: [],
        task_manager_available: true,
      }),
    });
    await waitFor(() => expect(calls.some((c) => c.path === API_PATHS.task)).toBe(true));
    await waitFor(() => expect(screen.getByTestId('overviewAlertsToday').textContent).toContain('7'));
    await act(async () => {});
    expect(screen.queryByTestId('detectionStatus')).toBeNull();
  });

  it('says when there is nothing to show', async () => {
    await mountApp('/', {
      ...overviewRoutes,
      [`GET ${API_PATHS.alertsOverTime}`]: () => ({ interval: 'day', buckets: [], total: 0 }),
    });
    expect(
      await within(screen.getByTestId('alertsOverTimeChart')).findByText('No alerts in this time range.'),
    ).toBeTruthy();
  });
});

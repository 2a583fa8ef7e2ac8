import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { TravelEvidence, VerdictEvidence } from '../../common/alert_document';
import { API_PATHS, type UserDetailResponse } from '../../common/api';
import * as f from '../test_support/fixtures';
import * as ff from '../test_support/family_fixtures';
import { formatTime } from './shared/format';
import { httpError, mountApp, silenceLegacyRootWarnings } from '../test_support/mount_app';
import { riskChartDescription, riskChartRows } from './users/user_risk_chart';

let consoleError: jest.SpyInstance;
beforeEach(() => (consoleError = silenceLegacyRootWarnings()));
afterEach(() => {
  consoleError.mockRestore();
  document.body.innerHTML = '';
});

describe('alerts page', () => {
  const routes = {
    [`GET ${API_PATHS.alerts}`]: () => f.alertsPage,
    [`POST ${API_PATHS.triage}`]: () => ({
      updated: ['a1', 'a2'],
      not_found: [],
      failed: [],
      triage: { updated_by: 'me', updated_at: 'now' },
    }),
  };

  it('maps each filter to the list request and puts it in the URL', async () => {
    const { calls, history } = await mountApp('/alerts', routes);
    await screen.findAllByTestId('alertsTableRow');
    fireEvent.change(screen.getByTestId('alertsFilterDetector'), { target: { value: 'new_country' } });
    fireEvent.change(screen.getByTestId('alertsFilterStatus'), { target: { value: 'open' } });
    const country = screen.getByTestId('alertsFilterCountry');
    fireEvent.change(country, { target: { value: 'br' } });
    fireEvent.keyDown(country, { key: 'Enter' });
    await waitFor(() =>
      expect(calls.at(-1)!.query).toMatchObject({
        detector: ['new_country'],
        status: ['open'],
        country: 'BR',
        page: 1,
      }),
    );
    expect(history.location.search).toContain('detector=new_country');
    expect(history.location.search).toContain('country=BR');
  });

  it("the detector filter offers every family's detectors, and a link naming one keeps it", async () => {
    // Only the login detectors were offered and a URL's `detector=password_spray` was dropped: credential and web
    // alerts could be found only through the search.
    const { calls, history } = await mountApp('/alerts?detector=web_burst', routes);
    await screen.findAllByTestId('alertsTableRow');
    expect(calls.at(-1)!.query).toMatchObject({ detector: ['web_burst'] });
    const select = screen.getByTestId('alertsFilterDetector') as HTMLSelectElement;
    expect(select.value).toBe('web_burst');
    const offered = [...select.options].map((o) => o.text);
    expect(offered).toEqual(
      expect.arrayContaining(['Impossible travel', 'Password spray', 'MFA fatigue', 'Endpoint scanning']),
    );
    fireEvent.change(select, { target: { value: 'password_spray' } });
    await waitFor(() => expect(calls.at(-1)!.query).toMatchObject({ detector: ['password_spray'] }));
    expect(history.location.search).toContain('detector=password_spray');
  });

  it('the detector filter has one choice for every sequence rule, sent as detector=sequence and kept in the URL', async () => {
    // Sequence alerts carry their rule's own id: the filter offered none of them, so they were found only by free text.
    const { calls, history, unmount } = await mountApp('/alerts', routes);
    await screen.findAllByTestId('alertsTableRow');
    const select = screen.getByTestId('alertsFilterDetector') as HTMLSelectElement;
    const choice = [...select.options].find((o) => o.text === 'Sequence rules');
    expect(choice?.value).toBe('sequence');
    fireEvent.change(select, { target: { value: 'sequence' } });
    await waitFor(() => expect(calls.at(-1)!.query).toMatchObject({ detector: ['sequence'] }));
    expect(history.location.search).toContain('detector=sequence');
    // A link naming it (a bookmark, the overview) opens the list filtered.
    act(() => unmount());
    document.body.innerHTML = '';
    const reopened = await mountApp('/alerts?detector=sequence', routes);
    await screen.findAllByTestId('alertsTableRow');
    expect(reopened.calls.at(-1)!.query).toMatchObject({ detector: ['sequence'] });
    expect((screen.getByTestId('alertsFilterDetector') as HTMLSelectElement).value).toBe('sequence');
  });

  it("one sequence rule's alerts: a field beside the sequence choice, sent as sequence_rule and kept in the URL", async () => {
    // The list could be narrowed to every rule's alerts only; one rule's were found by free text at best.
    const { calls, history } = await mountApp('/alerts?detector=sequence', routes);
    await screen.findAllByTestId('alertsTableRow');
    const field = screen.getByTestId('alertsFilterSequenceRule') as HTMLInputElement;
    // What the API would refuse is said at the field and not sent.
    fireEvent.change(field, { target: { value: 'impossible_travel' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(await screen.findByText(/A rule id: "sequence" then/)).toBeTruthy();
    expect(calls.some((c) => (c.query as { sequence_rule?: string })?.sequence_rule !== undefined)).toBe(false);
    fireEvent.change(field, { target: { value: 'sequence_vpn_then_admin' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    await waitFor(() =>
      expect(calls.at(-1)!.query).toMatchObject({ detector: ['sequence'], sequence_rule: 'sequence_vpn_then_admin' }),
    );
    expect(history.location.search).toContain('sequence_rule=sequence_vpn_then_admin');
  });

  it('a link naming a sequence rule opens the list filtered on it; a value no rule id can be is dropped', async () => {
    const { calls } = await mountApp('/alerts?sequence_rule=sequence_vpn_then_admin', routes);
    await screen.findAllByTestId('alertsTableRow');
    expect(calls.at(-1)!.query).toMatchObject({ sequence_rule: 'sequence_vpn_then_admin' });
    expect((screen.getByTestId('alertsFilterSequenceRule') as HTMLInputElement).value).toBe('sequence_vpn_then_admin');
    document.body.innerHTML = '';
    // A hand-edited URL still opens the list (a 400 would leave it empty).
    const edited = await mountApp(`/alerts?sequence_rule=${encodeURIComponent('sequence_*')}`, routes);
    await screen.findAllByTestId('alertsTableRow');
    expect((edited.calls.at(-1)!.query as { sequence_rule?: string }).sequence_rule).toBeUndefined();
  });

  it("a summary's link naming sequence rules by id as detectors: sent, shown, kept paging; hostile values dropped", async () => {
    // The page kept only the fixed detectors from the URL: a channel's rule ids, now in its summary's link, were lost.
    const link =
      '/alerts?detector=new_device&detector=sequence_vpn_then_admin&channel=soc-weekly&time_field=event.created';
    const { calls, history, unmount } = await mountApp(link, routes);
    await screen.findAllByTestId('alertsTableRow');
    expect(calls.at(-1)!.query).toMatchObject({ detector: ['new_device', 'sequence_vpn_then_admin'] });
    expect(screen.getByTestId('alertsChannelFilters').textContent).toContain(
      'From the summary of soc-weekly: detectors New device, Sequence rule sequence_vpn_then_admin',
    );
    fireEvent.click(screen.getByTestId('pagination-button-1'));
    await waitFor(() =>
      expect(calls.at(-1)!.query).toMatchObject({ detector: ['new_device', 'sequence_vpn_then_admin'], page: 2 }),
    );
    expect(history.location.search).toContain('detector=sequence_vpn_then_admin');
    act(() => unmount());
    document.body.innerHTML = '';
    // One rule alone is the detector field's choice, named as a rule.
    const one = await mountApp('/alerts?detector=sequence_vpn_then_admin', routes);
    await screen.findAllByTestId('alertsTableRow');
    expect(one.calls.at(-1)!.query).toMatchObject({ detector: ['sequence_vpn_then_admin'] });
    const select = screen.getByTestId('alertsFilterDetector') as HTMLSelectElement;
    expect(select.value).toBe('sequence_vpn_then_admin');
    expect(select.selectedOptions[0].text).toBe('Sequence rule sequence_vpn_then_admin');
    act(() => one.unmount());
    document.body.innerHTML = '';
    // What the API would refuse (a pattern, another form) is dropped: the page still opens.
    const edited = await mountApp(
      `/alerts?detector=${encodeURIComponent('sequence_*')}&detector=Sequence_A&detector=new_device`,
      routes,
    );
    await screen.findAllByTestId('alertsTableRow');
    expect((edited.calls.at(-1)!.query as { detector?: string[] }).detector).toEqual(['new_device']);
  });

  it("a summary's link: its filters are sent, said above the list, kept paging and sorting, removable", async () => {
    // The list had no severity, score or users filter and ranged by login time: the summary's link opened other alerts.
    const link =
      '/alerts?start=2025-03-09T08%3A00%3A00.000Z&end=2025-03-10T08%3A00%3A00.000Z&min_severity=high&min_score=60' +
      '&users=alice&users=bob&time_field=event.created&channel=soc-daily' +
      '&detector=impossible_travel&detector=new_device';
    const { calls, history } = await mountApp(link, routes);
    await screen.findAllByTestId('alertsTableRow');
    const summaryFilters = {
      from: '2025-03-09T08:00:00.000Z',
      to: '2025-03-10T08:00:00.000Z',
      min_severity: 'high',
      min_score: 60,
      users: ['alice', 'bob'],
      time_field: 'event.created',
    };
    expect(calls.at(-1)!.query).toMatchObject(summaryFilters);
    const callout = screen.getByTestId('alertsChannelFilters');
    // Two detectors too: the detector field shows one or none, so the callout names them.
    expect(callout.textContent).toContain(
      'From the summary of soc-daily: detectors Impossible travel, New device; severity ≥ high; score ≥ 60; ' +
        'users alice, bob; period by alert creation time',
    );

    fireEvent.click(screen.getByTestId('pagination-button-1'));
    await waitFor(() => expect(calls.at(-1)!.query).toMatchObject({ ...summaryFilters, page: 2 }));
    fireEvent.click(screen.getByRole('button', { name: /Score/ }));
    await waitFor(() => expect(calls.at(-1)!.query).toMatchObject({ ...summaryFilters, sort: 'score', page: 1 }));
    expect(history.location.search).toContain('min_severity=high');
    expect(history.location.search).toContain('channel=soc-daily');

    fireEvent.click(within(callout).getByTestId('alertsChannelFiltersClear'));
    await waitFor(() => expect(screen.queryByTestId('alertsChannelFilters')).toBeNull());
    const cleared = calls.at(-1)!.query as Record<string, unknown>;
    expect(cleared).toMatchObject({ from: summaryFilters.from, sort: 'score' });
    for (const key of ['min_severity', 'min_score', 'users', 'time_field']) expect(cleared[key]).toBeUndefined();
    expect(history.location.search).not.toMatch(/min_severity|min_score|users|time_field|channel/);
  });

  it("a summary's link naming its channel for its users: sent as channel_users, said, kept paging, removable", async () => {
    // A channel's 1,000 users of up to 1,024 characters made a link of a megabyte, refused before the page loaded.
    const link = '/alerts?channel_users=soc-many&channel=soc-many&time_field=event.created&users=alice';
    const { calls, history } = await mountApp(link, routes);
    await screen.findAllByTestId('alertsTableRow');
    // Not both (the API refuses that): the channel's users, which the link named in place of them.
    const query = calls.at(-1)!.query as Record<string, unknown>;
    expect(query).toMatchObject({ channel_users: 'soc-many', time_field: 'event.created' });
    expect(query.users).toBeUndefined();
    const callout = screen.getByTestId('alertsChannelFilters');
    expect(callout.textContent).toContain(
      'From the summary of soc-many: the users of channel soc-many, as its configuration lists them now',
    );
    fireEvent.click(screen.getByTestId('pagination-button-1'));
    await waitFor(() => expect(calls.at(-1)!.query).toMatchObject({ channel_users: 'soc-many', page: 2 }));
    expect(history.location.search).toContain('channel_users=soc-many');
    fireEvent.click(within(callout).getByTestId('alertsChannelFiltersClear'));
    await waitFor(() => expect(screen.queryByTestId('alertsChannelFilters')).toBeNull());
    expect((calls.at(-1)!.query as Record<string, unknown>).channel_users).toBeUndefined();
    expect(history.location.search).not.toContain('channel_users');
  });

  it('a hand-edited summary link still opens the list: values the API would refuse are dropped', async () => {
    const { calls } = await mountApp(
      `/alerts?min_severity=severe&min_score=abc&time_field=user.name&users=&channel_users=${encodeURIComponent('../x')}`,
      routes,
    );
    await screen.findAllByTestId('alertsTableRow');
    const query = calls.at(-1)!.query as Record<string, unknown>;
    for (const key of ['min_severity', 'min_score', 'users', 'time_field', 'channel_users'])
      expect(query[key]).toBeUndefined();
    expect(screen.queryByTestId('alertsChannelFilters')).toBeNull();
  });

  it('Elasticsearch down: the error, and neither "no alerts match" nor the rows of other filters', async () => {
    // The page said "Loading alerts…" above the error and "No alerts match these filters and time range." below it:
    // an analyst read that nothing had alerted. After a filter change, the previous filters' rows stayed under the new
    // ones.
    let down = true;
    const { calls } = await mountApp('/alerts', {
      [`GET ${API_PATHS.alerts}`]: () => {
        if (down) throw httpError(503, 'Elasticsearch is unavailable: Request timed out');
        return f.alertsPage;
      },
    });
    expect((await screen.findByTestId('buffalogsPageError')).textContent).toContain('Request timed out');
    const table = screen.getByTestId('alertsTable');
    expect(table.textContent).not.toContain('No alerts match');
    expect(table.textContent).toContain('The alerts could not be loaded');
    expect(screen.getByTestId('alertsTotal').textContent).toBe('Alerts not loaded');

    down = false;
    fireEvent.click(within(screen.getByTestId('buffalogsPageError')).getByRole('button'));
    await screen.findAllByTestId('alertsTableRow');
    down = true;
    fireEvent.change(screen.getByTestId('alertsFilterStatus'), { target: { value: 'closed' } });
    await waitFor(() => expect(calls.at(-1)!.query).toMatchObject({ status: ['closed'] }));
    await screen.findByTestId('buffalogsPageError');
    expect(screen.queryAllByTestId('alertsTableRow')).toHaveLength(0);
    expect(screen.getByTestId('alertsTotal').textContent).toBe('Alerts not loaded');
  });

  it('bulk triage sends the selected ids', async () => {
    const { calls, toasts } = await mountApp('/alerts', routes);
    const rows = await screen.findAllByTestId('alertsTableRow');
    expect(rows).toHaveLength(2);
    for (const row of rows) fireEvent.click(within(row).getByRole('checkbox'));
    fireEvent.click(screen.getByTestId('alertsBulkTriageButton'));
    fireEvent.change(await screen.findByTestId('alertsBulkTriageStatus'), { target: { value: 'closed' } });
    await act(async () => fireEvent.click(screen.getByTestId('alertsBulkTriageApply')));
    const triage = calls.find((c) => c.method === 'POST')!;
    expect(triage.body).toEqual({ ids: ['a1', 'a2'], status: 'closed' });
    expect(toasts.addSuccess).toHaveBeenCalled();
  });

  it('the flyout explains a travel with its numbers and marks it safe', async () => {
    const { calls } = await mountApp('/alerts/a1', {
      ...routes,
      [`GET /api/buffalogs/alerts/a1`]: () => f.alertDetail,
      [`POST /api/buffalogs/alerts/a1/_mark_safe`]: () => ({
        alert_id: 'a1',
        user: 'alice',
        learned: { country: 'IT', ip: '203.0.113.7' },
        status: 'false_positive',
        retries: 0,
        triage: { updated_by: 'me', updated_at: 'now' },
      }),
    });
    const evidence = await screen.findByTestId('alertEvidence');
    expect(evidence.textContent).toContain('6,480 km/h');
    expect(evidence.textContent).toContain('threshold 900 km/h');
    expect(evidence.textContent).toContain('198.51.100.4');
    expect(evidence.textContent).toContain('AS3269');
    expect(screen.getByTestId('alertTravelMap').querySelectorAll('[data-test-subj="mapTravelArc"]')).toHaveLength(1);
    // The figure's caption for a screen reader: one journey is "1 travel", not "1 travels".
    expect(screen.getByTestId('alertTravelMap').querySelector('figcaption')!.textContent).toMatch(/ 1 travel: /);
    // The trigger's row says so once the logins have loaded (the table's caption also says "…around this alert": the
    // marker itself is awaited, or the assertion raced the load and could match either).
    expect(await within(screen.getByTestId('alertSurroundingLogins')).findByText(/\(this alert\)/)).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByTestId('alertMarkSafeButton')));
    expect(calls.some((c) => c.path === '/api/buffalogs/alerts/a1/_mark_safe')).toBe(true);
    expect((await screen.findByTestId('alertMarkSafeResult')).textContent).toContain('country IT');
  });

  it.each([
    ['no buffalogs object', ({ buffalogs: _b, ...rest }: typeof f.travelAlert) => rest],
    ['no evidence', (a: typeof f.travelAlert) => ({ ...a, buffalogs: { ...a.buffalogs, evidence: undefined } })],
  ])('the flyout of a stored alert with %s says so and shows its logins', async (_title, change) => {
    // Another writer's document (the detail route answers it without evidence): the flyout read buffalogs.severity,
    // the family and the evidence of nothing and threw while rendering.
    await mountApp('/alerts/a1', {
      ...routes,
      [`GET /api/buffalogs/alerts/a1`]: () => ({
        ...f.alertDetail,
        alert: change(f.travelAlert),
        evidence: undefined,
        logins: [],
        logins_source: 'none',
        logins_note: 'The alert has no trigger: no logins to show',
      }),
    });
    expect((await screen.findByTestId('alertNoEvidence')).textContent).toContain('no evidence');
    expect(screen.getByTestId('alertSurroundingLogins').textContent).toContain('no trigger');
    expect(screen.queryByTestId('alertEvidence')).toBeNull();
  });

  it('the flyout reads an @timestamp of epoch-millisecond text as the server does, with or without evidence', async () => {
    // Elasticsearch takes "1733000000000" for a date and the server reads it; the flyout said "Invalid date".
    const alert = { ...f.travelAlert, '@timestamp': '1733000000000' };
    await mountApp('/alerts/a1', {
      ...routes,
      [`GET /api/buffalogs/alerts/a1`]: () => ({ ...f.alertDetail, alert }),
    });
    expect(await within(await screen.findByTestId('alertFlyout')).findByText('2024-11-30 20:53:20')).toBeTruthy();
    document.body.innerHTML = '';
    const { buffalogs: _b, ...other } = alert;
    await mountApp('/alerts/a1', {
      ...routes,
      [`GET /api/buffalogs/alerts/a1`]: () => ({ ...f.alertDetail, alert: other, evidence: undefined }),
    });
    expect((await screen.findByTestId('alertNoEvidence')).textContent).toContain('(2024-11-30 20:53:20)');
  });

  it("the flyout of a verdict explains its score signal by signal, with the travel signal's journey on the map", async () => {
    const travel = f.travelAlert.buffalogs.evidence as TravelEvidence;
    const evidence: VerdictEvidence = {
      kind: 'verdict',
      score: 95,
      threshold: 60,
      why: 'impossible travel, new device and new country in one login: a takeover pattern',
      signals: [
        {
          id: 'impossible_travel',
          weight: 50,
          base_weight: 50,
          reason: '6480 km in 60 min = 6480 km/h',
          evidence: travel,
        },
        {
          id: 'new_device',
          weight: 25,
          base_weight: 25,
          reason: 'new device Firefox 131 on Linux, desktop (2 known)',
          evidence: {
            kind: 'novelty',
            field: 'device',
            value: 'Firefox 131 on Linux, desktop',
            known: [],
            known_count: 2,
          },
        },
      ],
    };
    const alert = {
      ...f.travelAlert,
      rule: { ...f.travelAlert.rule, id: 'suspicious_login' as const },
      buffalogs: { ...f.travelAlert.buffalogs, evidence },
    };
    await mountApp('/alerts/a1', {
      [`GET ${API_PATHS.alerts}`]: () => f.alertsPage,
      [`GET /api/buffalogs/alerts/a1`]: () => ({ ...f.alertDetail, alert, evidence }),
    });
    const shown = (await screen.findByTestId('alertEvidence')).textContent;
    expect(shown).toContain(evidence.why);
    expect(shown).toContain('95 (alerting threshold 60)');
    // The "why this score" table: each signal's row with its points.
    expect(shown).toMatch(/Impossible travel[^\w+]*\+50/);
    expect(shown).toMatch(/New device[^\w+]*\+25/);
    expect(screen.getByTestId('alertTravelMap').querySelectorAll('[data-test-subj="mapTravelArc"]')).toHaveLength(1);
  });
});

describe('users', () => {
  it('lists users and opens a user page with timeline, alerts and risk chart', async () => {
    await mountApp('/users/alice', { [`GET /api/buffalogs/users/alice`]: () => f.userDetail });
    const timeline = await screen.findByTestId('userLoginTimeline');
    expect(within(timeline).getAllByText('198.51.100.4').length).toBeGreaterThan(0);
    expect(within(screen.getByTestId('userAlertsTable')).getByText('Impossible travel')).toBeTruthy();
    expect(screen.getByTestId('userRiskChart').querySelector('.echChart')).toBeTruthy();
  });

  it('counts what the user is known by in words, a count of one in the singular', async () => {
    const one = { ...f.userDetail, user: { ...f.userDetail.user, countries: 1, devices: 1, ips: 1 } };
    await mountApp('/users/alice', { [`GET /api/buffalogs/users/alice`]: () => one });
    await screen.findByTestId('userLoginTimeline');
    expect(screen.getByText('1 country, 1 device, 1 IP')).toBeTruthy();
    document.body.innerHTML = '';
    await mountApp('/users/alice', { [`GET /api/buffalogs/users/alice`]: () => f.userDetail });
    await screen.findByTestId('userLoginTimeline');
    expect(screen.getByText('3 countries, 2 devices, 5 IPs')).toBeTruthy();
  });

  it("shows the user's observations: time, score against the threshold, signals with their points, and why", async () => {
    // Issue 12: observations "on the user's page" — stored, but shown nowhere before.
    const { calls } = await mountApp('/users/alice', {
      [`GET /api/buffalogs/users/alice`]: () => f.userDetail,
      [`GET /api/buffalogs/users/alice/observations`]: () => ({
        items: [ff.newDeviceObservation, ff.vpnObservation],
        total: 7,
        total_relation: 'eq',
      }),
    });
    const panel = await screen.findByTestId('userObservations');
    const rows = await within(panel).findAllByTestId('observationRow');
    expect(rows).toHaveLength(2);
    expect(within(panel).getByRole('heading', { name: 'Observations' })).toBeTruthy();
    expect(panel.textContent).toContain('below the alerting threshold');
    expect(panel.textContent).toContain('not alerts');
    expect(panel.textContent).toContain('7 in all.');
    // A table with a caption, as every table of the app.
    await waitFor(() => expect(panel.querySelector('caption')?.textContent).toContain('Observations of alice'));
    const [first, second] = rows;
    expect(first.textContent).toContain(formatTime(ff.newDeviceObservation['@timestamp']));
    expect(within(first).getByTestId('observationScore').textContent).toBe('25 / 50');
    expect(within(first).getByTestId('observationScore').title).toBe('Score 25, below the alerting threshold 50');
    // The signals as the alerts list's rows show a verdict's: labelled badges with their points, the reason in the title.
    const badge = within(within(first).getByTestId('observationSignals')).getByText('New device +25');
    expect(badge.closest('[title]')?.getAttribute('title')).toBe('This device is not among the 3 devices of the user.');
    expect(within(first).getByTestId('observationWhy').textContent).toBe(ff.newDeviceObservation.why);
    expect(within(second).getByTestId('observationSignals').textContent).toBe('New country +20New network +15');
    expect(within(second).getByTestId('observationScore').textContent).toBe('35 / 50');
    expect(calls.find((c) => c.path === '/api/buffalogs/users/alice/observations')?.query).toEqual({
      page: 1,
      size: 20,
    });
  });

  it('a user with no observations says so; a failed load says it failed, not "none"', async () => {
    await mountApp('/users/alice', {
      [`GET /api/buffalogs/users/alice`]: () => f.userDetail,
      [`GET /api/buffalogs/users/alice/observations`]: () => ({ items: [], total: 0, total_relation: 'eq' }),
    });
    const panel = await screen.findByTestId('userObservations');
    await waitFor(() => expect(panel.textContent).toContain('No observations for this user.'));
    document.body.innerHTML = '';
    await mountApp('/users/alice', {
      [`GET /api/buffalogs/users/alice`]: () => f.userDetail,
      [`GET /api/buffalogs/users/alice/observations`]: () => {
        throw httpError(503, 'Elasticsearch is unavailable: Request timed out');
      },
    });
    const failed = await screen.findByTestId('userObservations');
    await waitFor(() => expect(failed.textContent).toContain('Could not load the observations'));
    expect(failed.textContent).toContain('Request timed out');
    expect(failed.textContent).not.toContain('No observations for this user.');
  });

  it("score model: the risk, an open takeover pattern, and the chart's description from the alerts' points and now", async () => {
    const detail = {
      ...f.userDetail,
      user: {
        ...f.userDetail.user,
        risk_level: 'high',
        risk_score: 88,
        risk_model: 'alert_scores',
        risk_takeover: true,
      },
      risk_history: [
        { timestamp: '2024-05-03T06:00:00.000Z', level: 'high', score: 95, alert_id: 'a1', point: 'alert' },
        { timestamp: '2024-05-06T18:00:00.000Z', level: 'medium', score: 67, alert_id: '', point: 'decay' },
        { timestamp: '2024-05-07T06:00:00.000Z', level: 'high', score: 88, alert_id: '', point: 'now' },
      ],
    };
    await mountApp('/users/alice', { [`GET /api/buffalogs/users/alice`]: () => detail });
    expect((await screen.findByTestId('userRisk')).textContent).toBe('High (88)Takeover pattern on an open alert');
    const description = riskChartDescription(detail.risk_history as UserDetailResponse['risk_history']);
    expect(description).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d: High \(95\), [\d-]+ [\d:]+ \(now\): High \(88\)$/);
  });

  it('reads an @timestamp of epoch-millisecond text as the server does, in the alerts and the risk chart', async () => {
    // Elasticsearch takes "1733000000000" for a date and the count model's history passes the alerts' own: the chart's
    // description read "Invalid date" and its points had no time.
    const at = '1733000000000';
    const detail = {
      ...f.userDetail,
      alerts: [{ ...f.travelAlert, '@timestamp': at }],
      risk_history: [{ timestamp: at, level: 'high', score: 8, alert_id: 'a1' }],
    } as UserDetailResponse;
    await mountApp('/users/alice', { [`GET /api/buffalogs/users/alice`]: () => detail });
    const alerts = await screen.findByTestId('userAlertsTable');
    expect(within(alerts).getByText('2024-11-30 20:53:20')).toBeTruthy();
    expect(riskChartDescription(detail.risk_history)).toBe('2024-11-30 20:53:20: High (8)');
    expect(riskChartRows(detail.risk_history).map((r) => r.time)).toEqual([1733000000000]);
  });

  it('shows each known device whole: two fingerprints that differ only at their end are not both cut to one prefix', async () => {
    // At the page's usual width, "windows-10-desktop-chrome" and "windows-10-desktop-edge" were both "windows-10-des…".
    const seen = { first_seen: '2024-04-01T00:00:00.000Z', last_seen: '2024-05-03T05:00:00.000Z', count: 3 };
    const devices = ['windows-10-desktop-chrome', 'windows-10-desktop-edge'].map((value) => ({ value, ...seen }));
    const detail = { ...f.userDetail, profile: { ...f.userDetail.profile, devices } };
    await mountApp('/users/alice', { [`GET /api/buffalogs/users/alice`]: () => detail });
    const timeline = await screen.findByTestId('userLoginTimeline');
    for (const { value } of devices) {
      const content = within(timeline).getByText(value).closest('.euiTableCellContent');
      expect(content?.className).not.toMatch(/truncateText/);
    }
    // Each in words first: "windows-10-desktop-chrome" told an analyst less than the browser and the system.
    expect(within(timeline).getByText('Chrome on Windows 10, desktop')).toBeTruthy();
    expect(within(timeline).getByText('Edge on Windows 10, desktop')).toBeTruthy();
  });

  it('recent logins show a Device column only when the profile remembered a device for them', async () => {
    // The default profile's remembered logins carry no device: the column was all dashes on every user page of the demo.
    const recentLogins = async (logins: UserDetailResponse['recent_logins']) => {
      document.body.innerHTML = '';
      await mountApp('/users/alice', {
        [`GET /api/buffalogs/users/alice`]: () => ({ ...f.userDetail, recent_logins: logins }),
      });
      const timeline = await screen.findByTestId('userLoginTimeline');
      return within(timeline)
        .getByRole('heading', { name: 'Recent logins' })
        .closest('.euiPanel')!
        .querySelector('table')!;
    };
    const bare = await recentLogins(f.userDetail.recent_logins);
    expect(within(bare).queryByText('Device')).toBeNull();
    expect(within(bare).getAllByText('IP').length).toBeGreaterThan(0);
    const fingerprinted = f.userDetail.recent_logins.map((l) => ({ ...l, device: 'windows-10-desktop-chrome' }));
    const withDevice = await recentLogins(fingerprinted);
    expect(within(withDevice).getAllByText('Device').length).toBeGreaterThan(0);
    expect(within(withDevice).getAllByText('Chrome on Windows 10, desktop').length).toBeGreaterThan(0);
  });

  it('Elasticsearch down: the users list shows the error, not "No users match."', async () => {
    await mountApp('/users', {
      [`GET ${API_PATHS.users}`]: () => {
        throw httpError(503, 'Elasticsearch is unavailable: Request timed out');
      },
    });
    expect((await screen.findByTestId('buffalogsPageError')).textContent).toContain('Request timed out');
    const table = screen.getByTestId('usersTable');
    expect(table.textContent).not.toContain('No users match');
    expect(table.textContent).toContain('The users could not be loaded');
  });

  it('an unknown user is a clear error', async () => {
    await mountApp('/users/nobody', {
      [`GET /api/buffalogs/users/nobody`]: () => {
        throw httpError(404, 'Not Found');
      },
    });
    expect((await screen.findByTestId('buffalogsPageError')).textContent).toContain('no user named “nobody”');
  });
});

describe('settings', () => {
  const routes = {
    [`GET ${API_PATHS.settings}`]: () => f.settings,
    [`GET ${API_PATHS.settingsHistory}`]: () => f.settingsHistory,
    [`GET ${API_PATHS.notifiers}`]: () => ({ channels: [] }),
    [`GET ${API_PATHS.notifierDeliveries}`]: () => ({ deliveries: [] }),
  };

  it('refuses invalid values in the browser, naming the field', async () => {
    const { calls } = await mountApp('/settings', routes);
    fireEvent.change(await screen.findByTestId('settingsField-risk.highAt'), { target: { value: '2' } });
    fireEvent.change(screen.getByTestId('settingsField-impossibleTravel.trustedCidrs'), {
      target: { value: '10.0.0.0/33' },
    });
    await act(async () => fireEvent.click(screen.getByTestId('settingsSaveButton')));
    expect(screen.getByTestId('settingsInvalid')).toBeTruthy();
    expect(screen.getByText('Must be greater than “medium at”')).toBeTruthy();
    expect(screen.getByTestId('settingsForm').textContent).toMatch(/10\.0\.0\.0\/33/);
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('saves changed values with the stored overrides and the version read; a 409 is shown as a conflict', async () => {
    const { calls } = await mountApp('/settings', {
      ...routes,
      [`PUT ${API_PATHS.settings}`]: () => {
        throw httpError(409, 'settings changed: expected version 3, found 4');
      },
    });
    expect(
      await within(await screen.findByTestId('settingsHistory')).findByText('impossibleTravel.maxSpeedKmh'),
    ).toBeTruthy();
    fireEvent.change(await screen.findByTestId('settingsField-atypicalCountry.days'), { target: { value: '45' } });
    await act(async () => fireEvent.click(screen.getByTestId('settingsSaveButton')));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.body).toEqual({
      profile: 'default',
      overrides: { impossibleTravel: { maxSpeedKmh: 1000 }, atypicalCountry: { days: 45 } },
      expected_version: 3,
    });
    expect((await screen.findByTestId('settingsConflict')).textContent).toContain('changed since you opened');
  });
  it('a save the server finds changed nothing (the same version back) says so, not "saved"', async () => {
    const { toasts } = await mountApp('/settings', { ...routes, [`PUT ${API_PATHS.settings}`]: () => f.settings });
    await screen.findByTestId('settingsField-atypicalCountry.days');
    await act(async () => fireEvent.click(screen.getByTestId('settingsSaveButton')));
    await waitFor(() => expect(toasts.addSuccess).toHaveBeenCalled());
    expect(toasts.addSuccess.mock.calls[0][0]).toBe('Nothing changed: the settings stay at version 3');
  });
});

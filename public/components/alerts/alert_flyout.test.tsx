import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { API_PATHS, type AlertDetailResponse, type AlertItem } from '../../../common/api';
import * as f from '../../test_support/fixtures';
import * as ff from '../../test_support/family_fixtures';
import { malformedAlerts } from '../../test_support/malformed_alerts';
import { formatTime } from '../shared/format';
import { mountApp, silenceLegacyRootWarnings } from '../../test_support/mount_app';

// Mounting the whole app on a shared 2-core machine can take seconds per test.
jest.setTimeout(30_000);

let consoleError: jest.SpyInstance;
beforeEach(() => (consoleError = silenceLegacyRootWarnings()));
afterEach(() => {
  consoleError.mockRestore();
  document.body.innerHTML = '';
});

const stored = (doc: unknown) => doc as AlertItem;

/** What the detail route answers for a stored document: the alert as stored, its evidence if any, no logins. */
const detailOf = (alert: AlertItem): AlertDetailResponse => ({
  alert,
  evidence: (alert.buffalogs as { evidence?: unknown } | null | undefined)?.evidence as AlertDetailResponse['evidence'],
  logins: [],
  logins_source: 'none',
  logins_note: 'The alert has no trigger: no logins to show',
  window_hours: 24,
});

/** Mounts the alert list with the flyout of `alert` open; resolves once the flyout shows the loaded alert. */
async function openFlyout(alert: AlertItem) {
  await mountApp(`/alerts/${encodeURIComponent(alert.id)}`, {
    [`GET ${API_PATHS.alerts}`]: () => ({ items: [alert], total: 1, total_relation: 'eq', page: 1, size: 25 }),
    [`GET /api/buffalogs/alerts/${alert.id}`]: () => detailOf(alert),
    [`GET ${API_PATHS.settings}`]: () => f.settings,
  });
  await screen.findByTestId('alertSurroundingLogins');
  return screen.getByTestId('alertFlyout');
}

/** Stored evidence of a known kind, each missing its numbers, lists or nested objects, or holding another type. */
const malformedEvidence: AlertItem[] = [
  stored({
    ...ff.webAlert,
    id: 'unknown-family',
    rule: undefined,
    message: 42,
    buffalogs: { ...ff.webAlert.buffalogs, family: 'phishing', evidence: { kind: 'lure', clicks: 3 } },
  }),
  stored({
    ...f.travelAlert,
    id: 'travel-broken',
    buffalogs: {
      ...f.travelAlert.buffalogs,
      user_risk: { level: 'extreme', score: '9' },
      source_user: 'alice@corp',
      tags: 'a,b',
      note: { text: 'n' },
      status: 'pending',
      evidence: { kind: 'travel', from: null, to: { ip: 7, location: 'Milan', timestamp: 5 }, distance_km: 'far' },
    },
  }),
  stored({
    ...ff.verdictAlert,
    id: 'verdict-broken-signals',
    buffalogs: {
      ...ff.verdictAlert.buffalogs,
      evidence: {
        kind: 'verdict',
        score: 80,
        threshold: '50',
        why: ['two', 'reasons'],
        signals: [
          { id: 'impossible_travel', weight: 50, base_weight: 50, reason: 'fast', evidence: { kind: 'travel' } },
          { id: 'stolen_session', weight: 20, evidence: { kind: 'session', from: 'x' } },
          { id: 'unusual_for_user', weight: '10', context: 'odd', evidence: { kind: 'habits', features: 'x' } },
          { id: 'new_device', weight: 5, evidence: null },
        ],
      },
    },
  }),
  stored({
    ...ff.verdictAlert,
    id: 'habits-broken-features',
    buffalogs: {
      ...ff.verdictAlert.buffalogs,
      evidence: {
        ...ff.verdictEvidence,
        signals: [
          {
            id: 'unusual_for_user',
            weight: 10,
            base_weight: 10,
            reason: 'unusual',
            evidence: { kind: 'habits', score: 0.9, features: [null, { feature: 'planet', usual: 'x', p: 0 }] },
          },
        ],
      },
    },
  }),
  stored({
    ...f.noveltyAlert,
    id: 'novelty-broken',
    buffalogs: { ...f.noveltyAlert.buffalogs, evidence: { kind: 'novelty', known: 'DE' } },
  }),
  stored({
    ...f.noveltyAlert,
    id: 'anonymous-broken',
    buffalogs: { ...f.noveltyAlert.buffalogs, evidence: { kind: 'anonymous_ip', matched: 5 } },
  }),
  stored({
    ...f.noveltyAlert,
    id: 'risk-broken',
    buffalogs: { ...f.noveltyAlert.buffalogs, evidence: { kind: 'risk', level: 'huge' } },
  }),
  stored({
    ...ff.compromisedAlert,
    id: 'compromised-broken',
    buffalogs: {
      ...ff.compromisedAlert.buffalogs,
      evidence: { kind: 'compromised_account', user: 5, attack: 'spray' },
    },
  }),
  stored({
    ...ff.bruteForceAlert,
    id: 'account-attack-broken',
    rule: { id: 3 },
    buffalogs: { ...ff.bruteForceAlert.buffalogs, evidence: { kind: 'account_attack', topAddresses: 'x', user: [] } },
  }),
  stored({
    ...ff.sequenceAlert,
    id: 'sequence-broken',
    buffalogs: {
      ...ff.sequenceAlert.buffalogs,
      evidence: { kind: 'sequence', rule: 'r', events: [null, { role: 3 }] },
    },
  }),
  stored({
    ...ff.webAlert,
    id: 'web-broken',
    rule: null,
    source: { ip: 5 },
    buffalogs: { ...ff.webAlert.buffalogs, evidence: { kind: 'web_scanning', not_found: { n: 1 } } },
  }),
];

const GARBAGE = /\bundefined\b|\bnull\b|\bNaN\b|\[object|Invalid date|Infinity/;

/** What each flyout says of what it could not read. */
const SHOWN: Record<string, string> = {
  'no-buffalogs': 'New device: dave',
  'no-rule': 'Alert: alice',
  'signals-not-a-list': 'Score — of 100 = 0; alerting threshold 50: whether at or above it is unknown.',
  'odd-signals': 'Score — of 100 = 25;',
  'wrong-types': 'Alert: —',
  nulls: 'Alert: —',
  'spray-no-numbers': 'Password spray from —: — users failed in — min (within a —-min window), —% of attempts failed.',
  'mfa-no-numbers': '— approved an MFA prompt — min after the first of — denied and — unanswered prompts.',
  'unknown-family': 'Evidence of a detection family this version does not know.Clicks3',
  'travel-broken': 'Two logins — km apart within —: — km/h',
  'verdict-broken-signals': 'Score 80 of 100 = 50 + 20 + — + 5; alerting threshold —',
  'habits-broken-features': 'planet↦—↦— of — logins↦–↦— % (1 in —) → +—',
  'novelty-broken': "is not among the user's 0 known — values.",
  'anonymous-broken': '(— matched “—”)',
  'risk-broken': "The user's risk rose from unknown to unknown (score —)",
  'compromised-broken': 'An account logged in during an attack',
  'account-attack-broken': 'An attack on —: — failed logins in — min from — addresses.',
  'sequence-broken': 'Rule — (version —): — of — — within —; — matching events.',
  'web-broken': 'A web detector from an address.',
};

describe('alert flyout', () => {
  it.each([...malformedAlerts, ...malformedEvidence].map((a) => [a.id, a] as const))(
    'renders every part of stored alert %s, a dash or "unknown" where a field is missing or of the wrong type',
    async (id, alert) => {
      // Such a document (no `buffalogs`, no `rule`, a string score…) threw while the flyout rendered: a blank page.
      const flyout = await openFlyout(alert);
      expect(flyout.textContent).not.toMatch(GARBAGE);
      expect(flyout.textContent).toContain(SHOWN[id]);
    },
  );

  it('heads a document without buffalogs with what it has: the rule, the user, the time', async () => {
    const flyout = await openFlyout(malformedAlerts[0]);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('New device: dave');
    const header = within(flyout).getByTestId('alertFlyoutHeader');
    expect(header.textContent).toContain('2024-05-03 07:00:00');
    expect(within(header).getByText('dave').closest('a')).toBeTruthy();
    expect(screen.getByTestId('alertNoEvidence').textContent).toContain('(2024-05-03 07:00:00)');
  });

  it('heads a document of wrong types with dashes', async () => {
    await openFlyout(malformedAlerts[4]);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Alert: —');
    expect(screen.getByTestId('alertNoEvidence').textContent).toContain('(—)');
  });

  it.each([
    ['ISO text', '2024-03-01T09:00:00.000Z'],
    ['epoch milliseconds', Date.parse('2024-03-01T09:00:00.000Z')],
    ['epoch-millisecond text', String(Date.parse('2024-03-01T09:00:00.000Z'))],
  ])("an atypical country's last login stored as %s is shown as that time", async (_form, lastSeen) => {
    // A last_seen stored as a number (the alerts index's date field takes it) was read as no text: the flyout said
    // the country was not among the known ones and left out when the user was last there.
    const alert = stored({
      ...f.noveltyAlert,
      id: 'atypical',
      rule: { id: 'atypical_country', name: 'Atypical country', description: '…', ruleset: 'buffalogs' },
      buffalogs: {
        ...f.noveltyAlert.buffalogs,
        evidence: {
          kind: 'novelty',
          field: 'country',
          value: 'BR',
          known: ['BR', 'DE'],
          known_count: 2,
          last_seen: lastSeen,
          days_since_last_seen: 63,
          threshold_days: 30,
        },
      },
    });
    await openFlyout(alert);
    const evidence = screen.getByTestId('alertEvidence').textContent;
    expect(evidence).toContain('“BR” had not been used for 63 days.');
    expect(evidence).toContain(`${formatTime('2024-03-01T09:00:00.000Z')} (63 days ago; atypical after 30 days)`);
  });

  it("leaves out a sequence's evidence entries that are no object, and says how many", async () => {
    // A null, a string or a number in the list (a hand-written or another writer's alert) was a row of dashes each.
    const [matched] = (ff.sequenceAlert.buffalogs.evidence as unknown as { events: unknown[] }).events;
    const alert = stored({
      ...ff.sequenceAlert,
      id: 'sequence-odd-entries',
      buffalogs: {
        ...ff.sequenceAlert.buffalogs,
        evidence: { ...ff.sequenceAlert.buffalogs.evidence, events: [null, 'login', matched, 7] },
      },
    });
    await openFlyout(alert);
    const evidence = screen.getByTestId('alertEvidence').textContent;
    expect(evidence).toContain('mfa reset (user.mfa.factor.reset_all)');
    expect(evidence).toContain('3 malformed entries omitted');
    expect(evidence).not.toContain('— — —');
    expect(evidence).not.toContain('— (—)');
  });

  it("leaves out the habit model's features that are no object", async () => {
    // The null feature of this document was a row of dashes beside the one real feature.
    await openFlyout(malformedEvidence.find((a) => a.id === 'habits-broken-features')!);
    const rows = screen.getAllByTestId('verdictHabitRow');
    expect(rows.map((r) => r.textContent?.startsWith('planet'))).toEqual([true]);
  });

  it('a stored status of no known value selects none, and saving the triage keeps it', async () => {
    const alert = malformedEvidence.find((a) => a.id === 'travel-broken')!;
    const { calls } = await mountApp(`/alerts/${alert.id}`, {
      [`GET ${API_PATHS.alerts}`]: () => ({ items: [alert], total: 1, total_relation: 'eq', page: 1, size: 25 }),
      [`GET /api/buffalogs/alerts/${alert.id}`]: () => detailOf(alert),
      [`POST ${API_PATHS.triage}`]: () => ({ updated: [alert.id], not_found: [], failed: [] }),
    });
    const select = (await screen.findByTestId('alertTriageStatusSelect')) as HTMLSelectElement;
    expect(select.value).toBe('');
    expect((screen.getByTestId('alertTriageTags') as HTMLInputElement).value).toBe('');
    await act(async () => fireEvent.click(screen.getByTestId('alertTriageSaveButton')));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ ids: [alert.id], tags: [], note: '' });
  });
});

describe("the flyout's events around the alert", () => {
  /** Two events of the alert's window, as the detail route reads them from the trigger's index. */
  const around = (alert: AlertItem): AlertDetailResponse => ({
    ...detailOf(alert),
    logins_source: 'events',
    logins_note: undefined,
    logins: [
      { timestamp: '2024-05-03T08:59:00.000Z', ip: '203.0.113.50', user: 'amy', outcome: 'failure' },
      { timestamp: '2024-05-03T09:00:00.000Z', ip: '203.0.113.50', user: 'ben', outcome: 'failure', is_trigger: true },
    ],
  });

  async function open(alert: AlertItem) {
    await mountApp(`/alerts/${encodeURIComponent(alert.id)}`, {
      [`GET ${API_PATHS.alerts}`]: () => ({ items: [alert], total: 1, total_relation: 'eq', page: 1, size: 25 }),
      [`GET /api/buffalogs/alerts/${alert.id}`]: () => around(alert),
      [`GET ${API_PATHS.settings}`]: () => f.settings,
    });
    return within(await screen.findByTestId('alertSurroundingLogins'));
  }

  it.each([
    ['a password spray', ff.sprayAlert],
    ['a web scan', ff.webAlert],
  ])("of %s (keyed by an address, naming no user) are the address's events of every account", async (_, alert) => {
    // The section said "The user's logins around this alert" of an alert that names no user: the rows are every
    // account's events from the address, failures included.
    const section = await open(alert);
    const address = (alert.buffalogs.entity as { value: string }).value;
    expect(screen.getByRole('heading', { name: `Events from ${address} around it` })).toBeTruthy();
    expect(screen.queryByText(/logins around/i)).toBeNull();
    // The table's caption, for a screen reader: EuiBasicTable renders it in EuiDelayRender (500 ms), hence findBy.
    expect(
      await section.findByText(`Events from ${address} around this alert, of every account`, {}, { timeout: 3000 }),
    ).toBeTruthy();
    // Whose each event was and how it ended, which the address's rows differ by; not the address on every row.
    expect(section.getByRole('columnheader', { name: 'Account' })).toBeTruthy();
    expect(section.getByRole('columnheader', { name: 'Outcome' })).toBeTruthy();
    expect(section.queryByRole('columnheader', { name: 'IP' })).toBeNull();
    expect(section.getByText('amy')).toBeTruthy();
    expect(section.getAllByText('failure')).toHaveLength(2);
  });

  it("of an alert about a user are the user's logins", async () => {
    const section = await open(ff.compromisedAlert);
    expect(screen.getByRole('heading', { name: 'Logins around it' })).toBeTruthy();
    expect(await section.findByText("The user's logins around this alert", {}, { timeout: 3000 })).toBeTruthy();
    expect(section.queryByRole('columnheader', { name: 'Account' })).toBeNull();
    expect(section.getByRole('columnheader', { name: 'IP' })).toBeTruthy();
  });
});

describe("the flyout's weaker signals before a login verdict (the user's observations)", () => {
  const observationsPath = `/api/buffalogs/users/alice/observations`;

  async function open(alert: AlertItem, observations: () => unknown) {
    const mounted = await mountApp(`/alerts/${encodeURIComponent(alert.id)}`, {
      [`GET ${API_PATHS.alerts}`]: () => ({ items: [alert], total: 1, total_relation: 'eq', page: 1, size: 25 }),
      [`GET /api/buffalogs/alerts/${alert.id}`]: () => detailOf(alert),
      [`GET ${API_PATHS.settings}`]: () => f.settings,
      [`GET ${observationsPath}`]: observations,
    });
    await screen.findByTestId('alertSurroundingLogins');
    return mounted;
  }

  it("shows the user's observations of the 24 h before the verdict: time, score, signals with points, why", async () => {
    // Issue 12: observations "in the alert's evidence" — e.g. a new device observed hours before the takeover.
    const { calls } = await open(ff.verdictAlert, () => ({
      items: [ff.newDeviceObservation, ff.vpnObservation],
      total: 2,
      total_relation: 'eq',
    }));
    const section = await screen.findByTestId('alertEarlierObservations');
    expect(within(section).getByRole('heading', { name: 'Weaker signals before it' })).toBeTruthy();
    expect(section.textContent).toContain('below the alerting threshold: observations, not alerts');
    const rows = within(section).getAllByTestId('observationRow');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain(formatTime(ff.newDeviceObservation['@timestamp']));
    expect(within(rows[0]).getByTestId('observationScore').textContent).toBe('25 / 50');
    expect(within(rows[0]).getByTestId('observationSignals').textContent).toBe('New device +25');
    expect(within(rows[0]).getByTestId('observationWhy').textContent).toBe(ff.newDeviceObservation.why);
    expect(within(rows[1]).getByTestId('observationSignals').textContent).toBe('New country +20New network +15');
    // The day before the alert's login, bounded.
    const asked = calls.find((c) => c.path === observationsPath)!.query;
    expect(asked).toEqual({ from: '2024-05-02T06:00:00.000Z', to: '2024-05-03T06:00:00.000Z', size: 10 });
    // After "Why it fired", before the triage.
    const flyout = screen.getByTestId('alertFlyout');
    const order = [...flyout.querySelectorAll('[data-test-subj]')].map((e) => e.getAttribute('data-test-subj'));
    expect(order.indexOf('alertEvidence')).toBeLessThan(order.indexOf('alertEarlierObservations'));
  });

  it('shows nothing when the user had none in that day', async () => {
    const { calls } = await open(ff.verdictAlert, () => ({ items: [], total: 0, total_relation: 'eq' }));
    await waitFor(() => expect(calls.some((c) => c.path === observationsPath)).toBe(true));
    await act(async () => {});
    expect(screen.queryByTestId('alertEarlierObservations')).toBeNull();
    expect(screen.queryByText('Weaker signals before it')).toBeNull();
    expect(screen.queryByTestId('alertEarlierObservationsError')).toBeNull();
  });

  it("is not asked for an alert that is not a login verdict (a detector's own alert, another family's)", async () => {
    for (const alert of [f.travelAlert, ff.sprayAlert]) {
      document.body.innerHTML = '';
      const { calls } = await open(alert, () => ({ items: [ff.newDeviceObservation], total: 1, total_relation: 'eq' }));
      await act(async () => {});
      expect(calls.some((c) => c.path.endsWith('/observations'))).toBe(false);
      expect(screen.queryByTestId('alertEarlierObservations')).toBeNull();
    }
  });
});

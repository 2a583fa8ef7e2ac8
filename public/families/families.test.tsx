import { fireEvent, screen, within } from '@testing-library/react';
import { API_PATHS, type AlertItem } from '../../common/api';
import * as ff from '../test_support/family_fixtures';
import { mountApp, silenceLegacyRootWarnings } from '../test_support/mount_app';
import { familyOf } from '.';
import { loginEvidenceItems } from './login/evidence';

// Mounting the whole app on a shared 2-core machine can take seconds per test.
jest.setTimeout(30_000);

let consoleError: jest.SpyInstance;
beforeEach(() => (consoleError = silenceLegacyRootWarnings()));
afterEach(() => {
  consoleError.mockRestore();
  document.body.innerHTML = '';
});

const list = {
  [`GET ${API_PATHS.alerts}`]: () => ({
    items: ff.familyAlerts,
    total: ff.familyAlerts.length,
    total_relation: 'eq',
    page: 1,
    size: 25,
  }),
};

async function openFlyout(alert: (typeof ff.familyAlerts)[number]) {
  await mountApp(`/alerts/${alert.id}`, {
    ...list,
    [`GET /api/buffalogs/alerts/${alert.id}`]: () => ff.detailOf(alert),
  });
  return screen.findByTestId('alertEvidence');
}

describe('family views', () => {
  it('an alert without buffalogs.family is a login alert', () => {
    const { family: _, ...old } = ff.verdictAlert.buffalogs;
    expect(familyOf({ ...ff.verdictAlert, buffalogs: old })).toBe('login');
    expect(familyOf(ff.sprayAlert)).toBe('credential');
  });

  it("the alert list names every family's detector and shows its facts as badges", async () => {
    await mountApp('/alerts', list);
    const rows = await screen.findAllByTestId('alertsTableRow');
    expect(rows).toHaveLength(ff.familyAlerts.length);
    const text = rows.map((r) => r.textContent);
    // The verdict's signals with their points (its score is the Score column's).
    expect(text[0]).toContain('Suspicious login');
    expect(within(rows[0]).getByText('New country +30')).toBeTruthy();
    expect(within(rows[0]).getByText('Rare network +15')).toBeTruthy();
    expect(text[1]).toContain('Password spray');
    expect(text[1]).toContain('24 users');
    expect(text[1]).toContain('100% failed');
    // An address-keyed alert names its address where a user would be.
    expect(text[1]).toContain('203.0.113.50');
    expect(text[2]).toContain('Password spray: account compromised');
    expect(text[3]).toContain('Distributed brute force');
    expect(text[3]).toContain('12 addresses');
    expect(text[4]).toContain('MFA fatigue');
    expect(text[4]).toContain('7 prompts refused');
    expect(text[5]).toContain('MFA reset then login');
    expect(text[6]).toContain('Web endpoint scanning');
    // An analysis flag: the flag's name, its analysis and the record's score.
    expect(text[7]).toContain('txt_query_payload');
    expect(within(rows[7]).getByText('dns-hunt')).toBeTruthy();
    expect(within(rows[7]).getByText('score 9.5')).toBeTruthy();
  });

  it("an analysis flag's flyout says which analysis and flag, the score, what sets the record apart, its values", async () => {
    const evidence = await openFlyout(ff.analysisAlert);
    const text = evidence.textContent!;
    expect(text).toContain('txt_query_payload (high): TXT lookups carrying encoded data');
    expect(text).toContain('9.5 in cluster 2 (about 1 is the edge of a normal cluster)');
    expect(within(evidence).getByTestId('analysisAlertWhy').firstChild!.textContent).toBe(
      'distance 0.95 to cluster 0 ÷ its spread 0.1',
    );
    expect(
      within(evidence)
        .getAllByTestId('analysisAlertWhyFeature')
        .map((r) => r.textContent),
    ).toEqual(['hostname_entropy 4.6, usual 2.5: 62 %', 'query_type TXT, usual A: 38 %']);
    expect(text).toContain('beaconing_detector');
    expect(text).toContain('aGVsbG8.x.example.net');
    // Its analysis is one click away: the link opens the analysis's page and its report.
    const link = within(evidence).getByTestId('analysisAlertLink');
    expect(link.getAttribute('href')).toMatch(/\/analyses\/dns-hunt$/);
  });

  it('an analysis alert whose evidence lacks the reason (written before it) still shows its flag and values', async () => {
    const e = ff.analysisAlert.buffalogs.evidence as unknown as Record<string, unknown>;
    const { why: _why, ...older } = e;
    const evidence = await openFlyout({
      ...ff.analysisAlert,
      buffalogs: { ...ff.analysisAlert.buffalogs, evidence: older },
    } as unknown as typeof ff.analysisAlert);
    expect(within(evidence).queryByTestId('analysisAlertWhy')).toBeNull();
    expect(evidence.textContent).toContain('aGVsbG8.x.example.net');
  });

  it('"why it fired" says the why once: the stored message already ends with it (judge.ts), so no bold repeat', async () => {
    const stored = { ...ff.verdictAlert, message: `Suspicious login for alice: ${ff.verdictEvidence.why}` };
    const evidence = await openFlyout(stored);
    expect(evidence.textContent?.split(ff.verdictEvidence.why).length).toBe(2); // once
    expect(evidence.querySelector('strong')).toBeNull();
  });

  it('a message that does not say the why keeps it in bold', async () => {
    const evidence = await openFlyout(ff.verdictAlert);
    expect(evidence.querySelector('strong')?.textContent).toBe(ff.verdictEvidence.why);
  });

  it('the verdict flyout breaks the score down: each signal, its points, what lowered it, the threshold', async () => {
    const evidence = await openFlyout(ff.verdictAlert);
    expect(evidence.textContent).toContain(ff.verdictEvidence.why);
    const breakdown = screen.getByTestId('verdictBreakdown');
    expect(within(breakdown).getByRole('heading', { name: 'Why this score' })).toBeTruthy();
    expect(screen.getByTestId('verdictScoreLine').textContent).toBe(
      'Score 70 of 100 = 30 + 25 + 15; alerting threshold 50: at or above it, so an alert.',
    );
    const rows = screen.getAllByTestId('verdictSignalRow');
    expect(rows).toHaveLength(3);
    expect(rows[2].textContent).toContain('Rare network');
    expect(rows[2].textContent).toContain('+15 (of 20)');
    expect(rows[2].textContent).toContain('the GeoIP radius of the address is 200 km');
    expect(rows[0].textContent).toContain('nothing');
    // The device in words, not the fingerprint.
    expect(screen.getByTestId('verdictDevice').textContent).toBe('Device: Firefox 131 on Linux, desktop');
    expect(screen.getByTestId('alertFlyout').textContent).toContain('Suspicious login: alice');
  });

  it('a device signal names the new device and the known ones in words, beside the stored fingerprints', async () => {
    // The baselines keep only fingerprints, and so did the reasons of alerts written before the reasons named devices
    // in words ("new device linux-unknownosmajor-desktop-firefox"): the row still names the devices in words.
    const device = {
      id: 'new_device' as const,
      weight: 30,
      base_weight: 30,
      reason: 'new device linux-unknownosmajor-desktop-firefox (2 known)',
      evidence: {
        kind: 'novelty' as const,
        field: 'device_fingerprint',
        value: 'linux-unknownosmajor-desktop-firefox',
        known: ['windows-10-desktop-chrome', 'android-13-mobile-chromemobile'],
        known_count: 2,
      },
    };
    await openFlyout({
      ...ff.verdictAlert,
      buffalogs: { ...ff.verdictAlert.buffalogs, evidence: { ...ff.verdictEvidence, signals: [device] } },
    });
    const row = screen.getAllByTestId('verdictSignalRow')[0];
    expect(row.textContent).toContain(device.reason);
    expect(within(row).getByTestId('verdictSignalDevices').textContent).toBe(
      'Firefox on Linux, desktop — known: Chrome on Windows 10, desktop; Chrome Mobile on Android 13, mobile',
    );
  });

  it("BuffaLogs' new-device alert names the device and the known ones in words, each with its fingerprint", () => {
    const { summary, items } = loginEvidenceItems({
      kind: 'novelty',
      field: 'device_fingerprint',
      value: 'linux-unknownosmajor-desktop-firefox',
      known: ['windows-10-desktop-chrome'],
      known_count: 2,
    });
    expect(summary).toBe("“Firefox on Linux, desktop” is not among the user's 2 known devices.");
    expect(items).toEqual([
      { title: 'New device', description: 'Firefox on Linux, desktop (linux-unknownosmajor-desktop-firefox)' },
      {
        title: 'Known devices (2)',
        description: 'Chrome on Windows 10, desktop (windows-10-desktop-chrome) (and 1 more)',
      },
    ]);
  });

  it("the habit model's signal reads as a table: each feature, this login's value, its baseline, what it gave", async () => {
    const habits = {
      id: 'unusual_for_user' as const,
      weight: 12,
      base_weight: 15,
      reason: 'unusual for this user (0.8 of 1, from 212 recent logins): …',
      evidence: {
        kind: 'habits' as const,
        score: 0.8,
        threshold: 0.5,
        logins: 212,
        half_life_days: 30,
        features: [
          {
            feature: 'hour' as const,
            value: 'Sun 03:00 UTC',
            seen: 0,
            of: 212,
            p: 0.0022,
            bits: 8.8,
            unusual: 1,
            part: 0.2,
            usual: ['weekday 08h 90.2'],
          },
          {
            feature: 'country' as const,
            value: 'BR',
            seen: 0,
            of: 212,
            p: 0.0093,
            bits: 6.7,
            unusual: 1,
            part: 0.25,
            usual: ['IT 210'],
          },
        ],
      },
    };
    const alert = {
      ...ff.verdictAlert,
      id: 'v-habits',
      buffalogs: {
        ...ff.verdictAlert.buffalogs,
        evidence: { ...ff.verdictEvidence, signals: [...ff.verdictEvidence.signals, habits] },
      },
    } as typeof ff.verdictAlert;
    await openFlyout(alert);
    expect(screen.getByTestId('verdictHabitsLine').textContent).toBe(
      'Unusual for this user: 0.8 of 1 (counts from 0.5), against 212 recent logins (counts halve every 30 days).',
    );
    const rows = screen.getAllByTestId('verdictHabitRow');
    expect(rows[0].textContent).toContain('Hour (UTC)');
    expect(rows[0].textContent).toContain('Sun 03:00 UTC');
    expect(rows[0].textContent).toContain('0 of 212 logins (±1 h)');
    expect(rows[0].textContent).toContain('weekday 08h 90.2');
    expect(rows[1].textContent).toContain('100 % (1 in 108) → +0.25');
    expect(screen.getAllByTestId('verdictSignalRow')[3].textContent).toContain('Unusual for user');
  });

  it('a spray flyout gives the numbers of the attack: how long the failures took, then the rule window', async () => {
    const evidence = await openFlyout(ff.sprayAlert);
    // First failure 06:00, the alert 09:00: 180 min, within the rule's 360-min window (as the stored message says).
    expect(evidence.textContent).toContain(
      'Password spray from 203.0.113.50: 24 users failed in 180 min (within a 360-min window), 100% of attempts failed.',
    );
    expect(evidence.textContent).toContain('amy, ben, cleo');
    expect(evidence.textContent).toContain('24 / 0');
    // No user risk on an attack alert (the login family's only).
    expect(screen.getByTestId('alertFlyout').textContent).toContain('Password spray: 203.0.113.50');
  });

  it('a spray followed after it was recognised says how far it went: its users since it began, until its last failure', async () => {
    const e = ff.sprayAlert.buffalogs.evidence as unknown as Record<string, unknown>;
    // Recognised at 09:00 on its 20th user; followed until 10:00, 26 users in all.
    const alert = {
      ...ff.sprayAlert,
      buffalogs: {
        ...ff.sprayAlert.buffalogs,
        evidence: { ...e, users: 26, usersTargeted: 26, lastFailure: '2024-05-03T10:00:00.000Z' },
      },
    } as unknown as typeof ff.sprayAlert;
    const evidence = await openFlyout(alert);
    expect(evidence.textContent).toContain('Password spray from 203.0.113.50: 26 users failed in 240 min');
    expect(evidence.textContent).toContain('Users targeted26');
  });

  it('a compromised account links to the attack that found its password', async () => {
    const { history } = await mountApp('/alerts/c1', {
      ...list,
      [`GET /api/buffalogs/alerts/c1`]: () => ff.detailOf(ff.compromisedAlert),
      [`GET /api/buffalogs/alerts/s1`]: () => ff.detailOf(ff.sprayAlert),
    });
    const evidence = await screen.findByTestId('alertEvidence');
    expect(evidence.textContent).toContain('cleo logged in from 203.0.113.50 during a password spray');
    fireEvent.click(screen.getByTestId('alertLinkedAttack'));
    expect(history.location.pathname).toBe('/alerts/s1');
    expect((await screen.findByTestId('alertEvidence')).textContent).toContain('24 users failed in 180 min');
  });

  it.each([
    [ff.bruteForceAlert, ['40 failed logins in 60 min from 12 addresses', '198.51.100.9 (7)']],
    [ff.mfaAlert, ['approved an MFA prompt 9 min after the first of 5 denied and 2 unanswered prompts']],
    [ff.sequenceAlert, ['Rule mfa-reset-then-login (version 1)', 'mfa reset (user.mfa.factor.reset_all)']],
    [
      ff.webAlert,
      ['Web endpoint scanning from 203.0.113.80', 'Not found', '120 (threshold 50)', '/.env, /wp-login.php'],
    ],
  ])('%# the flyout renders the family’s evidence', async (alert, expected) => {
    const evidence = await openFlyout(alert);
    for (const text of expected) expect(evidence.textContent).toContain(text);
  });

  it('evidence of a kind the app does not know still shows its fields', async () => {
    const odd = {
      ...ff.webAlert,
      id: 'x1',
      buffalogs: { ...ff.webAlert.buffalogs, family: 'future', evidence: { kind: 'new', hitCount: 3 } },
    } as unknown as AlertItem;
    const evidence = await openFlyout(odd);
    expect(evidence.textContent).toContain('Hit count');
    expect(evidence.textContent).toContain('3');
  });
});

import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { VerdictEvidence } from '../../../common/alert_document';
import { API_PATHS, type AlertItem, type SettingsResponse } from '../../../common/api';
import * as f from '../../test_support/fixtures';
import { httpError, mountApp, silenceLegacyRootWarnings } from '../../test_support/mount_app';

let consoleError: jest.SpyInstance;
beforeEach(() => (consoleError = silenceLegacyRootWarnings()));
afterEach(() => {
  consoleError.mockRestore();
  document.body.innerHTML = '';
});

const novelty = (field: string, value: string) => ({
  kind: 'novelty' as const,
  field,
  value,
  known: [],
  known_count: 2,
});

/** alice's login from a VPN egress in New York: a new AS and a new country (a verdict alert). */
function verdictAlert(
  signals: VerdictEvidence['signals'],
  score = 70,
): { alert: AlertItem; evidence: VerdictEvidence } {
  const evidence: VerdictEvidence = { kind: 'verdict', score, threshold: 50, why: `Score ${score} …`, signals };
  const alert: AlertItem = {
    ...f.travelAlert,
    rule: { ...f.travelAlert.rule, id: 'suspicious_login' },
    source: {
      ip: '198.51.100.7',
      as: { number: 29465, organization: { name: 'Example Transit' } },
      geo: { country_iso_code: 'US' },
    },
    buffalogs: { ...f.travelAlert.buffalogs, evidence },
  };
  return { alert, evidence };
}

const networkSignals: VerdictEvidence['signals'] = [
  {
    id: 'new_network',
    weight: 20,
    base_weight: 20,
    reason: 'new network AS29465 (1 known)',
    evidence: novelty('asn', '29465'),
  },
  {
    id: 'new_country',
    weight: 25,
    base_weight: 25,
    reason: 'new country US (1 known)',
    evidence: novelty('country', 'US'),
  },
  { id: 'rare_network', weight: 15, base_weight: 15, reason: '0 of 40 other users', evidence: novelty('asn', '29465') },
];

const settings: SettingsResponse = {
  ...f.settings,
  overrides: { impossibleTravel: { maxSpeedKmh: 1000, trustedCidrs: ['10.0.0.0/8'] } },
  effective: {
    ...f.settings.effective,
    impossibleTravel: { ...f.settings.effective.impossibleTravel, maxSpeedKmh: 1000, trustedCidrs: ['10.0.0.0/8'] },
  },
};

function routes(signals = networkSignals, answers: Record<string, () => unknown> = {}, score = 70) {
  const { alert, evidence } = verdictAlert(signals, score);
  return {
    [`GET ${API_PATHS.alerts}`]: () => f.alertsPage,
    [`GET /api/buffalogs/alerts/a1`]: () => ({ ...f.alertDetail, alert, evidence }),
    [`GET ${API_PATHS.settings}`]: () => settings,
    [`PUT ${API_PATHS.settings}`]: () => ({ ...settings, version: settings.version + 1 }),
    [`POST /api/buffalogs/alerts/a1/_mark_safe`]: () => ({
      alert_id: 'a1',
      user: 'alice',
      learned: { network: 'AS29465' },
      status: 'false_positive',
      retries: 0,
      triage: { updated_by: 'me', updated_at: 'now' },
    }),
    ...answers,
  };
}

test("an alert with an AS signal proposes the login's /24 and its AS with the organisation (both opt-in); confirmed, the settings are saved with the version read, then the alert is marked safe", async () => {
  const { calls } = await mountApp('/alerts/a1', routes());
  const section = await screen.findByTestId('trustNetwork');
  expect(section.textContent).toContain('New network, Rare network signals');
  const cidr = within(section).getByTestId('trustNetworkCidr') as HTMLInputElement;
  const asn = within(section).getByTestId('trustNetworkAsn') as HTMLInputElement;
  // Trusting a network is every user's business: nothing is ticked until the analyst chooses it.
  expect(cidr.checked).toBe(false);
  expect((screen.getByTestId('trustNetworkButton') as HTMLButtonElement).disabled).toBe(true);
  expect(section.textContent).toContain('198.51.100.0/24 (the /24 of 198.51.100.7)');
  // Score 70, no takeover pattern: no takeover warning.
  expect(screen.queryByTestId('trustNetworkTakeover')).toBeNull();
  expect(asn.checked).toBe(false);
  expect(section.textContent).toContain('AS29465 (Example Transit): every address of this provider');
  // The "why this score" table marks the rows this can silence (the network's), not the country's.
  expect(screen.getAllByTestId('verdictNetworkSignal').map((e) => e.textContent?.trim())).toEqual([
    'New network',
    'Rare network',
  ]);

  fireEvent.click(cidr);
  fireEvent.click(asn);
  fireEvent.click(screen.getByTestId('trustNetworkButton'));
  const confirm = await screen.findByTestId('trustNetworkConfirm');
  expect(within(confirm).getByTestId('trustNetworkConfirmList').textContent).toBe(
    'trusted network 198.51.100.0/24trusted AS AS29465 (Example Transit)',
  );
  expect(calls.some((c) => c.method === 'PUT')).toBe(false); // nothing saved before confirmation
  await act(async () => fireEvent.click(within(confirm).getByText('Trust it')));

  const put = calls.find((c) => c.method === 'PUT')!;
  expect(put.path).toBe(API_PATHS.settings);
  expect(put.body).toMatchObject({
    profile: 'default',
    expected_version: 3,
    // What was saved stays; the lists gain the entries.
    overrides: {
      impossibleTravel: { maxSpeedKmh: 1000, trustedCidrs: ['10.0.0.0/8', '198.51.100.0/24'], trustedAsns: [29465] },
    },
  });
  expect(calls.findIndex((c) => c.path.endsWith('/_mark_safe'))).toBeGreaterThan(calls.indexOf(put));
  expect((await screen.findByTestId('trustNetworkResult')).textContent).toContain('Settings version 4 adds');
});

test('only the /24 when only it is ticked, without marking safe when unticked; a 409 says to confirm again', async () => {
  const { calls } = await mountApp(
    '/alerts/a1',
    routes(networkSignals, {
      [`PUT ${API_PATHS.settings}`]: () => {
        throw httpError(409, 'The settings changed since version 3: they are at version 4.');
      },
    }),
  );
  fireEvent.click(await screen.findByTestId('trustNetworkCidr'));
  fireEvent.click(screen.getByTestId('trustNetworkMarkSafe'));
  fireEvent.click(screen.getByTestId('trustNetworkButton'));
  await act(async () =>
    fireEvent.click(within(await screen.findByTestId('trustNetworkConfirm')).getByText('Trust it')),
  );
  const put = calls.find((c) => c.method === 'PUT')!;
  expect((put.body as { overrides: { impossibleTravel: object } }).overrides.impossibleTravel).toEqual({
    maxSpeedKmh: 1000,
    trustedCidrs: ['10.0.0.0/8', '198.51.100.0/24'],
  });
  expect((await screen.findByTestId('trustNetworkError')).textContent).toContain('confirm again');
  expect(calls.some((c) => c.path.endsWith('/_mark_safe'))).toBe(false);
});

test('hidden without the settings privilege: no settings read, no button', async () => {
  const { calls } = await mountApp('/alerts/a1', routes(), { canSave: false });
  await screen.findByTestId('alertEvidence');
  expect(screen.queryByTestId('trustNetwork')).toBeNull();
  expect(screen.queryByTestId('trustNetworkButton')).toBeNull();
  expect(calls.some((c) => c.path === API_PATHS.settings)).toBe(false);
});

test('not offered without a network signal; an anonymiser is shown as never trusted', async () => {
  await mountApp('/alerts/a1', routes([networkSignals[1]]));
  await screen.findByTestId('alertEvidence');
  await waitFor(() => expect(screen.queryByTestId('trustNetwork')).toBeNull());
  document.body.innerHTML = '';

  const tor = {
    id: 'anonymous_ip' as const,
    weight: 70,
    base_weight: 70,
    reason: 'anonymiser',
    evidence: { kind: 'anonymous_ip' as const, signal: 'cidr_list', matched: '198.51.100.0/24' },
  };
  await mountApp('/alerts/a1', routes([tor, networkSignals[0]]));
  expect((await screen.findByTestId('trustNetworkRefused')).textContent).toContain('never trusted');
  expect(screen.queryByTestId('trustNetworkButton')).toBeNull();
});

test("a /24 on the settings' anonymiser list is refused, the AS still offered", async () => {
  const anon: SettingsResponse = {
    ...settings,
    effective: {
      ...settings.effective,
      anonymousIp: { ...settings.effective.anonymousIp, cidrs: ['198.51.100.128/25'] },
    },
  };
  await mountApp('/alerts/a1', routes(networkSignals, { [`GET ${API_PATHS.settings}`]: () => anon }));
  const cidr = (await screen.findByTestId('trustNetworkCidr')) as HTMLInputElement;
  expect(cidr.disabled).toBe(true);
  expect(screen.getByTestId('trustNetwork').textContent).toContain('overlaps the anonymiser list (198.51.100.128/25)');
  expect((screen.getByTestId('trustNetworkAsn') as HTMLInputElement).disabled).toBe(false);
});

const signal = (id: string, weight: number, evidence: object) =>
  ({ id, weight, base_weight: weight, reason: id, evidence }) as unknown as VerdictEvidence['signals'][number];

/** The demo's impossible travel on the default profile: an attacker's /24 far away, a new device, a new country. */
const takeoverSignals: VerdictEvidence['signals'] = [
  signal('impossible_travel', 45, { kind: 'travel' }),
  signal('new_device', 20, novelty('device', 'Linux · curl')),
  networkSignals[1],
  networkSignals[0],
];

test('a likely takeover (its takeover pattern, score 100): nothing pre-selected, and the section says trusting would silence this alert for every user', async () => {
  const { calls } = await mountApp('/alerts/a1', routes(takeoverSignals, {}, 100));
  const section = await screen.findByTestId('trustNetwork');
  expect({
    cidr: (within(section).getByTestId('trustNetworkCidr') as HTMLInputElement).checked,
    asn: (within(section).getByTestId('trustNetworkAsn') as HTMLInputElement).checked,
    markSafe: (within(section).getByTestId('trustNetworkMarkSafe') as HTMLInputElement).checked,
    button: (within(section).getByTestId('trustNetworkButton') as HTMLButtonElement).disabled,
  }).toEqual({ cidr: false, asn: false, markSafe: false, button: true });
  const warning = within(section).getByTestId('trustNetworkTakeover');
  expect(warning.textContent).toContain('likely account takeover');
  expect(warning.textContent).toContain('would silence this kind of alert for every user');
  expect(calls.some((c) => c.method === 'PUT')).toBe(false);
});

test('a high score alone (no takeover pattern) warns too', async () => {
  await mountApp('/alerts/a1', routes(networkSignals, {}, 90));
  expect((await screen.findByTestId('trustNetworkTakeover')).textContent).toContain('score 90');
});

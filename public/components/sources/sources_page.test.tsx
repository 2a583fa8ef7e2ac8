import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { API_PATHS, type SourcesResponse } from '../../../common/api';
import * as f from '../../test_support/fixtures';
import { mountApp, silenceLegacyRootWarnings } from '../../test_support/mount_app';

jest.setTimeout(30_000);

let consoleError: jest.SpyInstance;
beforeEach(() => (consoleError = silenceLegacyRootWarnings()));
afterEach(() => {
  consoleError.mockRestore();
  document.body.innerHTML = '';
});

const sources: SourcesResponse = {
  sources: [
    {
      address: '198.51.100.23',
      network: '198.51.100.0/24',
      first_seen: '2024-05-01T13:00:00.000Z',
      last_seen: '2024-05-01T13:20:00.000Z',
      alerts: 2,
      rules: ['password_spray'],
      users_targeted: 20,
      sample_users: ['amy', 'ben'],
      compromised: ['alice'],
      attack_alert_id: 's1',
    },
  ],
  networks: [
    {
      network: '198.51.100.0/24',
      addresses: 1,
      alerts: 2,
      compromised: 1,
      first_seen: '2024-05-01T13:00:00.000Z',
      last_seen: '2024-05-01T13:20:00.000Z',
    },
  ],
  timeline: { interval: 'hour', buckets: [{ start: '2024-05-01T13:00:00.000Z', attacks: 1, compromised: 1 }] },
  total_sources: 1,
  compromised_accounts: 1,
};

test('the Sources tab lists attacking addresses, their networks and the accounts they broke into', async () => {
  const { calls, history } = await mountApp('/sources?start=now-7d', {
    [`GET ${API_PATHS.sources}`]: () => sources,
    [`GET ${API_PATHS.sourcesHealth}`]: () => ({ from: '', to: '', indices: ['logs-*'], rows: [] }),
  });
  const row = await screen.findByTestId('sourcesTableRow');
  expect(row.textContent).toContain('198.51.100.23');
  expect(row.textContent).toContain('Password spray');
  expect(row.textContent).toContain('20 (amy, ben…)');
  expect(within(row).getByTestId('sourceCompromised').textContent).toBe('alice');
  expect(screen.getByTestId('networksTable').textContent).toContain('198.51.100.0/24');
  expect(screen.getByTestId('sourcesCompromisedTotal').textContent).toContain('1');
  // The range of the URL is what the API is asked for, as ISO dates.
  const query = calls.find((c) => c.path === API_PATHS.sources)!.query!;
  expect(Date.parse(String(query.to)) - Date.parse(String(query.from))).toBeCloseTo(7 * 86_400_000, -4);
  expect(screen.getByTestId('buffalogsNav-sources').getAttribute('aria-selected')).toBe('true');
  // The address opens its attack alert.
  fireEvent.click(within(row).getByText('198.51.100.23'));
  expect(history.location.pathname).toBe('/alerts/s1');
});

test("a user's page shows the attacks that named them, and says when they got in", async () => {
  const { calls } = await mountApp('/users/alice', {
    [`GET /api/buffalogs/users/alice`]: () => f.userDetail,
    [`GET ${API_PATHS.sources}`]: () => sources,
  });
  const panel = await screen.findByTestId('userAttacks');
  expect(panel.textContent).toContain('alice logged in from an attacking address');
  expect(panel.textContent).toContain('198.51.100.23');
  expect(calls.find((c) => c.path === API_PATHS.sources)!.query).toMatchObject({ user: 'alice' });
});

test('Refresh on an absolute range asks for the sources again, as for their health', async () => {
  const { calls } = await mountApp('/sources?start=2024-05-01T00:00:00.000Z&end=2024-05-02T00:00:00.000Z', {
    [`GET ${API_PATHS.sources}`]: () => sources,
    [`GET ${API_PATHS.sourcesHealth}`]: () => ({ from: '', to: '', indices: ['logs-*'], rows: [] }),
  });
  await screen.findByTestId('sourcesTableRow');
  const asked = () => [API_PATHS.sources, API_PATHS.sourcesHealth].map((p) => calls.filter((c) => c.path === p).length);
  await waitFor(() => expect(asked()).toEqual([1, 1]));
  fireEvent.click(screen.getByTestId('superDatePickerApplyTimeButton'));
  await waitFor(() => expect(asked()).toEqual([2, 2]));
});

import { screen, waitFor, within } from '@testing-library/react';
import { API_PATHS } from '../../../common/api';
import { LEARNED_CONTEXT_PATH, type LearnedContextResponse } from '../../../common/learned_context';
import * as f from '../../test_support/fixtures';
import { httpError, mountApp, silenceLegacyRootWarnings } from '../../test_support/mount_app';

let consoleError: jest.SpyInstance;
beforeEach(() => (consoleError = silenceLegacyRootWarnings()));
afterEach(() => {
  consoleError.mockRestore();
  document.body.innerHTML = '';
});

const LEARNED: LearnedContextResponse = {
  learned: true,
  learning: true,
  updatedAt: '2026-01-02T00:00:00.000Z',
  documents: 1,
  ignoredDocuments: 0,
  skippedParts: 0,
  population: 82,
  thresholds: f.learnedContextNothingYet.thresholds,
  trustedCidrs: ['165.225.72.0/24'],
  trustedAsns: [],
  networks: {
    total: 60,
    items: [
      {
        prefix: '93.34.200.0/24',
        users: 10,
        saturated: true,
        kind: 'office',
        trusted: false,
        reason:
          "10+ colleagues log in from here: treated as the organisation's network — not evidence of travel or novelty.",
      },
      {
        prefix: '165.225.72.0/24',
        users: 10,
        saturated: true,
        kind: 'egress',
        farArrivals: 3,
        trusted: true,
        reason: '10+ colleagues log in from here, and 3 arrived from another country faster than any journey.',
      },
      {
        prefix: '146.70.202.0/24',
        users: 10,
        saturated: true,
        kind: 'rotating_exit',
        rotatingUsers: 7,
        trusted: false,
        reason: 'VPN service exit: 7 of its 10 colleagues rotate between it and another exit abroad — not trusted.',
      },
    ],
  },
  carriers: { total: 1, items: [{ asn: 30722, mobileLogins: 40, logins: 40, mobileShare: 1, trusted: false }] },
  countries: { total: 1, items: [{ value: 'IT', users: 55, saturated: false }] },
  asns: { total: 1, items: [{ value: '53813', users: 15, saturated: false, trusted: false }] },
};
const routes = (learned: () => unknown) => ({
  [`GET ${API_PATHS.settings}`]: () => f.settings,
  [`GET ${API_PATHS.settingsHistory}`]: () => f.settingsHistory,
  [`GET ${API_PATHS.notifiers}`]: () => ({ channels: [] }),
  [`GET ${API_PATHS.notifierDeliveries}`]: () => ({ deliveries: [] }),
  [`GET ${LEARNED_CONTEXT_PATH}`]: learned,
});

test('lists the learned networks with what each is treated as and why, and where Settings overrides them', async () => {
  await mountApp(
    '/settings',
    routes(() => LEARNED),
  );
  const table = await screen.findByTestId('learnedNetworksTable');
  // A captioned table, its caption saying how many were learned in all.
  await waitFor(() =>
    expect(table.querySelector('caption')?.textContent).toContain('Networks many colleagues log in from (60)'),
  );
  const rows = within(table).getAllByRole('row').slice(1);
  expect(rows).toHaveLength(3);
  expect(rows[0].textContent).toContain('93.34.200.0/24');
  expect(rows[0].textContent).toContain('Office / NAT');
  expect(rows[0].textContent).toContain('10+ colleagues log in from here');
  // Not trusted explicitly: the hint names the override on this page.
  expect(rows[0].textContent).toContain('"Trusted networks" and "Trusted AS numbers" on this page override');
  expect(rows[1].textContent).toContain('Egress');
  expect(rows[1].textContent).toContain('Also trusted explicitly in Settings.');
  // A VPN service's exit is not trusted, and trusting it is not suggested.
  expect(rows[2].textContent).toContain('VPN service exit — not trusted');
  expect(rows[2].textContent).not.toContain('override');
  const section = screen.getByTestId('learnedContextSection');
  expect(section.textContent).toContain('Showing the 3 most used of 60.');
  expect(section.textContent).toContain('10 or more colleagues log in from is the organisation');
  expect(within(screen.getByTestId('learnedCarriersTable')).getByText('AS30722')).toBeTruthy();
  expect(screen.getByTestId('learnedCarriersTable').textContent).toContain('100 %');
  expect(screen.getByTestId('learnedCountriesTable').textContent).toContain('IT');
  expect(screen.getByTestId('learnedAsnsTable').textContent).toContain('AS53813');
  expect(screen.getByRole('heading', { name: 'Learned context' })).toBeTruthy();
});

test('nothing learned yet says so, with empty tables, not an error', async () => {
  await mountApp(
    '/settings',
    routes(() => f.learnedContextNothingYet),
  );
  expect((await screen.findByTestId('learnedContextMessage')).textContent).toContain('Nothing learned yet');
  expect(screen.getByTestId('learnedNetworksTable').textContent).toContain('No network yet has enough colleagues.');
});

test('a failed request is shown in the section with a retry, the rest of the page still works', async () => {
  await mountApp(
    '/settings',
    routes(() => {
      throw httpError(403, 'Forbidden');
    }),
  );
  const section = await screen.findByTestId('learnedContextSection');
  expect(await within(section).findByText('Could not load what detection learned')).toBeTruthy();
  expect(await screen.findByTestId('notificationsSection')).toBeTruthy();
});

import { screen, within } from '@testing-library/react';
import { API_PATHS } from '../../../common/api';
import * as f from '../../test_support/fixtures';
import { mountApp, silenceLegacyRootWarnings } from '../../test_support/mount_app';

jest.setTimeout(30_000);

let consoleError: jest.SpyInstance;
beforeEach(() => (consoleError = silenceLegacyRootWarnings()));
afterEach(() => {
  consoleError.mockRestore();
  document.body.innerHTML = '';
});

const jdoe = 'jdoe@corp.com';

test("an alert on a canonical identity shows it and the triggering source's own spelling", async () => {
  const alert = {
    ...f.alertDetail.alert,
    user: { name: jdoe },
    buffalogs: { ...f.alertDetail.alert.buffalogs, source_user: { name: 'CORP\\jdoe', dataset: 'system.security' } },
  };
  await mountApp('/alerts/a1', {
    [`GET ${API_PATHS.alerts}`]: () => f.alertsPage,
    [`GET /api/buffalogs/alerts/a1`]: () => ({ ...f.alertDetail, alert }),
  });
  const names = await within(await screen.findByTestId('alertFlyout')).findByTestId('sourceNames');
  expect(names.textContent).toBe('identity jdoe@corp.com, as seen in: system.security → CORP\\jdoe');
});

test('an alert without a source spelling (no identity mode) shows none', async () => {
  await mountApp('/alerts/a1', {
    [`GET ${API_PATHS.alerts}`]: () => f.alertsPage,
    [`GET /api/buffalogs/alerts/a1`]: () => f.alertDetail,
  });
  await within(await screen.findByTestId('alertFlyout')).findByTestId('alertEvidence');
  expect(screen.queryByTestId('sourceNames')).toBeNull();
});

test("the user page lists every source's spelling of the identity", async () => {
  await mountApp(`/users/${encodeURIComponent(jdoe)}`, {
    [`GET /api/buffalogs/users/${encodeURIComponent(jdoe)}`]: () => ({
      ...f.userDetail,
      user: { ...f.userDetail.user, name: jdoe },
      source_names: [
        { dataset: 'okta.system', name: 'jdoe@corp.com', first_seen: '', last_seen: '', count: 12 },
        { dataset: 'system.security', name: 'CORP\\jdoe', first_seen: '', last_seen: '', count: 4 },
      ],
    }),
    [`GET ${API_PATHS.sources}`]: () => ({
      sources: [],
      networks: [],
      timeline: { interval: 'hour', buckets: [] },
      total_sources: 0,
      compromised_accounts: 0,
    }),
  });
  const names = await within(await screen.findByTestId('userPage')).findByTestId('sourceNames');
  expect(names.textContent).toBe(
    'identity jdoe@corp.com, as seen in: okta.system → jdoe@corp.com, system.security → CORP\\jdoe',
  );
});

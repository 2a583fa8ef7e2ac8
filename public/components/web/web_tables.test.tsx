import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { API_PATHS, type WebReferrersResponse } from '../../../common/api';
import { mountApp, silenceLegacyRootWarnings } from '../../test_support/mount_app';

let consoleError: jest.SpyInstance;
beforeEach(() => (consoleError = silenceLegacyRootWarnings()));
afterEach(() => {
  consoleError.mockRestore();
  document.body.innerHTML = '';
});

const classes = { allowed: 0, blocked: 0, client_error: 0, server_error: 0, other: 0 };
const webRoutes = (referrers: WebReferrersResponse) => ({
  [`GET ${API_PATHS.webReferrers}`]: () => referrers,
  [`GET ${API_PATHS.webTraffic}`]: () => ({ classes, blocked_codes: {}, total: 0 }),
  [`GET ${API_PATHS.webTimeline}`]: () => ({ interval: 'hour', buckets: [], total: 0 }),
  [`GET ${API_PATHS.webPages}`]: () => ({ pages: [], total: 0 }),
  [`GET ${API_PATHS.webAlerts}`]: () => ({ items: [], total: 0, total_relation: 'eq', page: 1, size: 50, by_rule: {} }),
});

test('referrer table: an estimated address count and a partial fold say so; exact ones are plain numbers', async () => {
  await mountApp(
    '/web',
    webRoutes({
      domains: [
        { domain: 'busy.test', requests: 90_000, addresses: 61_234, addresses_estimated: true },
        { domain: 'calm.test', requests: 2200, addresses: 1150 },
      ],
      site_domains: [],
      without_referrer: 3,
      total: 92_203,
      partial: true,
    }),
  );
  const table = await screen.findByTestId('webReferrersTable');
  await within(table).findByText('busy.test');
  expect(table.textContent).toContain('≈ 61,234');
  expect(within(table).getByText('1,150')).toBeTruthy();
  expect(table.textContent).toContain(
    'Only the most frequent referrer URLs were counted: the figures are lower bounds.',
  );
});

test('referrer table: nothing about lower bounds when every referrer was folded', async () => {
  await mountApp(
    '/web',
    webRoutes({
      domains: [{ domain: 'calm.test', requests: 2, addresses: 1 }],
      site_domains: [],
      without_referrer: 0,
      total: 2,
      partial: false,
    }),
  );
  const table = await screen.findByTestId('webReferrersTable');
  await within(table).findByText('calm.test');
  expect(table.textContent).not.toContain('lower bounds');
  expect(table.textContent).not.toContain('≈');
});

test('an empty range when the indices hold older requests: says where the newest is and links to its day', async () => {
  const routes = webRoutes({ domains: [], site_domains: [], without_referrer: 0, total: 0, partial: false });
  await mountApp('/web', {
    ...routes,
    [`GET ${API_PATHS.webTimeline}`]: () => ({
      interval: 'hour',
      buckets: [],
      total: 0,
      newest: '2019-03-07T10:25:47.000Z',
    }),
  });
  const callout = await screen.findByTestId('webNewestRequest');
  expect(callout.textContent).toContain('The newest request in buffalogs.web.indices is from 2019-03-07');
  const link = within(callout).getByTestId('webNewestRequestLink');
  expect(decodeURIComponent(link.getAttribute('href')!)).toContain(
    'start=2019-03-06T10:25:47.000Z&end=2019-03-07T10:25:48.000Z',
  );
});

test('no such note when the range has requests, nor when the indices hold none', async () => {
  const routes = webRoutes({ domains: [], site_domains: [], without_referrer: 0, total: 0, partial: false });
  await mountApp('/web', routes);
  await screen.findByTestId('webReferrersTable');
  expect(screen.queryByTestId('webNewestRequest')).toBeNull();
});

// An absolute range resolves to the same dates on every refresh: each search must still be asked again. The
// timeline and the web alerts keyed on the dates alone, so Refresh left them as they were while the rest reloaded.
test('Refresh on an absolute range asks every search of the page again', async () => {
  const { calls } = await mountApp(
    '/web?start=2019-03-06T00:00:00.000Z&end=2019-03-08T00:00:00.000Z',
    webRoutes({ domains: [], site_domains: [], without_referrer: 0, total: 0, partial: false }),
  );
  await screen.findByTestId('webReferrersTable');
  const paths = [API_PATHS.webTimeline, API_PATHS.webAlerts, API_PATHS.webTraffic, API_PATHS.webReferrers];
  const asked = () => paths.map((p) => calls.filter((c) => c.path === p).length);
  await waitFor(() => expect(asked()).toEqual([1, 1, 1, 1]));
  fireEvent.click(screen.getByTestId('superDatePickerApplyTimeButton'));
  await waitFor(() => expect(asked()).toEqual([2, 2, 2, 2]));
});

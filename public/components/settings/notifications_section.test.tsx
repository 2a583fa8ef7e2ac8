import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { API_PATHS, apiPath, type DeliveryLogRow, type NotifierChannelView } from '../../../common/api';
import { LEARNED_CONTEXT_PATH } from '../../../common/learned_context';
import * as f from '../../test_support/fixtures';
import { httpError, mountApp, silenceLegacyRootWarnings } from '../../test_support/mount_app';

let consoleError: jest.SpyInstance;
beforeEach(() => (consoleError = silenceLegacyRootWarnings()));
afterEach(() => {
  consoleError.mockRestore();
  document.body.innerHTML = '';
});

const channel = (name: string, type: string, filters: Partial<NotifierChannelView['filters']> = {}) => ({
  name,
  type,
  filters: { minSeverity: 'low', minScore: 0, detectors: [], users: [], includeFiltered: false, ...filters },
  groupByUser: true,
  maxGroupSize: 20,
  ratePerMinute: 30,
});
const CHANNELS = [
  channel('soc-webhook', 'webhook', {
    minSeverity: 'high',
    minScore: 60,
    detectors: ['impossible_travel'],
    users: ['alice', 'bob', 'carol', 'dave'],
  }),
  channel('slack-down', 'slack'),
];
const row = (alert_id: string, channel: string, status: DeliveryLogRow['status'], error?: string): DeliveryLogRow => ({
  alert_id,
  channel,
  channel_type: 'webhook',
  status,
  attempts: status === 'failed' ? 5 : 1,
  claimed_at: '2024-05-01T10:00:00Z',
  ...(status === 'sent' || status === 'failed' ? { finished_at: '2024-05-01T10:00:02Z' } : {}),
  ...(error ? { error } : {}),
  entity: { field: 'user.name', value: 'alice' },
  rule: { id: 'impossible_travel' },
  severity: 'high',
  group_size: 1,
});
const DELIVERIES = [
  row('a2', 'soc-webhook', 'failed', 'HTTP 500 receiver says no (gave up after 5 attempts)'),
  row('a1', 'soc-webhook', 'sent'),
  row('a3', 'slack-down', 'unknown'),
];
const routes = {
  [`GET ${API_PATHS.settings}`]: () => f.settings,
  [`GET ${API_PATHS.settingsHistory}`]: () => f.settingsHistory,
  [`GET ${API_PATHS.notifiers}`]: () => ({ channels: CHANNELS }),
  [`GET ${LEARNED_CONTEXT_PATH}`]: () => f.learnedContextNothingYet,
  [`GET ${API_PATHS.notifierDeliveries}`]: ({ query }: { query?: Record<string, unknown> }) => ({
    deliveries: DELIVERIES.filter(
      (d) =>
        (!query?.channel || d.channel === query.channel) &&
        (!query?.status || d.status === query.status || (query.status === 'sending' && d.status === 'unknown')),
    ),
  }),
};
const testPath = (name: string) => apiPath(API_PATHS.notifierTest, { name });

test('lists each channel with its type and what it sends, in words', async () => {
  await mountApp('/settings', routes);
  const soc = await screen.findByTestId('notifierChannelRow-soc-webhook');
  expect(soc.textContent).toContain('webhook');
  expect(soc.textContent).toContain('high and above; score ≥ 60; detectors: impossible_travel');
  expect(soc.textContent).toContain('users: alice, bob, carol and 1 more');
  expect(soc.textContent).toContain('one per user, up to 20 alerts; at most 30/min');
  const slack = screen.getByTestId('notifierChannelRow-slack-down');
  expect(slack.textContent).toContain('every severity; every detector; every user');
});

test('"Send test message" posts to that channel and shows the outcome, a failure with its error', async () => {
  const { calls } = await mountApp('/settings', {
    ...routes,
    [`POST ${testPath('soc-webhook')}`]: () => ({ channel: 'soc-webhook', ok: true, attempts: 1 }),
    [`POST ${testPath('slack-down')}`]: () => ({
      channel: 'slack-down',
      ok: false,
      attempts: 1,
      error: 'HTTP 500 receiver says no',
    }),
  });
  await act(async () => fireEvent.click(await screen.findByTestId('notifierTestButton-soc-webhook')));
  expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([testPath('soc-webhook')]);
  expect(screen.getByTestId('notifierTestResult-soc-webhook').textContent).toContain('was accepted');

  await act(async () => fireEvent.click(screen.getByTestId('notifierTestButton-slack-down')));
  const failed = screen.getByTestId('notifierTestResult-slack-down');
  expect(failed.getAttribute('role')).toBe('alert');
  expect(failed.textContent).toContain('failed');
  expect(failed.textContent).toContain('HTTP 500 receiver says no');
  // One outcome at a time: the earlier success is gone.
  expect(screen.queryByTestId('notifierTestResult-soc-webhook')).toBeNull();
});

test("a refused request (the server's 403) is an outcome too, not a silent button", async () => {
  await mountApp('/settings', {
    ...routes,
    [`POST ${testPath('soc-webhook')}`]: () => {
      throw httpError(403, 'Forbidden: API [POST /api/buffalogs/notifiers/soc-webhook/_test] is unauthorized');
    },
  });
  await act(async () => fireEvent.click(await screen.findByTestId('notifierTestButton-soc-webhook')));
  expect(screen.getByTestId('notifierTestResult-soc-webhook').textContent).toContain('unauthorized');
});

test('without the "All" privilege the channels are shown without test buttons', async () => {
  const { calls } = await mountApp('/settings', routes, { canSave: false });
  await screen.findByTestId('notifierChannelRow-soc-webhook');
  expect(screen.queryAllByText('Send test message')).toHaveLength(0);
  expect(screen.getByTestId('notificationsSection').textContent).toContain('needs the “All” privilege');
  expect(calls.some((c) => c.method === 'POST')).toBe(false);
});

test('the delivery log shows failures with their error, and filters by channel and status', async () => {
  const { calls } = await mountApp('/settings', routes);
  const table = await screen.findByTestId('deliveriesTable');
  await waitFor(() => expect(within(table).getAllByTestId(/^deliveryRow-/)).toHaveLength(3));
  const failed = screen.getByTestId('deliveryRow-failed');
  expect(failed.textContent).toContain('a2');
  expect(failed.textContent).toContain('HTTP 500 receiver says no (gave up after 5 attempts)');
  expect(screen.getByTestId('deliveryRow-unknown').textContent).toContain('Interrupted');
  expect(screen.getByTestId('deliveriesFailures').textContent).toContain('2 deliveries');

  fireEvent.change(screen.getByTestId('deliveriesFilterStatus'), { target: { value: 'failed' } });
  await waitFor(() => expect(within(table).getAllByTestId(/^deliveryRow-/)).toHaveLength(1));
  expect(calls.at(-1)).toMatchObject({ path: API_PATHS.notifierDeliveries, query: { status: 'failed', size: 100 } });

  fireEvent.change(screen.getByTestId('deliveriesFilterStatus'), { target: { value: '' } });
  fireEvent.change(screen.getByTestId('deliveriesFilterChannel'), { target: { value: 'slack-down' } });
  await waitFor(() => expect(within(table).getAllByTestId(/^deliveryRow-/)).toHaveLength(1));
  expect(calls.at(-1)!.query).toEqual({ channel: 'slack-down', size: 100 });
  expect(screen.getByTestId('deliveryRow-unknown').textContent).toContain('a3');
});

test('a delivery log that cannot be read says why, and the channels still show', async () => {
  await mountApp('/settings', {
    ...routes,
    [`GET ${API_PATHS.notifierDeliveries}`]: () => {
      throw httpError(500, 'search_phase_execution_exception');
    },
  });
  expect((await screen.findByTestId('buffalogsPageError')).textContent).toContain('search_phase_execution_exception');
  expect(screen.getByTestId('notifierChannelRow-soc-webhook')).toBeTruthy();
});

test('the delivery log, not read, shows its error and not "No delivery yet."', async () => {
  await mountApp('/settings', {
    ...routes,
    [`GET ${API_PATHS.notifierDeliveries}`]: () => {
      throw httpError(503, 'Elasticsearch is unavailable: Request timed out');
    },
  });
  const table = await screen.findByTestId('deliveriesTable');
  await waitFor(() => expect(table.textContent).toContain('The delivery log could not be loaded'));
  expect(table.textContent).not.toContain('No delivery yet');
});

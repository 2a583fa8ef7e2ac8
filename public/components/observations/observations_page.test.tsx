import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { API_PATHS, type ObservationItem, type ObservationsListResponse } from '../../../common/api';
import * as f from '../../test_support/fixtures';
import * as ff from '../../test_support/family_fixtures';
import { httpError, mountApp, silenceLegacyRootWarnings } from '../../test_support/mount_app';
import { formatTime } from '../shared/format';

let consoleError: jest.SpyInstance;
beforeEach(() => (consoleError = silenceLegacyRootWarnings()));
afterEach(() => {
  consoleError.mockRestore();
  document.body.innerHTML = '';
});

const bob: ObservationItem = { ...ff.vpnObservation, id: 'obs3', user: { name: 'bob' } };
const page = (items: ObservationItem[], total = items.length, extra: Partial<ObservationsListResponse> = {}) => ({
  items,
  total,
  total_relation: 'eq' as const,
  page: 1,
  size: 25,
  ...extra,
});
const RANGE = 'start=2026-11-01T00:00:00.000Z&end=2026-11-08T00:00:00.000Z';
const listCalls = (calls: Array<{ path: string; query?: Record<string, unknown> }>) =>
  calls.filter((c) => c.path === API_PATHS.observations);

describe('observations page', () => {
  it("lists every user's observations: time, user linking to their page, score, signals and why", async () => {
    const { calls, history } = await mountApp(`/observations?${RANGE}`, {
      [`GET ${API_PATHS.observations}`]: () => page([ff.newDeviceObservation, bob], 2),
    });
    const rows = await screen.findAllByTestId('observationRow');
    expect(rows).toHaveLength(2);
    expect(screen.getByTestId('buffalogsPageTitle').textContent).toBe('Observations');
    expect(screen.getByTestId('buffalogsNav-observations').getAttribute('aria-selected')).toBe('true');
    await waitFor(() => expect(screen.getByTestId('observationsTotal').textContent).toBe('2 observations'));
    const [first, second] = rows;
    expect(first.textContent).toContain(formatTime(ff.newDeviceObservation['@timestamp']));
    expect(within(first).getByTestId('observationScore').textContent).toBe('25 / 50');
    expect(within(first).getByTestId('observationSignals').textContent).toBe('New device +25');
    expect(within(first).getByTestId('observationWhy').textContent).toBe(ff.newDeviceObservation.why);
    expect(within(second).getByTestId('observationSignals').textContent).toBe('New country +20New network +15');
    // The user is a link to their page.
    const link = within(second).getByTestId('observationUser').querySelector('a')!;
    expect(link.textContent).toBe('bob');
    fireEvent.click(link);
    expect(history.location.pathname).toBe('/users/bob');
    // The range reached the API resolved, newest first, the first page.
    expect(listCalls(calls)[0].query).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-08T00:00:00.000Z',
      page: 1,
      size: 25,
    });
  });

  it('the user and signal filters ask the API for exactly them, go to the URL and start again at page 1', async () => {
    const { calls, history } = await mountApp(`/observations?${RANGE}&page=3`, {
      [`GET ${API_PATHS.observations}`]: () => page([ff.newDeviceObservation], 80),
    });
    await screen.findAllByTestId('observationRow');
    expect(listCalls(calls).at(-1)!.query).toMatchObject({ page: 3 });
    const user = screen.getByTestId('observationsFilterUser');
    fireEvent.change(user, { target: { value: '  alice ' } });
    fireEvent.keyDown(user, { key: 'Enter' });
    await waitFor(() => expect(listCalls(calls).at(-1)!.query).toMatchObject({ user: 'alice', page: 1 }));
    const signal = screen.getByTestId('observationsFilterSignal') as HTMLSelectElement;
    // Every signal of the verdict is offered, by its label.
    expect([...signal.options].map((o) => o.text)).toEqual(
      expect.arrayContaining(['Any signal', 'New device', 'Impossible travel']),
    );
    fireEvent.change(signal, { target: { value: 'new_device' } });
    await waitFor(() =>
      expect(listCalls(calls).at(-1)!.query).toEqual({
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-11-08T00:00:00.000Z',
        user: 'alice',
        signal: 'new_device',
        page: 1,
        size: 25,
      }),
    );
    expect(history.location.search).toContain('user=alice');
    expect(history.location.search).toContain('signal=new_device');
    // "Any signal" drops the filter.
    fireEvent.change(signal, { target: { value: '' } });
    await waitFor(() => expect(listCalls(calls).at(-1)!.query!.signal).toBeUndefined());
  });

  it('a link naming a filter opens with it; a signal the API would refuse is no filter', async () => {
    const { calls } = await mountApp(`/observations?user=bob&signal=new_country`, {
      [`GET ${API_PATHS.observations}`]: () => page([bob]),
    });
    await screen.findAllByTestId('observationRow');
    expect(listCalls(calls)[0].query).toMatchObject({ user: 'bob', signal: 'new_country' });
    expect((screen.getByTestId('observationsFilterUser') as HTMLInputElement).value).toBe('bob');
    document.body.innerHTML = '';
    const other = await mountApp(`/observations?signal=Impossible%20Travel`, {
      [`GET ${API_PATHS.observations}`]: () => page([bob]),
    });
    await screen.findAllByTestId('observationRow');
    expect(listCalls(other.calls)[0].query!.signal).toBeUndefined();
  });

  it('pages on the server: the next page is a new request and in the URL; no page past the total', async () => {
    const { calls, history } = await mountApp(`/observations?${RANGE}`, {
      [`GET ${API_PATHS.observations}`]: ({ query }) =>
        page([ff.newDeviceObservation], 60, { page: Number(query?.page), size: Number(query?.size) }),
    });
    await screen.findAllByTestId('observationRow');
    fireEvent.click(screen.getByTestId('pagination-button-1'));
    await waitFor(() => expect(listCalls(calls).at(-1)!.query).toMatchObject({ page: 2, size: 25 }));
    expect(history.location.search).toContain('page=2');
    // 60 observations at 25 a page: three pages, no fourth.
    expect(screen.getByTestId('pagination-button-2')).toBeTruthy();
    expect(screen.queryByTestId('pagination-button-3')).toBeNull();
  });

  it('none says so; a failed load says it failed with the cause, not "none"', async () => {
    await mountApp('/observations', { [`GET ${API_PATHS.observations}`]: () => page([], 0) });
    await waitFor(() =>
      expect(screen.getByTestId('observationsTable').textContent).toContain(
        'No observations match these filters and time range.',
      ),
    );
    document.body.innerHTML = '';
    await mountApp('/observations', {
      [`GET ${API_PATHS.observations}`]: () => {
        throw httpError(400, '[request query.signal]: expected one of [anonymous_ip, …]');
      },
    });
    await waitFor(() => expect(document.body.textContent).toContain('Could not load the observations'));
    expect(document.body.textContent).toContain('expected one of');
    expect(document.body.textContent).not.toContain('No observations match');
  });
});

describe('links to the observations page', () => {
  it("the Overview's observations figure opens the page for the Overview's range", async () => {
    const { history } = await mountApp(`/?${RANGE}`, {
      ...f.overviewRoutes,
      [`GET ${API_PATHS.observationsCount}`]: () => ({ total: 12, total_relation: 'eq' }),
      [`GET ${API_PATHS.observations}`]: () => page([bob], 12),
    });
    const link = await screen.findByTestId('overviewObservationsLink');
    expect(link.textContent).toBe('12');
    fireEvent.click(link);
    expect(history.location.pathname).toBe('/observations');
    expect(new URLSearchParams(history.location.search).get('start')).toBe('2026-11-01T00:00:00.000Z');
    expect(new URLSearchParams(history.location.search).get('end')).toBe('2026-11-08T00:00:00.000Z');
    await screen.findAllByTestId('observationRow');
  });

  it("the user page's observations panel pages, and “See all” opens the page filtered by the user", async () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ ...ff.newDeviceObservation, id: `o${i}` }));
    const { calls, history } = await mountApp('/users/alice', {
      [`GET /api/buffalogs/users/alice`]: () => f.userDetail,
      [`GET /api/buffalogs/users/alice/observations`]: ({ query }) => ({
        ...page(Number(query?.page) === 2 ? many.slice(0, 5) : many, 25),
        page: Number(query?.page),
        size: 20,
      }),
      [`GET ${API_PATHS.observations}`]: () => page([ff.newDeviceObservation]),
    });
    const panel = await screen.findByTestId('userObservations');
    await waitFor(() => expect(within(panel).getAllByTestId('observationRow')).toHaveLength(20));
    const userCalls = () => calls.filter((c) => c.path === '/api/buffalogs/users/alice/observations');
    expect(userCalls()[0].query).toEqual({ page: 1, size: 20 });
    fireEvent.click(within(panel).getByTestId('pagination-button-1'));
    await waitFor(() => expect(within(panel).getAllByTestId('observationRow')).toHaveLength(5));
    expect(userCalls().at(-1)!.query).toEqual({ page: 2, size: 20 });
    fireEvent.click(within(panel).getByTestId('userObservationsSeeAll'));
    expect(history.location.pathname).toBe('/observations');
    expect(new URLSearchParams(history.location.search).get('user')).toBe('alice');
    await screen.findAllByTestId('observationRow');
    expect(listCalls(calls).at(-1)!.query).toMatchObject({ user: 'alice' });
  });
});

// Numbered pages stop at the index's result window (10,000 results: page 400 of 25); the API serves what lies beyond
// through the cursor of the page before, as the Alerts page follows it.
it('past the numbered pages, the next page follows the cursor of the one before', async () => {
  const { calls, history } = await mountApp(`/observations?${RANGE}&page=400`, {
    [`GET ${API_PATHS.observations}`]: ({ query }) =>
      query?.cursor === 'after-400'
        ? page([bob], 20_000, { page: undefined, next_cursor: 'after-401' })
        : page([ff.newDeviceObservation], 20_000, { page: 400, next_cursor: 'after-400' }),
  });
  await screen.findAllByTestId('observationRow');
  expect(listCalls(calls)[0].query).toMatchObject({ page: 400, size: 25 });
  fireEvent.click(await screen.findByTestId('pagination-button-next'));
  await waitFor(() => expect(history.location.search).toContain('page=401'));
  await waitFor(() => expect(listCalls(calls)).toHaveLength(2));
  expect(listCalls(calls)[1].query).toEqual({
    from: '2026-11-01T00:00:00.000Z',
    to: '2026-11-08T00:00:00.000Z',
    size: 25,
    cursor: 'after-400',
  });
  await waitFor(() => expect(within(screen.getByTestId('observationRow')).getByText('bob')).toBeTruthy());
});

import { RouteError } from '../routes/errors';
import { alertSort, buildAlertsListSearch, CURSOR_PAGE_TOTAL_LIMIT, shapeAlertsPage } from './alerts_list';
import { decodeCursor, encodeCursor, MAX_FLOAT_SORT_VALUE, planPage } from './pagination';
import { ALERT_SORT_FIELDS } from '../../common/api';
import { oneOfStrings } from '../routes/params';

describe('alert list paging', () => {
  const sort = alertSort('severity', 'desc');

  it('sorts by the requested field, then newest first, then the unique numeric sort key', () => {
    expect(sort).toEqual([
      { 'event.severity': { order: 'desc', missing: '_last' } },
      { '@timestamp': { order: 'desc', missing: -8.64e15 } },
      { 'buffalogs.sort_key': { order: 'asc', missing: Number.MAX_SAFE_INTEGER } },
    ]);
    expect(alertSort()).toHaveLength(2);
  });

  it("sort=score is the alert's own score (event.risk_score); risk_score stays the user's risk at alert time", () => {
    // `sort=risk_score` read 100, 100, 95, 100… by the alert's score: it is buffalogs.user_risk.score, the user's.
    expect(alertSort('score', 'desc')).toEqual([
      // Missing (another writer's document) sorts last through the largest float a cursor can carry back, as risk_score.
      { 'event.risk_score': { order: 'desc', missing: -MAX_FLOAT_SORT_VALUE } },
      { '@timestamp': { order: 'desc', missing: -8.64e15 } },
      { 'buffalogs.sort_key': { order: 'asc', missing: Number.MAX_SAFE_INTEGER } },
    ]);
    expect(alertSort('score', 'asc')[0]).toEqual({
      'event.risk_score': { order: 'asc', missing: MAX_FLOAT_SORT_VALUE },
    });
    expect(alertSort('risk_score', 'desc')[0]).toEqual({
      'buffalogs.user_risk.score': { order: 'desc', missing: -MAX_FLOAT_SORT_VALUE },
    });
    // The route takes it (the same list validates `sort`), and still refuses what is no sort field.
    const sortParam = oneOfStrings(ALERT_SORT_FIELDS);
    expect(sortParam.validate('score', {}, 'request query.sort')).toBe('score');
    expect(() => sortParam.validate('event.risk_score', {}, 'request query.sort')).toThrow(/\[request query\.sort\]/);
  });

  it('uses from/size for numbered pages and refuses beyond max_result_window, pointing at the cursor', () => {
    expect(planPage({ page: 3, size: 25 }, sort, 10_000)).toEqual({ from: 50, size: 25, page: 3 });
    expect(() => planPage({ page: 401, size: 25 }, sort, 10_000)).toThrow(/max_result_window.*next_cursor/);
    expect(() => planPage({ page: 2, size: 25 }, sort, 30)).toThrow(RouteError);
  });

  it('round-trips a cursor into search_after and refuses one made for another sort', () => {
    const cursor = encodeCursor(sort, [73, 1714560000000, 4503599627370495]);
    expect(planPage({ size: 10, cursor }, sort, 10_000)).toEqual({
      size: 10,
      search_after: [73, 1714560000000, 4503599627370495],
    });
    expect(() => decodeCursor(cursor, alertSort('user', 'asc'))).toThrow(/another sort order/);
    expect(() => planPage({ size: 10, cursor, page: 2 }, sort, 10_000)).toThrow(/either \[page\] or \[cursor\]/);
  });

  it.each([
    ['not base64 json', 'bm90IGpzb24'],
    ['wrong arity', Buffer.from(JSON.stringify({ v: 1, s: 'x', a: [1] })).toString('base64url')],
    [
      'an object as a sort value',
      Buffer.from(JSON.stringify({ v: 1, s: 'x', a: [{ script: 1 }, 1, 'a'] })).toString('base64url'),
    ],
  ])('rejects a forged cursor (%s) with a 400 naming the parameter', (_, cursor) => {
    try {
      decodeCursor(cursor, sort);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(RouteError);
      expect((e as RouteError).statusCode).toBe(400);
      expect((e as Error).message).toMatch(/^\[request query\.cursor\]/);
    }
  });

  it('checks each cursor value against its field: strings for keywords, numbers for dates and the sort key', () => {
    const byUser = alertSort('user', 'asc');
    const search = (values: unknown[]) =>
      buildAlertsListSearch(
        'i',
        { size: 5, sort: 'user', direction: 'asc', cursor: encodeCursor(byUser, values as never) },
        10_000,
      ).request.search_after;
    expect(search(['bob', 1714560000000, 42])).toEqual(['bob', 1714560000000, 42]);
    expect(search([null, 1714560000000, 42])).toEqual([null, 1714560000000, 42]);
    expect(() => search(['bob', 'yesterday', 42])).toThrow(/query\.cursor/);
    expect(() => search([7, 1714560000000, 42])).toThrow(/query\.cursor/);
    expect(() => search(['bob', 1714560000000, 'abc'])).toThrow(/query\.cursor/);
    // Dates: what Elasticsearch's date parser takes back (before: beyond ±2^63 ms it refused the search, a 502).
    expect(() => search(['bob', 2 ** 63, 42])).toThrow(/query\.cursor/);
    expect(() => search(['bob', -1e19, 42])).toThrow(/query\.cursor/);
    expect(search(['bob', -8.64e15, 42])).toEqual(['bob', -8.64e15, 42]);
  });

  it('builds the search and offers next_cursor only while more may follow', () => {
    const {
      request,
      sort: s,
      size,
      page,
    } = buildAlertsListSearch('buffalogs-alerts-x', { size: 2, page: 1, user: 'bob' }, 10_000);
    expect(request).toMatchObject({ index: 'buffalogs-alerts-x', from: 0, size: 2, track_total_hits: true });
    // Deep cursor pages count only up to a bound, so Elasticsearch may skip non-competitive hits.
    const deep = buildAlertsListSearch('buffalogs-alerts-x', { size: 2, cursor: encodeCursor(s, [5, 26]) }, 10_000);
    expect(deep.request).toMatchObject({ search_after: [5, 26], track_total_hits: CURSOR_PAGE_TOTAL_LIMIT });
    expect(deep.request.from).toBeUndefined();
    const hit = (id: string, ts: number) => ({
      _index: 'i',
      _id: id,
      _source: { user: { name: 'bob' } } as never,
      sort: [ts, id.charCodeAt(0)],
    });
    const full = shapeAlertsPage(
      { hits: { total: { value: 3, relation: 'eq' }, hits: [hit('a', 2), hit('b', 1)] } } as never,
      s,
      size,
      page,
    );
    expect(full.items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(decodeCursor(full.next_cursor!, s)).toEqual([1, 'b'.charCodeAt(0)]);
    const last = shapeAlertsPage(
      { hits: { total: { value: 2, relation: 'eq' }, hits: [hit('a', 2), hit('b', 1)] } } as never,
      s,
      size,
      page,
    );
    expect(last.next_cursor).toBeUndefined();
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * The observations routes over real HTTP (dev host, built plugin) on real Elasticsearch (issue 12: observations "on
 * the user's page and in the alert's evidence, counted in statistics"). Before any pass the space has no observations
 * index: an empty list and a count of 0, not an error. After a detection pass (default profile) in which twelve
 * colleagues log in from home and then, each for the first time, through the company VPN abroad (new network and
 * country, under the threshold: observations, see population_context.test.ts), the user route returns exactly that
 * user's stored observations, newest first, bounded by `size` and the range; hostile parameters are 400s.
 */
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS, apiPath } from '../../common/api';
import { resolveDetectionConfig, type Observation } from '../../server/detection';
import { runDetectionPass } from '../../server/pass';
import { contextIndex, observationsIndex } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, login, type EcsEvent } from './fixtures/auth_events';
import { deleteSpace, testDeps, testSettings, uniqueSpace } from './helpers/detection_pass';
import { call, ensureFreshBuild, startHost, type RunningHost } from './routes_host';

jest.setTimeout(300_000);

const HOUR = 3_600_000;
const NOW = Date.parse('2025-03-10T12:00:00Z');
const AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const ROME = 0;
const TOKYO = 2;

const space = uniqueSpace('observations');
const source = uniqueIndexName('auth-observations');
let client: Client;
let host: RunningHost;
let noAccess: RunningHost;

const userPath = (name: string, query = '') => `${apiPath(API_PATHS.userObservations, { name })}${query}`;
const listPath = (query = '') => `${API_PATHS.observations}${query}`;

/** As population_context.test.ts: twelve colleagues at home in Rome, each then through the VPN (Tokyo by GeoIP). */
function events(): EcsEvent[] {
  const out: EcsEvent[] = [];
  for (let u = 0; u < 12; u++) {
    const user = `staff${String(u).padStart(2, '0')}`;
    for (let k = 0; k < 6; k++)
      out.push(
        login(`${user}-home-${k}`, NOW - 40 * HOUR + k * 5 * HOUR + u * 60_000, user, ROME, `93.34.${u}.7`, AGENT),
      );
    out.push(login(`${user}-vpn`, NOW - 3 * HOUR + u * 60_000, user, TOKYO, `198.51.100.${10 + u}`, AGENT));
  }
  // staff03 also logs in at home from a new browser: a second observation, before the VPN one.
  out.push(login('staff03-new-browser', NOW - 16 * HOUR, 'staff03', ROME, '93.34.3.7', FIREFOX));
  return out;
}

/** What the observations index holds for a user, newest first, read straight from Elasticsearch. */
async function storedFor(user: string): Promise<Array<{ id: string; source: Observation }>> {
  return stored({ term: { 'user.name': user } });
}

/** What the observations index holds (every user's unless `query` says otherwise), newest first. */
async function stored(query: object = { match_all: {} }): Promise<Array<{ id: string; source: Observation }>> {
  const result = await client.search<Observation>({
    index: observationsIndex(space),
    size: 1000,
    query,
    sort: [{ '@timestamp': 'desc' }, { 'event.id': 'asc' }, { 'event.index': 'asc' }, { 'user.name': 'asc' }],
  });
  return result.hits.hits.map((h) => ({ id: h._id!, source: h._source! }));
}

/** Every page of `query` walked by page number (`?page=1…`) or by following next_cursor. */
async function walk(query: string, size: number, by: 'page' | 'cursor'): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | undefined;
  for (let page = 1; page <= 100; page++) {
    const step = by === 'page' || page === 1 ? `page=${page}` : `cursor=${cursor}`;
    const res = await call(host.baseUrl, 'GET', listPath(`?${query}${query ? '&' : ''}size=${size}&${step}`));
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.next_cursor;
    if (by === 'page' ? res.body.items.length < size || items.length >= res.body.total : !cursor) break;
  }
  return items;
}

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  await createSourceIndex(client, source, events());
  // The hosts' own detection task reads nothing: the test runs the pass, with its clock.
  const settings = { buffalogs: { space, indices: ['nothing-here-*'], schedule: { interval: '1d' } } };
  [host, noAccess] = await Promise.all([
    startHost({ privilege: 'read', settings }),
    startHost({ privilege: 'none', settings }),
  ]);
});

afterAll(async () => {
  await Promise.all([host?.stop(), noAccess?.stop()]);
  await deleteSpace(client, space);
  await deleteIndices(client, contextIndex(space), observationsIndex(space), source);
  await client.close();
});

test('no observations index yet: an empty list and a count of 0, not an error; the read privilege is needed', async () => {
  expect(await client.indices.exists({ index: observationsIndex(space) })).toBe(false);
  const res = await call(host.baseUrl, 'GET', userPath('staff03'));
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ items: [], total: 0, total_relation: 'eq', page: 1, size: 20 });
  const count = await call(host.baseUrl, 'GET', API_PATHS.observationsCount);
  expect(count.status).toBe(200);
  expect(count.body).toEqual({ total: 0, total_relation: 'eq' });
  expect((await call(noAccess.baseUrl, 'GET', userPath('staff03'))).status).toBe(403);
  expect((await call(noAccess.baseUrl, 'GET', API_PATHS.observationsCount)).status).toBe(403);
  // Across users too: every filter of the list on a space with no observations yet.
  for (const query of ['', '?user=staff03', '?signal=new_device', '?from=2025-03-01&to=2025-03-11', '?page=3']) {
    const list = await call(host.baseUrl, 'GET', listPath(query));
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ items: [], total: 0, total_relation: 'eq' });
    expect(list.body.next_cursor).toBeUndefined();
  }
  expect((await call(noAccess.baseUrl, 'GET', listPath())).status).toBe(403);
});

describe('after a detection pass', () => {
  beforeAll(async () => {
    const pass = await runDetectionPass(
      testSettings([source], space, { detection: resolveDetectionConfig('default') }),
      testDeps(client, NOW),
      // An explicit window, not the checkpoint (the hosts' own task may have checkpointed this space already).
      { from: NOW - 2 * 24 * HOUR, to: NOW },
    );
    expect(pass.events).toBe(12 * 7 + 1);
    expect(pass.recordsCreated).toBeGreaterThan(0);
    await client.indices.refresh({ index: observationsIndex(space) });
  });

  test("the user's stored observations, newest first, with their signals, score, threshold and why; only theirs", async () => {
    const stored = await storedFor('staff03');
    // The new browser and the first VPN login: more than one observation to order.
    expect(stored.map((s) => s.source.event.id)).toEqual(
      expect.arrayContaining(['staff03-vpn', 'staff03-new-browser']),
    );
    const res = await call(host.baseUrl, 'GET', userPath('staff03'));
    expect(res.status).toBe(200);
    const body = res.body as any;
    expect(body.total).toBe(stored.length);
    expect(body.total_relation).toBe('eq');
    expect(body.items.map((o: any) => o.id)).toEqual(stored.map((s) => s.id));
    const times = body.items.map((o: any) => Date.parse(o['@timestamp']));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const o of body.items) {
      expect(o.user.name).toBe('staff03');
      expect(o.event.kind).toBe('signal');
      expect(o.score).toBeLessThan(o.threshold);
      expect(typeof o.why).toBe('string');
      expect(o.why.length).toBeGreaterThan(0);
      expect(Array.isArray(o.signals)).toBe(true);
    }
    // The VPN login abroad is among them, with its signals and their points.
    const vpn = body.items.find((o: any) => o.event.id === 'staff03-vpn');
    expect(vpn).toBeDefined();
    expect(vpn.signals.length).toBeGreaterThan(0);
    for (const s of vpn.signals) expect(typeof s.weight).toBe('number');
    expect(vpn).toEqual({
      id: stored.find((s) => s.source.event.id === 'staff03-vpn')!.id,
      ...stored.find((s) => s.source.event.id === 'staff03-vpn')!.source,
    });
  });

  test('bounded: size caps the list (total still counts them all); from/to restrict it to the range', async () => {
    const stored = await storedFor('staff03');
    const one = (await call(host.baseUrl, 'GET', userPath('staff03', '?size=1'))).body as any;
    expect(one.items.map((o: any) => o.id)).toEqual([stored[0].id]);
    expect(one.total).toBe(stored.length);
    // The last 4 hours hold the VPN login only (the new browser is 16 h before NOW).
    const from = new Date(NOW - 4 * HOUR).toISOString();
    const to = new Date(NOW).toISOString();
    const recent = (await call(host.baseUrl, 'GET', userPath('staff03', `?from=${from}&to=${to}`))).body as any;
    expect(recent.items.map((o: any) => o.event.id)).toEqual(['staff03-vpn']);
    expect(recent.total).toBe(1);
    // `to` is exclusive.
    const vpnAt = Date.parse(recent.items[0]['@timestamp']);
    const before = (
      await call(host.baseUrl, 'GET', userPath('staff03', `?from=${from}&to=${new Date(vpnAt).toISOString()}`))
    ).body as any;
    expect(before.items).toEqual([]);
  });

  test('an unknown user has no observations: an empty list, not a 404', async () => {
    const res = await call(host.baseUrl, 'GET', userPath('nobody-here'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], total: 0, total_relation: 'eq', page: 1, size: 20 });
  });

  test("the user's observations page: page 2 of size 1 is the second newest; the cursor walks the same rows", async () => {
    const all = await storedFor('staff03');
    expect(all.length).toBeGreaterThanOrEqual(2);
    const first = (await call(host.baseUrl, 'GET', userPath('staff03', '?size=1'))).body as any;
    expect(first).toMatchObject({ page: 1, size: 1, total: all.length });
    expect(first.items.map((o: any) => o.id)).toEqual([all[0].id]);
    expect(typeof first.next_cursor).toBe('string');
    const second = (await call(host.baseUrl, 'GET', userPath('staff03', '?size=1&page=2'))).body as any;
    expect(second.items.map((o: any) => o.id)).toEqual([all[1].id]);
    const byCursor = (await call(host.baseUrl, 'GET', userPath('staff03', `?size=1&cursor=${first.next_cursor}`)))
      .body as any;
    expect(byCursor.items.map((o: any) => o.id)).toEqual([all[1].id]);
    // The last page says so: no cursor.
    const last = (await call(host.baseUrl, 'GET', userPath('staff03', `?size=1&page=${all.length}`))).body as any;
    expect(last.items.map((o: any) => o.id)).toEqual([all[all.length - 1].id]);
    expect(last.next_cursor).toBeUndefined();
    expect((await call(host.baseUrl, 'GET', userPath('staff03', '?page=0'))).status).toBe(400);
    expect((await call(host.baseUrl, 'GET', userPath('staff03', '?page=1&cursor=abc'))).status).toBe(400);
  });

  test('the count is every user’s observations in the range', async () => {
    const all = (await client.count({ index: observationsIndex(space) })).count;
    const res = await call(host.baseUrl, 'GET', API_PATHS.observationsCount);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ total: all, total_relation: 'eq' });
    const from = new Date(NOW - 4 * HOUR).toISOString();
    const recent = await client.count({
      index: observationsIndex(space),
      query: { range: { '@timestamp': { gte: from } } },
    });
    expect((await call(host.baseUrl, 'GET', `${API_PATHS.observationsCount}?from=${from}`)).body.total).toBe(
      recent.count,
    );
  });

  test.each([
    ['size 0', userPath('staff03', '?size=0'), /query\.size/],
    ['size over the bound', userPath('staff03', '?size=101'), /query\.size/],
    ['size not an integer', userPath('staff03', '?size=2.5'), /query\.size/],
    ['size not a number', userPath('staff03', '?size=ten'), /query\.size/],
    ['from not a date', userPath('staff03', '?from=yesterday'), /query\.from/],
    ['from a query clause', userPath('staff03', `?from=${encodeURIComponent('{"match_all":{}}')}`), /query\.from/],
    ['to a day that does not exist', userPath('staff03', '?to=2025-02-30'), /query\.to/],
    ['from after to', userPath('staff03', '?from=2025-03-10&to=2025-03-01'), /\[from\] must be before \[to\]/],
    ['an unknown parameter', userPath('staff03', '?index=buffalogs-alerts-*'), /index/],
    ['a name too long', userPath('x'.repeat(600)), /params\.name/],
    [
      'the count with from after to',
      `${API_PATHS.observationsCount}?from=2025-03-10&to=2025-03-01`,
      /\[from\] must be before/,
    ],
    ['the count with a bad date', `${API_PATHS.observationsCount}?to=now-1d`, /query\.to/],
  ])('%s → 400 naming it', async (_title, path, message) => {
    const res = await call(host.baseUrl, 'GET', path);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });

  test('a name that looks like a query or a wildcard matches no one else', async () => {
    for (const name of ['staff*', '*', 'staff03 OR staff04', '{"match_all":{}}']) {
      const res = await call(host.baseUrl, 'GET', listPath(`?user=${encodeURIComponent(name)}`));
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    }
    for (const name of ['staff*', '*', 'staff03 OR staff04', '{"match_all":{}}']) {
      const res = await call(host.baseUrl, 'GET', userPath(name));
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    }
  });

  describe('every user’s observations: GET /api/buffalogs/observations', () => {
    // Runs after the pass above (Jest runs describe blocks in order): the index holds every colleague's observations.
    test('every stored observation, newest first, exactly as the index holds them', async () => {
      const all = await stored();
      // First VPN logins abroad (until the network is the colleagues' own: population context) and a new browser,
      // from several users: more than one page of 4 below.
      expect(all.length).toBeGreaterThan(8);
      expect(new Set(all.map((o) => o.source.user.name)).size).toBeGreaterThan(5);
      const res = await call(host.baseUrl, 'GET', listPath('?size=100'));
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(all.length);
      expect(res.body.total_relation).toBe('eq');
      expect(res.body.items).toEqual(all.map((o) => ({ ...o.source, id: o.id })));
      const times = res.body.items.map((o: any) => Date.parse(o['@timestamp']));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    });

    test("filtered by user: that user's observations only, the same as the user route", async () => {
      const mine = await storedFor('staff03');
      const res = await call(host.baseUrl, 'GET', listPath('?user=staff03'));
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(mine.length);
      expect(res.body.items.map((o: any) => o.id)).toEqual(mine.map((o) => o.id));
      const route = (await call(host.baseUrl, 'GET', userPath('staff03'))).body as any;
      expect(res.body.items).toEqual(route.items);
      // Exact, case and all: another spelling is another user.
      expect((await call(host.baseUrl, 'GET', listPath('?user=STAFF03'))).body.total).toBe(0);
    });

    test('filtered by signal: the observations that have that signal, whatever else they have', async () => {
      const all = await stored();
      const ids = [...new Set(all.flatMap((o) => o.source.signals.map((s) => s.id)))];
      expect(ids.length).toBeGreaterThan(0);
      for (const signal of ids) {
        const expected = all.filter((o) => o.source.signals.some((s) => s.id === signal));
        const res = await call(host.baseUrl, 'GET', listPath(`?signal=${signal}&size=100`));
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(expected.length);
        expect(res.body.items.map((o: any) => o.id)).toEqual(expected.map((o) => o.id));
      }
      // staff03's new browser at home is a new device, and the only one of those among the colleagues' observations.
      const browser = all.find((o) => o.source.event.id === 'staff03-new-browser')!;
      const signal = browser.source.signals[0].id;
      const both = await call(host.baseUrl, 'GET', listPath(`?signal=${signal}&user=staff03`));
      expect(both.body.items.map((o: any) => o.id)).toContain(browser.id);
      for (const o of both.body.items) expect(o.user.name).toBe('staff03');
      // A signal no stored observation has: an empty list, not an error.
      const absent = ['anonymous_ip', 'impossible_travel', 'stolen_session'].find((id) => !ids.includes(id as never))!;
      const none = await call(host.baseUrl, 'GET', listPath(`?signal=${absent}`));
      expect(none.status).toBe(200);
      expect(none.body).toMatchObject({ items: [], total: 0 });
    });

    test('restricted to the range: from inclusive, to exclusive', async () => {
      const from = new Date(NOW - 4 * HOUR).toISOString();
      const recent = await stored({ range: { '@timestamp': { gte: from } } });
      // VPN logins only, not the new browser 16 h before; several of them.
      expect(recent.length).toBeGreaterThan(5);
      for (const o of recent) expect(o.source.event.id).toMatch(/^staff\d\d-vpn$/);
      expect(recent.length).toBeLessThan((await stored()).length);
      const res = await call(host.baseUrl, 'GET', listPath(`?from=${from}&size=100`));
      expect(res.body.items.map((o: any) => o.id)).toEqual(recent.map((o) => o.id));
      // `to` at the newest one's time leaves it out; `from` at it keeps it.
      const newestAt = recent[0].source['@timestamp'];
      const before = await call(host.baseUrl, 'GET', listPath(`?from=${from}&to=${newestAt}&size=100`));
      expect(before.body.items.map((o: any) => o.id)).toEqual(recent.slice(1).map((o) => o.id));
      const at = await call(host.baseUrl, 'GET', listPath(`?from=${newestAt}`));
      expect(at.body.items.map((o: any) => o.id)).toEqual([recent[0].id]);
    });

    test.each(['page', 'cursor'] as const)(
      'paged by %s: every observation once, in order, no gap and no duplicate',
      async (by) => {
        const all = await stored();
        const walked = await walk('', 4, by);
        expect(walked.map((o) => o.id)).toEqual(all.map((o) => o.id));
        // Filtered pages too.
        const recent = await stored({ range: { '@timestamp': { gte: new Date(NOW - 4 * HOUR).toISOString() } } });
        const walkedRecent = await walk(`from=${new Date(NOW - 4 * HOUR).toISOString()}`, 5, by);
        expect(walkedRecent.map((o) => o.id)).toEqual(recent.map((o) => o.id));
      },
    );

    test('a page says which it is and how big; the last one has no next cursor; past the end is empty', async () => {
      const all = await stored();
      const first = (await call(host.baseUrl, 'GET', listPath('?size=5'))).body as any;
      expect(first).toMatchObject({ page: 1, size: 5, total: all.length });
      expect(typeof first.next_cursor).toBe('string');
      const lastPage = Math.ceil(all.length / 5);
      const last = (await call(host.baseUrl, 'GET', listPath(`?size=5&page=${lastPage}`))).body as any;
      expect(last.page).toBe(lastPage);
      expect(last.next_cursor).toBeUndefined();
      const past = (await call(host.baseUrl, 'GET', listPath(`?size=5&page=${lastPage + 1}`))).body as any;
      expect(past.items).toEqual([]);
      expect(past.total).toBe(all.length);
    });

    test.each([
      ['an unknown signal', '?signal=bogus', /query\.signal.*expected one of \[anonymous_ip, new_device/],
      ["a signal's display name", `?signal=${encodeURIComponent('Impossible Travel')}`, /query\.signal/],
      ['a detector that is no signal', '?signal=suspicious_login', /query\.signal/],
      ['a signal as a pattern', '?signal=new_*', /query\.signal/],
      ['two signals', '?signal=new_device&signal=new_country', /query\.signal/],
      ['two users', '?user=staff03&user=staff04', /query\.user/],
      ['an empty user', '?user=', /query\.user/],
      ['a user name too long', `?user=${'x'.repeat(600)}`, /query\.user/],
      ['two pages', '?page=1&page=2', /query\.page/],
      ['size 0', '?size=0', /query\.size/],
      ['a huge size', '?size=100000000', /query\.size/],
      ['size over the bound', '?size=101', /query\.size/],
      ['a page 0', '?page=0', /query\.page/],
      ['a page not a number', '?page=two', /query\.page/],
      ['pages beyond the result window', '?page=10000&size=100', /max_result_window/],
      ['page and cursor at once', '?page=2&cursor=abc', /either \[page\] or \[cursor\]/],
      ['a forged cursor', `?cursor=${Buffer.from('{"v":1,"s":"x","a":[]}').toString('base64url')}`, /query\.cursor/],
      ['a cursor with syntax', `?cursor=${encodeURIComponent('{"a":1}')}`, /query\.cursor/],
      ['from not a date', '?from=yesterday', /query\.from/],
      ['to a day that does not exist', '?to=2025-02-30', /query\.to/],
      ['from after to', '?from=2025-03-10&to=2025-03-01', /\[from\] must be before \[to\]/],
      ['a date as an array', '?from=2025-03-01&from=2025-03-02', /query\.from/],
      ['a prototype key', '?__proto__[x]=1', /__proto__/],
      ['a bare __proto__', '?__proto__=x', /__proto__/],
      ['a constructor key', '?constructor=x', /constructor/],
      ['a constructor prototype', '?constructor[prototype][size]=1', /constructor/],
      ['toString', '?toString=x', /toString/],
      ['an unknown parameter', '?index=buffalogs-alerts-*', /index/],
    ])('%s → 400 naming it', async (_title, query, message) => {
      const res = await call(host.baseUrl, 'GET', listPath(query));
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
    });

    test("a cursor made for one user's list, replayed on the list of every user, continues after its row", async () => {
      const all = await stored();
      const mine = (await call(host.baseUrl, 'GET', userPath('staff03', '?size=1'))).body as any;
      const after = await call(host.baseUrl, 'GET', listPath(`?size=100&cursor=${mine.next_cursor}`));
      expect(after.status).toBe(200);
      const at = all.findIndex((o) => o.id === mine.items[0].id);
      expect(after.body.items.map((o: any) => o.id)).toEqual(all.slice(at + 1).map((o) => o.id));
    });
  });
});

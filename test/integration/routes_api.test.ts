/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * The HTTP API over real HTTP: the dev host serves the built plugin against the run's Elasticsearch, seeded with
 * alerts, user states and source logins in a space of this file's own. Each test asserts what a caller of the route
 * would rely on, and checks writes in Elasticsearch itself.
 */
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS, apiPath } from '../../common/api';
import { alertSortKey } from '../../server/detection/alert_document';
import { newUserState } from '../../server/detection/user_state';
import { stateDocId, toStateDocument } from '../../server/storage/user_state_store';
import { pluginIndices } from '../../server/storage/index_names';
import { settingsIndexName } from '../../server/settings/settings_store';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { alertIdOf, userName } from './routes_fixtures';
import { call, ensureFreshBuild, startHost, type RunningHost } from './routes_host';
import { seedSpace } from './routes_seed';

jest.setTimeout(300_000);

const space = uniqueIndexName('routes').replace(/-/g, '_');
const sourceIndex = uniqueIndexName('routes-logs');
const indices = pluginIndices(space);
let client: Client;
let host: RunningHost;
let readOnlyHost: RunningHost;
const get = (p: string) => call(host.baseUrl, 'GET', p);

/** A list walked one item a page by its cursors (at most `max` pages): each page's `field`, in order. */
async function walkPages(path: string, sort: string, direction: string, field: string, max: number) {
  const values: string[] = [];
  let cursor = '';
  for (let n = 0; n < max; n++) {
    const page = await get(`${path}?sort=${sort}&direction=${direction}&size=1${cursor}`);
    expect(page.status).toBe(200);
    values.push(...page.body.items.map((item: any) => item[field]));
    if (!page.body.next_cursor) break;
    cursor = `&cursor=${page.body.next_cursor}`;
  }
  return values;
}
const range = `from=2024-04-30T00:00:00Z&to=2024-05-04T00:00:00Z`;

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  await seedSpace(client, space, sourceIndex);
  // A small window so the test can reach its end: numbered pages must stop there, cursors go on.
  await client.indices.putSettings({ index: indices.alerts, settings: { 'index.max_result_window': 40 } });
  // The seeded states and alerts carry BuffaLogs' counted risk (the count model); the default profile's score model
  // reads risk from open alerts at request time (routes_user_risk.test.ts).
  const settings = {
    buffalogs: {
      space,
      indices: [`${sourceIndex}-none-*`],
      schedule: { interval: '1d' },
      detection: { risk: { model: 'alert_count' } },
    },
  };
  [host, readOnlyHost] = await Promise.all([
    startHost({ privilege: 'all', settings }),
    startHost({ privilege: 'read', settings }),
  ]);
});

afterAll(async () => {
  await Promise.all([host?.stop(), readOnlyHost?.stop()]);
  await deleteIndices(
    client,
    indices.alerts,
    indices.state,
    indices.checkpoints,
    sourceIndex,
    settingsIndexName(space),
  );
  await client.close();
});

/**
 * A default-profile verdict (one suspicious_login alert per login, its signals' ids in buffalogs.signal_ids since
 * template v5) made from a seeded alert: `verdict(id, signalIds)` is its document.
 */
async function verdictOf() {
  const original = await client.get<Record<string, any>>({ index: indices.alerts, id: alertIdOf(0) });
  return (id: string, signalIds?: string[]) => ({
    ...original._source,
    rule: { ...original._source!.rule, id: 'suspicious_login', name: 'Suspicious login' },
    buffalogs: {
      ...original._source!.buffalogs,
      alert_id: id,
      sort_key: alertSortKey(id),
      filtered: false,
      evidence: { kind: 'verdict', score: 80, threshold: 50, why: '', signals: [] },
      ...(signalIds ? { signal_ids: signalIds } : {}),
    },
  });
}

describe('dashboard aggregations', () => {
  it('counts users per risk level, every level present', async () => {
    const res = await get(API_PATHS.riskDistribution);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ levels: { no_risk: 2, low: 2, medium: 1, high: 1 }, total: 6 });
  });

  it('counts alerts per day and detector over the range, with empty days', async () => {
    const res = await get(`${API_PATHS.alertsOverTime}?${range}&interval=day`);
    expect(res.status).toBe(200);
    expect(res.body.interval).toBe('day');
    expect(res.body.total).toBe(60);
    expect(res.body.buckets.map((b: any) => [b.start.slice(0, 10), b.total])).toEqual([
      ['2024-04-30', 0],
      ['2024-05-01', 24],
      ['2024-05-02', 24],
      ['2024-05-03', 12],
    ]);
    const travel = res.body.buckets.reduce((n: number, b: any) => n + (b.by_detector.impossible_travel ?? 0), 0);
    expect(travel).toBe(10);
  });

  it('filters the chart by detector and filtered state', async () => {
    const res = await get(
      `${API_PATHS.alertsOverTime}?${range}&detector=new_country&detector=anonymous_ip&filtered=unfiltered`,
    );
    expect(res.status).toBe(200);
    // Alerts i%6 ∈ {2,4}; filtered are i%5==0: of the 20, i ∈ {10, 20, 40, 50} are filtered.
    expect(res.body.total).toBe(16);
  });

  it('with a detector picked, counts per picked detector what the list finds for it, verdicts with its signal too', async () => {
    // detector=impossible_travel also matches the verdicts with that signal (the list's clause): the chart showed
    // them as suspicious_login bars beside the travel ones, a series the analyst had not asked for.
    const verdict = await verdictOf();
    const both = 'c'.repeat(40);
    await client.index({
      index: indices.alerts,
      id: both,
      document: verdict(both, ['impossible_travel', 'new_device']),
      refresh: true,
    });
    try {
      const listed = async (detector: string) =>
        (await get(`${API_PATHS.alerts}?${range}&detector=${detector}&size=1`)).body.total as number;
      const series = (body: any) => {
        const sums: Record<string, number> = {};
        for (const b of body.buckets)
          for (const [d, n] of Object.entries(b.by_detector)) sums[d] = (sums[d] ?? 0) + (n as number);
        return sums;
      };
      const travel = await get(`${API_PATHS.alertsOverTime}?${range}&detector=impossible_travel`);
      expect(travel.status).toBe(200);
      expect(await listed('impossible_travel')).toBe(11);
      expect(series(travel.body)).toEqual({ impossible_travel: 11 });
      expect(travel.body.total).toBe(11);
      // Two picked: each series is what the list finds for that detector alone; the verdict with both signals is one
      // alert of the total (the list's count), counted in both series.
      const two = await get(`${API_PATHS.alertsOverTime}?${range}&detector=impossible_travel&detector=new_device`);
      expect(series(two.body)).toEqual({
        impossible_travel: await listed('impossible_travel'),
        new_device: await listed('new_device'),
      });
      expect(two.body.total).toBe(
        (await get(`${API_PATHS.alerts}?${range}&detector=impossible_travel&detector=new_device&size=1`)).body.total,
      );
      expect((await get(`${API_PATHS.alertsOverTime}?${range}&detector=impossible_*`)).status).toBe(400);
    } finally {
      await client.delete({ index: indices.alerts, id: both, refresh: true });
    }
  });

  it('counts alerts per country and returns the travel pairs with both ends for the map', async () => {
    const res = await get(`${API_PATHS.alertsByCountry}?${range}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(60);
    expect(res.body.countries).toHaveLength(6);
    const italy = res.body.countries.find((c: any) => c.country_iso_code === 'IT');
    expect(italy).toMatchObject({ count: 10, country_name: 'Italy' });
    expect(italy.location.lat).toBeCloseTo(45.46, 1);
    expect(res.body.travel_pairs).toHaveLength(10);
    expect(res.body.travel_pairs[0]).toMatchObject({
      from: { location: { lat: expect.any(Number) } },
      to: { location: { lon: expect.any(Number) } },
      speed_kmh: 6000,
    });
  });
});

describe('alerts list', () => {
  it('filters by user, detector, country, status, and says how many match', async () => {
    const res = await get(`${API_PATHS.alerts}?user=${userName(0)}&status=open&size=20`);
    expect(res.status).toBe(200);
    // user0 = alerts i%6==0; open = i%6 ∈ {0,1,2}: all 10 of them.
    expect(res.body.total).toBe(10);
    expect(res.body.items.every((a: any) => a.user.name === userName(0) && a.buffalogs.status === 'open')).toBe(true);
    const it = await get(`${API_PATHS.alerts}?country=it&detector=impossible_travel`);
    expect(it.body.total).toBe(10);
  });

  it("a detector also finds the default profile's verdicts with that signal, and a hostile detector is a 400", async () => {
    // The default profile writes one suspicious_login alert per login, its signals' ids in buffalogs.signal_ids
    // (template v5): detector=impossible_travel found nothing on such a space.
    const verdict = await verdictOf();
    const withSignals = 'd'.repeat(40);
    const beforeV5 = 'e'.repeat(40); // written before template v5: no signal_ids, not backfilled
    const ids = async (detector: string) => {
      const res = await get(`${API_PATHS.alerts}?${detector}&size=40`);
      expect(res.status).toBe(200);
      return res.body.items.map((a: any) => a.id) as string[];
    };
    const travelsBefore = await ids('detector=impossible_travel');
    await client.index({
      index: indices.alerts,
      id: withSignals,
      document: verdict(withSignals, ['impossible_travel', 'new_device']),
    });
    await client.index({ index: indices.alerts, id: beforeV5, document: verdict(beforeV5), refresh: true });
    try {
      const travels = await ids('detector=impossible_travel');
      expect(travels).toHaveLength(travelsBefore.length + 1);
      expect(travels).toContain(withSignals);
      expect(await ids('detector=new_device')).toContain(withSignals);
      expect(await ids('detector=anonymous_ip&detector=new_country')).not.toContain(withSignals);
      expect(await ids('detector=suspicious_login')).toEqual(expect.arrayContaining([withSignals, beforeV5]));
      expect(travels).not.toContain(beforeV5);
      for (const hostile of ['*', 'impossible_*', encodeURIComponent('{"script":{"source":"1"}}')]) {
        expect((await get(`${API_PATHS.alerts}?detector=${hostile}`)).status).toBe(400);
        expect((await get(`${API_PATHS.alerts}?detector=impossible_travel&detector=${hostile}`)).status).toBe(400);
      }
    } finally {
      await client.delete({ index: indices.alerts, id: withSignals });
      await client.delete({ index: indices.alerts, id: beforeV5, refresh: true });
    }
  });

  it('searches free text in user names, countries and IPs, literally', async () => {
    expect((await get(`${API_PATHS.alerts}?search=ser00000`)).body.total).toBe(60);
    expect((await get(`${API_PATHS.alerts}?search=brazil`)).body.total).toBe(10);
    expect((await get(`${API_PATHS.alerts}?search=198.51.0.7`)).body.items.map((a: any) => a.id)).toEqual([
      alertIdOf(7),
    ]);
    // Wildcard characters match themselves: no user name contains a '*'.
    expect((await get(`${API_PATHS.alerts}?search=${encodeURIComponent('*')}`)).body.total).toBe(0);
  });

  it('sorts, pages by number within max_result_window, and walks every alert once by cursor', async () => {
    const first = await get(`${API_PATHS.alerts}?sort=timestamp&direction=asc&size=10&page=1`);
    expect(first.body.items.map((a: any) => a.id)).toEqual(Array.from({ length: 10 }, (_, i) => alertIdOf(i)));
    const beyond = await get(`${API_PATHS.alerts}?size=10&page=5`);
    expect(beyond.status).toBe(400);
    expect(beyond.body.message).toMatch(/request query\.page.*40.*next_cursor/);

    const seen: string[] = [];
    let cursor: string | undefined;
    let page = await get(`${API_PATHS.alerts}?sort=severity&direction=desc&size=7`);
    for (;;) {
      seen.push(...page.body.items.map((a: any) => a.id));
      cursor = page.body.next_cursor;
      if (!cursor) break;
      page = await get(`${API_PATHS.alerts}?sort=severity&direction=desc&size=7&cursor=${cursor}`);
      expect(page.status).toBe(200);
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    const replayed = await get(`${API_PATHS.alerts}?sort=user&size=7&cursor=${first.body.next_cursor}`);
    expect(replayed.status).toBe(400);
  });

  // One a page, so that a page ends on the alert that sorts last, and its cursor is followed.
  const walkAlerts = (sort: string, direction: string) => walkPages(API_PATHS.alerts, sort, direction, 'id', 70);

  it.each([
    ['timestamp', 'asc'],
    ['timestamp', 'desc'],
    ['severity', 'desc'],
    ['user', 'asc'],
  ])('walks every alert once by cursor, sorted by %s %s, past an alert with no @timestamp', async (sort, direction) => {
    // Another writer's document without @timestamp: Elasticsearch sorted the missing date as ±2^63 ms (the primary
    // sort, or the newest-first tiebreaker of the others), which the next cursor could not carry back (400).
    const original = await client.get<Record<string, any>>({ index: indices.alerts, id: alertIdOf(0) });
    const id = 'a'.repeat(40);
    const { '@timestamp': _t, ...rest } = original._source!;
    const document = { ...rest, buffalogs: { ...rest.buffalogs, alert_id: id, sort_key: alertSortKey(id) } };
    await client.index({ index: indices.alerts, id, document, refresh: true });
    try {
      const ids = await walkAlerts(sort, direction);
      expect(ids).toHaveLength(61);
      expect(new Set(ids).size).toBe(61);
      if (sort === 'timestamp') expect(ids[60]).toBe(id); // a missing time sorts last either way
    } finally {
      await client.delete({ index: indices.alerts, id, refresh: true });
    }
  });

  it.each(['asc', 'desc'])(
    'walks every alert once by cursor, sorted by risk_score %s, past an alert without a user risk',
    async (direction) => {
      // Only login alerts carry buffalogs.user_risk (other families' alerts have none): Elasticsearch sorted the
      // missing float as ±Infinity, which its answer spells "Infinity", a string the next cursor refused (400).
      const original = await client.get<Record<string, any>>({ index: indices.alerts, id: alertIdOf(0) });
      const id = 'a'.repeat(40);
      const { user_risk: _r, ...buffalogs } = original._source!.buffalogs;
      const document = { ...original._source, buffalogs: { ...buffalogs, alert_id: id, sort_key: alertSortKey(id) } };
      await client.index({ index: indices.alerts, id, document, refresh: true });
      try {
        const ids = await walkAlerts('risk_score', direction);
        expect(ids).toHaveLength(61);
        expect(new Set(ids).size).toBe(61);
        expect(ids[60]).toBe(id); // a missing risk sorts last either way
      } finally {
        await client.delete({ index: indices.alerts, id, refresh: true });
      }
    },
  );
  it.each(['asc', 'desc'])(
    "sorts by the alert's own score (event.risk_score) %s, not the user's risk, past an alert without one",
    async (direction) => {
      // sort=risk_score is buffalogs.user_risk.score (the user's risk at alert time): it gave 100, 100, 95, 100…
      const original = await client.get<Record<string, any>>({ index: indices.alerts, id: alertIdOf(0) });
      const top = 'b'.repeat(40); // the highest score, with the lowest user risk
      const none = 'c'.repeat(40); // another writer's alert with no score
      const copy = (id: string, event: Record<string, any>, userRisk: number) => ({
        ...original._source,
        event,
        buffalogs: {
          ...original._source!.buffalogs,
          alert_id: id,
          sort_key: alertSortKey(id),
          user_risk: { level: 'low', score: userRisk },
        },
      });
      const { risk_score: _s, ...noScore } = original._source!.event;
      await client.index({ index: indices.alerts, id: top, document: copy(top, { ...noScore, risk_score: 100 }, 0) });
      await client.index({ index: indices.alerts, id: none, document: copy(none, noScore, 1), refresh: true });
      try {
        const scores = async (sort: string) => {
          const res = await get(`${API_PATHS.alerts}?sort=${sort}&direction=${direction}&size=40`);
          expect(res.status).toBe(200);
          return res.body.items.map((a: any) => a.event.risk_score);
        };
        const byScore = await scores('score');
        const numbers = byScore.filter((s: unknown) => typeof s === 'number');
        expect(numbers).toEqual([...numbers].sort((a, b) => (direction === 'asc' ? a - b : b - a)));
        if (direction === 'desc') expect(byScore[0]).toBe(100);
        const ids = await walkAlerts('score', direction);
        expect(ids).toHaveLength(62);
        expect(new Set(ids).size).toBe(62);
        expect(ids[61]).toBe(none); // a missing score sorts last either way
        expect(ids[direction === 'desc' ? 0 : 60]).toBe(top);
      } finally {
        await client.delete({ index: indices.alerts, id: top });
        await client.delete({ index: indices.alerts, id: none, refresh: true });
      }
    },
  );
});

describe('alert detail', () => {
  it("returns the alert, its evidence and the user's logins around it from the source index", async () => {
    const res = await get(apiPath(API_PATHS.alert, { id: alertIdOf(1) }));
    expect(res.status).toBe(200);
    expect(res.body.alert.id).toBe(alertIdOf(1));
    expect(res.body.evidence.kind).toBe(res.body.alert.buffalogs.evidence.kind);
    expect(res.body.logins_source).toBe('events');
    expect(res.body.logins).toHaveLength(6);
    expect(res.body.logins.map((l: any) => l.timestamp)).toEqual(
      [...res.body.logins.map((l: any) => l.timestamp)].sort(),
    );
    expect(res.body.logins.filter((l: any) => l.is_trigger).map((l: any) => l.event_id)).toEqual(['evt-1']);
  });

  it("falls back to the detector's remembered logins when the source index is gone, and says so", async () => {
    const res = await get(apiPath(API_PATHS.alert, { id: alertIdOf(31) }));
    expect(res.status).toBe(200);
    expect(res.body.logins_source).toBe('state');
    expect(res.body.logins_note).toMatch(/not readable.*index_not_found/);
    expect(res.body.logins).toEqual([expect.objectContaining({ event_id: 'home-1', country_iso_code: 'US' })]);
  });

  it('answers without remembered logins, not a 500, when a stored alert names its user with no string', async () => {
    // The alerts index takes any document (another writer, a hand-made one): user.name 42 is a keyword to
    // Elasticsearch, but the fallback to the user's state took it for a string and threw (a 500).
    const original = await client.get<Record<string, unknown>>({ index: indices.alerts, id: alertIdOf(31) });
    const id = 'e'.repeat(40);
    const document = { ...original._source, user: { name: 42 } };
    await client.index({ index: indices.alerts, id, document, refresh: true });
    try {
      const res = await get(apiPath(API_PATHS.alert, { id }));
      expect(res.status).toBe(200);
      expect(res.body.logins_source).toBe('none');
      expect(res.body.logins).toEqual([]);
      expect(res.body.logins_note).toMatch(/not readable/);
    } finally {
      await client.delete({ index: indices.alerts, id, refresh: true });
    }
  });

  it.each([1, 31])(
    'answers the alert without logins, not a 502, when a stored alert names a list of users (alert %i)',
    async (i) => {
      // Another writer's document: user.name ["a", "b"] is two keywords to Elasticsearch, but the logins around the
      // alert were searched with a term query on it, which takes one value: Elasticsearch's 400, answered 502, so the
      // analyst could not even read the alert. Alert 1's source index is readable, alert 31's is gone.
      const original = await client.get<Record<string, unknown>>({ index: indices.alerts, id: alertIdOf(i) });
      const id = 'd'.repeat(40);
      const document = { ...original._source, user: { name: [userName(1), userName(2)] } };
      await client.index({ index: indices.alerts, id, document, refresh: true });
      try {
        const res = await get(apiPath(API_PATHS.alert, { id }));
        expect(res.status).toBe(200);
        expect(res.body.alert.user.name).toEqual([userName(1), userName(2)]);
        expect(res.body.evidence).toEqual(res.body.alert.buffalogs.evidence);
        expect(res.body.logins_source).toBe('none');
        expect(res.body.logins).toEqual([]);
        expect(res.body.logins_note).toMatch(/user\.name.*not one name/);
      } finally {
        await client.delete({ index: indices.alerts, id, refresh: true });
      }
    },
  );

  it.each([
    ['in epoch milliseconds', (iso: string) => Date.parse(iso), 6],
    // Read by Date.parse: NaN, no logins and the note "its @timestamp is no time" for a time Elasticsearch reads.
    ['as a string of epoch milliseconds', (iso: string) => String(Date.parse(iso)), 6],
    ['past the years a Date holds', () => 1e16, 0],
  ])(
    'answers the alert, not a 500, when a stored alert has its @timestamp %s',
    async (_title, stamp: (iso: string) => number | string, logins: number) => {
      // Elasticsearch's date fields also take a number, epoch milliseconds (another writer's document), up to year
      // 292278994; the logins around the alert parsed it as a string: NaN, and toISOString threw (a 500).
      const original = await client.get<Record<string, any>>({ index: indices.alerts, id: alertIdOf(1) });
      const id = 'c'.repeat(40);
      const document = { ...original._source, '@timestamp': stamp(original._source!['@timestamp']) };
      await client.index({ index: indices.alerts, id, document, refresh: true });
      try {
        const res = await get(apiPath(API_PATHS.alert, { id }));
        expect(res.status).toBe(200);
        expect(res.body.logins).toHaveLength(logins);
        expect(res.body.logins_source).toBe(logins ? 'events' : 'none');
        if (!logins) expect(res.body.logins_note).toMatch(/@timestamp is no time/);
      } finally {
        await client.delete({ index: indices.alerts, id, refresh: true });
      }
    },
  );

  it('answers the alert without logins, not a 500, when a stored alert has no trigger', async () => {
    // Another writer's document without buffalogs.trigger: the logins around it read trigger.index and threw.
    const original = await client.get<Record<string, any>>({ index: indices.alerts, id: alertIdOf(1) });
    const id = 'b'.repeat(40);
    const { trigger: _trigger, ...buffalogs } = original._source!.buffalogs;
    await client.index({ index: indices.alerts, id, document: { ...original._source, buffalogs }, refresh: true });
    try {
      const res = await get(apiPath(API_PATHS.alert, { id }));
      expect(res.status).toBe(200);
      expect(res.body.evidence).toEqual(original._source!.buffalogs.evidence);
      expect(res.body.logins_source).toBe('none');
      expect(res.body.logins).toEqual([]);
      expect(res.body.logins_note).toMatch(/no trigger/);
    } finally {
      await client.delete({ index: indices.alerts, id, refresh: true });
    }
  });

  it('answers the alert without evidence or logins, not a 500, when a stored alert has no buffalogs object', async () => {
    // Another writer's document with only ECS fields: the route read buffalogs.trigger and buffalogs.evidence of
    // nothing and threw.
    const original = await client.get<Record<string, any>>({ index: indices.alerts, id: alertIdOf(1) });
    const id = 'b'.repeat(40);
    const { buffalogs: _b, ...document } = original._source!;
    await client.index({ index: indices.alerts, id, document, refresh: true });
    try {
      const res = await get(apiPath(API_PATHS.alert, { id }));
      expect(res.status).toBe(200);
      expect(res.body.alert).toEqual({ ...document, id });
      expect(res.body.evidence).toBeUndefined();
      expect(res.body.logins_source).toBe('none');
      expect(res.body.logins).toEqual([]);
      expect(res.body.logins_note).toMatch(/no trigger/);
    } finally {
      await client.delete({ index: indices.alerts, id, refresh: true });
    }
  });

  it('answers 404 for an alert that does not exist', async () => {
    const res = await get(apiPath(API_PATHS.alert, { id: 'f'.repeat(40) }));
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(/No alert/);
  });
});

describe('users', () => {
  it('lists users riskiest first, searchable and filterable by level', async () => {
    const res = await get(API_PATHS.users);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(6);
    expect(res.body.items.map((u: any) => u.risk_score)).toEqual([8, 5, 2, 2, 0, 0]);
    expect(res.body.items[0]).toMatchObject({
      name: userName(3),
      risk_level: 'high',
      countries: 1,
      devices: 1,
      ips: 1,
    });
    expect((await get(`${API_PATHS.users}?search=R000005`)).body.items.map((u: any) => u.name)).toEqual([userName(5)]);
    expect((await get(`${API_PATHS.users}?risk_level=no_risk&sort=name`)).body.items.map((u: any) => u.name)).toEqual([
      userName(0),
      userName(4),
    ]);
  });

  it.each([
    ['last_login', 'asc'],
    ['last_login', 'desc'],
    ['first_seen', 'asc'],
    ['first_seen', 'desc'],
  ])('walks every user once by cursor, sorted by %s %s, past a user with no login yet', async (sort, direction) => {
    // What mark safe stores for a user without a state (an alert of another family): no first or last login.
    // Elasticsearch gave that user ±2^63 as the date's sort value, which a cursor cannot carry back (a 502, then a
    // 400 since dates in cursors are bounded): a walk whose page ended on that user stopped there.
    const name = 'zz-no-logins';
    const document = toStateDocument(newUserState(name, Date.parse('2024-05-01T00:00:00Z')), Date.now());
    expect(document.last_login).toBeUndefined();
    await client.index({ index: indices.state, id: stateDocId(name), document, refresh: true });
    try {
      const names = await walkPages(API_PATHS.users, sort, direction, 'name', 10);
      expect(names).toHaveLength(7);
      expect(new Set(names).size).toBe(7);
      expect(names[6]).toBe(name); // missing dates sort last either way, as before
    } finally {
      await client.delete({ index: indices.state, id: stateDocId(name), refresh: true });
    }
  });

  it.each(['asc', 'desc'])(
    'walks every user once by cursor, sorted by risk %s, past a state without a risk',
    async (direction) => {
      // Another writer's state document (or one of an older version) without risk.score: Elasticsearch sorted the
      // missing float as ±Infinity, which its answer spells "Infinity", a string the next cursor refused (400).
      const name = 'zz-no-risk';
      const { risk: _risk, ...document } = toStateDocument(
        newUserState(name, Date.parse('2024-05-01T00:00:00Z')),
        Date.now(),
      );
      await client.index({ index: indices.state, id: stateDocId(name), document, refresh: true });
      try {
        const names: string[] = [];
        let cursor = '';
        for (let n = 0; n < 10; n++) {
          const page = await get(`${API_PATHS.users}?sort=risk&direction=${direction}&size=1${cursor}`);
          expect(page.status).toBe(200);
          names.push(...page.body.items.map((u: any) => u.name));
          if (!page.body.next_cursor) break;
          cursor = `&cursor=${page.body.next_cursor}`;
        }
        expect(names).toHaveLength(7);
        expect(new Set(names).size).toBe(7);
        expect(names[6]).toBe(name); // a missing risk sorts last either way
      } finally {
        await client.delete({ index: indices.state, id: stateDocId(name), refresh: true });
      }
    },
  );

  it("shows a user's profile, remembered logins, alerts and risk history", async () => {
    const res = await get(apiPath(API_PATHS.user, { name: userName(2) }));
    expect(res.status).toBe(200);
    expect(res.body.user.name).toBe(userName(2));
    expect(res.body.profile.countries).toEqual([expect.objectContaining({ value: 'BR', count: 3 })]);
    expect(res.body.recent_logins).toHaveLength(1);
    expect(res.body.alerts_total).toBe(10);
    // Seed risk scores of user 2's alerts (i = 2, 8, … 56): 1 + floor(i/6) % 8 → rises 1..8 then back to 1, 2.
    expect(res.body.risk_history.map((p: any) => p.score)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 1, 2]);
    expect((await get(apiPath(API_PATHS.user, { name: 'nobody' }))).status).toBe(404);
  });
});

describe('spaces and the current user (the host provides both plugins, as Kibana does)', () => {
  it("a route under /s/<space>/ reads that space's indices; the same route at the root reads the default space", async () => {
    const inSpace = await get(API_PATHS.riskDistribution);
    expect(inSpace.body.total).toBe(6);
    expect(host.baseUrl).toBe(`${host.serverUrl}/s/${space}`);
    const atRoot = await call(host.serverUrl, 'GET', API_PATHS.riskDistribution);
    expect(atRoot.body.total ?? 0).toBe(0);
  });
});

describe('triage', () => {
  it('sets status, tags and note on many alerts, reports unknown ids, and records who and when', async () => {
    const ids = [alertIdOf(40), alertIdOf(41), 'e'.repeat(40)];
    const res = await call(host.baseUrl, 'POST', API_PATHS.triage, {
      ids,
      status: 'acknowledged',
      tags: ['vpn', 'travel'],
      note: 'checked with the user',
    });
    expect(res.status).toBe(200);
    expect(res.body.updated).toEqual(ids.slice(0, 2));
    expect(res.body.not_found).toEqual([ids[2]]);
    const stored = await client.get<any>({ index: indices.alerts, id: alertIdOf(41) });
    expect(stored._source.buffalogs).toMatchObject({
      status: 'acknowledged',
      tags: ['vpn', 'travel'],
      note: 'checked with the user',
      triage: { updated_by: 'analyst' },
    });
    expect(Date.parse(stored._source.buffalogs.triage.updated_at)).toBeGreaterThan(Date.now() - 60_000);
    const listed = await get(`${API_PATHS.alerts}?status=acknowledged&user=${userName(5)}`);
    expect(listed.body.items.map((a: any) => a.id)).toContain(alertIdOf(41));
  });

  it('needs the all privilege: a read-only user can list but not triage', async () => {
    expect((await call(readOnlyHost.baseUrl, 'GET', API_PATHS.alerts)).status).toBe(200);
    const res = await call(readOnlyHost.baseUrl, 'POST', API_PATHS.triage, { ids: [alertIdOf(1)], status: 'closed' });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/buffalogs-all/);
    expect((await call(readOnlyHost.baseUrl, 'PUT', API_PATHS.settings, { overrides: {} })).status).toBe(403);
    expect((await call(readOnlyHost.baseUrl, 'POST', API_PATHS.taskRunNow)).status).toBe(403);
  });
});

describe('mark safe', () => {
  it("teaches the user's baseline while the detector writes the same state, losing neither change", async () => {
    // Alert 16: new_country (16 % 6 = 4) for user000004 from Germany (16 % 6 = 4 → DE).
    const user = userName(4);
    const id = stateDocId(user);
    // A stand-in for the detection task: read-modify-write of the same document with optimistic concurrency.
    let detectorWrites = 0;
    const detector = (async () => {
      for (let k = 0; k < 15; k++) {
        for (;;) {
          const doc = await client.get<any>({ index: indices.state, id });
          doc._source.state.ips.push({ value: `10.0.0.${k}`, first: 1, last: 1, count: 1 });
          try {
            await client.index({
              index: indices.state,
              id,
              document: doc._source,
              if_seq_no: doc._seq_no,
              if_primary_term: doc._primary_term,
            });
            detectorWrites++;
            break;
          } catch (e) {
            if ((e as any).meta?.statusCode !== 409) throw e;
          }
        }
      }
    })();
    const res = await call(host.baseUrl, 'POST', apiPath(API_PATHS.markSafe, { id: alertIdOf(16) }), {
      note: 'user is in Berlin',
    });
    await detector;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user, learned: { country: 'DE', ip: '198.51.0.16' }, status: 'false_positive' });
    const state = (await client.get<any>({ index: indices.state, id }))._source.state;
    expect(state.countries.map((c: any) => c.value)).toEqual(expect.arrayContaining(['DE']));
    expect(state.ips.map((c: any) => c.value)).toEqual(
      expect.arrayContaining(['198.51.0.16', ...Array.from({ length: 15 }, (_, k) => `10.0.0.${k}`)]),
    );
    expect(detectorWrites).toBe(15);
    const alert = await client.get<any>({ index: indices.alerts, id: alertIdOf(16) });
    expect(alert._source.buffalogs).toMatchObject({ status: 'false_positive', note: 'user is in Berlin' });
  });
});

describe('mark safe on alerts BuffaLogs did not write', () => {
  // Alert 16: new_country for user000004 from Germany. Each test works on a copy under another id.
  const id = '9'.repeat(40);
  const user = userName(4);
  const copyOf16 = async (change: (source: Record<string, any>) => Record<string, any>) => {
    const original = await client.get<Record<string, any>>({ index: indices.alerts, id: alertIdOf(16) });
    await client.index({ index: indices.alerts, id, document: change(original._source!), refresh: true });
  };
  afterEach(async () => {
    await client.delete({ index: indices.alerts, id, refresh: true }).catch(() => undefined);
  });

  it.each([
    ['no buffalogs object', ({ buffalogs: _b, ...rest }: Record<string, any>) => rest],
    ['no evidence', (s: Record<string, any>) => ({ ...s, buffalogs: { ...s.buffalogs, evidence: undefined } })],
  ])('refuses an alert with %s (422), teaching nothing and triaging nothing', async (_title, change) => {
    // teachingFromAlert read buffalogs.evidence.kind of nothing and threw: a 500.
    await copyOf16(change);
    const stateBefore = await client.get({ index: indices.state, id: stateDocId(user) });
    const alertBefore = await client.get({ index: indices.alerts, id });
    const res = await call(host.baseUrl, 'POST', apiPath(API_PATHS.markSafe, { id }), {});
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/no evidence/);
    expect((await client.get({ index: indices.state, id: stateDocId(user) }))._seq_no).toBe(stateBefore._seq_no);
    expect((await client.get({ index: indices.alerts, id }))._seq_no).toBe(alertBefore._seq_no);
  });

  it.each([
    ['an impossible travel with no to', { kind: 'travel', from: { timestamp: '2024-05-01T00:00:00Z' } }],
    ['an impossible travel with a null to', { kind: 'travel', to: null }],
  ])('refuses %s and no place or IP on source (422), teaching nothing and triaging nothing', async (_t, evidence) => {
    // teachingFromAlert read to.country_iso_code of nothing and threw: a 500.
    await copyOf16(({ source: _s, ...s }) => ({ ...s, buffalogs: { ...s.buffalogs, evidence } }));
    const stateBefore = await client.get({ index: indices.state, id: stateDocId(user) });
    const alertBefore = await client.get({ index: indices.alerts, id });
    const res = await call(host.baseUrl, 'POST', apiPath(API_PATHS.markSafe, { id }), {});
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/carries no country, device or IP/);
    expect((await client.get({ index: indices.state, id: stateDocId(user) }))._seq_no).toBe(stateBefore._seq_no);
    expect((await client.get({ index: indices.alerts, id }))._seq_no).toBe(alertBefore._seq_no);
  });

  it.each([
    ['a string', 'new_device'],
    ['null', null],
    ['a list of wrong entries', [null, 'x', { evidence: 'novelty' }]],
  ])("teaches a suspicious_login alert whose signals are %s from the login's own fields", async (_t, signals) => {
    // teachingFromAlert called signals.find, or read s.evidence.kind of nothing, and threw: a 500.
    await copyOf16((s) => ({
      ...s,
      buffalogs: { ...s.buffalogs, evidence: { kind: 'verdict', score: 80, threshold: 50, why: '', signals } },
    }));
    const stateBefore = await client.get<any>({ index: indices.state, id: stateDocId(user) });
    try {
      const res = await call(host.baseUrl, 'POST', apiPath(API_PATHS.markSafe, { id }), {});
      expect(res.status).toBe(200);
      expect(res.body.learned).toMatchObject({ country: 'DE' });
    } finally {
      await client.index({ index: indices.state, id: stateDocId(user), document: stateBefore._source, refresh: true });
    }
  });

  it.each([
    ['epoch milliseconds', (at: number) => at],
    // Date.parse of the string was NaN too: the same 422.
    ['a string of epoch milliseconds', (at: number) => String(at)],
  ])('teaches an alert whose @timestamp is %s at that time', async (_title, stamp) => {
    // Elasticsearch's date field takes a number (another writer's document): Date.parse of it was NaN, a 422
    // "no valid @timestamp" for a time Elasticsearch itself reads.
    const at = Date.parse('2024-06-01T00:00:00Z'); // after every seeded login: the taught country's last sighting
    await copyOf16((s) => ({ ...s, '@timestamp': stamp(at) }));
    const stateBefore = await client.get<any>({ index: indices.state, id: stateDocId(user) });
    try {
      const res = await call(host.baseUrl, 'POST', apiPath(API_PATHS.markSafe, { id }), {});
      expect(res.status).toBe(200);
      expect(res.body.learned).toMatchObject({ country: 'DE' });
      const state = (await client.get<any>({ index: indices.state, id: stateDocId(user) }))._source.state;
      expect(state.countries.find((c: any) => c.value === 'DE')).toMatchObject({ last: at });
    } finally {
      await client.index({ index: indices.state, id: stateDocId(user), document: stateBefore._source, refresh: true });
    }
  });
});

describe('settings', () => {
  it('reads, updates with who/when and a history, refuses a stale version, and validates deeply', async () => {
    const before = await get(API_PATHS.settings);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ profile: 'default', version: 0, overrides: {} });
    expect(before.body.effective.impossibleTravel.maxSpeedKmh).toBe(900);

    const put = await call(host.baseUrl, 'PUT', API_PATHS.settings, {
      overrides: { impossibleTravel: { maxSpeedKmh: 1000 }, filters: { ignoredIps: ['10.0.0.0/8'] } },
      expected_version: 0,
      comment: 'fewer travel alerts',
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      version: 1,
      updated_by: 'analyst',
      effective: { impossibleTravel: { maxSpeedKmh: 1000 } },
    });

    const stale = await call(host.baseUrl, 'PUT', API_PATHS.settings, { overrides: {}, expected_version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/version 1/);

    const bad = await call(host.baseUrl, 'PUT', API_PATHS.settings, {
      overrides: { impossibleTravel: { maxSpeedKmh: -5, nope: true } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/request body\.overrides\.impossibleTravel\.maxSpeedKmh/);
    expect(bad.body.message).toMatch(/impossibleTravel\.nope/);

    const history = await get(API_PATHS.settingsHistory);
    expect(history.body.total).toBe(1);
    expect(history.body.items[0]).toMatchObject({
      version: 1,
      updated_by: 'analyst',
      changed: ['filters.ignoredIps', 'impossibleTravel.maxSpeedKmh'],
      comment: 'fewer travel alerts',
    });
    expect((await get(API_PATHS.settings)).body.version).toBe(1);

    // The same overrides again: no version whose history says "Changed: —"; the current one answers.
    const same = await call(host.baseUrl, 'PUT', API_PATHS.settings, {
      overrides: { impossibleTravel: { maxSpeedKmh: 1000 }, filters: { ignoredIps: ['10.0.0.0/8'] } },
      expected_version: 1,
      comment: 'saved again',
    });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ version: 1, updated_by: 'analyst', overrides: put.body.overrides });
    expect((await get(API_PATHS.settingsHistory)).body.total).toBe(1);
  });
});

describe('detection task', () => {
  it('reports the scheduled task and runs it on request', async () => {
    const status = await get(API_PATHS.task);
    expect(status.status).toBe(200);
    expect(status.body.task_manager_available).toBe(true);
    // One task per detection family that runs with these settings (login first, as buffalogs:detect from before
    // families existed); the credential, credential_user, sequence and web families run on their defaults.
    const expected = [
      'buffalogs:detect:0',
      'buffalogs:credential:0',
      'buffalogs:credential_user:0',
      'buffalogs:sequence:0',
      'buffalogs:web:0',
    ];
    expect(status.body.tasks).toEqual(
      expected.map((id) => expect.objectContaining({ task_id: id, scheduled: true, interval: '1d' })),
    );
    // The same tasks by family, in the registry's order, so the app can say whose events a run did not judge.
    expect(status.body.families.map((f: { family: string; task_ids: string[] }) => [f.family, f.task_ids])).toEqual([
      ['login', ['buffalogs:detect:0']],
      ['credential', ['buffalogs:credential:0']],
      ['credential_user', ['buffalogs:credential_user:0']],
      ['sequence', ['buffalogs:sequence:0']],
      ['web', ['buffalogs:web:0']],
    ]);
    // Alerts refused by Elasticsearch and set aside: none here (the index may not even exist yet).
    expect(status.body.dead_letters).toEqual({ total: 0, latest: [] });
    const run = await call(host.baseUrl, 'POST', API_PATHS.taskRunNow);
    expect(run.status).toBe(200);
    expect([...run.body.requested, ...run.body.already_running].sort()).toEqual([...expected].sort());
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * A corpus of bad requests, over HTTP through the dev host: wrong types, huge and negative values, injection
 * attempts, unknown fields, invalid dates. Every one must be a 400 whose message names the parameter, nothing may
 * reach a 500, and the seeded data must be unchanged afterwards. Also: a bad answer from Elasticsearch is a 502.
 */
import net from 'node:net';
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS, apiPath, type UserSortField } from '../../common/api';
import { alertSort } from '../../server/queries/alerts_list';
import { sortSignature } from '../../server/queries/pagination';
import { userSort } from '../../server/queries/users';
import { pluginIndices } from '../../server/storage/index_names';
import { settingsIndexName } from '../../server/settings/settings_store';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { alertIdOf } from './routes_fixtures';
import { call, ensureFreshBuild, startHost, type RunningHost } from './routes_host';
import { seedSpace } from './routes_seed';

jest.setTimeout(300_000);

const space = uniqueIndexName('routes-bad').replace(/-/g, '_');
const sourceIndex = uniqueIndexName('routes-bad-logs');
const indices = pluginIndices(space);
/** A cursor shaped like the newest-first list's, with the given search_after values. */
const cursorOf = (a: unknown[]) =>
  Buffer.from(JSON.stringify({ v: 1, s: sortSignature(alertSort()), a })).toString('base64url');
/** A cursor shaped like the users list's sorted by `field` (its default direction), with these values. */
const usersCursorOf = (field: UserSortField, a: unknown[]) =>
  Buffer.from(JSON.stringify({ v: 1, s: sortSignature(userSort(field)), a })).toString('base64url');
let client: Client;
let host: RunningHost;

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  await seedSpace(client, space, sourceIndex);
  host = await startHost({
    privilege: 'all',
    settings: { buffalogs: { space, indices: [`${sourceIndex}-none-*`], schedule: { interval: '1d' } } },
  });
});

afterAll(async () => {
  await host?.stop();
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

const A = API_PATHS.alerts;
const enc = encodeURIComponent;
const long = (n: number) => 'x'.repeat(n);
const alert1 = apiPath(API_PATHS.alert, { id: alertIdOf(1) });

/** [method, path, body, what the message must name] */
const CORPUS: Array<[string, string, unknown, RegExp]> = [
  // page sizes and numbers
  ['GET', `${A}?size=-1`, undefined, /query\.size/],
  ['GET', `${A}?size=0`, undefined, /query\.size/],
  ['GET', `${A}?size=501`, undefined, /query\.size/],
  ['GET', `${A}?size=1e309`, undefined, /query\.size/],
  ['GET', `${A}?size=99999999999999999999999`, undefined, /query\.size/],
  ['GET', `${A}?size=abc`, undefined, /query\.size/],
  ['GET', `${A}?size=2.5`, undefined, /query\.size/],
  ['GET', `${A}?page=0`, undefined, /query\.page/],
  ['GET', `${A}?page=-3`, undefined, /query\.page/],
  ['GET', `${A}?page=10001`, undefined, /query\.page/],
  ['GET', `${A}?page=400&size=500`, undefined, /query\.page.*max_result_window/],
  // dates
  ['GET', `${A}?from=yesterday`, undefined, /query\.from.*ISO 8601/],
  ['GET', `${A}?from=2024-13-45`, undefined, /query\.from/],
  ['GET', `${A}?from=2024-02-30&to=2024-03-02`, undefined, /query\.from/],
  ['GET', `${A}?to=${enc('<script>')}`, undefined, /query\.to/],
  ['GET', `${A}?from=now-7d`, undefined, /query\.from/],
  ['GET', `${A}?from=2024-05-02&to=2024-05-01`, undefined, /\[from\] must be before \[to\]/],
  // instants outside Elasticsearch's years 0000-9999 once written in UTC (before: 502 from its date parser)
  ['GET', `${A}?from=${enc('9999-12-31T23:59:59-23:59')}`, undefined, /query\.from/],
  ['GET', `${A}?from=${enc('0000-01-01T00:00+01:00')}`, undefined, /query\.from/],
  ['GET', `${API_PATHS.alertsOverTime}?to=0000-01-01`, undefined, /query\.to/],
  // enums
  ['GET', `${A}?detector=*`, undefined, /query\.detector/],
  ['GET', `${A}?detector=${enc('impossible_travel"')}`, undefined, /query\.detector/],
  ['GET', `${A}?status=deleted`, undefined, /query\.status/],
  ['GET', `${A}?filtered=maybe`, undefined, /query\.filtered/],
  ['GET', `${A}?sort=_script`, undefined, /query\.sort/],
  ['GET', `${A}?sort=${enc('@timestamp')}`, undefined, /query\.sort/],
  ['GET', `${A}?direction=up`, undefined, /query\.direction/],
  // strings and injection attempts
  ['GET', `${A}?country=ITA`, undefined, /query\.country/],
  ['GET', `${A}?country=*`, undefined, /query\.country/],
  ['GET', `${A}?country=${enc('")')}`, undefined, /query\.country/],
  ['GET', `${A}?search=${long(201)}`, undefined, /query\.search/],
  ['GET', `${A}?user=${long(600)}`, undefined, /query\.user/],
  ['GET', `${A}?cursor=${enc('{"script":{"source":"1"}}')}`, undefined, /query\.cursor/],
  ['GET', `${A}?cursor=${Buffer.from('{"v":1}').toString('base64url')}`, undefined, /query\.cursor/],
  ['GET', `${A}?cursor=${cursorOf([{ script: 'x' }, 1])}`, undefined, /query\.cursor/],
  ['GET', `${A}?cursor=${long(3000)}`, undefined, /query\.cursor/],
  ['GET', `${A}?page=2&cursor=${cursorOf([1, 1])}`, undefined, /\[page\] or \[cursor\]/],
  // a date out of Elasticsearch's range in a cursor's sort values (before: 502 from its date parser)
  ['GET', `${A}?cursor=${cursorOf([2 ** 63, 1])}`, undefined, /query\.cursor/],
  ['GET', `${A}?cursor=${cursorOf([-1e19, 1])}`, undefined, /query\.cursor/],
  [
    'GET',
    `${API_PATHS.users}?sort=last_login&cursor=${usersCursorOf('last_login', [2 ** 63, 'a'])}`,
    undefined,
    /query\.cursor/,
  ],
  [
    'GET',
    `${API_PATHS.users}?sort=first_seen&cursor=${usersCursorOf('first_seen', [-1e19, 'a'])}`,
    undefined,
    /query\.cursor/,
  ],
  // unknown fields
  ['GET', `${A}?q=${enc('user.name:* OR 1=1')}`, undefined, /query\.q/],
  ['GET', `${A}?script=${enc('{"source":"1"}')}`, undefined, /query\.script/],
  // charts
  ['GET', `${API_PATHS.alertsOverTime}?interval=minute`, undefined, /query\.interval/],
  [
    'GET',
    `${API_PATHS.alertsOverTime}?interval=hour&from=2000-01-01&to=2024-01-01`,
    undefined,
    /query\.interval.*buckets/,
  ],
  // a lone `from` after now (`to` defaults to now): the histogram's bounds were reversed (before: 502)
  ['GET', `${API_PATHS.alertsOverTime}?from=2999-01-01`, undefined, /query\.from.*before \[to\]/],
  ['GET', `${API_PATHS.sources}?from=2999-01-01`, undefined, /query\.from.*before \[to\]/],
  // the sources timeline had no bucket cap: ES built ~120,000 monthly buckets, then refused (before: 502)
  ['GET', `${API_PATHS.sources}?from=0001-01-01&to=9999-12-31`, undefined, /query\.from.*buckets/],
  ['GET', `${API_PATHS.alertsByCountry}?travel_limit=100000`, undefined, /query\.travel_limit/],
  ['GET', `${API_PATHS.alertsByCountry}?travel_limit=-1`, undefined, /query\.travel_limit/],
  ['GET', `${API_PATHS.riskDistribution}?from=${enc('2024-05-01T25:00:00Z')}`, undefined, /query\.from/],
  // alert detail
  ['GET', apiPath(API_PATHS.alert, { id: '*' }), undefined, /params\.id/],
  ['GET', apiPath(API_PATHS.alert, { id: '"or"' }), undefined, /params\.id/],
  ['GET', `${alert1}?window_hours=0`, undefined, /query\.window_hours/],
  ['GET', `${alert1}?window_hours=100000`, undefined, /query\.window_hours/],
  // users
  ['GET', `${API_PATHS.users}?risk_level=extreme`, undefined, /query\.risk_level/],
  ['GET', `${API_PATHS.users}?sort=password`, undefined, /query\.sort/],
  ['GET', `${API_PATHS.users}?size=-5`, undefined, /query\.size/],
  ['GET', apiPath(API_PATHS.user, { name: long(600) }), undefined, /params\.name/],
  ['GET', `${apiPath(API_PATHS.user, { name: 'user000001' })}?alerts=1000`, undefined, /query\.alerts/],
  // triage
  ['POST', API_PATHS.triage, {}, /body\.ids/],
  ['POST', API_PATHS.triage, { ids: [], status: 'closed' }, /body\.ids/],
  ['POST', API_PATHS.triage, { ids: alertIdOf(1), status: 'closed' }, /body\.ids/],
  ['POST', API_PATHS.triage, { ids: Array.from({ length: 1001 }, (_, i) => `a${i}`), status: 'closed' }, /body\.ids/],
  ['POST', API_PATHS.triage, { ids: ['*'], status: 'closed' }, /body\.ids\.0/],
  ['POST', API_PATHS.triage, { ids: [alertIdOf(1)], status: 'deleted' }, /body\.status/],
  ['POST', API_PATHS.triage, { ids: [alertIdOf(1)], tags: 'a' }, /body\.tags/],
  [
    'POST',
    API_PATHS.triage,
    { ids: [alertIdOf(1)], tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
    /body\.tags/,
  ],
  ['POST', API_PATHS.triage, { ids: [alertIdOf(1)], note: long(4001) }, /body\.note/],
  [
    'POST',
    API_PATHS.triage,
    { ids: [alertIdOf(1)], status: 'closed', script: { source: 'ctx._source.x=1' } },
    /body\.script/,
  ],
  ['POST', API_PATHS.triage, { ids: [alertIdOf(1)] }, /nothing to change/],
  ['POST', API_PATHS.triage, '{"ids": [', /JSON/],
  // mark safe
  ['POST', apiPath(API_PATHS.markSafe, { id: alertIdOf(2) }), { country: 'yes' }, /body\.country/],
  ['POST', apiPath(API_PATHS.markSafe, { id: alertIdOf(2) }), { script: {} }, /body\.script/],
  ['POST', apiPath(API_PATHS.markSafe, { id: alertIdOf(2) }), { status: 'gone' }, /body\.status/],
  // settings
  ['PUT', API_PATHS.settings, {}, /body\.overrides/],
  ['PUT', API_PATHS.settings, { overrides: 'x' }, /body\.overrides/],
  [
    'PUT',
    API_PATHS.settings,
    { overrides: { impossibleTravel: { maxSpeedKmh: 'fast' } } },
    /body\.overrides\.impossibleTravel\.maxSpeedKmh/,
  ],
  ['PUT', API_PATHS.settings, { overrides: { risk: { lowAt: 5, mediumAt: 3 } } }, /body\.overrides\.risk\.mediumAt/],
  ['PUT', API_PATHS.settings, { overrides: { risk: { highAt: 2 } } }, /body\.overrides.*risk levels must rise/],
  [
    'PUT',
    API_PATHS.settings,
    { overrides: { impossibleTravel: { trustedCidrs: ['300.0.0.0/8'] } } },
    /body\.overrides\.impossibleTravel\.trustedCidrs/,
  ],
  ['PUT', API_PATHS.settings, { overrides: { elasticsearch: { password: 'x' } } }, /body\.overrides\.elasticsearch/],
  // setting names found by inheritance (before: `constructor.assign` replaced Object.assign, every route then 500)
  ['PUT', API_PATHS.settings, { overrides: { constructor: { assign: 1 } } }, /body\.overrides\.constructor\]: unknown/],
  ['PUT', API_PATHS.settings, { overrides: { toString: { call: 1 } } }, /body\.overrides\.toString\]: unknown/],
  ['PUT', API_PATHS.settings, { overrides: { hasOwnProperty: {} } }, /body\.overrides\.hasOwnProperty\]: unknown/],
  [
    'PUT',
    API_PATHS.settings,
    { overrides: { filters: { constructor: { assign: 1 } } } },
    /body\.overrides\.filters\.constructor\]: unknown/,
  ],
  ['PUT', API_PATHS.settings, { overrides: { risk: { toString: 1 } } }, /body\.overrides\.risk\.toString\]: unknown/],
  // user lists: no unbounded backtracking (before: (a+)+$ blocked the event loop 13.8 s per alert), globs in default
  [
    'PUT',
    API_PATHS.settings,
    { profile: 'buffalogs', overrides: { filters: { ignoredUsers: ['(a+)+$'] } } },
    /body\.overrides\.filters\.ignoredUsers\[0\]\]: .*is refused/,
  ],
  [
    'PUT',
    API_PATHS.settings,
    { overrides: { filters: { enabledUsers: ['svc.backup', '^svc-'] } } },
    /body\.overrides\.filters\.enabledUsers\[1\]\]: .*looks like a regular expression/,
  ],
  [
    'PUT',
    API_PATHS.settings,
    { overrides: { filters: { ignoredUsers: Array.from({ length: 1001 }, (_, i) => `u${i}`) } } },
    /body\.overrides\.filters\.ignoredUsers\]: must have at most 1000 entries/,
  ],
  ['PUT', API_PATHS.settings, { overrides: {}, profile: 'evil' }, /body\.profile/],
  ['PUT', API_PATHS.settings, { overrides: {}, expected_version: -1 }, /body\.expected_version/],
  ['PUT', API_PATHS.settings, { overrides: {}, comment: long(501) }, /body\.comment/],
  ['GET', `${API_PATHS.settingsHistory}?size=0`, undefined, /query\.size/],
  // sequence dry run: `to` is an ISO 8601 date like every other range end (before: any string Date.parse reads, so
  // the earliest date V8 knows made the start of the range an invalid Date and the route 500, and "1" meant 2001)
  ['POST', API_PATHS.sequenceRulesDryRun, { to: '-271821-04-20T00:00:00Z' }, /body\.to.*ISO 8601/],
  ['POST', API_PATHS.sequenceRulesDryRun, { to: '1' }, /body\.to.*ISO 8601/],
  ['GET', `${API_PATHS.settingsHistory}?size=1000`, undefined, /query\.size/],
];

describe('bad input', () => {
  const cases = CORPUS.map(
    ([method, path, body, names]) =>
      [
        `${method} ${path.length > 120 ? `${path.slice(0, 100)}…` : path}${body === undefined ? '' : ` ${JSON.stringify(body).slice(0, 80)}`}`,
        method,
        path,
        body,
        names,
      ] as const,
  );
  it.each(cases)('%s → 400 naming the parameter', async (_title, method, path, body, names) => {
    const res = await call(host.baseUrl, method, path, body);
    expect({ status: res.status, message: res.body?.message }).toEqual({
      status: 400,
      message: expect.stringMatching(names),
    });
  });

  it('left the data as it was: no alert triaged, no state taught, no settings saved', async () => {
    const triaged = await client.count({ index: indices.alerts, query: { exists: { field: 'buffalogs.triage' } } });
    expect(triaged.count).toBe(0);
    const settings = await client.indices.exists({ index: settingsIndexName(space) });
    expect(settings).toBe(false);
    const state = await client.get<any>({ index: indices.state, id: 'user000002' });
    expect(state._source.state.countries.map((c: any) => c.value)).toEqual(['BR']);
  });

  it('still answers every route after the inherited-name settings calls (nothing polluted the host)', async () => {
    for (const path of [API_PATHS.settings, `${A}?size=1`, API_PATHS.users]) {
      expect({ path, status: (await call(host.baseUrl, 'GET', path)).status }).toEqual({ path, status: 200 });
    }
  });

  it('ignores, with the reason, a stored settings document with inherited names written before the fix', async () => {
    // What an older version accepted and stored; re-read on every run and every settings call.
    await client.index({
      index: settingsIndexName(space),
      id: 'detection',
      document: {
        kind: 'current',
        version: 1,
        overrides: { toString: { call: 1 }, constructor: { assign: 1 } },
        updated_by: 'old-version',
        updated_at: '2024-01-01T00:00:00Z',
        changed: [],
      },
      refresh: true,
    });
    try {
      for (let i = 0; i < 2; i++) {
        const res = await call(host.baseUrl, 'GET', API_PATHS.settings);
        expect(res.status).toBe(200);
        expect(res.body.effective.filters.ignoredUsers).toEqual(['Not Available', 'N/A']);
      }
      expect(host.output()).toMatch(/Stored detection settings ignored: .*toString: unknown setting/);
      expect((await call(host.baseUrl, 'GET', `${A}?size=1`)).status).toBe(200);
      const saved = await call(host.baseUrl, 'PUT', API_PATHS.settings, { overrides: {}, expected_version: 1 });
      expect(saved.status).toBe(200);
    } finally {
      await deleteIndices(client, settingsIndexName(space));
    }
  });

  it('answers 502 with the cause when Elasticsearch refuses a query (a foreign index in the way)', async () => {
    // Someone created the alerts index of a space by hand with @timestamp as text: the date histogram fails in ES.
    const broken = uniqueIndexName('routes-broken').replace(/-/g, '_');
    const brokenIndex = pluginIndices(broken).alerts;
    await client.indices.create({
      index: brokenIndex,
      settings: { number_of_replicas: 0 },
      mappings: { properties: { '@timestamp': { type: 'text' } } },
    });
    const brokenHost = await startHost({
      privilege: 'all',
      settings: { buffalogs: { space: broken, indices: ['none-*'], schedule: { interval: '1d' } } },
    });
    try {
      await client.index({ index: brokenIndex, document: { '@timestamp': 'yesterday' }, refresh: true });
      const res = await call(brokenHost.baseUrl, 'GET', `${API_PATHS.alertsOverTime}?from=2024-05-01&to=2024-05-02`);
      expect(res.status).toBe(502);
      expect(res.body.message).toMatch(/^Bad response from Elasticsearch \(400\): .*@timestamp/);
    } finally {
      await brokenHost.stop();
      await deleteIndices(client, brokenIndex, ...Object.values(pluginIndices(broken)));
    }
  });
});

describe('requests the dev host cannot parse', () => {
  /** One raw HTTP/1.1 request (fetch would refuse to send these): the status line of the answer, or why none came. */
  const raw = (request: string) =>
    new Promise<string>((resolve) => {
      const url = new URL(host.baseUrl);
      const socket = net.connect(Number(url.port), url.hostname, () => socket.write(request));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk));
      socket.on('close', () => resolve(answer.split('\r\n')[0] || 'closed without an answer'));
      socket.on('error', (error) => resolve(`error: ${error.message}`));
    });

  it('answers 400 to a Host header that makes no URL, and keeps serving (before: the host process died)', async () => {
    const statusLine = await raw(
      `GET ${API_PATHS.settings} HTTP/1.1\r\nHost: [\r\nelastic-api-version: 2023-10-31\r\nConnection: close\r\n\r\n`,
    );
    expect(statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect((await call(host.baseUrl, 'GET', API_PATHS.settings)).status).toBe(200);
  });
});

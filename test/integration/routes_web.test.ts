/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * The Web traffic routes over real HTTP (dev host, built plugin) on a real day: SecRepo's 2019-03-06 Apache log
 * (7,850 lines) imported with the importer and judged once by the web family, kibana.yml `buffalogs.web` pointing
 * at it. Expected figures are counted independently from the raw file with awk (commands in the comments), so the
 * routes' Elasticsearch aggregations are checked against the log itself.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS, apiPath } from '../../common/api';
import { VIRUSTOTAL_DEFAULTS } from '../../common/web_config';
import { ReputationStore } from '../../server/families/web/reputation/store';
import { familyStateIndex, pluginIndices, reputationIndex } from '../../server/storage';
import { DEMO_SITE_DOMAINS, DEMO_WEB_DAY, WEB_DATA_DIR, loadWebDay } from '../../scripts/demo/load_web_day';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { call, ensureFreshBuild, startHost, type RunningHost } from './routes_host';

jest.setTimeout(300_000);

const space = uniqueIndexName('routes-web').replace(/-/g, '_');
const source = uniqueIndexName('web-day');
const range = `from=${DEMO_WEB_DAY.from}&to=${DEMO_WEB_DAY.to}`;
const LINES = readFileSync(path.join(WEB_DATA_DIR, DEMO_WEB_DAY.file), 'utf8').split('\n').filter(Boolean);
let client: Client;
let host: RunningHost;
let readOnly: RunningHost;
let noAccess: RunningHost;
let withVirusTotal: RunningHost;
const VT_KEY = 'vt-route-key-5be1d0-never-in-an-answer';
const get = (p: string) => call(host.baseUrl, 'GET', p);

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  const { imported, pass } = await loadWebDay(client, { ...DEMO_WEB_DAY, index: source, space });
  expect(imported).toMatchObject({ lines: 7850, indexed: 7850, bad: 0 });
  expect(pass.alertsCreated).toBeGreaterThan(0);
  const settings = {
    buffalogs: {
      space,
      indices: [`${source}-none-*`],
      schedule: { interval: '1d' },
      web: { indices: [source], siteDomains: DEMO_SITE_DOMAINS },
    },
  };
  const vtSettings = {
    buffalogs: { ...settings.buffalogs, web: { ...settings.buffalogs.web, virusTotal: { apiKey: VT_KEY } } },
  };
  [host, readOnly, noAccess, withVirusTotal] = await Promise.all([
    startHost({ privilege: 'all', settings }),
    startHost({ privilege: 'read', settings }),
    startHost({ privilege: 'none', settings }),
    startHost({ privilege: 'read', settings: vtSettings }),
  ]);
});

afterAll(async () => {
  await Promise.all([host?.stop(), readOnly?.stop(), noAccess?.stop(), withVirusTotal?.stop()]);
  await deleteIndices(
    client,
    source,
    ...Object.values(pluginIndices(space)),
    familyStateIndex('web', space),
    reputationIndex(space),
  );
  await client.close();
});

test('traffic proportion: allowed, blocked (the 418s this server answers probes with), client and server errors', async () => {
  const res = await get(`${API_PATHS.webTraffic}?${range}`);
  expect(res.status).toBe(200);
  // awk '{c=$9; if(c>=200&&c<400)a++; else if(c==401||c==403||c==418||c==429)b++; else if(c>=400&&c<500)ce++; …}'
  expect(res.body).toEqual({
    classes: { allowed: 7583, blocked: 70, client_error: 197, server_error: 0, other: 0 },
    blocked_codes: { '418': 70 },
    total: 7850,
  });
  // A read-only analyst sees the same; without the feature privilege the route refuses.
  expect((await call(readOnly.baseUrl, 'GET', `${API_PATHS.webTraffic}?${range}`)).body.total).toBe(7850);
  expect((await call(noAccess.baseUrl, 'GET', `${API_PATHS.webTraffic}?${range}`)).status).toBe(403);
});

test('top referrer domains leave the site itself out', async () => {
  const res = await get(`${API_PATHS.webReferrers}?${range}&size=3`);
  expect(res.status).toBe(200);
  // awk -F'"' '{print $4}' | grep -io '^https\?://[^/?#]*' | sort | uniq -c: www.secrepo.com 6423 and secrepo.com 45
  // (the site), then www.baidu.com 11, ex.cssn.cn 4, blog.csdn.net 3; 1360 lines have "-".
  expect(res.body.domains.map((d: any) => [d.domain, d.requests])).toEqual([
    ['www.baidu.com', 11],
    ['ex.cssn.cn', 4],
    ['blog.csdn.net', 3],
  ]);
  expect(res.body.domains.every((d: any) => d.addresses >= 1)).toBe(true);
  expect(res.body.site_domains).toEqual(['www.secrepo.com']);
  expect(res.body.without_referrer).toBe(1360);
  expect(res.body).toMatchObject({ total: 7850, partial: false });
});

test('with VirusTotal configured, the referrer table carries its cached verdicts (and never the key)', async () => {
  // What the web family's pass would have stored after asking VirusTotal about two of the day's referrers.
  const now = Date.now();
  await new ReputationStore(client, reputationIndex(space), 'virustotal', VIRUSTOTAL_DEFAULTS.cacheTtlMs).save([
    {
      domain: 'www.baidu.com',
      status: 'found',
      checkedAt: now,
      expiresAt: now + 86_400_000,
      report: { domain: 'www.baidu.com', malicious: 0, suspicious: 0, harmless: 66, undetected: 27 },
    },
    {
      domain: 'ex.cssn.cn',
      status: 'found',
      checkedAt: now - 2 * 86_400_000,
      expiresAt: now - 1000, // expired: not shown, asked again by the next pass
      report: { domain: 'ex.cssn.cn', malicious: 4, suspicious: 1, harmless: 60, undetected: 28 },
    },
  ]);
  await client.indices.refresh({ index: reputationIndex(space) });
  const res = await call(withVirusTotal.baseUrl, 'GET', `${API_PATHS.webReferrers}?${range}&size=3`);
  expect(res.status).toBe(200);
  expect(res.body.domains.map((d: any) => [d.domain, d.virustotal?.harmless ?? null])).toEqual([
    ['www.baidu.com', 66],
    ['ex.cssn.cn', null],
    ['blog.csdn.net', null],
  ]);
  // Without virusTotal configured the answer is as before.
  expect((await get(`${API_PATHS.webReferrers}?${range}&size=3`)).body.domains[0].virustotal).toBeUndefined();
  for (const p of [API_PATHS.webReferrers, API_PATHS.webTraffic, API_PATHS.webPages])
    expect(JSON.stringify((await call(withVirusTotal.baseUrl, 'GET', `${p}?${range}`)).body)).not.toContain(VT_KEY);
});

test('top pages with their addresses, 404s and blocks', async () => {
  const res = await get(`${API_PATHS.webPages}?${range}&size=2`);
  expect(res.status).toBe(200);
  // awk '{print $7}' | sed 's/[?#].*//' | sort | uniq -c | sort -rn: /maccdc2012/conn.log.gz 666, / 222
  expect(res.body.pages.map((p: any) => [p.path, p.requests])).toEqual([
    ['/maccdc2012/conn.log.gz', 666],
    ['/', 222],
  ]);
  const wpLogin = (await get(`${API_PATHS.webPages}?${range}&size=100`)).body.pages.find(
    (p: any) => p.path === '/wp-login.php',
  );
  const wpLines = LINES.filter((l) => l.includes('"GET /wp-login.php HTTP'));
  expect(wpLogin).toMatchObject({ requests: wpLines.length, blocked: wpLines.filter((l) => / 418 /.test(l)).length });
  expect(wpLogin.blocked).toBeGreaterThan(0);
});

test('timeline: hourly buckets over the range, empty hours included, classes adding up', async () => {
  const res = await get(`${API_PATHS.webTimeline}?from=2019-03-06T10:00:00Z&to=2019-03-07T10:00:00Z`);
  expect(res.status).toBe(200);
  expect(res.body.interval).toBe('hour');
  expect(res.body.buckets).toHaveLength(24);
  const sum = res.body.buckets.reduce((n: number, b: any) => n + b.total, 0);
  expect(sum).toBe(res.body.total);
  for (const b of res.body.buckets)
    expect(Object.values(b.by_class).reduce((n: number, v: any) => n + v, 0)).toBe(b.total);
  // The log runs from 06/Mar/2019:02:14 to 07/Mar/2019:02:25 Pacific (10:14 to 10:25 UTC): all but its last hour.
  const after = LINES.filter((l) => /07\/Mar\/2019:02:/.test(l)).length;
  expect(res.body.total).toBe(7850 - after);
  // Days are UTC: 16:00 Pacific (-0800) on the 6th is already the 7th.
  const seventh = LINES.filter((l) => /06\/Mar\/2019:(1[6-9]|2[0-3]):|07\/Mar\/2019/.test(l)).length;
  const daily = await get(`${API_PATHS.webTimeline}?${range}&interval=day`);
  expect(daily.body.buckets.map((b: any) => [b.start, b.total])).toEqual([
    ['2019-03-06T00:00:00.000Z', 7850 - seventh],
    ['2019-03-07T00:00:00.000Z', seventh],
  ]);
});

test('timeline of a range with no request: empty, and it names the newest request of the indices', async () => {
  const res = await get(`${API_PATHS.webTimeline}?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z`);
  expect(res.status).toBe(200);
  expect(res.body.total).toBe(0);
  // The log's newest line, read from the file: "[07/Mar/2019:02:25:47 -0800]"-like, to UTC.
  const MONTHS: Record<string, string> = { Mar: '03' };
  const times = LINES.map((l) => /\[(\d\d)\/(\w{3})\/(\d{4}):(\d\d:\d\d:\d\d) ([-+]\d\d)(\d\d)\]/.exec(l)!).map((m) =>
    Date.parse(`${m[3]}-${MONTHS[m[2]]}-${m[1]}T${m[4]}${m[5]}:${m[6]}`),
  );
  expect(res.body.newest).toBe(new Date(Math.max(...times)).toISOString());
});

test('web alerts: only the web family, with per-rule counts and a rule filter', async () => {
  const all = await get(`${API_PATHS.webAlerts}?${range}&size=100`);
  expect(all.status).toBe(200);
  expect(all.body.total).toBeGreaterThan(0);
  expect(all.body.items.every((a: any) => a.buffalogs.family === 'web' && a.rule.id.startsWith('web_'))).toBe(true);
  const stored = await client.count({
    index: pluginIndices(space).alerts,
    query: { term: { 'buffalogs.family': 'web' } },
  });
  expect(all.body.total).toBe(stored.count);
  expect(Object.values(all.body.by_rule).reduce((n: number, v: any) => n + v, 0)).toBe(all.body.total);
  const scans = await get(`${API_PATHS.webAlerts}?${range}&rule=web_scanning`);
  expect(scans.body.total).toBe(all.body.by_rule.web_scanning);
  expect(scans.body.by_rule).toEqual(all.body.by_rule);
  expect((await get(`${API_PATHS.webAlerts}?rule=web_nope`)).status).toBe(400);
});

test('one address: its requests over time, codes, paths, user agents and its alerts', async () => {
  const alerts = (await get(`${API_PATHS.webAlerts}?${range}&rule=web_scanning&size=1`)).body.items;
  const ip = alerts[0].buffalogs.entity.value as string;
  const res = await get(`${apiPath(API_PATHS.webAddress, { ip })}?${range}`);
  expect(res.status).toBe(200);
  const mine = LINES.filter((l) => l.startsWith(`${ip} `));
  expect(res.body.total).toBe(mine.length);
  expect(res.body.over_time.reduce((n: number, b: any) => n + b.total, 0)).toBe(mine.length);
  const notFound = mine.filter((l) => /" 404 (\d+|-) "/.test(l)).length;
  expect(res.body.codes.find((c: any) => c.value === '404')?.count ?? 0).toBe(notFound);
  expect(res.body.paths.length).toBeGreaterThan(0);
  expect(res.body.user_agents.length).toBeGreaterThan(0);
  expect(res.body.alerts.map((a: any) => a.id)).toContain(alerts[0].id);
  expect(res.body.alerts.every((a: any) => a.buffalogs.entity.value === ip)).toBe(true);

  // An address with no traffic: zeros, not an error; a value that is no address: 400 naming it.
  expect((await get(`${apiPath(API_PATHS.webAddress, { ip: '192.0.2.1' })}?${range}`)).body).toMatchObject({
    total: 0,
    alerts: [],
  });
  const bad = await get(`${apiPath(API_PATHS.webAddress, { ip: 'not-an-ip' })}`);
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/IPv4 or IPv6/);
});

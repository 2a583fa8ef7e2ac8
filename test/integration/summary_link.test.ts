/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * A channel's summary and the alerts list its link opens, against real Elasticsearch and the dev host's HTTP routes:
 * the list, asked as the Alerts page asks it for the link's URL, returns exactly the alerts the summary counted. The
 * summary counted by alert creation time with the channel's severity, score and users filters, and its link opened
 * the list by login time without them: here an alert logged in before the period but made inside it was counted and
 * not listed, and the reverse was listed and not counted. Also: the list's new parameters refuse hostile values (400).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import type { FamilyAlertDocument } from '../../common/alert_document';
import { API_PATHS } from '../../common/api';
import { alertsListQuery } from '../../public/components/alerts/alerts_query';
import { parseAlertsState } from '../../public/router/routes';
import { notifiersSchema } from '../../server/notifications/config_schema';
import { buildSummaryReport, LINK_MAX_LENGTH } from '../../server/notifications/summary';
import { lastEndedPeriod } from '../../server/notifications/summary_schedule';
import { installIndices, pluginIndices } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { alert, NOW, writeAlerts } from './helpers/alerts';
import { call, ensureFreshBuild, startHost, type RunningHost } from './routes_host';

jest.setTimeout(300_000);

const space = uniqueIndexName('summary-link').replace(/-/g, '_');
let client: Client;
let host: RunningHost;

// NOW is Monday 2025-03-10 12:00 UTC: the daily period (08:00) is Sun 2025-03-09 08:00 → Mon 2025-03-10 08:00.
const at = (iso: string) => Date.parse(iso);
/** An alert made at `created` for a login at `login` (the detection pass writes an alert some time after its login). */
const made = (
  id: string,
  user: string,
  created: string,
  login: string,
  over: Parameters<typeof alert>[2] = {},
): FamilyAlertDocument => ({ ...alert(id, user, { created: at(created), ...over }), '@timestamp': login });

const alerts: FamilyAlertDocument[] = [
  made('c1', 'alice', '2025-03-09T10:00:00Z', '2025-03-09T09:59:00Z'),
  made('c2', 'bob', '2025-03-10T07:59:59Z', '2025-03-10T07:50:00Z', { severity: 'critical', score: 99 }),
  // Logged in before the period, alerted inside it (a late pass): counted, and by login time not listed.
  made('c3', 'alice', '2025-03-09T08:30:00Z', '2025-03-09T07:00:00Z'),
  // The reverse: logged in inside the period, alerted after it: not counted, and by login time listed.
  made('x1', 'alice', '2025-03-10T08:30:00Z', '2025-03-10T07:55:00Z'),
  // Below the channel's severity, below its score, someone else, a filtered one, a detector the channel does not take.
  made('x2', 'alice', '2025-03-09T11:00:00Z', '2025-03-09T10:59:00Z', { severity: 'medium', score: 80 }),
  made('x3', 'alice', '2025-03-09T12:00:00Z', '2025-03-09T11:59:00Z', { score: 59 }),
  made('x4', 'carol', '2025-03-09T13:00:00Z', '2025-03-09T12:59:00Z'),
  made('x5', 'bob', '2025-03-09T14:00:00Z', '2025-03-09T13:59:00Z', { filtered: true }),
  made('x6', 'bob', '2025-03-09T15:00:00Z', '2025-03-09T14:59:00Z', { rule: 'new_country' }),
];
// About an address (its entity), not a user name the channel lists: counted through `buffalogs.entity.value`.
const byAddress = made('c4', 'dave', '2025-03-09T16:00:00Z', '2025-03-09T15:59:00Z');
byAddress.buffalogs.entity = { field: 'source.ip', value: '10.0.0.9' };
alerts.push(byAddress);
const COUNTED = ['c1', 'c2', 'c3', 'c4'];

// The week before NOW (Mon 2025-03-03 08:00 → Mon 2025-03-10 08:00), outside the daily period above: sequence rules'
// alerts (each rule's own rule.id) and a new device.
const sequenceAlert = (id: string, rule: string): FamilyAlertDocument => {
  const a = made(id, 'erin', '2025-03-05T10:00:00Z', '2025-03-05T09:59:00Z', { rule });
  a.buffalogs.family = 'sequence';
  return a;
};
alerts.push(
  sequenceAlert('s1', 'sequence_vpn_then_admin'),
  sequenceAlert('s2', 'sequence_otp_then_reset'),
  // A rule no channel names: `detector=sequence` (what the link said before) listed it too.
  sequenceAlert('s3', 'sequence_other'),
  made('n1', 'erin', '2025-03-05T11:00:00Z', '2025-03-05T10:59:00Z', { rule: 'new_device' }),
);

const channel = notifiersSchema.validate([
  {
    name: 'soc-daily',
    type: 'webhook',
    url: 'http://127.0.0.1:9/unused',
    sendAlerts: false,
    summary: { frequency: 'daily', time: '08:00' },
    filters: {
      minSeverity: 'high',
      minScore: 60,
      users: ['alice', 'bob', '10.0.0.9'],
      detectors: ['impossible_travel', 'new_device'],
    },
  },
])[0];

/** A weekly channel (Monday 08:00) taking these detectors and users (none: all), every severity and score. */
const weeklyInput = (name: string, detectors: string[], users: string[] = []) => ({
  name,
  type: 'webhook',
  url: 'http://127.0.0.1:9/unused',
  sendAlerts: false,
  summary: { frequency: 'weekly', day: 'monday', time: '08:00' },
  filters: { detectors, users },
});
const weekly = (...args: Parameters<typeof weeklyInput>) => notifiersSchema.validate([weeklyInput(...args)])[0];

// As many users as a channel may list, each about 1,000 characters (an address book's entries, say): a link naming
// each was about a megabyte. Three of them have alerts in the week, someone else too.
const LONG_USERS = Array.from({ length: 1000 }, (_, i) => `user-${String(i).padStart(4, '0')}-`.padEnd(1000, 'x'));
const manyUsers = weekly('soc-many', [], LONG_USERS);
alerts.push(
  made('m1', LONG_USERS[0], '2025-03-06T10:00:00Z', '2025-03-06T09:59:00Z'),
  made('m2', LONG_USERS[500], '2025-03-06T11:00:00Z', '2025-03-06T10:59:00Z'),
  made('m3', LONG_USERS[999], '2025-03-06T12:00:00Z', '2025-03-06T11:59:00Z', { rule: 'new_country' }),
  made('y1', 'user-0000-', '2025-03-06T13:00:00Z', '2025-03-06T12:59:00Z'),
);
/**
 * The host's kibana.yml channels (the list reads `channel_users` from them): the same filters, and no summary, so that
 * the host's notifier sends nothing. Written to a file: a megabyte is past what one environment variable may hold.
 */
const hostChannels = [weeklyInput('soc-many', [], LONG_USERS), weeklyInput('soc-nobody', ['new_device'])].map(
  ({ summary: _summary, ...channel }) => channel,
);

/** The list route's query string for a summary link, as the Alerts page builds it from the link's URL. */
function listQueryOf(link: string): string {
  const state = parseAlertsState(new URL(link).search);
  // The link's range is two ISO instants: the page's date math resolves them to themselves.
  const query = alertsListQuery(state, { from: state.start, to: state.end }, undefined);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, size: 100 }))
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, String(v));
  return params.toString();
}

const ids = (body: any): string[] => body.items.map((a: any) => a.buffalogs.alert_id).sort();

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  await installIndices(client, space);
  await writeAlerts(client, space, alerts);
  const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'summary-link-')), 'kibana.json');
  fs.writeFileSync(config, JSON.stringify({ buffalogs: { notifiers: hostChannels } }));
  host = await startHost({
    privilege: 'read',
    settings: { buffalogs: { space, indices: [`${space}-no-logs-*`], schedule: { interval: '1d' } } },
    env: { KIBANA_HOST_CONFIG: config },
  });
});

afterAll(async () => {
  await host?.stop();
  await deleteIndices(client, ...Object.values(pluginIndices(space)));
  await client.close();
});

it('the list at the link shows exactly the alerts the summary counted: by creation time, every filter', async () => {
  const period = lastEndedPeriod(channel.summary!, NOW);
  const report = await buildSummaryReport(client, space, channel, channel.summary!, period, {
    publicBaseUrl: 'https://kibana.example.com',
  });
  expect(report.total).toBe(COUNTED.length);
  expect(report.users).toBe(3); // alice, bob, dave
  const link = new URL(report.link);
  expect(link.pathname).toBe(`/s/${space}/app/buffalogs/alerts`);
  expect(Object.fromEntries([...link.searchParams].filter(([k]) => k !== 'users'))).toEqual({
    start: '2025-03-09T08:00:00.000Z',
    end: '2025-03-10T08:00:00.000Z',
    detector: 'new_device', // the last of two; both checked below
    min_severity: 'high',
    min_score: '60',
    time_field: 'event.created',
    channel: 'soc-daily',
  });
  expect(link.searchParams.getAll('detector')).toEqual(['impossible_travel', 'new_device']);
  expect(link.searchParams.getAll('users')).toEqual(['alice', 'bob', '10.0.0.9']);

  const list = await call(host.baseUrl, 'GET', `${API_PATHS.alerts}?${listQueryOf(report.link)}`);
  expect(list.status).toBe(200);
  expect(list.body.total).toBe(report.total);
  expect(ids(list.body)).toEqual(COUNTED);

  // By login time (the list's default, and what the link meant before) the same filters list another set: c3 is
  // missing and x1 is in. This is why the link carries time_field.
  const byLogin = listQueryOf(report.link).replace('&time_field=event.created', '');
  expect(byLogin).not.toContain('time_field');
  const other = await call(host.baseUrl, 'GET', `${API_PATHS.alerts}?${byLogin}`);
  expect(other.status).toBe(200);
  expect(ids(other.body)).toEqual(['c1', 'c2', 'c4', 'x1']);
});

it.each([
  // The list's `detector` took no rule id and `sequence_rule` one, ANDed with `detector`: the link fell back to
  // `detector=sequence` and listed every rule's alerts (s3 too, and s2 for the first).
  ['a sequence rule beside a fixed detector', ['new_device', 'sequence_vpn_then_admin'], ['n1', 's1']],
  ['two sequence rules', ['sequence_vpn_then_admin', 'sequence_otp_then_reset'], ['s1', 's2']],
  ['one sequence rule', ['sequence_otp_then_reset'], ['s2']],
])(
  'the list at the link of a channel naming %s shows exactly what its summary counted',
  async (_w, detectors, want) => {
    const ch = weekly('soc-weekly', detectors);
    const period = lastEndedPeriod(ch.summary!, NOW);
    expect(new Date(period.start).toISOString()).toBe('2025-03-03T08:00:00.000Z');
    const report = await buildSummaryReport(client, space, ch, ch.summary!, period, {});
    expect(report.total).toBe(want.length);
    const link = new URL(report.link, 'https://kibana.example.com');
    expect(link.searchParams.getAll('detector')).toEqual(detectors);
    expect(link.searchParams.get('sequence_rule')).toBeNull();

    const list = await call(host.baseUrl, 'GET', `${API_PATHS.alerts}?${listQueryOf(link.toString())}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(report.total);
    expect(ids(list.body)).toEqual(want);
    // `sequence_rule`, as older links and bookmarks name one rule, still lists that rule's alerts alone.
    const older = await call(
      host.baseUrl,
      'GET',
      `${API_PATHS.alerts}?from=2025-03-03T08:00:00Z&to=2025-03-10T08:00:00Z&sequence_rule=sequence_other&size=100`,
    );
    expect(ids(older.body)).toEqual(['s3']);
  },
);

it("a channel's 1,000 users of 1,000 characters: a link that opens, and the list at it shows what was counted", async () => {
  const period = lastEndedPeriod(manyUsers.summary!, NOW);
  const report = await buildSummaryReport(client, space, manyUsers, manyUsers.summary!, period, {
    publicBaseUrl: 'https://kibana.example.com',
  });
  expect(report.total).toBe(3);
  // Each user in the link made it about 1 MB: Kibana answers 431 past 16 KB, proxies 414 past 8 KB.
  expect(report.link.length).toBeLessThanOrEqual(LINK_MAX_LENGTH);
  const link = new URL(report.link);
  expect(link.searchParams.getAll('users')).toEqual([]);
  expect(link.searchParams.get('channel_users')).toBe('soc-many');

  const query = listQueryOf(report.link);
  expect(query.length).toBeLessThan(LINK_MAX_LENGTH); // the page's API request is short too
  const list = await call(host.baseUrl, 'GET', `${API_PATHS.alerts}?${query}`);
  expect(list.status).toBe(200);
  expect(list.body.total).toBe(report.total);
  expect(ids(list.body)).toEqual(['m1', 'm2', 'm3']);

  // What the link was: every user in it. The host (Node, as Kibana) refuses the request before any route sees it.
  const everyUser = `${query.replace('channel_users=soc-many', '')}&${LONG_USERS.map((u) => `users=${u}`).join('&')}`;
  expect((await call(host.baseUrl, 'GET', `${API_PATHS.alerts}?${everyUser}`)).status).toBe(431);
});

it.each([
  // Never the unfiltered list, which the link's reader would take for the channel's users' alerts.
  [
    'a channel kibana.yml does not have (renamed, removed)',
    'channel_users=soc-gone',
    /no notification channel is named \[soc-gone\]/,
  ],
  ['a channel that lists no users now', 'channel_users=soc-nobody', /channel \[soc-nobody\] lists no users now/],
  [
    'channel_users beside users',
    'channel_users=soc-many&users=alice',
    /\[users\] and \[channel_users\] exclude each other/,
  ],
  [
    'a name no channel can have',
    'channel_users=..%2Fsoc',
    /\[request query\.channel_users\]: expected a notification channel's name/,
  ],
])('channel_users naming %s is a 400 that says so', async (_what, q, message) => {
  const answer = await call(
    host.baseUrl,
    'GET',
    `${API_PATHS.alerts}?from=2025-03-03T08:00:00Z&to=2025-03-10T08:00:00Z&${q}`,
  );
  expect(answer.status).toBe(400);
  expect(answer.body.message).toMatch(message);
});

it('without the new parameters the list is as before: every alert of the range by login time', async () => {
  const q = 'from=2025-03-09T08:00:00Z&to=2025-03-10T08:00:00Z&size=100';
  const list = await call(host.baseUrl, 'GET', `${API_PATHS.alerts}?${q}`);
  expect(list.status).toBe(200);
  expect(ids(list.body)).toEqual(['c1', 'c2', 'c4', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6']);
});

const long = `users=${'u'.repeat(1025)}`;
const many = Array.from({ length: 1001 }, (_, i) => `users=u${i}`).join('&');
const manyDetectors = Array.from({ length: 101 }, (_, i) => `detector=sequence_${i}`).join('&');
/** [what, query string, what the message must say] */
const HOSTILE: Array<[string, string, RegExp]> = [
  ...(
    [
      ['min_severity=severe', /\[request query\.min_severity\]: expected one of \[low, medium, high, critical\]/],
      ['min_severity=HIGH', /\[request query\.min_severity\]/],
      ['min_score=sixty', /\[request query\.min_score\]/],
      ['min_score=101', /\[request query\.min_score\]/],
      ['min_score=-0.5', /\[request query\.min_score\]/],
      ['min_score=1e309', /\[request query\.min_score\]/],
      ['users=', /\[request query\.users\]/],
      ['time_field=user.name', /\[request query\.time_field\]: expected one of \[@timestamp, event\.created\]/],
      ['time_field=event.created&time_field=@timestamp', /\[request query\.time_field\]/],
      // The channel's name is for the page to show, never sent: the route knows no such parameter.
      ['channel=soc-daily', /\[request query\.channel\]: definition for this key is missing/],
      // A detector is a fixed one or a rule id: never a pattern, syntax, or past a rule id's length or count.
      ['detector=sequence_*', /\[request query\.detector\]/],
      ['detector=new_device&detector=sequence_a%20OR%20*', /\[request query\.detector\]/],
      [`detector=sequence_${'a'.repeat(56)}`, /\[request query\.detector\]/],
      ['detector=Sequence_A', /\[request query\.detector\]/],
    ] as Array<[string, RegExp]>
  ).map(([q, m]): [string, string, RegExp] => [q, q, m]),
  ['a user of 1025 characters', long, /\[request query\.users\]/],
  ['1001 users', many, /\[request query\.users\]/],
  ['101 detectors', manyDetectors, /\[request query\.detector\]/],
];

it.each(HOSTILE)('refuses %s with a 400 naming the parameter', async (_what, query, message) => {
  const answer = await call(host.baseUrl, 'GET', `${API_PATHS.alerts}?${query}`);
  expect(answer.status).toBe(400);
  expect(answer.body.message).toMatch(message);
  // Refused by the parameter's own validation, not as a parameter the route does not know (as before it had them).
  if (!query.startsWith('channel=')) expect(answer.body.message).not.toContain('definition for this key is missing');
});

/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * The Notifications section's routes over real HTTP through the dev host (the built plugin, kibana.yml settings with
 * `buffalogs.notifiers`): channels listed without secrets, a test message sent through a channel to a real local
 * receiver (and a failing one reported without its secret), and the space's delivery log read from Elasticsearch.
 */
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS, apiPath } from '../../common/api';
import { deliveriesIndex } from '../../server/notifications';
import { lastEndedPeriod, summaryKey } from '../../server/notifications/summary_schedule';
import { installIndices, pluginIndices } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { startHttpReceiver, type HttpReceiver } from './helpers/receivers';
import { call, ensureFreshBuild, startHost, type RunningHost } from './routes_host';

jest.setTimeout(300_000);

const space = uniqueIndexName('notifroutes').replace(/-/g, '_');
const SECRET = 'signing-secret-never-shown';
const JWT_SECRET = 'jwt-signing-key-never-shown-32-chars-at-least';
const MENTION = 'alice-pager-handle-never-shown';
let client: Client;
let receiver: HttpReceiver;
let host: RunningHost;
let readOnlyHost: RunningHost;
let settingsText: string;

const record = (alertId: string, channel: string, status: string, minutesAgo: number, error?: string) => ({
  '@timestamp': new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  delivery_id: `${channel}:${alertId}`,
  alert_id: alertId,
  channel,
  channel_type: 'webhook',
  status,
  attempts: status === 'failed' ? 5 : 1,
  claimed_at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  ...(status === 'sending' ? {} : { finished_at: new Date(Date.now() - minutesAgo * 60_000).toISOString() }),
  ...(error ? { error } : {}),
  entity: { field: 'user.name', value: 'alice' },
  rule: { id: 'impossible_travel' },
  severity: 'high',
  group_size: 1,
});

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  receiver = await startHttpReceiver();
  // The receiver refuses a request whose Bearer JWT does not verify with the channel's key.
  receiver.requireJwt('/hook/soc', JWT_SECRET, Date.now);
  const settings = {
    buffalogs: {
      space,
      indices: ['routes-notif-none-*'],
      schedule: { interval: '1d' },
      notifiers: [
        {
          name: 'soc-webhook',
          type: 'webhook',
          url: receiver.url('/hook/soc'),
          secret: SECRET,
          jwt: { secret: JWT_SECRET },
          mentions: { alice: MENTION },
          summary: { frequency: 'weekly', day: 'friday', time: '17:30' },
          filters: { minSeverity: 'high', detectors: ['impossible_travel'] },
        },
        // The path stands for the secret part of a Slack webhook URL.
        { name: 'slack-down', type: 'slack', url: receiver.url('/services/T000/B000/slack-secret-path') },
      ],
    },
  };
  settingsText = JSON.stringify(settings);
  // The index templates (the deliveries mapping among them), as the plugin installs them at start.
  await installIndices(client, space);
  await client.bulk({
    refresh: true,
    operations: [
      record('a1', 'soc-webhook', 'sent', 10),
      record('a2', 'soc-webhook', 'failed', 5, 'HTTP 500 receiver says no (gave up after 5 attempts)'),
      record('a3', 'slack-down', 'sending', 120),
    ].flatMap((r) => [{ create: { _index: deliveriesIndex(space), _id: r.delivery_id } }, r]),
  });
  [host, readOnlyHost] = await Promise.all([
    startHost({ privilege: 'all', settings }),
    startHost({ privilege: 'read', settings }),
  ]);
});

afterAll(async () => {
  await Promise.all([host?.stop(), readOnlyHost?.stop()]);
  await receiver?.close();
  await deleteIndices(client, deliveriesIndex(space), ...Object.values(pluginIndices(space)));
  await client.close();
});

test('channels are listed with their names, types and filters, never their URLs or secrets', async () => {
  const answer = await call(readOnlyHost.baseUrl, 'GET', API_PATHS.notifiers);
  expect(answer.status).toBe(200);
  expect(answer.body.channels.map((c: any) => [c.name, c.type])).toEqual([
    ['soc-webhook', 'webhook'],
    ['slack-down', 'slack'],
  ]);
  expect(answer.body.channels[0].filters).toEqual({
    minSeverity: 'high',
    minScore: 0,
    detectors: ['impossible_travel'],
    users: [],
    includeFiltered: false,
  });
  // How it is signed, whom it mentions and when it summarises are shown as facts, never as keys, ids or addresses.
  expect(answer.body.channels[0]).toMatchObject({
    signing: ['hmac', 'jwt'],
    mentionedUsers: 1,
    summary: { frequency: 'weekly', day: 'friday', time: '17:30' },
  });
  const text = JSON.stringify(answer.body);
  expect(settingsText).toContain(SECRET);
  for (const secret of [SECRET, JWT_SECRET, MENTION, '/hook/soc', 'slack-secret-path', '127.0.0.1'])
    expect(text).not.toContain(secret);
});

test('a test message reaches the channel, and a failure is reported without the secret', async () => {
  const ok = await call(host.baseUrl, 'POST', apiPath(API_PATHS.notifierTest, { name: 'soc-webhook' }));
  expect(ok).toEqual({ status: 200, body: { channel: 'soc-webhook', ok: true, attempts: 1 } });
  const got = receiver.received.filter((r) => r.path === '/hook/soc' && r.raw.includes('buffalogs-test-message'));
  expect(got).toHaveLength(1);
  expect(got[0].raw).toContain('buffalogs-test-message');
  expect(got[0].headers['x-buffalogs-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  expect(got[0].jwt).toMatchObject({ iss: 'buffalogs_webhook', aud: 'soc-webhook', sub: 'Alert Notification' });

  receiver.fail('/services/T000/B000/slack-secret-path', { status: 500 });
  const failed = await call(host.baseUrl, 'POST', apiPath(API_PATHS.notifierTest, { name: 'slack-down' }));
  expect(failed.status).toBe(200);
  expect(failed.body).toMatchObject({ channel: 'slack-down', ok: false, attempts: 1 });
  expect(failed.body.error).toMatch(/500/);
  expect(JSON.stringify(failed.body)).not.toContain('slack-secret-path');
  for (const secret of ['slack-secret-path', SECRET, JWT_SECRET, MENTION]) expect(host.output()).not.toContain(secret);
});

test('testing needs the "all" privilege, and an unknown channel is a 404', async () => {
  const denied = await call(readOnlyHost.baseUrl, 'POST', apiPath(API_PATHS.notifierTest, { name: 'soc-webhook' }));
  expect(denied.status).toBe(403);
  const missing = await call(host.baseUrl, 'POST', apiPath(API_PATHS.notifierTest, { name: 'nope' }));
  expect(missing.status).toBe(404);
  expect(missing.body.message).toContain('nope');
  const bad = await call(host.baseUrl, 'POST', apiPath(API_PATHS.notifierTest, { name: 'x'.repeat(65) }));
  expect(bad.status).toBe(400);
});

test('two hosts (two Kibana nodes) on one space send the weekly summary once, JWT-signed, and log it', async () => {
  // Both hosts run the notifier task at start; the last ended week's summary is due at once.
  const key = summaryKey(lastEndedPeriod({ frequency: 'weekly', day: 'friday', time: '17:30' }, Date.now()));
  let log: any[] = [];
  for (let i = 0; i < 300 && !log.some((d) => d.alert_id === key && d.status === 'sent'); i++) {
    await new Promise((r) => setTimeout(r, 200));
    await client.indices.refresh({ index: deliveriesIndex(space) });
    log = (await call(readOnlyHost.baseUrl, 'GET', API_PATHS.notifierDeliveries)).body.deliveries;
  }
  expect(log.filter((d) => d.alert_id === key)).toEqual([
    expect.objectContaining({ channel: 'soc-webhook', status: 'sent', kind: 'summary', group_size: 0 }),
  ]);
  const summaries = receiver.received.filter((r) => r.path === '/hook/soc' && (r.body as any)?.summary);
  expect(summaries).toHaveLength(1);
  expect(summaries[0].jwt).toMatchObject({ aud: 'soc-webhook', jti: `soc-webhook:${key}` });
  expect((summaries[0].body as any).summary).toMatchObject({ frequency: 'weekly', total: 0 });
});

test("the delivery log shows the space's deliveries, newest first, failures with their error", async () => {
  const all = await call(readOnlyHost.baseUrl, 'GET', API_PATHS.notifierDeliveries);
  expect(all.status).toBe(200);
  expect(all.body.deliveries.map((d: any) => [d.alert_id, d.channel, d.status])).toEqual([
    [expect.stringMatching(/^summary:weekly:/), 'soc-webhook', 'sent'],
    ['a2', 'soc-webhook', 'failed'],
    ['a1', 'soc-webhook', 'sent'],
    // Claimed two hours ago and never finished: the process stopped mid-send, shown, not hidden.
    ['a3', 'slack-down', 'unknown'],
  ]);
  const failed = await call(readOnlyHost.baseUrl, 'GET', `${API_PATHS.notifierDeliveries}?status=failed`);
  expect(failed.body.deliveries).toEqual([
    expect.objectContaining({ alert_id: 'a2', attempts: 5, error: expect.stringContaining('HTTP 500') }),
  ]);
  const one = await call(readOnlyHost.baseUrl, 'GET', `${API_PATHS.notifierDeliveries}?channel=slack-down`);
  expect(one.body.deliveries.map((d: any) => d.alert_id)).toEqual(['a3']);
  const bad = await call(readOnlyHost.baseUrl, 'GET', `${API_PATHS.notifierDeliveries}?status=lost&size=0`);
  expect(bad.status).toBe(400);
  // Another space's log is not this one's.
  const other = await call(readOnlyHost.serverUrl, 'GET', API_PATHS.notifierDeliveries);
  expect(other.body.deliveries ?? []).toEqual([]);
});

test("test messages keep to the channel's ratePerMinute: a loop of tests from any space cannot flood it", async () => {
  // Before: every call went out, so one analyst (of any space: the channels are kibana.yml's) could spend a chat
  // service's rate limit (Telegram: 20 messages a minute in a group) and delay the real alerts behind it.
  const floodSpace = uniqueIndexName('notifflood').replace(/-/g, '_');
  const flooded = await startHost({
    privilege: 'all',
    settings: {
      buffalogs: {
        space: floodSpace,
        indices: ['routes-notif-none-*'],
        schedule: { interval: '1d' },
        notifiers: [{ name: 'pager', type: 'webhook', url: receiver.url('/hook/pager'), ratePerMinute: 1 }],
      },
    },
  });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await call(flooded.serverUrl, 'POST', apiPath(API_PATHS.notifierTest, { name: 'pager' }))).status);
    expect(statuses).toEqual([200, 429, 429, 429, 429]);
    expect(receiver.received.filter((r) => r.path === '/hook/pager')).toHaveLength(1);
  } finally {
    await flooded.stop();
    await deleteIndices(client, deliveriesIndex(floodSpace), ...Object.values(pluginIndices(floodSpace)));
  }
});

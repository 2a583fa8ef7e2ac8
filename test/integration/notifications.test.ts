/**
 * The built-in notifiers end to end: alerts written to the real Elasticsearch node's alerts index, a notifier pass
 * reading them, real local receivers (an HTTP server standing in for every webhook service and Telegram, a real SMTP
 * server) recording what arrives. Faults (500s, 429 with Retry-After, time-outs, reset connections, a crash between
 * sending and recording) must lose nothing silently and send nothing twice per channel.
 */
import { createHmac } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import type { FamilyAlertDocument } from '../../common/alert_document';
import {
  notifiersSchema,
  readDeliveryLog,
  type RateLimiter,
  runNotifierPass,
  type NotifierPassInput,
} from '../../server/notifications';
import { deliveriesIndex } from '../../server/notifications/deliveries_store';
import { installIndices, pluginIndices } from '../../server/storage';
import { deleteIndices, esClient } from '../helpers/es';
import { uniqueSpace } from './helpers/detection_pass';
import { alert, NOW, writeAlerts as writeAlertsTo } from './helpers/alerts';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from './helpers/receivers';

jest.setTimeout(120_000);

const SECRET = 'a-webhook-signing-secret';
let client: Client;
let http: HttpReceiver;
let smtp: SmtpReceiver;
const spaces: string[] = [];

const writeAlerts = (space: string, alerts: FamilyAlertDocument[]) => writeAlertsTo(client, space, alerts);

async function newSpace(): Promise<string> {
  const space = uniqueSpace('notify');
  spaces.push(space);
  await installIndices(client, space);
  return space;
}

const retry = { maxAttempts: 3, baseDelay: '10ms', maxDelay: '2s', timeout: '500ms' };
const sleeps: number[] = [];
function pass(
  space: string,
  channels: unknown[],
  extra: Partial<NotifierPassInput> = {},
): ReturnType<typeof runNotifierPass> {
  return runNotifierPass({
    client,
    space,
    channels: notifiersSchema.validate(channels),
    publicBaseUrl: 'https://kibana.example.com',
    now: () => NOW,
    signal: new AbortController().signal,
    logger: { info: () => {}, warn: () => {} },
    limiters: new Map<string, RateLimiter>(),
    sleep: async (ms) => {
      sleeps.push(ms);
      // Real, short waits: the receiver's faults are real, only the backoff is shortened.
      await new Promise((r) => setTimeout(r, Math.min(ms, 20)));
    },
    ...extra,
  });
}

const received = (path: string) => http.received.filter((r) => r.path === path);

beforeAll(async () => {
  client = esClient();
  http = await startHttpReceiver();
  smtp = await startSmtpReceiver({ user: 'buffalogs', pass: 'smtp-password-123' });
});
afterAll(async () => {
  await deleteIndices(client, ...spaces.flatMap((s) => [...Object.values(pluginIndices(s)), deliveriesIndex(s)]));
  await http.close();
  await smtp.close();
  await client.close();
});

describe('every channel type receives its service payload once', () => {
  let space: string;
  const channels = () => [
    { name: 'hook', type: 'webhook', url: http.url('/hook'), secret: SECRET, retry },
    { name: 'slack', type: 'slack', url: http.url('/services/T000/B000/slacksecret'), retry },
    { name: 'teams', type: 'teams', url: http.url('/teams/workflow?sig=teamssecret'), retry },
    { name: 'gchat', type: 'googlechat', url: http.url('/v1/spaces/AAA/messages?key=k&token=gchatsecret'), retry },
    { name: 'mm', type: 'mattermost', url: http.url('/hooks/mmsecret'), username: 'buffalogs', retry },
    { name: 'discord', type: 'discord', url: http.url('/api/webhooks/1/discordsecret'), retry },
    { name: 'rocket', type: 'rocketchat', url: http.url('/hooks/rocketsecret'), channel: '#soc', retry },
    {
      name: 'tg',
      type: 'telegram',
      botToken: '123456:telegram-token',
      chatIds: ['-100', 42],
      apiUrl: http.url('/tg'),
      retry,
    },
    {
      name: 'mail',
      type: 'email',
      smtp: { host: '127.0.0.1', port: smtp.port, requireTLS: false, user: 'buffalogs', password: 'smtp-password-123' },
      from: 'buffalogs@example.com',
      to: ['soc@example.com', 'oncall@example.com'],
      retry,
    },
  ];

  beforeAll(async () => {
    space = await newSpace();
    await writeAlerts(space, [
      alert('a1', 'alice'),
      alert('a2', 'alice', { rule: 'new_device', severity: 'medium', score: 47 }),
      alert('b1', 'bob', { severity: 'critical', score: 99 }),
      alert('c1', 'carol', { filtered: true }),
    ]);
  });

  it('sends one message per user to every channel, in each service shape, with numbers and links', async () => {
    const result = await pass(space, channels());
    expect(result.alertsRead).toBe(4);
    for (const name of Object.keys(result.channels)) {
      // alice's two alerts grouped, bob alone; carol's filtered alert not sent (BuffaLogs sent filtered alerts).
      expect(result.channels[name]).toMatchObject({ messages: 2, alertsSent: 3, failedMessages: 0 });
    }

    const hooks = received('/hook');
    expect(hooks).toHaveLength(2);
    const ids = hooks.flatMap((h) =>
      (h.body as { alerts: Array<{ buffalogs: { alert_id: string } }> }).alerts.map((a) => a.buffalogs.alert_id),
    );
    expect(ids.sort()).toEqual(['a1', 'a2', 'b1']);
    for (const h of hooks) {
      const ts = h.headers['x-buffalogs-timestamp'] as string;
      const expected = `sha256=${createHmac('sha256', SECRET).update(`${ts}.${h.raw}`).digest('hex')}`;
      expect(h.headers['x-buffalogs-signature']).toBe(expected);
      expect(h.headers['x-buffalogs-delivery']).toMatch(/^hook:/);
    }
    const bob = hooks
      .map((h) => h.body as { alerts: Array<Record<string, unknown>>; title: string })
      .find((b) => b.alerts.length === 1)!;
    expect(bob.title).toBe('BuffaLogs: Impossible travel for user bob (critical, score 99)');
    expect(bob.alerts[0]).toMatchObject({
      link: `https://kibana.example.com/s/${space}/app/buffalogs/alerts/b1`,
      evidence_summary: 'New York, US → Milan, IT: 6480 km in 40 min = 9720 km/h (limit 900 km/h)',
      user: { name: 'bob' },
    });

    const slack = received('/services/T000/B000/slacksecret').map(
      (r) => r.body as { text: string; attachments: Array<{ title: string; text: string; color: string }> },
    );
    expect(slack).toHaveLength(2);
    expect(slack.find((s) => s.text.includes('alice'))!.text).toBe(
      'BuffaLogs: 2 alerts for user alice (highest high): Impossible travel',
    );
    expect(slack[0].attachments[0].text).toContain('/app/buffalogs/alerts/');

    const teams = received('/teams/workflow?sig=teamssecret').map(
      (r) =>
        r.body as {
          type: string;
          attachments: Array<{ contentType: string; content: { type: string; actions: Array<{ url: string }> } }>;
        },
    );
    expect(teams[0].type).toBe('message');
    expect(teams[0].attachments[0]).toMatchObject({
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard' },
    });
    expect(teams.flatMap((t) => t.attachments[0].content.actions.map((a) => a.url))).toContain(
      `https://kibana.example.com/s/${space}/app/buffalogs/alerts/b1`,
    );

    expect(
      received('/v1/spaces/AAA/messages?key=k&token=gchatsecret').map((r) => Object.keys(r.body as object)),
    ).toEqual([['text'], ['text']]);
    expect(received('/hooks/mmsecret')[0].body).toMatchObject({
      username: 'buffalogs',
      text: expect.stringContaining('####'),
    });
    const discord = received('/api/webhooks/1/discordsecret').map(
      (r) => r.body as { embeds: Array<{ description: string; color: number }> },
    );
    expect(discord[0].embeds[0].description).toContain('9720 km/h');
    expect(typeof discord[0].embeds[0].color).toBe('number');
    expect(received('/hooks/rocketsecret')[0].body).toMatchObject({
      channel: '#soc',
      attachments: [{ title: expect.any(String) }],
    });

    // Telegram: both chats, each message once (BuffaLogs stopped after the first chat).
    const tg = received('/tg/bot123456:telegram-token/sendMessage').map(
      (r) => r.body as { chat_id: string | number; text: string },
    );
    expect(tg.map((m) => String(m.chat_id)).sort()).toEqual(['-100', '-100', '42', '42']);

    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[0].to).toEqual(['soc@example.com', 'oncall@example.com']);
    expect(smtp.mails.map((m) => m.data).join('\n')).toContain(
      'Subject: BuffaLogs: Impossible travel for user bob (critical, score 99)',
    );
  });

  it('a second pass over the same alerts sends nothing again, on any channel', async () => {
    const before = http.received.length;
    const mails = smtp.mails.length;
    const result = await pass(space, channels());
    expect(http.received.length).toBe(before);
    expect(smtp.mails.length).toBe(mails);
    expect(result.channels.hook).toMatchObject({ messages: 0, alreadyDelivered: 3 });
  });

  it('records every delivery as sent, with no secret in the log', async () => {
    await client.indices.refresh({ index: deliveriesIndex(space) });
    const log = await readDeliveryLog(client, space, { now: NOW, staleAfterMs: 60_000, size: 100 });
    expect(log).toHaveLength(27); // 9 channels × 3 alerts
    expect(new Set(log.map((e) => e.status))).toEqual(new Set(['sent']));
    const text = JSON.stringify(log);
    for (const secret of ['slacksecret', 'teamssecret', 'telegram-token', 'smtp-password', SECRET])
      expect(text).not.toContain(secret);
  });
});

describe('faults: retried, given up visibly, never duplicated', () => {
  it('retries 500s, honours a 429 Retry-After, survives a time-out and a reset connection', async () => {
    const space = await newSpace();
    await writeAlerts(space, [alert('f1', 'dave'), alert('f2', 'erin'), alert('f3', 'frank'), alert('f4', 'gina')]);
    sleeps.length = 0;
    http.fail(
      '/flaky',
      { status: 500 },
      { status: 503 },
      { status: 429, retryAfter: '1' },
      { hang: true },
      { reset: true },
    );
    const result = await pass(space, [
      {
        name: 'flaky',
        type: 'webhook',
        url: http.url('/flaky'),
        groupByUser: false,
        retry: { ...retry, maxAttempts: 6 },
      },
    ]);
    await client.indices.refresh({ index: deliveriesIndex(space) });
    const log = await readDeliveryLog(client, space, { now: NOW, staleAfterMs: 60_000 });
    expect(log.filter((e) => e.status !== 'sent').map((e) => e.error)).toEqual([]);
    // f1 meets every fault in turn (500, 503, 429 + Retry-After: 1 s, a time-out, a reset) and is sent on its 6th try.
    expect(result.channels.flaky).toMatchObject({ messages: 4, alertsSent: 4, failedMessages: 0 });
    expect(sleeps).toContain(1000);
    const got = received('/flaky').flatMap((r) =>
      (r.body as { alerts: Array<{ buffalogs: { alert_id: string } }> }).alerts.map((a) => a.buffalogs.alert_id),
    );
    // The hung request may have reached the receiver's handler but was never answered nor recorded: exactly once each.
    expect(got.sort()).toEqual(['f1', 'f2', 'f3', 'f4']);
    expect(log.find((e) => e.alert_id === 'f1')).toMatchObject({ status: 'sent', attempts: 6 });
  });

  it('gives up after the limit, records the failure without the secret URL, and does not resend it', async () => {
    const space = await newSpace();
    await writeAlerts(space, [alert('g1', 'hank')]);
    const path = '/services/T1/B1/givesupsecret';
    http.fail(path, { status: 500 }, { status: 500 }, { status: 500 });
    const warnings: string[] = [];
    const channels = [{ name: 'down', type: 'slack', url: http.url(path), retry }];
    const result = await pass(space, channels, { logger: { info: () => {}, warn: (m) => warnings.push(m) } });
    expect(result.channels.down).toMatchObject({ failedMessages: 1, alertsFailed: 1 });
    await client.indices.refresh({ index: deliveriesIndex(space) });
    const [entry] = await readDeliveryLog(client, space, { now: NOW, staleAfterMs: 60_000 });
    expect(entry).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: 'HTTP 500: receiver says no (gave up after 3 attempts)',
    });
    expect(warnings.join('\n')).toContain('1 alert(s) not delivered');
    expect(JSON.stringify([entry, warnings])).not.toContain('givesupsecret');
    // A 4xx is not retried at all.
    const space2 = await newSpace();
    await writeAlerts(space2, [alert('g2', 'ivy')]);
    http.fail('/gone', { status: 404 });
    const r404 = await pass(space2, [{ name: 'gone', type: 'webhook', url: http.url('/gone'), retry }]);
    expect(r404.channels.gone).toMatchObject({ failedMessages: 1 });
    await client.indices.refresh({ index: deliveriesIndex(space2) });
    expect((await readDeliveryLog(client, space2, { now: NOW, staleAfterMs: 60_000 }))[0]).toMatchObject({
      attempts: 1,
      status: 'failed',
    });
    // The failed delivery stays failed: the next pass does not send it (nor anything) again.
    const count = received(path).length;
    await pass(space, channels);
    expect(received(path).length).toBe(count);
  });

  it('a crash between sending and recording leaves one message and an "unknown" delivery, never a second message', async () => {
    const space = await newSpace();
    await writeAlerts(space, [alert('h1', 'jack'), alert('h2', 'kate')]);
    const channels = [{ name: 'crashy', type: 'webhook', url: http.url('/crashy'), groupByUser: true, retry }];
    await expect(
      pass(space, channels, {
        afterSend: (_channel, ids) => {
          if (ids.includes('h1')) throw new Error('process died');
        },
      }),
    ).rejects.toThrow('process died');
    expect(received('/crashy')).toHaveLength(1);
    // The restarted process reads the same alerts again (its checkpoint was never saved).
    const again = await pass(space, channels);
    const ids = received('/crashy').flatMap((r) =>
      (r.body as { alerts: Array<{ buffalogs: { alert_id: string } }> }).alerts.map((a) => a.buffalogs.alert_id),
    );
    expect(ids.sort()).toEqual(['h1', 'h2']);
    expect(again.channels.crashy).toMatchObject({ alreadyDelivered: 1, messages: 1 });
    await client.indices.refresh({ index: deliveriesIndex(space) });
    const log = await readDeliveryLog(client, space, { now: NOW + 3_600_000, staleAfterMs: 10 * 60_000 });
    expect(Object.fromEntries(log.map((e) => [e.alert_id, e.status]))).toEqual({ h1: 'unknown', h2: 'sent' });
  });
});

describe('reading alerts', () => {
  it('pages with search_after and a checkpoint: nothing skipped, nothing sent twice, later alerts picked up', async () => {
    const space = await newSpace();
    const first = Array.from({ length: 23 }, (_, i) =>
      alert(`p${i + 1}`, `user${i}`, { created: NOW - 10 * 60_000 + i * 1000 }),
    );
    await writeAlerts(space, first);
    const channels = [{ name: 'pages', type: 'webhook', url: http.url('/pages'), retry }];
    const one = await pass(space, channels, { pageSize: 5 });
    expect(one.alertsRead).toBe(23);
    expect(one.checkpoint).toMatchObject({ alertId: 'p23' });
    // An alert written later but created (by a slow detection pass) before the checkpoint is still found.
    await writeAlerts(space, [
      alert('late', 'zed', { created: NOW - 9 * 60_000 }),
      alert('new', 'yan', { created: NOW }),
    ]);
    await pass(space, channels, { pageSize: 5, checkpoint: one.checkpoint });
    const ids = received('/pages').flatMap((r) =>
      (r.body as { alerts: Array<{ buffalogs: { alert_id: string } }> }).alerts.map((a) => a.buffalogs.alert_id),
    );
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    expect(ids).toEqual(expect.arrayContaining(['late', 'new', 'p1', 'p23']));
  });
});

describe('kibana.yml validation', () => {
  it('refuses duplicate names, unknown types, bad URLs and prototype names, naming the problem', () => {
    expect(() =>
      notifiersSchema.validate([
        { name: 'a', type: 'slack', url: 'http://x/1' },
        { name: 'a', type: 'discord', url: 'http://x/2' },
      ]),
    ).toThrow(/named "a"/);
    expect(() => notifiersSchema.validate([{ name: 'a', type: 'pager', url: 'http://x/1' }])).toThrow();
    expect(() => notifiersSchema.validate([{ name: 'a', type: 'webhook', url: 'ftp://x/1' }])).toThrow();
    expect(() => notifiersSchema.validate([{ name: '__proto__', type: 'webhook', url: 'http://x/1' }])).toThrow();
    expect(() =>
      notifiersSchema.validate([{ name: 'a', type: 'webhook', url: 'http://x/1', secret: 'short' }]),
    ).toThrow();
    expect(notifiersSchema.validate([{ name: 'a', type: 'webhook', url: 'http://x/1' }])[0]).toMatchObject({
      filters: { minSeverity: 'low', includeFiltered: false },
      groupByUser: true,
    });
  });
});

/**
 * The built-in notifiers' JWT signing, per-user mentions and daily/weekly summaries, end to end: alerts in the real
 * Elasticsearch node, a notifier pass, real local receivers. The HTTP receiver verifies the webhook's Bearer JWT itself
 * (helpers/receivers.ts `verifyHs256`, written from the RFCs) and refuses a bad one with a 401, as a real one would.
 */
import type { Client } from '@elastic/elasticsearch';
import type { FamilyAlertDocument } from '../../common/alert_document';
import {
  channelView,
  notifiersSchema,
  readDeliveryLog,
  runNotifierPass,
  type NotifierPassInput,
  type RateLimiter,
} from '../../server/notifications';
import { deliveriesIndex } from '../../server/notifications/deliveries_store';
import { installIndices, pluginIndices } from '../../server/storage';
import { deleteIndices, esClient } from '../helpers/es';
import { uniqueSpace } from './helpers/detection_pass';
import { alert, NOW, writeAlerts } from './helpers/alerts';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from './helpers/receivers';

jest.setTimeout(120_000);

const JWT_SECRET = 'a-jwt-signing-secret-of-32-chars-or-more';
const retry = { maxAttempts: 2, baseDelay: '10ms', maxDelay: '50ms', timeout: '2s' };
let client: Client;
let http: HttpReceiver;
let smtp: SmtpReceiver;
const spaces: string[] = [];

async function newSpace(alerts: FamilyAlertDocument[]): Promise<string> {
  const space = uniqueSpace('notifyx');
  spaces.push(space);
  await installIndices(client, space);
  if (alerts.length) await writeAlerts(client, space, alerts);
  return space;
}

function pass(space: string, channels: unknown[], extra: Partial<NotifierPassInput> = {}) {
  return runNotifierPass({
    client,
    space,
    channels: notifiersSchema.validate(channels),
    publicBaseUrl: 'https://kibana.example.com',
    now: () => NOW,
    signal: new AbortController().signal,
    logger: { info: () => {}, warn: () => {} },
    limiters: new Map<string, RateLimiter>(),
    sleep: async () => {},
    ...extra,
  });
}

const received = (path: string) => http.received.filter((r) => r.path === path);
const log = async (space: string, now = NOW) => {
  await client.indices.refresh({ index: deliveriesIndex(space) });
  return readDeliveryLog(client, space, { now, staleAfterMs: 60_000, size: 100 });
};

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

describe('webhook JWT (BuffaLogs `webhooks`: Bearer HS256 with iss, aud, iat, exp, sub)', () => {
  it('the receiver verifies the token; a channel with the wrong key is refused and the failure is recorded', async () => {
    const space = await newSpace([alert('j1', 'alice')]);
    http.requireJwt('/jwt', JWT_SECRET, () => NOW);
    const good = { name: 'signed', type: 'webhook', url: http.url('/jwt'), jwt: { secret: JWT_SECRET }, retry };
    const bad = {
      name: 'forged',
      type: 'webhook',
      url: http.url('/jwt'),
      jwt: { secret: 'another-secret-of-thirty-two-chars!!', issuer: 'soc', audience: 'siem', expiresIn: '60s' },
      retry,
    };
    const result = await pass(space, [good, bad]);
    expect(result.channels.signed).toMatchObject({ messages: 1, alertsSent: 1 });
    expect(result.channels.forged).toMatchObject({ failedMessages: 1 });

    const [hit] = received('/jwt');
    expect(hit.jwt).toEqual({
      iss: 'buffalogs_webhook',
      aud: 'signed',
      sub: 'Alert Notification',
      iat: NOW / 1000,
      exp: NOW / 1000 + 300,
      jti: 'signed:j1',
    });
    expect((hit.body as { alerts: Array<{ buffalogs: { alert_id: string } }> }).alerts[0].buffalogs.alert_id).toBe(
      'j1',
    );
    // A 401 is not retried: one refused request, recorded as failed, without either key anywhere.
    expect(http.refused).toEqual([{ path: '/jwt', why: 'bad signature' }]);
    const entries = await log(space);
    expect(entries.find((e) => e.channel === 'forged')).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: 'HTTP 401: invalid token',
    });
    const views = notifiersSchema.validate([good, bad]).map(channelView);
    expect(views[0].signing).toEqual(['jwt']);
    const visible = JSON.stringify([entries, views, result]);
    expect(visible).not.toContain(JWT_SECRET);
    expect(visible).not.toContain('another-secret');
  });

  it('refuses a key shorter than 256 bits (RFC 7518 §3.2) in kibana.yml', () => {
    expect(() =>
      notifiersSchema.validate([{ name: 'w', type: 'webhook', url: 'http://x/1', jwt: { secret: 'short-secret' } }]),
    ).toThrow(/jwt\.secret/);
  });
});

describe('per-user mentions (BuffaLogs `recipient_list_users`)', () => {
  it('mentions the mapped user in each service syntax, only in messages about that user', async () => {
    const space = await newSpace([alert('m1', 'alice'), alert('m2', 'bob')]);
    const mentions = (value: string) => ({ alice: value });
    const channels = [
      { name: 'hook', type: 'webhook', url: http.url('/m/hook'), mentions: mentions('alice-oncall') },
      { name: 'slack', type: 'slack', url: http.url('/m/slack'), mentions: mentions('U024BE7LH') },
      { name: 'teams', type: 'teams', url: http.url('/m/teams'), mentions: mentions('alice@contoso.com') },
      { name: 'gchat', type: 'googlechat', url: http.url('/m/gchat'), mentions: mentions('112233445566') },
      { name: 'mm', type: 'mattermost', url: http.url('/m/mm'), mentions: mentions('alice.m') },
      { name: 'discord', type: 'discord', url: http.url('/m/discord'), mentions: mentions('80351110224678912') },
      { name: 'rocket', type: 'rocketchat', url: http.url('/m/rocket'), mentions: mentions('alice.r') },
      {
        name: 'tg',
        type: 'telegram',
        botToken: '123456:telegram-token',
        chatIds: [7],
        apiUrl: http.url('/m/tg'),
        mentions: mentions('alice_tg'),
      },
      {
        name: 'mail',
        type: 'email',
        smtp: {
          host: '127.0.0.1',
          port: smtp.port,
          requireTLS: false,
          user: 'buffalogs',
          password: 'smtp-password-123',
        },
        from: 'buffalogs@example.com',
        to: ['soc@example.com'],
        mentions: mentions('alice@example.com'),
      },
    ].map((c) => ({ ...c, retry }));
    const mailsBefore = smtp.mails.length;
    const result = await pass(space, channels);
    for (const name of Object.keys(result.channels)) expect(result.channels[name]).toMatchObject({ messages: 2 });

    // Each receiver got one message about alice and one about bob.
    const about = <T>(path: string, user: string, text: (b: T) => string) => {
      const bodies = received(path).map((r) => r.body as T);
      expect(bodies).toHaveLength(2);
      return bodies.find((b) => text(b).includes(`user ${user}`))!;
    };
    type Slack = { text: string };
    expect(about<Slack>('/m/slack', 'alice', (b) => b.text).text).toMatch(/^<@U024BE7LH> BuffaLogs: /);
    expect(about<Slack>('/m/slack', 'bob', (b) => b.text).text).toMatch(/^BuffaLogs: /);

    type Teams = { attachments: Array<{ content: { body: Array<{ text: string }>; msteams?: unknown } }> };
    const teamsText = (b: Teams) => JSON.stringify(b.attachments[0].content.body);
    const teamsAlice = about<Teams>('/m/teams', 'alice', teamsText).attachments[0].content;
    expect(teamsAlice.body[0].text).toBe('<at>alice@contoso.com</at>');
    expect(teamsAlice.msteams).toEqual({
      entities: [
        {
          type: 'mention',
          text: '<at>alice@contoso.com</at>',
          mentioned: { id: 'alice@contoso.com', name: 'alice@contoso.com' },
        },
      ],
    });
    expect(about<Teams>('/m/teams', 'bob', teamsText).attachments[0].content.msteams).toBeUndefined();

    expect(about<Slack>('/m/gchat', 'alice', (b) => b.text).text).toMatch(/^<users\/112233445566> \*BuffaLogs: /);
    expect(about<Slack>('/m/mm', 'alice', (b) => b.text).text).toMatch(/^#### @alice\.m BuffaLogs: /);
    expect(about<Slack>('/m/rocket', 'alice', (b) => b.text).text).toMatch(/^@alice\.r BuffaLogs: /);
    expect(about<Slack>('/m/tg/bot123456:telegram-token/sendMessage', 'alice', (b) => b.text).text).toMatch(
      /^@alice_tg BuffaLogs: /,
    );

    type Discord = { content: string; allowed_mentions: unknown };
    const discordAlice = about<Discord>('/m/discord', 'alice', (b) => b.content);
    expect(discordAlice.content).toMatch(/^<@80351110224678912> BuffaLogs: /);
    expect(discordAlice.allowed_mentions).toEqual({ parse: [], users: ['80351110224678912'] });
    // Nobody else can be pinged through a message: not @everyone in an event's user name either.
    expect(about<Discord>('/m/discord', 'bob', (b) => b.content).allowed_mentions).toEqual({ parse: [], users: [] });

    type Hook = { title: string; mention?: string };
    expect(about<Hook>('/m/hook', 'alice', (b) => b.title).mention).toBe('alice-oncall');
    expect(about<Hook>('/m/hook', 'bob', (b) => b.title).mention).toBeUndefined();

    // E-mail: alice's address is added to the message about her, not to bob's.
    const mails = smtp.mails.slice(mailsBefore);
    expect(mails).toHaveLength(2);
    const rcpt = Object.fromEntries(mails.map((m) => [/user (\w+)/.exec(m.data)![1], m.to]));
    expect(rcpt).toEqual({ alice: ['soc@example.com', 'alice@example.com'], bob: ['soc@example.com'] });

    // The app sees how many users a channel mentions, never who or their ids.
    const view = JSON.stringify(notifiersSchema.validate(channels).map(channelView));
    expect(view).toContain('"mentionedUsers":1');
    for (const id of ['U024BE7LH', 'alice@contoso.com', '80351110224678912', 'alice@example.com', 'alice_tg'])
      expect(view).not.toContain(id);
  });

  it('refuses a mention that is not in the service syntax, naming the key', () => {
    const one = (type: string, value: string, extra: object = { url: 'http://x/1' }) =>
      notifiersSchema.validate([{ name: 'c', type, ...extra, mentions: { alice: value } }]);
    expect(() => one('slack', '@alice')).toThrow(/mentions\.alice.*Slack member id/);
    expect(() => one('discord', 'alice#1234')).toThrow(/Discord user id/);
    expect(() => one('teams', '<at>x</at>')).toThrow(/UPN/);
    expect(() => one('googlechat', 'users/12')).toThrow(/numeric/);
    expect(() =>
      one('email', 'not an address', {
        smtp: { host: 'h' },
        from: 'a@b.c',
        to: ['x@y.z'],
      }),
    ).toThrow(/e-mail address/);
    expect(() =>
      notifiersSchema.validate([
        { name: 'c', type: 'slack', url: 'http://x/1', mentions: JSON.parse('{"__proto__":"U024BE7LH"}') },
      ]),
    ).toThrow(/__proto__/);
    expect(one('slack', 'U024BE7LH')[0]).toMatchObject({ mentions: { alice: 'U024BE7LH' } });
  });
});

describe('daily and weekly summaries', () => {
  // NOW is Monday 2025-03-10 12:00 UTC: the daily period (08:00) is Sun 08:00 → Mon 08:00, the weekly one (Monday
  // 08:00) Mon 3 March 08:00 → Mon 10 March 08:00.
  const at = (iso: string) => Date.parse(iso);
  const named = (a: FamilyAlertDocument, id: string, name: string): FamilyAlertDocument => ({
    ...a,
    rule: { ...a.rule, id, name },
  });
  const alerts = () => [
    alert('d1', 'alice', { created: at('2025-03-09T10:00:00Z') }),
    named(
      alert('d2', 'alice', { created: at('2025-03-09T20:00:00Z'), severity: 'medium', score: 47 }),
      'new_device',
      'New device',
    ),
    alert('d3', 'bob', { created: at('2025-03-10T07:59:59Z'), severity: 'critical', score: 99 }),
    alert('d4', 'carol', { created: at('2025-03-09T12:00:00Z'), filtered: true }),
    alert('d5', 'dave', { created: at('2025-03-10T08:00:00Z') }),
    alert('d6', 'erin', { created: at('2025-03-09T07:59:00Z') }),
    alert('d7', 'frank', { created: at('2025-03-03T07:59:00Z') }),
  ];
  const daily = {
    name: 'daily-hook',
    type: 'webhook',
    url: '',
    sendAlerts: false,
    summary: { frequency: 'daily', time: '08:00' },
    retry,
  };
  const channels = () => [
    { ...daily, url: http.url('/summary/daily') },
    {
      name: 'weekly-slack',
      type: 'slack',
      url: http.url('/summary/weekly/slacksecret'),
      sendAlerts: false,
      summary: { frequency: 'weekly', day: 'monday', time: '08:00', topUsers: 1 },
      retry,
    },
  ];
  let space: string;
  beforeAll(async () => {
    space = await newSpace(alerts());
  });

  it('counts the period by detector, severity and user, with a link, and sends it once across passes', async () => {
    const first = await pass(space, channels());
    expect(first.summaries).toEqual({
      'daily-hook': { status: 'sent', key: 'summary:daily:2025-03-10T08:00:00.000Z', total: 3 },
      'weekly-slack': { status: 'sent', key: 'summary:weekly:2025-03-10T08:00:00.000Z', total: 4 },
    });
    // Summary-only channels: no alert message.
    expect(first.channels['daily-hook'].messages).toBe(0);

    const [hook] = received('/summary/daily');
    expect((hook.body as { summary: unknown }).summary).toEqual({
      frequency: 'daily',
      start: '2025-03-09T08:00:00.000Z',
      end: '2025-03-10T08:00:00.000Z',
      total: 3,
      users: 2,
      byDetector: [
        { id: 'impossible_travel', name: 'Impossible travel', count: 2 },
        { id: 'new_device', name: 'New device', count: 1 },
      ],
      bySeverity: { low: 0, medium: 1, high: 1, critical: 1 },
      topUsers: [
        { user: 'alice', count: 2, detectors: { impossible_travel: 1, new_device: 1 } },
        { user: 'bob', count: 1, detectors: { impossible_travel: 1 } },
      ],
      link:
        `https://kibana.example.com/s/${space}/app/buffalogs/alerts?start=2025-03-09T08%3A00%3A00.000Z` +
        '&end=2025-03-10T08%3A00%3A00.000Z&time_field=event.created&channel=daily-hook',
    });
    expect((hook.body as { alerts: unknown[] }).alerts).toEqual([]);

    const [slack] = received('/summary/weekly/slacksecret').map(
      (r) => r.body as { text: string; attachments: Array<{ text: string }> },
    );
    expect(slack.text).toBe('BuffaLogs weekly summary, 2025-03-03 08:00 UTC – 2025-03-10 08:00 UTC: 4 alerts');
    expect(slack.attachments[0].text.split('\n')).toEqual([
      'Total alerts: 4 (3 users)',
      'By detector: Impossible travel 3, New device 1',
      'By severity: critical 1, high 2, medium 1',
      'Top users: alice 2 (Impossible travel 1, New device 1)',
      // Slack's escaping of `&` in the link.
      expect.stringMatching(/\/app\/buffalogs\/alerts\?start=2025-03-03T08%3A00%3A00\.000Z&amp;end=/),
    ]);

    // A restart an hour later (a new pass, no memory): the record says both were sent.
    const again = await pass(space, channels(), { now: () => NOW + 3_600_000 });
    expect(again.summaries['daily-hook'].status).toBe('already');
    expect(again.summaries['weekly-slack'].status).toBe('already');
    expect(received('/summary/daily')).toHaveLength(1);
    expect(received('/summary/weekly/slacksecret')).toHaveLength(1);

    const entries = (await log(space)).filter((e) => e.kind === 'summary');
    expect(entries.map((e) => [e.delivery_id, e.status, e.group_size]).sort()).toEqual([
      ['daily-hook:summary:daily:2025-03-10T08:00:00.000Z', 'sent', 3],
      ['weekly-slack:summary:weekly:2025-03-10T08:00:00.000Z', 'sent', 4],
    ]);
    expect(JSON.stringify(entries)).not.toContain('slacksecret');
  });

  it("a channel of detector `sequence` counts every sequence rule's alerts (each has its rule's own id)", async () => {
    const sequence = (id: string, rule: string): FamilyAlertDocument => {
      const a = named(alert(id, 'alice', { created: at('2025-03-09T10:00:00Z') }), rule, rule);
      return { ...a, buffalogs: { ...a.buffalogs, family: 'sequence' } };
    };
    const rules = ['sequence_admin_after_reset', 'sequence_badge_then_vpn'];
    const space = await newSpace([...alerts(), sequence('s1', rules[0]), sequence('s2', rules[1])]);
    const path = '/summary/sequence';
    const ch = [{ ...daily, name: 'sequences', url: http.url(path), filters: { detectors: ['sequence'] } }];
    // Before: `sequence` was compared with rule.id, which no sequence alert has: an empty summary.
    expect((await pass(space, ch)).summaries.sequences).toMatchObject({ status: 'sent', total: 2 });
    const [hook] = received(path);
    const byDetector = (hook.body as { summary: { byDetector: Array<{ id: string }> } }).summary.byDetector;
    expect(byDetector.map((d) => d.id).sort()).toEqual(rules);
  });

  it("a channel's detector counts and sends the verdicts with that signal, and its summary's link lists the same alerts", async () => {
    // The default profile writes one suspicious_login verdict per login, its signals in buffalogs.signal_ids. The
    // channel took and counted `impossible_travel` by rule.id only: its summary said 1 where the app's list with that
    // detector (a rule's alert or a verdict with the signal) showed 2, and its travel verdicts were never sent.
    const verdict = alert('v1', 'bob', { created: at('2025-03-09T11:00:00Z'), rule: 'suspicious_login' });
    const travelVerdict: FamilyAlertDocument = {
      ...verdict,
      rule: { ...verdict.rule, name: 'Suspicious login' },
      buffalogs: { ...verdict.buffalogs, signal_ids: ['new_device', 'impossible_travel'] },
    };
    const deviceOnly: FamilyAlertDocument = {
      ...travelVerdict,
      buffalogs: { ...travelVerdict.buffalogs, alert_id: 'v2', signal_ids: ['new_device'] },
    };
    const space = await newSpace([
      alert('t1', 'alice', { created: at('2025-03-09T10:00:00Z') }),
      travelVerdict,
      deviceOnly,
    ]);
    const path = '/summary/travel';
    const ch = [
      {
        ...daily,
        name: 'travel',
        url: http.url(path),
        sendAlerts: true,
        groupByUser: false,
        filters: { detectors: ['impossible_travel'] },
      },
    ];
    // The first pass reads the alerts of the day before too, so the summary's alerts are also sent one by one.
    const result = await pass(space, ch, { now: () => at('2025-03-10T08:30:00Z'), firstRunLookbackMs: 86_400_000 });
    expect(result.summaries.travel).toMatchObject({ status: 'sent', total: 2 });
    expect(result.channels.travel.alertsSent).toBe(2);
    const summary = received(path)
      .map((r) => (r.body as { summary?: { byDetector: unknown[]; link: string } }).summary)
      .find(Boolean)!;
    // Per detector as the list's filter counts it: the verdict under its rule and under each of its signals.
    expect(summary.byDetector).toEqual(
      expect.arrayContaining([
        { id: 'impossible_travel', name: 'Impossible travel', count: 2 },
        { id: 'suspicious_login', name: 'Suspicious login', count: 1 },
      ]),
    );
    // The link opens the list with the channel's detector: the alerts the summary counted.
    expect(new URL(summary.link).searchParams.getAll('detector')).toEqual(['impossible_travel']);
  });

  it('the next day sends the next daily summary (an empty one says so) and not the weekly one again', async () => {
    const next = await pass(space, channels(), { now: () => NOW + 86_400_000 });
    expect(next.summaries['daily-hook']).toMatchObject({ status: 'sent', total: 1 }); // d5 at 08:00:00 Monday
    expect(next.summaries['weekly-slack'].status).toBe('already');
    const later = await pass(space, channels(), { now: () => NOW + 2 * 86_400_000 });
    expect(later.summaries['daily-hook']).toMatchObject({ status: 'sent', total: 0 });
    const last = received('/summary/daily').at(-1)!.body as { text: string };
    expect(last.text).toContain('No alerts were generated during this period.');
  });

  it('two Kibana nodes running the same pass at once send one summary', async () => {
    const twin = await newSpace(alerts());
    const path = '/summary/twin';
    const ch = [{ ...daily, name: 'twin', url: http.url(path) }];
    const [a, b] = await Promise.all([pass(twin, ch), pass(twin, ch)]);
    expect([a.summaries.twin.status, b.summaries.twin.status].sort()).toEqual(['already', 'sent']);
    expect(received(path)).toHaveLength(1);
  });

  it('checks the deliveries template is installed before it records anything (a summary is due at start)', async () => {
    // A first pass right after Kibana starts can run before the plugin's installation: without the template,
    // Elasticsearch would create the deliveries index with guessed mappings (delivery_id as unsortable text).
    // Deleting the shared template here would race other test files, so the calls are recorded instead.
    const bare = uniqueSpace('notifyx-bare');
    spaces.push(bare);
    const calls: string[] = [];
    const record = <T extends object>(target: T, prefix: string, names?: string[]) =>
      new Proxy(target, {
        get(t, key) {
          const value = Reflect.get(t, key) as unknown;
          if (typeof value !== 'function' || (names && !names.includes(String(key)))) return value;
          return (...args: unknown[]) => {
            calls.push(`${prefix}${String(key)}`);
            return (value as (...a: unknown[]) => unknown).apply(t, args);
          };
        },
      });
    const spy = new Proxy(client, {
      get(t, key) {
        if (key === 'indices') return record(t.indices, 'indices.');
        return Reflect.get(record(t, '', ['bulk', 'mget', 'search']), key);
      },
    });
    const ch = [{ ...daily, name: 'bare', url: http.url('/summary/bare') }];
    expect((await pass(bare, ch, { client: spy })).summaries.bare).toMatchObject({ status: 'sent', total: 0 });
    expect(calls.indexOf('indices.getIndexTemplate')).toBeGreaterThanOrEqual(0);
    expect(calls.indexOf('indices.getIndexTemplate')).toBeLessThan(calls.indexOf('bulk'));
    const mapping = await client.indices.getMapping({ index: deliveriesIndex(bare) });
    expect(Object.values(mapping)[0].mappings.properties!.delivery_id).toMatchObject({ type: 'keyword' });
  });

  it('refuses a bad schedule in kibana.yml', () => {
    const bad = (summary: object) => () =>
      notifiersSchema.validate([{ name: 'c', type: 'slack', url: 'http://x/1', summary }]);
    expect(bad({ frequency: 'hourly' })).toThrow(/summary\.frequency/);
    expect(bad({ frequency: 'daily', time: '25:00' })).toThrow(/HH:MM/);
    expect(bad({ frequency: 'weekly', day: 'someday' })).toThrow(/summary\.day/);
  });
});

/**
 * End to end, Settings › Notifications with a real channel: the dev host's kibana.yml lists a signed webhook pointing
 * at a recording HTTP server on 127.0.0.1 (test/integration/helpers/receivers.ts). The section lists the channel
 * without its address or secret, "Send test message" reaches the receiver, and the alerts the detection task wrote
 * are delivered by the `buffalogs:notify` task and shown in the delivery log; axe finds nothing serious.
 */
import type { Page } from 'playwright-core';
import { TEST_ALERT_ID } from '../../server/notifications/test_message';
import { startHttpReceiver, type HttpReceiver } from '../integration/helpers/receivers';
import { seriousA11yViolations } from './a11y';
import { startAppSession, until, type AppSession } from './app_session';

jest.setTimeout(300_000);

const SECRET = 'e2e-signing-secret-never-shown';
const JWT_SECRET = 'e2e-jwt-key-never-shown-of-32-chars-or-more';
const MENTION = 'e2e-mention-handle-never-shown';
const HOOK = '/hook/soc-e2e';
let receiver: HttpReceiver;
let session: AppSession;
let page: Page;
const subj = (name: string) => session.subj(name);
/** The alert ids the receiver got from the notify task (not the test message). */
const deliveredIds = () =>
  receiver.received
    .filter((r) => r.path === HOOK)
    .flatMap((r) => (r.body as { alerts?: Array<{ buffalogs: { alert_id: string } }> }).alerts ?? [])
    .map((a) => a.buffalogs.alert_id)
    .filter((id) => id !== TEST_ALERT_ID);

beforeAll(async () => {
  receiver = await startHttpReceiver();
  // Every request must carry a Bearer JWT that verifies with the channel's key (or gets a 401).
  receiver.requireJwt(HOOK, JWT_SECRET, Date.now);
  session = await startAppSession({
    name: 'notifications',
    users: 10,
    settings: {
      buffalogs: {
        // The notify task runs on the detection schedule: short, so it delivers the new alerts within the test.
        schedule: { interval: '10s' },
        notifiers: [
          {
            name: 'soc-webhook',
            type: 'webhook',
            url: receiver.url(HOOK),
            secret: SECRET,
            jwt: { secret: JWT_SECRET },
            mentions: { alice: MENTION },
            summary: { frequency: 'daily', time: '06:00' },
            filters: { minSeverity: 'medium' },
          },
        ],
      },
    },
  });
  ({ page } = session);
});

afterAll(async () => {
  await session?.stop();
  await receiver?.close();
});

it('lists the channel without its address or secret; a test message reaches the receiver', async () => {
  await session.open('/settings');
  const row = subj('notifierChannelRow-soc-webhook');
  await row.waitFor();
  expect(await row.innerText()).toMatch(/webhook[\s\S]*medium and above/);
  expect(await row.innerText()).toContain('daily summary at 06:00 UTC; mentions 1 user; signed (hmac, jwt)');
  const section = await subj('notificationsSection').innerText();
  for (const secret of [SECRET, JWT_SECRET, MENTION, HOOK, '127.0.0.1']) expect(section).not.toContain(secret);
  // Nor anywhere in what the browser holds (the page's HTML, its injected metadata).
  const html = await page.content();
  for (const secret of [SECRET, JWT_SECRET, MENTION]) expect(html).not.toContain(secret);

  const before = receiver.received.length;
  await subj('notifierTestButton-soc-webhook').click();
  await expect(subj('notifierTestResult-soc-webhook').innerText()).resolves.toContain('was accepted');
  const tests = receiver.received.slice(before).filter((r) => r.raw.includes(TEST_ALERT_ID));
  expect(tests).toHaveLength(1);
  expect(tests[0].path).toBe(HOOK);
  expect(tests[0].headers['x-buffalogs-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  expect(tests[0].jwt).toMatchObject({ iss: 'buffalogs_webhook', aud: 'soc-webhook' });
  expect(receiver.refused).toEqual([]);
});

it("the notify task's deliveries of the detected alerts are in the log, each received once", async () => {
  const ids = await until(
    async () => deliveredIds(),
    (got) => got.length > 0,
    90_000,
  );
  expect(ids.length).toBeGreaterThan(0);
  // At most once per channel: the receiver never got an alert twice.
  expect(new Set(ids).size).toBe(ids.length);

  const sentRows = await until(
    async () => {
      await subj('deliveriesRefresh').click();
      await subj('deliveriesTable').locator('tbody tr').first().waitFor();
      return subj('deliveryRow-sent').allInnerTexts();
    },
    // A delivery is recorded as sent just after the receiver has it: the log may still show only the test message.
    (rows) => ids.some((id) => rows.some((r) => r.includes(id))),
    30_000,
  );
  expect(sentRows.length).toBeGreaterThan(0);
  expect(ids.some((id) => sentRows.some((r) => r.includes(id)))).toBe(true);
  expect(await subj('deliveryRow-failed').count()).toBe(0);

  await subj('deliveriesFilterStatus').selectOption('failed');
  await expect(
    until(
      () => subj('deliveriesTable').innerText(),
      (t) => t.includes('No delivery yet'),
    ),
  ).resolves.toContain('No delivery yet');

  await expect(subj('buffalogsPageError').count()).resolves.toBe(0);
  await session.shot('settings-notifications');
  expect(await seriousA11yViolations(page)).toEqual([]);
  expect(session.pageErrors).toEqual([]);
  expect(session.consoleErrors).toEqual([]);
});

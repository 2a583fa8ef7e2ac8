/**
 * End to end, the Sequence rules page (issue 15) on the demo's data: the login sample with porlock's account story
 * planted eight days back (scripts/demo/account_story.ts), the built-in pack run by the plugin's own task inside the
 * dev host (the BUILT zip), and the page in headless Chromium: the pack with its reasons, porlock's rule written in
 * the form, edited as JSON, refused on the right field, dry-run over the story without writing an alert, axe on each
 * view, and a read-only user who sees no edit control. One session (data, host, browser) for the file; the read-only
 * user is a second host on the same space with the feature's "Read" privilege.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { Page } from 'playwright-core';
import { API_PATHS, type SequenceRulesResponse } from '../../common/api';
import type { SequenceAlertDocument } from '../../common/sequence_alert_document';
import { STORY_USER } from '../../scripts/demo/account_story';
import { apiGet } from '../../scripts/demo/wait_for_detection';
import { pluginIndices } from '../../server/storage/index_names';
import { startHost, type RunningHost } from '../integration/routes_host';
import { seriousA11yViolations } from './a11y';
import { APP, startAppSession, until, type AppSession } from './app_session';

jest.setTimeout(240_000);

const BUILTIN_OTP = 'sequence_porlock_otp_password_change';
const CUSTOM = 'sequence_e2e_porlock_otp';
const CUSTOM_NAME = 'Password Change After OTP Login';

let session: AppSession;
let page: Page;
let readOnlyHost: RunningHost | undefined;
const subj = (name: string) => session.subj(name);
const rules = () => apiGet<SequenceRulesResponse>(session.host.baseUrl, API_PATHS.sequenceRules);

/** The space's sequence alerts matching `filter`, straight from the alerts index. */
async function sequenceAlerts(filter: estypes.QueryDslQueryContainer[]): Promise<SequenceAlertDocument[]> {
  const index = pluginIndices(session.space).alerts;
  await session.client.indices.refresh({ index, ignore_unavailable: true });
  const found = await session.client.search<SequenceAlertDocument>({
    index,
    ignore_unavailable: true,
    size: 100,
    query: { bool: { filter: [{ term: { 'buffalogs.family': 'sequence' } }, ...filter] } },
  });
  return found.hits.hits.map((h) => h._source!);
}

beforeAll(async () => {
  session = await startAppSession({ name: 'sequences', users: 10, story: true });
  ({ page } = session);
});

afterAll(async () => {
  await readOnlyHost?.stop();
  await session?.stop();
});

it('the background task ran the built-in pack: porlock’s rule fired once on the planted story', async () => {
  const fired = await until(
    () => sequenceAlerts([{ term: { 'rule.id': BUILTIN_OTP } }]),
    (alerts) => alerts.length > 0,
    60_000,
  );
  expect(fired.map((a) => a.buffalogs.entity)).toEqual([{ field: 'user.name', value: STORY_USER }]);
});

it('the fired alert is in the Alerts tab’s default view (Hide filtered): a sequence alert is never a filtered one', async () => {
  // Sequence rules have no filters, so their alerts carry no `buffalogs.filtered`; the default view must still list them.
  await session.open('/alerts');
  const row = subj('alertsTableRow').filter({ hasText: STORY_USER });
  await row.first().waitFor({ timeout: 30_000 });
  expect(await row.first().innerText()).toContain('Password reset and change days after a one-time-token login');
});

it('lists the built-in pack, each rule with its reason, and passes axe', async () => {
  await session.open('/sequence_rules');
  await subj('sequenceRulesTable').locator('tbody tr').first().waitFor();
  const { builtin } = await rules();
  expect(builtin.map((r) => r.id)).toContain(BUILTIN_OTP);
  expect(builtin.length).toBeGreaterThanOrEqual(6);
  for (const rule of builtin) {
    const row = subj(`sequenceRuleRow-${rule.id}`);
    const text = await row.innerText();
    expect(text).toContain(rule.name);
    expect(text).toContain('Built-in');
    expect(rule.reason).toBeTruthy();
    expect(text).toContain(rule.reason!);
  }
  await expect(subj('buffalogsPageError').count()).resolves.toBe(0);
  await session.shot('sequence-rules');
  expect(await seriousA11yViolations(page)).toEqual([]);
});

it('writes porlock’s OTP rule in the form and saves it as the space’s own rule (version 1)', async () => {
  await subj('sequenceRuleNew').click();
  await subj('sequenceRuleEditor').waitFor();
  const field = (name: string) => subj(`sequenceRuleField-${name}`);
  await field('id').fill(CUSTOM);
  await field('name').fill(CUSTOM_NAME);
  await field('reason').fill('porlock’s example: a reset and a change days after a help-desk token login.');
  await field('identifier').fill('user.name');
  await field('severity').selectOption('high');
  await field('first').fill('otp login');
  await field('direction').selectOption('followed_by');
  await field('match').selectOption('any');
  await field('events').fill('password reset\npassword change');
  await field('period.when').selectOption('after');
  await field('period.duration').fill('2d');
  await field('time_frame').fill('14d');
  await field('hasSecondary').click();
  await field('secondary.event').fill('password change');
  await field('secondary.when').selectOption('before');
  await field('secondary.duration').fill('1h');
  // Tried in a dry run before it runs in the background: saved switched off, so the task writes nothing for it.
  await field('enabled').click();
  await session.shot('sequence-rule-form');
  expect(await seriousA11yViolations(page)).toEqual([]);

  await subj('sequenceRuleSave').click();
  const row = subj(`sequenceRuleRow-${CUSTOM}`);
  await row.waitFor();
  await subj('sequenceRuleEditor').waitFor({ state: 'detached' });
  const text = await row.innerText();
  expect(text).toContain(CUSTOM_NAME);
  expect(text).toContain('Custom');
  const stored = (await rules()).rules.find((r) => r.id === CUSTOM);
  expect(stored).toMatchObject({
    name: CUSTOM_NAME,
    enabled: false,
    version: 1,
    identifier: 'user.name',
    first: 'otp login',
    direction: 'followed_by',
    match: 'any',
    events: ['password reset', 'password change'],
    period: { when: 'after', duration: '2d' },
    secondary: { event: 'password change', when: 'before', duration: '1h' },
    // Durations are stored in their shortest exact form (validate_rule.ts): 14 days is two weeks.
    time_frame: '2w',
    severity: 'high',
  });
});

it('edits the rule in the JSON editor: the saved change is the next version', async () => {
  await subj(`sequenceRuleRow-${CUSTOM}`).locator('[data-test-subj="sequenceRuleEditButton"]').click();
  await subj('sequenceRuleEditor').waitFor();
  await subj('sequenceRuleTab-json').click();
  const json = subj('sequenceRuleJson');
  const draft = JSON.parse(await json.inputValue());
  expect(draft).toMatchObject({ id: CUSTOM, version: 1, period: { when: 'after', duration: '2d' } });
  draft.period.duration = '3d';
  await json.fill(JSON.stringify(draft, null, 2));
  await subj('sequenceRuleSave').click();
  await subj('sequenceRuleEditor').waitFor({ state: 'detached' });
  const stored = await until(
    async () => (await rules()).rules.find((r) => r.id === CUSTOM),
    (rule) => rule?.version === 2,
  );
  expect(stored).toMatchObject({ version: 2, period: { when: 'after', duration: '3d' }, enabled: false });
  // The table's Version column (the fifth) shows it too.
  const versionCell = subj(`sequenceRuleRow-${CUSTOM}`).locator('td').nth(4).locator('.euiTableCellContent');
  await expect(
    until(
      () => versionCell.innerText(),
      (t) => t.trim() === '2',
    ),
  ).resolves.toBe('2');
});

it('shows the server’s 400 beside the field it names, and stores nothing', async () => {
  await subj(`sequenceRuleRow-${CUSTOM}`).locator('[data-test-subj="sequenceRuleEditButton"]').click();
  await subj('sequenceRuleEditor').waitFor();
  await subj('sequenceRuleField-period.duration').fill('3 days');
  await subj('sequenceRuleSave').click();
  await subj('sequenceRuleRefused').waitFor();
  const invalid = subj('sequenceRuleRow-period.duration');
  const message = await invalid.locator('.euiFormErrorText').innerText();
  expect(message).toMatch(/3 days/);
  await expect(subj('sequenceRuleField-period.duration').getAttribute('aria-invalid')).resolves.toBe('true');
  // Only that field: the others carry no message.
  await expect(subj('sequenceRuleEditor').locator('.euiFormErrorText').count()).resolves.toBe(1);
  expect((await rules()).rules.find((r) => r.id === CUSTOM)?.version).toBe(2);
  await session.shot('sequence-rule-refused');
  expect(await seriousA11yViolations(page)).toEqual([]);
});

it('dry-runs the rule over the last 30 days: the story’s alert with its events in order, and no alert written', async () => {
  const alertsBefore = await sequenceAlerts([]);
  await subj('sequenceRuleField-period.duration').fill('3d');
  await subj('sequenceDryRunDays').fill('30');
  await subj('sequenceDryRunButton').click();
  await subj('sequenceDryRunResults').waitFor();
  await expect(subj('sequenceDryRunSummary').innerText()).resolves.toMatch(
    /^1 alert\(s\) from \d[\d,]* event\(s\) between .+\. No alert was written\./,
  );
  const alert = subj('sequenceDryRunAlert');
  await expect(alert.count()).resolves.toBe(1);
  await expect(alert.locator('h3').innerText()).resolves.toBe(`${CUSTOM_NAME}: user.name = ${STORY_USER}`);
  const steps = await alert
    .locator('[data-test-subj="sequenceDryRunEvent"]')
    .evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll('td')].map((td) => td.querySelector('.euiTableCellContent')?.textContent ?? ''),
      ),
    );
  // [time, step, rule event, event.action, index]: the token login; six days later the reset and the change, both
  // matching events ("any" lists every match); the change is also the secondary step, within the hour of the reset.
  expect(steps.map(([, step, name, action]) => [step, name, action])).toEqual([
    ['initial', 'otp login', 'otp_login'],
    ['matched', 'password reset', 'user.account.reset_password'],
    ['matched', 'password change', 'user.account.update_password'],
    ['secondary', 'password change', 'user.account.update_password'],
  ]);
  // YYYY-MM-DD HH:mm:ss: in time order when in text order.
  const times = steps.map(([time]) => time);
  for (const time of times) expect(time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  expect([...times].sort()).toEqual(times);
  await session.shot('sequence-dry-run');
  expect(await seriousA11yViolations(page)).toEqual([]);

  // Nothing reached the alerts index: no alert of the tried rule, and the space's sequence alerts are as before.
  expect(await sequenceAlerts([{ term: { 'rule.id': CUSTOM } }])).toEqual([]);
  const alertsAfter = await sequenceAlerts([]);
  expect(alertsAfter.map((a) => a.buffalogs.alert_id).sort()).toEqual(
    alertsBefore.map((a) => a.buffalogs.alert_id).sort(),
  );
});

it('a read-only user reads the rules and dry-runs them, but sees no control that changes them', async () => {
  readOnlyHost = await startHost({
    privilege: 'read',
    settings: session.hostSettings,
    // The first host's task does the detection; this one never polls for tasks.
    env: { KIBANA_HOST_TASK_POLL_MS: '3600000' },
  });
  await page.goto(`${readOnlyHost.baseUrl}${APP}/sequence_rules`, { waitUntil: 'load' });
  const row = subj(`sequenceRuleRow-${CUSTOM}`);
  await row.waitFor();
  await expect(subj('sequenceRulesPage').innerText()).resolves.toContain('changing them needs the “All” privilege');
  for (const control of ['sequenceRuleNew', 'sequenceImportOpen', 'sequenceRuleEnabledSwitch'])
    await expect(subj(control).count()).resolves.toBe(0);
  await expect(row.locator('[data-test-subj="sequenceRuleEnabledState"]').innerText()).resolves.toBe('Disabled');
  await expect(subj(`sequenceRuleRow-${BUILTIN_OTP}`).innerText()).resolves.toContain('Enabled');

  await row.locator('[data-test-subj="sequenceRuleEditButton"]').click();
  await subj('sequenceRuleEditor').waitFor();
  await expect(subj('sequenceRuleEditor').locator('h2').innerText()).resolves.toBe(`View ${CUSTOM_NAME}`);
  await expect(subj('sequenceRuleSave').count()).resolves.toBe(0);
  const inputs = subj('sequenceRuleForm').locator('[data-test-subj^="sequenceRuleField-"]');
  expect(await inputs.count()).toBeGreaterThan(10);
  expect(await inputs.evaluateAll((els) => els.filter((el) => !(el as HTMLInputElement).disabled).length)).toBe(0);
  await session.shot('sequence-rules-read-only');
  expect(await seriousA11yViolations(page)).toEqual([]);

  // The read privilege suffices for a dry run.
  await subj('sequenceDryRunDays').fill('30');
  await subj('sequenceDryRunButton').click();
  await subj('sequenceDryRunResults').waitFor();
  await expect(subj('sequenceDryRunAlert').count()).resolves.toBe(1);
});

it('no page threw, and the browser logged no error but the expected 400', () => {
  expect(session.pageErrors).toEqual([]);
  expect(session.consoleErrors.filter((e) => !/status of 400 \(Bad Request\)/.test(e))).toEqual([]);
});

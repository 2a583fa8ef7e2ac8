/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * The sequence rule routes over real HTTP on the dev host: list with the built-in pack, a save validated field by
 * field and versioned (409 on a stale version), porlock's list format imported, a read-only user refused writes, and
 * a dry run that reports what would fire over the stored events and writes no alert; the alert list's filter on every
 * sequence rule's alerts.
 */
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS } from '../../common/api';
import type { FamilyAlertDocument } from '../../common/alert_document';
import { API_VERSION } from '../../common/constants';
import { sequenceRulesIndex } from '../../server/families/sequence/rules_store';
import { installIndices } from '../../server/storage';
import { pluginIndices } from '../../server/storage/index_names';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { alert, NOW, writeAlerts } from './helpers/alerts';
import { call, ensureFreshBuild, startHost, type RunningHost } from './routes_host';

jest.setTimeout(300_000);

const space = uniqueIndexName('seqroutes').replace(/-/g, '_');
// Under the family's default `logs-*`.
const source = uniqueIndexName('logs-seqroutes');
const user = `jdoe-${space}`;
let client: Client;
let host: RunningHost;
let readOnly: RunningHost;
const PORLOCK = [
  'Password Change After OTP Login',
  'otp login',
  'followed by',
  'any',
  ['password change'],
  'after',
  '2d',
  'user',
  ['password change'],
  'before',
  '1h',
  '14d',
  '30d',
];

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  const doc = (id: string, at: string, action: string) => ({
    '@timestamp': at,
    event: { id, action },
    user: { name: user },
  });
  await client.bulk({
    refresh: true,
    operations: [
      doc('p1', '2024-05-01T09:00:00Z', 'otp_login'),
      doc('p2', '2024-05-01T09:02:00Z', 'password_change'),
      doc('p3', '2024-05-07T22:10:00Z', 'password_reset'),
      doc('p4', '2024-05-07T22:14:00Z', 'password_change'),
    ].flatMap((d) => [{ index: { _index: source } }, d]),
  });
  const settings = { buffalogs: { space, indices: [`${source}-none-*`], schedule: { interval: '1d' } } };
  [host, readOnly] = await Promise.all([
    startHost({ privilege: 'all', settings }),
    startHost({ privilege: 'read', settings }),
  ]);
});

afterAll(async () => {
  await Promise.all([host?.stop(), readOnly?.stop()]);
  await deleteIndices(client, sequenceRulesIndex(space), ...Object.values(pluginIndices(space)), source);
  await client.close();
});

test('lists the built-in pack, in force by default', async () => {
  const res = await call(host.baseUrl, 'GET', API_PATHS.sequenceRules);
  expect(res.status).toBe(200);
  expect(res.body.version).toBe(0);
  expect(res.body.effective.length).toBeGreaterThanOrEqual(6);
  expect(res.body.effective.every((r: any) => r.builtin && r.enabled)).toBe(true);
});

test('a save is validated (400 naming the field) and versioned (409 on a stale version); read-only users cannot save', async () => {
  const bad = await call(host.baseUrl, 'PUT', API_PATHS.sequenceRules, {
    rules: [
      {
        id: 'sequence_x',
        name: 'x',
        identifier: 'user.name',
        first: 'a',
        direction: 'followed_by',
        match: 'any',
        events: ['b'],
        period: { when: 'before', duration: '5 years' },
        time_frame: '1h',
      },
    ],
  });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toContain('[request body.rules.0.period');
  const put = await call(host.baseUrl, 'PUT', API_PATHS.sequenceRules, {
    rules: [],
    builtin_disabled: ['sequence_account_created_and_deleted'],
    expected_version: 0,
  });
  expect(put.status).toBe(200);
  expect(put.body.version).toBe(1);
  expect(put.body.effective.find((r: any) => r.id === 'sequence_account_created_and_deleted').enabled).toBe(false);
  const stale = await call(host.baseUrl, 'PUT', API_PATHS.sequenceRules, { rules: [], expected_version: 0 });
  expect(stale.status).toBe(409);
  const denied = await call(readOnly.baseUrl, 'PUT', API_PATHS.sequenceRules, { rules: [] });
  expect(denied.status).toBe(403);
});

test("imports porlock's list format and says what it changed", async () => {
  const res = await call(host.baseUrl, 'POST', API_PATHS.sequenceRulesImport, { document: PORLOCK });
  expect(res.status).toBe(200);
  expect(res.body.imported).toHaveLength(1);
  expect(res.body.version).toBe(2);
  expect(res.body.rules[0]).toMatchObject({ identifier: 'user.name', match: 'any', time_frame: '2w' });
  expect(res.body.notes.length).toBeGreaterThan(0);
  const broken = await call(host.baseUrl, 'POST', API_PATHS.sequenceRulesImport, { document: PORLOCK.slice(0, 5) });
  expect(broken.status).toBe(400);
});

test('the dry run reports what would fire over the stored events and writes no alert', async () => {
  const res = await call(readOnly.baseUrl, 'POST', API_PATHS.sequenceRulesDryRun, {
    days: 30,
    to: '2024-05-20T00:00:00Z',
  });
  expect(res.status).toBe(200);
  const mine = res.body.alerts.filter((a: any) => a.buffalogs.entity.value === user);
  expect(mine.map((a: any) => a.rule.id)).toContain('sequence_porlock_otp_password_change');
  const exists = await client.indices.exists({ index: pluginIndices(space).alerts });
  if (exists) expect((await client.count({ index: pluginIndices(space).alerts })).count).toBe(0);
});

test('dry runs are capped per space: beyond two at once a read-only user gets 429, and a slot frees when one ends', async () => {
  // Each dry run reads up to 500,000 events into the Kibana node's memory and judges them on its event loop; with no
  // cap a read-only user could start any number at once. Events in July, outside the other dry run's range.
  const busy = uniqueIndexName('logs-seqroutes-busy');
  const operations: object[] = [];
  for (let i = 0; i < 20_000; i++) {
    const at = new Date(Date.parse('2024-07-01T00:00:00Z') + i * 10_000).toISOString();
    operations.push(
      { index: { _index: busy } },
      {
        '@timestamp': at,
        event: { id: `b${i}`, action: i % 2 ? 'password_change' : 'otp_login' },
        user: { name: `u${i % 500}` },
      },
    );
  }
  await client.bulk({ refresh: true, operations });
  try {
    const body = { days: 7, to: '2024-07-05T00:00:00Z' };
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => call(readOnly.baseUrl, 'POST', API_PATHS.sequenceRulesDryRun, body)),
    );
    const refused = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(2);
    expect(refused.length + answers.filter((a) => a.status === 200).length).toBe(6);
    expect(refused[0]?.body.message).toMatch(/2 dry runs are already running in this space/);
    // The slots were given back: the next one runs.
    const after = await call(readOnly.baseUrl, 'POST', API_PATHS.sequenceRulesDryRun, body);
    expect(after.status).toBe(200);
    expect(after.body.events).toBeGreaterThan(10_000);
  } finally {
    await deleteIndices(client, busy);
  }
});

test('dry runs are capped per Kibana node too: two in each of five spaces start at most four, the rest get 429', async () => {
  // The per-space cap alone let a user who can read many spaces start two dry runs in each, all on one node.
  const busy = uniqueIndexName('logs-seqroutes-node');
  const operations: object[] = [];
  for (let i = 0; i < 20_000; i++) {
    const at = new Date(Date.parse('2024-09-01T00:00:00Z') + i * 10_000).toISOString();
    operations.push(
      { index: { _index: busy } },
      {
        '@timestamp': at,
        event: { id: `n${i}`, action: i % 2 ? 'password_change' : 'otp_login' },
        user: { name: `u${i % 500}` },
      },
    );
  }
  await client.bulk({ refresh: true, operations });
  try {
    const body = { days: 7, to: '2024-09-05T00:00:00Z' };
    const spaces = ['default', 'node-cap-a', 'node-cap-b', 'node-cap-c', 'node-cap-d'];
    const answers = await Promise.all(
      spaces.flatMap((space) =>
        [0, 1].map(() =>
          call(
            space === 'default' ? readOnly.serverUrl : `${readOnly.serverUrl}/s/${space}`,
            'POST',
            API_PATHS.sequenceRulesDryRun,
            body,
          ),
        ),
      ),
    );
    const ran = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect(ran.length).toBeGreaterThan(0);
    expect(ran.length).toBeLessThanOrEqual(4);
    expect(ran.length + refused.length).toBe(10);
    expect(refused.some((a) => /dry runs are already running on this Kibana node/.test(a.body.message))).toBe(true);
  } finally {
    await deleteIndices(client, busy);
  }
});

test('a dry run whose caller went away stops and gives its slot back', async () => {
  // Without the request's abort, a caller could start two dry runs, drop the connections at once and start two more:
  // the dropped ones ran to the end (seconds each), still reading events and holding the space's slots.
  const busy = uniqueIndexName('logs-seqroutes-gone');
  const operations: object[] = [];
  for (let i = 0; i < 20_000; i++) {
    const at = new Date(Date.parse('2024-08-01T00:00:00Z') + i * 10_000).toISOString();
    operations.push(
      { index: { _index: busy } },
      {
        '@timestamp': at,
        event: { id: `g${i}`, action: i % 2 ? 'password_change' : 'otp_login' },
        user: { name: `u${i % 500}` },
      },
    );
  }
  await client.bulk({ refresh: true, operations });
  try {
    const body = JSON.stringify({ days: 7, to: '2024-08-05T00:00:00Z' });
    const controller = new AbortController();
    const started = Array.from({ length: 2 }, () =>
      fetch(`${readOnly.baseUrl}${API_PATHS.sequenceRulesDryRun}`, {
        method: 'POST',
        headers: { 'elastic-api-version': API_VERSION, 'kbn-xsrf': 'true', 'content-type': 'application/json' },
        body,
        signal: controller.signal,
      }).catch(() => undefined),
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    controller.abort();
    await Promise.all(started);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const next = await call(readOnly.baseUrl, 'POST', API_PATHS.sequenceRulesDryRun, JSON.parse(body));
    expect({ status: next.status, message: next.body?.message }).toEqual({ status: 200, message: undefined });
  } finally {
    await deleteIndices(client, busy);
  }
});

test("the alert list and its chart filter on every sequence rule's alerts with detector=sequence", async () => {
  // Sequence alerts carry their rule's own id (`sequence_…`), outside the detector ids the filter took: the Alerts
  // page offered no sequence choice and `detector=sequence_…` was a 400, so they were found only by free text.
  await installIndices(client, space);
  const sequenceAlert = (id: string, rule: string): FamilyAlertDocument => {
    const a = alert(id, user, { rule });
    return { ...a, rule: { ...a.rule, name: rule }, buffalogs: { ...a.buffalogs, family: 'sequence' } };
  };
  await writeAlerts(client, space, [
    sequenceAlert('seq-1', 'sequence_porlock_otp_password_change'),
    sequenceAlert('seq-2', 'sequence_account_created_and_deleted'),
    alert('login-1', user),
  ]);
  const range = `from=${new Date(NOW - 86_400_000).toISOString()}&to=${new Date(NOW + 86_400_000).toISOString()}`;
  const ids = async (query: string) => {
    const res = await call(readOnly.baseUrl, 'GET', `${API_PATHS.alerts}?${range}&${query}`);
    expect(res.status).toBe(200);
    return res.body.items.map((a: any) => a.id).sort();
  };
  expect(await ids('detector=sequence')).toEqual(['seq-1', 'seq-2']);
  expect(await ids('detector=sequence&detector=impossible_travel')).toEqual(['login-1', 'seq-1', 'seq-2']);
  expect(await ids('detector=impossible_travel')).toEqual(['login-1']);
  const chart = await call(readOnly.baseUrl, 'GET', `${API_PATHS.alertsOverTime}?${range}&detector=sequence`);
  expect(chart.status).toBe(200);
  expect(chart.body.total).toBe(2);
  // A rule's own id is a detector value too (ORed with the others: a notification summary's link names a channel's
  // rules so), of a rule id's form only: a pattern is still a 400.
  expect(await ids('detector=sequence_porlock_otp_password_change')).toEqual(['seq-1']);
  expect(await ids('detector=sequence_porlock_otp_password_change&detector=impossible_travel')).toEqual([
    'login-1',
    'seq-1',
  ]);
  const pattern = await call(
    readOnly.baseUrl,
    'GET',
    `${API_PATHS.alerts}?detector=${encodeURIComponent('sequence_*')}`,
  );
  expect(pattern.status).toBe(400);

  // One rule's alerts: sequence_rule (a 400 before: no such parameter), with the other filters and in the charts.
  expect(await ids('sequence_rule=sequence_porlock_otp_password_change')).toEqual(['seq-1']);
  expect(await ids('sequence_rule=sequence_account_created_and_deleted&status=open')).toEqual(['seq-2']);
  expect(await ids('sequence_rule=sequence_no_such_rule')).toEqual([]);
  const oneChart = await call(
    readOnly.baseUrl,
    'GET',
    `${API_PATHS.alertsOverTime}?${range}&sequence_rule=sequence_porlock_otp_password_change`,
  );
  expect(oneChart.body.total).toBe(1);
  // Hostile values: a 400 naming the parameter, never a query.
  for (const [value, message] of [
    ['impossible_travel', 'expected a sequence rule id'],
    ['sequence_*', 'expected a sequence rule id'],
    [`sequence_${'x'.repeat(100)}`, 'maximum length of [64]'],
    ['', 'minimum length of [1]'],
  ]) {
    const bad = await call(readOnly.baseUrl, 'GET', `${API_PATHS.alerts}?sequence_rule=${encodeURIComponent(value)}`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('[request query.sequence_rule]');
    expect(bad.body.message).toContain(message);
  }
});

/**
 * The plugin's "BuffaLogs alerts" rule type on the dev host's alerting plugin (dev/host/alerting.ts, faithful to
 * Kibana's rule_type_registry.ts and task runner): the BUILT plugin registers it in setup, a rule is created with
 * params validated by the type's schema, and Task Manager runs it on its schedule with the state carried from one run
 * to the next. The second run reports only the BuffaLogs alerts written since the first; each new alert runs the
 * rule's action once with the rule type's action variables rendered.
 */
import type { Client } from '@elastic/elasticsearch';
import { startPluginHost, type PluginHost } from '../../dev/host/host';
import { ACTION_CONTEXT_VARIABLES } from '../../server/alerting/action_variables';
import { installIndices, pluginIndices } from '../../server/storage';
import { deleteIndices, esClient, esUrl } from '../helpers/es';
import { alert, writeAlerts } from './helpers/alerts';
import { uniqueSpace } from './helpers/detection_pass';
import { ensureFreshBuild } from './routes_host';

jest.setTimeout(300_000);

let client: Client;
let host: PluginHost;
const space = uniqueSpace('hostrule');
const log: string[] = [];

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  await installIndices(client, space);
  host = await startPluginHost({
    esUrl: esUrl(),
    port: 0,
    settings: {
      buffalogs: { space: uniqueSpace('unused'), indices: ['hostrule-none-*'], schedule: { interval: '1d' } },
      'xpack.alerting.rules.run.alerts.max': 50,
    },
    taskPollIntervalMs: 100,
    logLevel: 'warn',
    log: (line) => log.push(line),
  });
});
afterAll(async () => {
  await host?.stop();
  await deleteIndices(client, ...Object.values(pluginIndices(space)));
  await client.close();
});

async function until<T>(what: string, get: () => T | undefined): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = get();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}\n${log.join('\n')}`);
}

test('the built plugin registered its rule type with the reserved recovery group and its action variables', () => {
  const type = host.alerting!.listTypes().find((t) => t.id === 'buffalogs.alerts');
  expect(type).toBeDefined();
  expect(type!.name).toBe('BuffaLogs alerts');
  expect(type!.actionGroups.map((g) => g.id)).toEqual(['buffalogs_alert', 'recovered']);
  expect(type!.actionVariables.context.map((v) => v.name)).toEqual(ACTION_CONTEXT_VARIABLES.map((v) => v.name));
  expect(host.taskManager.startContract().getRegisteredTypes()).toContain('alerting:buffalogs.alerts');
});

test("a rule's params are validated by the type's schema, naming the field", async () => {
  const create = (params: Record<string, unknown>, extra: object = {}) =>
    host.alerting!.createRule({
      name: 'bad',
      ruleTypeId: 'buffalogs.alerts',
      consumer: 'buffalogs',
      params,
      schedule: { interval: '1m' },
      spaceId: space,
      ...extra,
    });
  await expect(create({ minSeverity: 'urgent' })).rejects.toMatchObject({
    statusCode: 400,
    message: expect.stringMatching(/^params invalid: \[minSeverity\]/),
  });
  await expect(create({ minScore: 500 })).rejects.toThrow(/params invalid: \[minScore\]/);
  await expect(create({}, { schedule: { interval: 'often' } })).rejects.toThrow(/Invalid duration "often"/);
  await expect(create({}, { actions: [{ group: 'nope', params: {} }] })).rejects.toThrow('Invalid action groups: nope');
  await expect(create({}, { ruleTypeId: 'other.type' })).rejects.toThrow('Rule type "other.type" is not registered.');
});

test('a rule runs on its schedule; the second run reports only the new BuffaLogs alerts, with action variables', async () => {
  const created = (minutesAgo: number) => Date.now() - minutesAgo * 60_000;
  await writeAlerts(client, space, [
    alert('r1', 'alice', { created: created(5), severity: 'high', score: 88 }),
    alert('r2', 'bob', { created: created(4), severity: 'low', score: 12 }),
  ]);
  const rule = await host.alerting!.createRule({
    name: 'SOC pager',
    ruleTypeId: 'buffalogs.alerts',
    consumer: 'buffalogs',
    params: { minSeverity: 'medium' },
    schedule: { interval: '1h' },
    spaceId: space,
    actions: [
      {
        group: 'buffalogs_alert',
        params: {
          message:
            '{{rule.name}}: {{context.user}} {{context.detectorName}} ({{context.severity}}, {{context.score}}) {{context.link}}',
        },
      },
    ],
  });
  // Defaults filled in by the schema are what the rule keeps.
  expect(rule.params).toMatchObject({ minSeverity: 'medium', minScore: 0, detectors: [], includeObservations: false });
  const runs = () => host.alerting!.executions.filter((e) => e.ruleId === rule.id);
  const actions = () => host.alerting!.actionLog.filter((a) => a.ruleId === rule.id);

  const first = await until('the first run', () => runs()[0]);
  expect([first.outcome, first.error]).toEqual(['succeeded', undefined]);
  expect(first.previousStartedAt).toBeNull();
  expect(first.alerts).toEqual({ new: ['r1'], active: ['r1'], recovered: [] });
  expect(actions().map((a) => a.params.message)).toEqual([
    `SOC pager: alice Impossible travel (high, 88) /s/${space}/app/buffalogs/alerts/r1`,
  ]);
  const task = (await host.taskManager.fetch()).docs.find((t) => t.id === rule.id)!;
  // The position is the last alert read (bob's low one, which the rule does not take), the ids those it reported.
  expect(task.state.alertTypeState).toMatchObject({
    position: { alertId: 'r2' },
    recent: [['r1', expect.any(Number)]],
  });

  await writeAlerts(client, space, [alert('r3', 'carol', { created: created(1), severity: 'critical', score: 97 })]);
  // The schedule is an hour; "run soon" (rules_client run_soon) runs it now with the state it keeps.
  await host.alerting!.runSoon(rule.id);
  const second = await until('the second run', () => runs()[1]);
  expect(second).toMatchObject({ outcome: 'succeeded', previousStartedAt: first.startedAt });
  // r1 (read again in the overlap) is not reported twice: the state remembers it; it recovers as Kibana alerts do.
  expect(second.alerts).toEqual({ new: ['r3'], active: ['r3'], recovered: ['r1'] });
  expect(actions().map((a) => [a.alertId, a.params.message])).toEqual([
    ['r1', expect.stringContaining('alice')],
    ['r3', `SOC pager: carol Impossible travel (critical, 97) /s/${space}/app/buffalogs/alerts/r3`],
  ]);
  const after = (await host.taskManager.fetch()).docs.find((t) => t.id === rule.id)!;
  expect(after.state).toMatchObject({
    alertTypeState: { position: { alertId: 'r3' } },
    alertInstances: { r3: { meta: { lastScheduledActions: { group: 'buffalogs_alert' } } } },
    alertRecoveredInstances: { r1: expect.any(Object) },
    previousStartedAt: second.startedAt,
  });
});

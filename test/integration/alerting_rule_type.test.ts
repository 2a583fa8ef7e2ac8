/**
 * The "BuffaLogs alerts" rule type's executor, run directly with hand-made services as Kibana's alerting_example tests
 * its rule types (x-pack/examples/alerting_example/server/rule_types/pattern.test.ts), against the real Elasticsearch
 * node: alerts written to a space's alerts index, the executor run again with the state it returned.
 */
import type { Client } from '@elastic/elasticsearch';
import {
  ACTION_GROUP,
  buffalogsRuleType,
  ruleParamsSchema,
  type AlertActionContext,
  type RuleParams,
  type RuleState,
} from '../../server/alerting';
import { installIndices, pluginIndices } from '../../server/storage';
import { deleteIndices, esClient } from '../helpers/es';
import { alert, NOW, writeAlerts } from './helpers/alerts';
import { uniqueSpace } from './helpers/detection_pass';

jest.setTimeout(120_000);

let client: Client;
const spaces: string[] = [];
const ruleType = buffalogsRuleType({ publicBaseUrl: 'https://kibana.example.com' });
const MIN = 60_000;

beforeAll(() => {
  client = esClient();
});
afterAll(async () => {
  await deleteIndices(client, ...spaces.flatMap((s) => Object.values(pluginIndices(s))));
  await client.close();
});

async function newSpace(): Promise<string> {
  const space = uniqueSpace('rule');
  spaces.push(space);
  await installIndices(client, space);
  return space;
}

type Reported = { id: string; actionGroup: string; context: AlertActionContext };

/** The services Kibana's task runner passes, with the alerts client recording what is reported. */
function services(options: { limit?: number; alertsClient?: boolean } = {}) {
  const reported: Reported[] = [];
  const limit = { value: options.limit ?? 1000, reached: false };
  const alertsClient = {
    report: (a: Reported) => {
      reported.push(a);
      return { uuid: a.id, start: null };
    },
    getAlertLimitValue: () => limit.value,
    setAlertLimitReached: (r: boolean) => (limit.reached = r),
  };
  const alertFactory = {
    create: (id: string) => ({
      scheduleActions: (actionGroup: string, context: AlertActionContext) =>
        reported.push({ id, actionGroup, context }),
    }),
    alertLimit: { getValue: () => limit.value, setLimitReached: (r: boolean) => (limit.reached = r) },
  };
  return {
    reported,
    limit,
    services: {
      alertsClient: options.alertsClient === false ? null : alertsClient,
      alertFactory,
      scopedClusterClient: { asCurrentUser: client, asInternalUser: client },
      shouldStopExecution: () => false,
    },
  };
}

async function run(
  space: string,
  params: Partial<RuleParams>,
  state: RuleState,
  svc = services(),
  now = NOW,
): Promise<{ state: RuleState; reported: Reported[]; limitReached: boolean }> {
  const logger = { warn: jest.fn(), info: jest.fn(), debug: jest.fn(), error: jest.fn() };
  const result = await ruleType.executor({
    executionId: 'x',
    logger,
    // Kibana validates the params with the rule type's schema before each run.
    params: ruleParamsSchema.validate(params),
    previousStartedAt: null,
    rule: {
      id: 'r1',
      name: 'BuffaLogs to Slack',
      tags: [],
      consumer: 'buffalogs',
      producer: 'buffalogs',
      ruleTypeId: 'buffalogs.alerts',
    },
    services: svc.services,
    spaceId: space,
    startedAt: new Date(now),
    state,
  } as never);
  return { state: result.state, reported: svc.reported, limitReached: svc.limit.reached };
}

test('the second run reports only the alerts written since the first, each once, with its action variables', async () => {
  const space = await newSpace();
  await writeAlerts(client, space, [
    alert('a1', 'alice', { created: NOW - 10 * MIN }),
    alert('a2', 'bob', { created: NOW - 9 * MIN, severity: 'low', score: 21 }),
    alert('a3', 'carol', { created: NOW - 8 * MIN, filtered: true }),
    // Older than the first run's look-back: creating a rule does not replay history.
    alert('a0', 'dave', { created: NOW - 3 * 60 * MIN }),
  ]);
  const first = await run(space, { minSeverity: 'medium' }, {});
  expect(first.reported.map((r) => [r.id, r.actionGroup])).toEqual([['a1', ACTION_GROUP]]);
  expect(first.reported[0].context).toEqual({
    alertId: 'a1',
    timestamp: new Date(NOW - 11 * MIN).toISOString(),
    family: 'login',
    user: 'alice',
    entityField: 'user.name',
    entityValue: 'alice',
    detector: 'impossible_travel',
    detectorName: 'Impossible travel',
    severity: 'high',
    score: 73,
    observation: false,
    message: 'alice logged in from Milan 40 min after New York: 6,480 km at 9,720 km/h (limit 900 km/h)',
    evidence: 'New York, US → Milan, IT: 6480 km in 40 min = 9720 km/h (limit 900 km/h)',
    link: `https://kibana.example.com/s/${space}/app/buffalogs/alerts/a1`,
  });
  expect(first.state.position).toEqual({ created: new Date(NOW - 8 * MIN).toISOString(), sortKey: 3, alertId: 'a3' });

  // A newer alert, and one whose detection pass began before the last alert read but whose write became visible
  // only now (event.created earlier than the position): both are new, both fire; nothing fires twice.
  await writeAlerts(client, space, [
    alert('a4', 'erin', { created: NOW - 2 * MIN }),
    alert('a5', 'frank', { created: NOW - 12 * MIN }),
  ]);
  const second = await run(space, { minSeverity: 'medium' }, first.state, services(), NOW + 5 * MIN);
  expect(second.reported.map((r) => r.id).sort()).toEqual(['a4', 'a5']);
  expect(second.state.position?.alertId).toBe('a4');

  const third = await run(space, { minSeverity: 'medium' }, second.state, services(), NOW + 10 * MIN);
  expect(third.reported).toEqual([]);
});

test("params take detectors, users, the user's risk level and observations", async () => {
  const space = await newSpace();
  await writeAlerts(client, space, [
    alert('b1', 'alice', { created: NOW - 5 * MIN, risk: 'high' }),
    alert('b2', 'bob', { created: NOW - 5 * MIN, risk: 'low' }),
    alert('b3', 'alice', { created: NOW - 5 * MIN, rule: 'new_device', risk: 'high' }),
    alert('b4', 'alice', { created: NOW - 5 * MIN, filtered: true, risk: 'high' }),
    alert('b5', 'carol', { created: NOW - 5 * MIN }),
  ]);
  const ids = async (params: Partial<RuleParams>) => (await run(space, params, {})).reported.map((r) => r.id).sort();
  expect(await ids({})).toEqual(['b1', 'b2', 'b3', 'b5']);
  expect(await ids({ includeObservations: true })).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
  expect(await ids({ detectors: ['new_device'] })).toEqual(['b3']);
  expect(await ids({ users: ['bob', 'carol'] })).toEqual(['b2', 'b5']);
  // Alerts without a user risk (b5) do not fire when a minimum risk level is asked for.
  expect(await ids({ minUserRiskLevel: 'medium' })).toEqual(['b1', 'b3']);
  expect(await ids({ minScore: 80 })).toEqual([]);
  const observation = (await run(space, { includeObservations: true, users: ['alice'] }, {})).reported.find(
    (r) => r.id === 'b4',
  );
  expect(observation?.context.observation).toBe(true);
});

test('at the alert limit a run stops before the next alert, and the next run reports it', async () => {
  const space = await newSpace();
  await writeAlerts(client, space, [
    alert('c1', 'alice', { created: NOW - 5 * MIN }),
    alert('c2', 'bob', { created: NOW - 4 * MIN }),
    alert('c3', 'carol', { created: NOW - 3 * MIN }),
  ]);
  const first = await run(space, {}, {}, services({ limit: 2 }));
  expect(first.reported.map((r) => r.id)).toEqual(['c1', 'c2']);
  expect(first.limitReached).toBe(true);
  const second = await run(space, {}, first.state, services({ limit: 2 }));
  expect(second.reported.map((r) => r.id)).toEqual(['c3']);
  expect(second.limitReached).toBe(false);
});

test('without an alerts client (framework alerts off) it reports through the alert factory', async () => {
  const space = await newSpace();
  await writeAlerts(client, space, [alert('d1', 'alice', { created: NOW - 5 * MIN })]);
  const result = await run(space, {}, {}, services({ alertsClient: false }));
  expect(result.reported.map((r) => [r.id, r.actionGroup, r.context.user])).toEqual([['d1', ACTION_GROUP, 'alice']]);
});

test('a damaged state is read as a first run, and a missing alerts index reports nothing', async () => {
  const space = await newSpace();
  await writeAlerts(client, space, [alert('e1', 'alice', { created: NOW - 5 * MIN })]);
  const damaged = { position: { created: 'yesterday', sortKey: '1' }, recent: [['e1'], 'x', null] } as never;
  expect((await run(space, {}, damaged)).reported.map((r) => r.id)).toEqual(['e1']);
  const none = await run(uniqueSpace('rule-none'), {}, {});
  expect(none.reported).toEqual([]);
  expect(none.state).toEqual({ recent: [] });
});

test('params are validated: bad values and unknown keys are refused with the key named', () => {
  expect(() => ruleParamsSchema.validate({ minSeverity: 'urgent' })).toThrow(/minSeverity/);
  expect(() => ruleParamsSchema.validate({ minScore: 101 })).toThrow(/minScore/);
  expect(() => ruleParamsSchema.validate({ detectors: 'impossible_travel' })).toThrow(/detectors/);
  // A rule naming a detector by its display name matched no alert and never fired, silently: refused now.
  expect(() => ruleParamsSchema.validate({ detectors: ['Impossible Travel'] })).toThrow(
    /\[detectors\.0\].*got \[Impossible Travel\]: a detector's id, not its name/,
  );
  expect(ruleParamsSchema.validate({ detectors: ['sequence', 'sequence_admin_after_reset'] })).toMatchObject({
    detectors: ['sequence', 'sequence_admin_after_reset'],
  });
  expect(() => ruleParamsSchema.validate({ minSeverity: 'high', script: 'x' })).toThrow(/script/);
  // config-schema drops a `__proto__` key rather than following it: nothing is polluted.
  const parsed = ruleParamsSchema.validate(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
  expect(parsed.polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(ruleParamsSchema.validate({})).toEqual({
    minSeverity: 'low',
    minScore: 0,
    detectors: [],
    users: [],
    includeObservations: false,
  });
});

test('the rule type is what Kibana needs to offer it on a Basic licence', () => {
  expect(ruleType).toMatchObject({
    id: 'buffalogs.alerts',
    name: 'BuffaLogs alerts',
    producer: 'buffalogs',
    minimumLicenseRequired: 'basic',
    defaultActionGroupId: ACTION_GROUP,
    actionGroups: [{ id: ACTION_GROUP, name: 'BuffaLogs alert' }],
  });
  // Kibana's rule type id rule (rule_type_registry.ts ruleTypeIdSchema).
  expect(ruleType.id).toMatch(/^[a-zA-Z0-9_\-.]*$/);
  expect(ruleType.actionVariables?.context?.map((v) => v.name)).toEqual(
    expect.arrayContaining(['user', 'detector', 'severity', 'score', 'message', 'evidence', 'link']),
  );
});

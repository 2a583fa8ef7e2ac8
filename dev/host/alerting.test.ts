/**
 * The dev host's rule type registry refuses what Kibana's rule_type_registry.ts refuses, with Kibana's messages, and
 * registers each type as the task type `alerting:<id>`.
 */
import type { Logger } from '@kbn/core/server';
import type { RuleType } from '@kbn/alerting-plugin/server';
import { AlertingHost } from './alerting';
import { TaskManagerHost } from './task_manager';

const warnings: string[] = [];
const logger = {
  warn: (m: string) => warnings.push(m),
  error: () => {},
  info: () => {},
  debug: () => {},
  get: () => logger,
} as unknown as Logger;

function registry(minimumScheduleInterval = { value: '1m', enforce: false }) {
  const tm = new TaskManagerHost({ logger, pollIntervalMs: 1000, runContextAbort: false });
  const alerting = new AlertingHost({ logger, esClient: () => ({}) as never, minimumScheduleInterval });
  return { tm, alerting, registerType: alerting.setupContract(tm.setupContract()).registerType };
}

const type = (over: Record<string, unknown> = {}) =>
  ({
    id: 'my.type',
    name: 'My type',
    actionGroups: [{ id: 'default', name: 'Default' }],
    defaultActionGroupId: 'default',
    minimumLicenseRequired: 'basic',
    isExportable: true,
    category: 'management',
    producer: 'buffalogs',
    validate: { params: { validate: (p: unknown) => p } },
    executor: async () => ({ state: {} }),
    ...over,
  }) as unknown as RuleType<never, never, never, never, string>;

test('registers a type as a task type, with the recovered group appended and action variables normalised', () => {
  const { tm, alerting, registerType } = registry();
  registerType(type());
  expect(tm.startContract().getRegisteredTypes()).toEqual(['alerting:my.type']);
  expect(alerting.getRuleType('my.type')).toMatchObject({
    actionGroups: [
      { id: 'default', name: 'Default' },
      { id: 'recovered', name: 'Recovered' },
    ],
    actionVariables: { context: [], state: [], params: [] },
  });
});

test('refuses what Kibana refuses', () => {
  const { registerType } = registry();
  registerType(type());
  expect(() => registerType(type())).toThrow('Rule type "my.type" is already registered.');
  expect(() => registerType(type({ id: 'a', ruleTaskTimeout: '5 minutes' }))).toThrow(
    'Rule type "a" has invalid timeout: string is not a valid duration: 5 minutes.',
  );
  expect(() => registerType(type({ id: 'b', defaultScheduleInterval: '0s' }))).toThrow(/invalid default interval/);
  expect(() => registerType(type({ id: 'c', actionGroups: [{ id: 'recovered', name: 'R' }] }))).toThrow(
    'Rule type [id="c"] cannot be registered. Action groups [recovered] are reserved by the framework.',
  );
  expect(() => registerType(type({ id: 'd', cancelAlertsOnRuleTimeout: false }))).toThrow(
    /cancelAlertsOnRuleTimeout set to false and autoRecoverAlerts set to true/,
  );
  expect(() => registerType(type({ id: 'bad id!' }))).toThrow(
    'expected RuleType Id not to include invalid characters:  , !',
  );
});

test('a default interval under the minimum is warned about, or replaced when the minimum is enforced', () => {
  registry().registerType(type({ defaultScheduleInterval: '10s' }));
  expect(warnings.pop()).toMatch(/has a default interval of "10s", which is less than the configured minimum of "1m"/);
  const enforced = registry({ value: '1m', enforce: true });
  enforced.registerType(type({ defaultScheduleInterval: '10s' }));
  expect(enforced.alerting.getRuleType('my.type').defaultScheduleInterval).toBe('1m');
});

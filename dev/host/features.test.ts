/**
 * The plugin's Kibana feature registered with the dev host's features double, which validates `alerting` as Kibana's
 * validateKibanaFeature does on 8.19 and 9.x: the rule type "BuffaLogs alerts" is granted (all with "All", read with
 * "Read") for the consumers the feature declares, and a malformed grant is refused the way Kibana refuses it.
 */
import type { KibanaFeatureConfig } from '@kbn/features-plugin/server';
import { RULE_TYPE_ID } from '../../server/alerting';
import { ALERTING_CONSUMERS, buffalogsFeature } from '../../server/features';
import { FeaturesHost } from './features';

const register = (feature: KibanaFeatureConfig) => {
  const host = new FeaturesHost();
  host.setupContract().registerKibanaFeature(feature);
  return host.list()[0];
};

test('the feature grants the rule type under alerting: rules and alerts, all with "All", read with "Read"', () => {
  const registered = register(buffalogsFeature);
  const grant = [{ ruleTypeId: RULE_TYPE_ID, consumers: ['buffalogs', 'alerts'] }];
  expect(RULE_TYPE_ID).toBe('buffalogs.alerts');
  expect(ALERTING_CONSUMERS).toEqual(['buffalogs', 'alerts']);
  expect(registered.alerting).toEqual(grant);
  expect(registered.privileges?.all.alerting).toEqual({ rule: { all: grant }, alert: { all: grant } });
  expect(registered.privileges?.read.alerting).toEqual({ rule: { read: grant }, alert: { read: grant } });
});

test("Kibana's validation: plain rule type ids, undeclared rule types and consumers are refused", () => {
  const withGrant = (alerting: unknown, declared: unknown = buffalogsFeature.alerting) =>
    ({
      ...buffalogsFeature,
      alerting: declared,
      privileges: { ...buffalogsFeature.privileges!, all: { ...buffalogsFeature.privileges!.all, alerting } },
    }) as KibanaFeatureConfig;
  // The pre-8.18 shape (a list of ids) is not what 8.19 or 9.x accept.
  expect(() => register(withGrant(undefined, [RULE_TYPE_ID]))).toThrow(
    /\[alerting\.0\]: expected a value of type \[object\]/,
  );
  expect(() => register(withGrant({ rule: { all: [{ ruleTypeId: 'other.rule', consumers: ['alerts'] }] } }))).toThrow(
    'Feature privilege buffalogs.all has unknown ruleTypeId: other.rule',
  );
  expect(() => register(withGrant({ alert: { all: [{ ruleTypeId: RULE_TYPE_ID, consumers: ['siem'] }] } }))).toThrow(
    `Feature privilege buffalogs.all.${RULE_TYPE_ID} has unknown consumer: siem`,
  );
  expect(() => register(withGrant({ rule: { all: [{ ruleTypeId: RULE_TYPE_ID, consumers: [] }] } }))).toThrow(
    /\[privileges\.all\.alerting\.rule\.all\.0\.consumers\]: array size is \[0\]/,
  );
});

/** The detection-related kibana.yml keys: every DetectionConfig setting is accepted, and a bad value names its key. */
import { profileDefaults } from '../common/detection_config';
import { config } from '.';

const validate = (value: unknown) => config.schema.validate(value);

test.each(['default', 'buffalogs'] as const)(
  'accepts every setting of the %s profile, key for key (the mirror is complete)',
  (profile) => {
    expect(() => validate({ detection: profileDefaults(profile) })).not.toThrow();
  },
);

test.each([
  [{ detection: { impossibleTravel: { maxSpeedKmh: 0 } } }, /detection\.impossibleTravel\.maxSpeedKmh/],
  [{ detection: { filters: { minimumRiskLevel: 'severe' } } }, /detection\.filters\.minimumRiskLevel/],
  [{ detection: { impossibleTravel: { trustedCidrs: ['10.0.0.0/99'] } } }, /impossibleTravel\.trustedCidrs\[0\]/],
  [{ detection: { risk: { lowAt: 5, mediumAt: 3 } } }, /risk\.mediumAt/],
  [{ detection: { newDevice: { enable: true } } }, /detection\.newDevice\.enable/],
  [{ detection: { risk: { highAt: 2 } } }, /risk levels must rise/],
  [
    { detection: { filters: { ignoredUsers: ['svc-.*'] } } },
    /filters\.ignoredUsers\[0\]\]: "svc-\.\*" looks like a regular expression/,
  ],
  [
    { detection: { profile: 'buffalogs', filters: { enabledUsers: ['ok', '(a+)+$'] } } },
    /filters\.enabledUsers\[1\]\]: .*is refused/,
  ],
  [{ schedule: { interval: '5 minutes' } }, /schedule\.interval/],
  [{ lag: 'soon' }, /\[lag\]/],
  [{ partitions: 0 }, /\[partitions\]/],
  [{ batch: { usersPerBatch: 0 } }, /batch\.usersPerBatch/],
  [{ elasticsearch: { username: 'reader' } }, /\[elasticsearch\]: username and password go together/],
  [{ elasticsearch: { apiKey: 'k', username: 'u', password: 'p' } }, /\[elasticsearch\]: set either apiKey/],
  [{ extraQuery: { term: 'x', match: {} } }, /\[extraQuery\]/],
  [{ space: 'My Space' }, /\[space\]/],
])('%j fails naming the key', (value, key) => {
  expect(() => validate(value)).toThrow(key);
});

test('defaults: every 5 minutes, 2 minutes of lag, 7 days of look-back, one partition, no credentials', () => {
  const value = validate({});
  expect(value.schedule).toEqual({ interval: '5m', timeout: '30m' });
  expect(value.lag.asMilliseconds()).toBe(120_000);
  expect(value.lookback.asMilliseconds()).toBe(7 * 86_400_000);
  expect(value.partitions).toBe(1);
  expect(value.elasticsearch).toBeUndefined();
  expect(value.detection).toEqual({ profile: 'default' });
});

test('refuses a schedule interval past ten years or a time-out past 24 days, naming the key and the range', () => {
  // A longer interval made Task Manager's next run no date (its `intervalFromDate` past ~274,000 years), and the
  // notifier's re-read start (`now - timeout`) threw "Invalid time value" at every run, so no alert was ever sent; a
  // time-out past 2^31-1 ms (24.8 days) is a timer Node fires after 1 ms, cancelling every run at its start.
  for (const [key, bad, message] of [
    ['interval', '3651d', '[schedule.interval]: must be at most 3650d (ten years)'],
    ['interval', '99999999999d', '[schedule.interval]: must be at most 3650d (ten years)'],
    ['timeout', '25d', '[schedule.timeout]: must be at most 24d'],
    ['timeout', '200000000d', '[schedule.timeout]: must be at most 24d'],
    ['timeout', `1${'0'.repeat(400)}s`, '[schedule.timeout]: must be at most 24d'],
  ])
    expect(() => validate({ schedule: { [key]: bad } })).toThrow(message);
  expect(validate({ schedule: { interval: '3650d', timeout: '24d' } }).schedule).toEqual({
    interval: '3650d',
    timeout: '24d',
  });
  // The shortest ones stay (an end-to-end test runs the notifier every 10s); 0 and sub-second units were refused.
  expect(validate({ schedule: { interval: '1s', timeout: '1s' } }).schedule).toEqual({ interval: '1s', timeout: '1s' });
  expect(() => validate({ schedule: { interval: '0s' } })).toThrow('[schedule.interval]');
});

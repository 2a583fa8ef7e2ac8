/**
 * The shared date parameter: what it lets through is what the handlers turn into Elasticsearch ranges (in UTC).
 */
import { schema, ValidationError } from '@kbn/config-schema';
import { buildAlertQuery } from '../queries/alert_filters';
import { alertFilterProps, channelFilterProps, checkChannelUsers, isoDate } from './params';

const accepts = (value: string) => isoDate.validate(value, {}, 'request query.from');
const refusal = (value: string) => {
  try {
    accepts(value);
  } catch (error) {
    if (error instanceof ValidationError) return error.message;
    throw error;
  }
  return undefined;
};

it('accepts the calendar dates and times an analyst or a script writes', () => {
  for (const value of [
    '2024-02-29',
    '2024-05-01',
    '2024-05-01T12:00:00Z',
    '2024-05-01T12:00:00.123+02:00',
    '2000-02-29',
  ])
    expect(accepts(value)).toBe(value);
});

it('refuses a day its month does not have (before: Date.parse rolled 2024-02-30 over to March 1, silently)', () => {
  for (const value of ['2024-02-30', '2023-02-29', '1900-02-29', '2024-04-31', '2024-06-31T00:00:00Z'])
    expect({ value, refusal: refusal(value) }).toEqual({
      value,
      refusal: expect.stringMatching(/^\[request query\.from\]: expected an ISO 8601 date/),
    });
});

it("the alert filters' detector takes every family's detectors and refuses an id none has (not a silent empty list)", () => {
  // Only the login family's ids passed, so `detector=password_spray` was a 400 and the app dropped it from the URL:
  // credential and web alerts could only be found through the free-text search.
  const filters = schema.object(alertFilterProps);
  const detector = (value: string | string[]) => filters.validate({ detector: value }, {}, 'request query').detector;
  expect(detector('password_spray')).toBe('password_spray');
  expect(detector(['mfa_fatigue', 'web_scanning', 'new_country'])).toEqual([
    'mfa_fatigue',
    'web_scanning',
    'new_country',
  ]);
  // Also a verdict's signal of that id (alert_filters.ts detectorClause): these are no signals, so nothing more matches.
  expect(buildAlertQuery({ detector: ['password_spray', 'web_burst'] })).toEqual({
    bool: {
      filter: [
        {
          bool: {
            should: [
              { terms: { 'rule.id': ['password_spray', 'web_burst'] } },
              { terms: { 'buffalogs.signal_ids': ['password_spray', 'web_burst'] } },
            ],
            minimum_should_match: 1,
          },
        },
      ],
    },
  });
  expect(() => detector('nope')).toThrow(/\[request query\.detector\]/);
  expect(() => detector(['password_spray', 'web_nope'])).toThrow(/got \[web_nope\]/);
  // What becomes a signal_ids term value is a known id: a pattern, syntax or a script is refused (a 400), never sent.
  for (const hostile of ['*', 'impossible_*', 'impossible_travel OR *', '{"script":{"source":"1"}}', ''])
    expect(() => detector(hostile)).toThrow(/\[request query\.detector\]/);
  expect(() => detector(['impossible_travel', '*'])).toThrow(/\[request query\.detector\.1\]|got \[\*\]/);
});

it("detector=sequence is every sequence rule's alerts: their rule ids are each rule's own, which no fixed list holds", () => {
  // `detector=sequence_otp_password_change` was a 400 and the Detector filter offered no sequence choice: sequence
  // alerts could be found only through the free-text search.
  const filters = schema.object(alertFilterProps);
  const detector = (value: string | string[]) => filters.validate({ detector: value }, {}, 'request query').detector;
  expect(detector('sequence')).toBe('sequence');
  expect(buildAlertQuery({ detector: ['sequence'] })).toEqual({
    bool: { filter: [{ term: { 'buffalogs.family': 'sequence' } }] },
  });
  expect(buildAlertQuery({ detector: ['new_country', 'sequence'] })).toEqual({
    bool: {
      filter: [
        {
          bool: {
            should: [
              { terms: { 'rule.id': ['new_country'] } },
              { terms: { 'buffalogs.signal_ids': ['new_country'] } },
              { term: { 'buffalogs.family': 'sequence' } },
            ],
            minimum_should_match: 1,
          },
        },
      ],
    },
  });
});

it("detector takes sequence rules by their own ids beside other detectors, ORed (a channel's, from its summary's link)", () => {
  // Only the fixed ids passed: a channel naming a rule beside another detector had its link list every sequence rule.
  const filters = schema.object(alertFilterProps);
  const detector = (value: string | string[]) => filters.validate({ detector: value }, {}, 'request query').detector;
  expect(detector('sequence_vpn_then_admin')).toBe('sequence_vpn_then_admin');
  expect(detector(['new_device', 'sequence_a', 'sequence_b.v2'])).toEqual([
    'new_device',
    'sequence_a',
    'sequence_b.v2',
  ]);
  expect(buildAlertQuery({ detector: ['new_device', 'sequence_a'] })).toEqual({
    bool: {
      filter: [
        {
          bool: {
            should: [
              { terms: { 'rule.id': ['new_device', 'sequence_a'] } },
              { terms: { 'buffalogs.signal_ids': ['new_device', 'sequence_a'] } },
            ],
            minimum_should_match: 1,
          },
        },
      ],
    },
  });
  // A rule id's form and length (the rule routes'), as many as a channel may name: anything else is a 400.
  const rule64 = `sequence_${'a'.repeat(55)}`;
  expect(detector(rule64)).toBe(rule64);
  for (const hostile of [
    `${rule64}a`,
    'sequence_*',
    'sequence_A',
    'sequence a',
    'sequence_a OR *',
    'sequence_"x"',
    'sequence_a\n',
    'xsequence_a',
    '_sequence',
  ])
    expect(() => detector(hostile)).toThrow(/^\[request query\.detector\]: types that failed validation/);
  const many = (n: number) => Array.from({ length: n }, (_, i) => `sequence_${i}`);
  expect(detector(many(100))).toHaveLength(100);
  expect(() => detector(many(101))).toThrow(/\[request query\.detector\]/);
});

describe("the alerts list's summary filters refuse what no summary sends, naming the parameter", () => {
  const filters = schema.object(channelFilterProps);
  const refusal = (query: Record<string, unknown>) => {
    try {
      filters.validate(query, {}, 'request query');
    } catch (error) {
      if (error instanceof ValidationError) return error.message;
      throw error;
    }
    return undefined;
  };

  it('takes a severity, a 0–100 score (as the query string sends it), users and a time field', () => {
    expect(
      filters.validate(
        { min_severity: 'critical', min_score: '62.5', users: ['alice', 'bob'], time_field: 'event.created' },
        {},
        'request query',
      ),
    ).toEqual({ min_severity: 'critical', min_score: 62.5, users: ['alice', 'bob'], time_field: 'event.created' });
    expect(filters.validate({ users: 'alice', time_field: '@timestamp' }, {}, 'request query')).toEqual({
      users: 'alice',
      time_field: '@timestamp',
    });
  });

  it.each([
    [{ min_severity: 'severe' }, /^\[request query\.min_severity\]: expected one of \[low, medium, high, critical\]/],
    [{ min_score: 'sixty' }, /^\[request query\.min_score\]/],
    [{ min_score: '101' }, /^\[request query\.min_score\]: Value must be equal to or lower than \[100\]/],
    [{ min_score: '-1' }, /^\[request query\.min_score\]: Value must be equal to or greater than \[0\]/],
    [{ users: '' }, /^\[request query\.users\]/],
    [{ users: 'x'.repeat(1025) }, /^\[request query\.users\]/],
    [{ time_field: 'user.name' }, /^\[request query\.time_field\]: expected one of \[@timestamp, event\.created\]/],
    // A channel's name as kibana.yml takes one: never a path, a pattern or past its length.
    [{ channel_users: '' }, /^\[request query\.channel_users\]: expected a notification channel's name/],
    [{ channel_users: '../soc' }, /^\[request query\.channel_users\]/],
    [{ channel_users: 'soc*' }, /^\[request query\.channel_users\]/],
    [{ channel_users: '-soc' }, /^\[request query\.channel_users\]/],
    [{ channel_users: 'a'.repeat(65) }, /^\[request query\.channel_users\]/],
    [{ channel_users: ['soc', 'ops'] }, /^\[request query\.channel_users\]/],
  ])('refuses %j', (query, message) => {
    expect(refusal(query)).toMatch(message);
  });

  it("refuses more users than a channel may have (its link carries them all, so a channel's always pass)", () => {
    const users = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);
    expect(refusal({ users: users(1000) })).toBeUndefined();
    expect(refusal({ users: users(1001) })).toMatch(/^\[request query\.users\]/);
  });

  it("takes a channel's name for its users (channel_users), but not beside users: which would be meant?", () => {
    expect(filters.validate({ channel_users: 'soc-weekly.2' }, {}, 'request query')).toEqual({
      channel_users: 'soc-weekly.2',
    });
    expect(checkChannelUsers({ channel_users: 'soc' })).toBeUndefined();
    expect(checkChannelUsers({ users: ['alice'] })).toBeUndefined();
    expect(checkChannelUsers({ users: 'alice', channel_users: 'soc' })).toMatch(/\[users\] and \[channel_users\]/);
  });
});

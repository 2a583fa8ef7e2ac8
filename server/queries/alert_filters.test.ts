/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
import { alertSearchClause, buildAlertQuery, channelFilterClauses, escapeWildcard } from './alert_filters';

describe('buildAlertQuery', () => {
  it('turns every filter into a term/terms/range clause on the mapped field', () => {
    const q = buildAlertQuery({
      from: '2024-05-01',
      to: '2024-05-02T00:00:00Z',
      detector: ['impossible_travel', 'new_country'],
      user: 'alice',
      country: 'it',
      status: ['open'],
      filtered: 'unfiltered',
    });
    expect(q).toEqual({
      bool: {
        filter: [
          {
            range: {
              '@timestamp': {
                format: 'strict_date_optional_time',
                gte: '2024-05-01T00:00:00.000Z',
                lt: '2024-05-02T00:00:00.000Z',
              },
            },
          },
          {
            bool: {
              should: [
                { terms: { 'rule.id': ['impossible_travel', 'new_country'] } },
                { terms: { 'buffalogs.signal_ids': ['impossible_travel', 'new_country'] } },
              ],
              minimum_should_match: 1,
            },
          },
          { term: { 'user.name': 'alice' } },
          { term: { 'source.geo.country_iso_code': 'IT' } },
          { terms: { 'buffalogs.status': ['open'] } },
          { bool: { must_not: [{ term: { 'buffalogs.filtered': true } }] } },
        ],
      },
    });
  });

  it('a detector also matches the verdicts with that signal (the default profile writes only suspicious_login)', () => {
    // Picking "Impossible travel" on a default-profile space showed nothing: every alert there is a verdict.
    expect(buildAlertQuery({ detector: ['impossible_travel'] })).toEqual({
      bool: {
        filter: [
          {
            bool: {
              should: [
                { terms: { 'rule.id': ['impossible_travel'] } },
                { terms: { 'buffalogs.signal_ids': ['impossible_travel'] } },
              ],
              minimum_should_match: 1,
            },
          },
        ],
      },
    });
    // `sequence` stays the family: sequence rules' ids are no verdict's signals.
    expect(buildAlertQuery({ detector: ['sequence'] })).toEqual({
      bool: { filter: [{ term: { 'buffalogs.family': 'sequence' } }] },
    });
    expect(buildAlertQuery({ detector: ['new_device', 'sequence'] })).toEqual({
      bool: {
        filter: [
          {
            bool: {
              should: [
                { terms: { 'rule.id': ['new_device'] } },
                { terms: { 'buffalogs.signal_ids': ['new_device'] } },
                { term: { 'buffalogs.family': 'sequence' } },
              ],
              minimum_should_match: 1,
            },
          },
        ],
      },
    });
  });

  it('matches everything without filters, and `all` adds no filtered clause', () => {
    expect(buildAlertQuery({})).toEqual({ match_all: {} });
    expect(buildAlertQuery({ filtered: 'all' })).toEqual({ match_all: {} });
  });
});

describe('free-text search', () => {
  it('escapes wildcard metacharacters so they match literally', () => {
    expect(escapeWildcard('a*b?c\\d')).toBe('a\\*b\\?c\\\\d');
  });

  it('never produces query-string syntax: injection attempts stay literal values', () => {
    for (const text of ['*', '") OR ("', '{"script":{"source":"1"}}', 'user.name:*', 'a AND b']) {
      const clause = alertSearchClause(text);
      const json = JSON.stringify(clause);
      expect(json).not.toMatch(/query_string|script"\s*:\s*\{|regexp/);
      const wildcard = (clause.bool!.should as Array<Record<string, any>>)[0].wildcard['user.name'].value as string;
      expect(wildcard).toBe(`*${escapeWildcard(text.trim())}*`);
    }
  });

  it('adds exact matches for an IP, a country code and an alert id', () => {
    const kinds = (text: string) => JSON.stringify(alertSearchClause(text));
    expect(kinds('10.1.2.3')).toContain('"source.ip":"10.1.2.3"');
    expect(kinds('2001:db8::1')).toContain('"source.ip":"2001:db8::1"');
    expect(kinds('fr')).toContain('"source.geo.country_iso_code":"FR"');
    expect(kinds('A'.repeat(40).replace(/A/g, 'a'))).toContain('buffalogs.alert_id');
    expect(kinds('alice')).not.toContain('source.ip');
  });
});

describe("a summary's filters in the alerts list (severity, score, users, creation time)", () => {
  it('puts each on its field: severity at least as terms, score as a range, users by entity or user name', () => {
    expect(
      buildAlertQuery({
        min_severity: 'high',
        min_score: 60,
        users: ['alice', '10.0.0.1'],
        time_field: 'event.created',
      }),
    ).toEqual({
      bool: {
        filter: [
          { terms: { 'buffalogs.severity': ['high', 'critical'] } },
          { range: { 'event.risk_score': { gte: 60 } } },
          {
            bool: {
              should: [
                { terms: { 'buffalogs.entity.value': ['alice', '10.0.0.1'] } },
                { terms: { 'user.name': ['alice', '10.0.0.1'] } },
              ],
              minimum_should_match: 1,
            },
          },
        ],
      },
    });
  });

  it('ranges the period over the chosen time: the login by default, the alert creation on request', () => {
    const range = (time_field?: '@timestamp' | 'event.created') =>
      Object.keys((buildAlertQuery({ from: '2024-05-01', time_field }) as any).bool.filter[0].range);
    expect(range()).toEqual(['@timestamp']);
    expect(range('@timestamp')).toEqual(['@timestamp']);
    expect(range('event.created')).toEqual(['event.created']);
  });

  it('"at least low", a score of 0 and no users are no filter (every alert has a severity and a score ≥ 0)', () => {
    expect(buildAlertQuery({ min_severity: 'low', min_score: 0, users: [] })).toEqual({ match_all: {} });
    expect(channelFilterClauses({ min_severity: 'medium' })).toEqual([
      { terms: { 'buffalogs.severity': ['medium', 'high', 'critical'] } },
    ]);
  });
});

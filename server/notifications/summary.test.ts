import type { SummaryReport } from './summary';
import { LINK_MAX_LENGTH, periodLink, summaryMessage } from './summary';

const period = {
  frequency: 'daily' as const,
  start: Date.parse('2025-03-09T08:00:00Z'),
  end: Date.parse('2025-03-10T08:00:00Z'),
};

describe("a summary's link into the alerts list", () => {
  it("carries the channel's detectors the list can filter by, once each, and its observations", () => {
    const link = new URL(
      periodLink('https://kibana.example.com/', 'soc', period, {
        detectors: ['impossible_travel', 'impossible_travel', 'sequence'],
        includeFiltered: true,
      }),
    );
    expect(link.pathname).toBe('/s/soc/app/buffalogs/alerts');
    expect(link.searchParams.getAll('detector')).toEqual(['impossible_travel', 'sequence']);
    expect(link.searchParams.get('filtered')).toBe('all');
    expect(link.searchParams.get('start')).toBe('2025-03-09T08:00:00.000Z');
  });

  it("names a channel's sequence rules by their own ids as `detector`, beside other detectors: the list ORs them", () => {
    // The list's `detector` took no rule id and its `sequence_rule` took one, ANDed with `detector`: beside another
    // detector the link fell back to every sequence rule, and listed more alerts than the summary counted.
    const link = (detectors: string[]) =>
      new URL(periodLink('https://k', 'default', period, { detectors, includeFiltered: false })).searchParams;
    expect(link(['sequence_admin_after_reset']).getAll('detector')).toEqual(['sequence_admin_after_reset']);
    const mixed = link(['new_device', 'sequence_admin_after_reset']);
    expect(mixed.getAll('detector')).toEqual(['new_device', 'sequence_admin_after_reset']);
    expect(mixed.get('sequence_rule')).toBeNull();
    expect(link(['sequence_a', 'sequence_b']).getAll('detector')).toEqual(['sequence_a', 'sequence_b']);
    expect(link(['sequence', 'sequence_a']).getAll('detector')).toEqual(['sequence', 'sequence_a']);
    // An id the list refuses (past a rule id's length, other characters, no detector) is left out, never a 400.
    expect(link(['sequence_a b', `sequence_${'a'.repeat(60)}`, 'Sequence_A', 'nope']).getAll('detector')).toEqual([]);
  });

  it('without filters is the period, by alert creation time as the summary counts it', () => {
    expect(periodLink(undefined, 'default', period)).toBe(
      '/app/buffalogs/alerts?start=2025-03-09T08%3A00%3A00.000Z&end=2025-03-10T08%3A00%3A00.000Z' +
        '&time_field=event.created',
    );
  });

  it("carries the channel's severity, score, users and name (the list says where its filters came from)", () => {
    // The list had no such filters: the link opened every severity, score and user of the period.
    const link = new URL(
      periodLink(
        'https://k',
        'default',
        period,
        {
          detectors: [],
          includeFiltered: false,
          minSeverity: 'high',
          minScore: 60,
          users: ['alice', 'bob@example.com'],
        },
        'soc-daily',
      ),
    ).searchParams;
    expect(link.get('min_severity')).toBe('high');
    expect(link.get('min_score')).toBe('60');
    expect(link.getAll('users')).toEqual(['alice', 'bob@example.com']);
    expect(link.get('time_field')).toBe('event.created');
    expect(link.get('channel')).toBe('soc-daily');
    expect(link.get('filtered')).toBeNull();
  });

  it('names the channel instead of its users (channel_users) when they would make the link too long to open', () => {
    // A channel may list 1,000 users of 1,024 characters: each went into the link, a URL of about a megabyte that
    // proxies (8 KB) and Kibana (16 KB of headers) refuse with a 414 or 431.
    const users = (n: number, length: number) => Array.from({ length: n }, (_, i) => `${i}@`.padEnd(length, 'x'));
    const link = (u: string[], channel?: string) =>
      periodLink(
        'https://kibana.example.com',
        'soc',
        period,
        { detectors: [], includeFiltered: false, users: u },
        channel,
      );
    const long = link(users(1000, 1000), 'soc-weekly');
    expect(long.length).toBeLessThanOrEqual(LINK_MAX_LENGTH);
    const params = new URL(long).searchParams;
    expect(params.get('channel_users')).toBe('soc-weekly');
    expect(params.getAll('users')).toEqual([]);
    expect(params.get('channel')).toBe('soc-weekly');
    // Users that fit stay in the link: what was counted, whatever the channel's configuration becomes.
    const fits = users(60, 12);
    expect(link(fits, 'soc-weekly').length).toBeLessThanOrEqual(LINK_MAX_LENGTH);
    expect(new URL(link(fits, 'soc-weekly')).searchParams.getAll('users')).toEqual(fits);
    expect(new URL(link(fits, 'soc-weekly')).searchParams.get('channel_users')).toBeNull();
    const edge = users(2, 1000);
    expect(link(edge, 'soc-weekly').length).toBeLessThanOrEqual(LINK_MAX_LENGTH);
    expect(new URL(link(edge, 'soc-weekly')).searchParams.get('channel_users')).toBe('soc-weekly');
    // Without a channel's name there is nothing to read them from: the users stay (no summary links so).
    expect(new URL(link(fits)).searchParams.getAll('users')).toHaveLength(60);
  });

  it("leaves out what filters nothing: severity low, score 0, no users (the channel's defaults)", () => {
    const link = new URL(
      periodLink('https://k', 'default', period, {
        detectors: [],
        includeFiltered: false,
        minSeverity: 'low',
        minScore: 0,
        users: [],
      }),
    ).searchParams;
    expect([...link.keys()]).toEqual(['start', 'end', 'time_field']);
  });
});

describe("a summary's message", () => {
  const report = (byDetector: SummaryReport['byDetector']): SummaryReport => ({
    frequency: 'daily',
    start: '2025-03-09T08:00:00.000Z',
    end: '2025-03-10T08:00:00.000Z',
    total: 2,
    users: 2,
    byDetector,
    bySeverity: { low: 0, medium: 0, high: 2, critical: 0 },
    topUsers: [],
    link: 'https://kibana.example.com/app/buffalogs/alerts',
  });

  it('says a verdict counts under its signals too, where the counts add up to more than the total', () => {
    const text = summaryMessage(
      report([
        { id: 'impossible_travel', name: 'Impossible travel', count: 2 },
        { id: 'suspicious_login', name: 'Suspicious login', count: 1 },
      ]),
    ).text;
    expect(text).toContain('By detector: Impossible travel 2, Suspicious login 1 (a suspicious login also counts');
    const plain = summaryMessage(report([{ id: 'impossible_travel', name: 'Impossible travel', count: 2 }])).text;
    expect(plain).toContain('By detector: Impossible travel 2\n');
  });
});

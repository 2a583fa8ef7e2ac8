import type { SummaryReport } from './summary';
import { periodLink, summaryMessage } from './summary';

const period = {
  frequency: 'daily' as const,
  start: Date.parse('2025-03-09T08:00:00Z'),
  end: Date.parse('2025-03-10T08:00:00Z'),
};

describe("a summary's link into the alerts list", () => {
  it("carries the channel's detectors the list can filter by, once each, and its observations", () => {
    const link = new URL(
      periodLink('https://kibana.example.com/', 'soc', period, {
        // A sequence rule's own id is no `detector` of the list (the app's URL drops it, the API refuses it): left out.
        detectors: ['impossible_travel', 'sequence_admin_after_reset', 'impossible_travel', 'sequence'],
        includeFiltered: true,
      }),
    );
    expect(link.pathname).toBe('/s/soc/app/buffalogs/alerts');
    expect(link.searchParams.getAll('detector')).toEqual(['impossible_travel', 'sequence']);
    expect(link.searchParams.get('filtered')).toBe('all');
    expect(link.searchParams.get('start')).toBe('2025-03-09T08:00:00.000Z');
  });

  it('without filters is the period alone, as before', () => {
    expect(periodLink(undefined, 'default', period)).toBe(
      '/app/buffalogs/alerts?start=2025-03-09T08%3A00%3A00.000Z&end=2025-03-10T08%3A00%3A00.000Z',
    );
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

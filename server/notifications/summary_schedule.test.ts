import { lastEndedPeriod, summaryKey, summarySchema } from './summary_schedule';

const at = (iso: string) => Date.parse(iso);
const iso = (p: { start: number; end: number }) => [new Date(p.start).toISOString(), new Date(p.end).toISOString()];
const config = (c: object) => summarySchema.validate(c);

test('a daily summary covers the 24 hours before the last `time` that has passed (UTC)', () => {
  const daily = config({ frequency: 'daily', time: '08:00' });
  expect(iso(lastEndedPeriod(daily, at('2025-03-10T12:00:00Z')))).toEqual([
    '2025-03-09T08:00:00.000Z',
    '2025-03-10T08:00:00.000Z',
  ]);
  // Before 08:00 the last period is the one that ended yesterday; at 08:00 exactly the new one is due.
  expect(iso(lastEndedPeriod(daily, at('2025-03-10T07:59:59Z')))[1]).toBe('2025-03-09T08:00:00.000Z');
  expect(iso(lastEndedPeriod(daily, at('2025-03-10T08:00:00Z')))[1]).toBe('2025-03-10T08:00:00.000Z');
  // Across a month and a year end.
  expect(iso(lastEndedPeriod(config({ frequency: 'daily', time: '23:30' }), at('2025-01-01T00:10:00Z')))).toEqual([
    '2024-12-30T23:30:00.000Z',
    '2024-12-31T23:30:00.000Z',
  ]);
});

test('a weekly summary covers the 7 days before the last `day` at `time`', () => {
  const weekly = config({ frequency: 'weekly', day: 'friday', time: '17:00' });
  // 2025-03-10 is a Monday: the last Friday 17:00 is 7 March.
  expect(iso(lastEndedPeriod(weekly, at('2025-03-10T12:00:00Z')))).toEqual([
    '2025-02-28T17:00:00.000Z',
    '2025-03-07T17:00:00.000Z',
  ]);
  // On Friday before 17:00 it is still last week's; at 17:00 this week's.
  expect(iso(lastEndedPeriod(weekly, at('2025-03-14T16:59:00Z')))[1]).toBe('2025-03-07T17:00:00.000Z');
  expect(iso(lastEndedPeriod(weekly, at('2025-03-14T17:00:00Z')))[1]).toBe('2025-03-14T17:00:00.000Z');
  // Every instant of a week maps to the same key (what makes the summary once per period).
  const keys = new Set(
    Array.from({ length: 7 * 24 }, (_, h) =>
      summaryKey(lastEndedPeriod(weekly, at('2025-03-14T17:00:00Z') + h * 3_600_000)),
    ),
  );
  expect([...keys]).toEqual(['summary:weekly:2025-03-14T17:00:00.000Z']);
});

test('the schedule defaults to 08:00 and Monday, and refuses a bad time', () => {
  expect(config({ frequency: 'weekly' })).toMatchObject({ time: '08:00', day: 'monday', topUsers: 10 });
  expect(() => config({ frequency: 'daily', time: '8:00' })).toThrow(/HH:MM/);
  expect(() => config({ frequency: 'daily', time: '24:00' })).toThrow(/HH:MM/);
});

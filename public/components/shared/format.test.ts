import { formatTime } from './format';

describe('formatTime', () => {
  it('reads a time as the server does: ISO text, epoch milliseconds as a number or as a string of digits', () => {
    // Elasticsearch's date field takes "1733000000000" and the server reads it (common/iso_timestamp.ts); moment took
    // it for a date string it could not parse: "Invalid date" in the flyout, the user's risk chart, the evidence.
    expect(formatTime('1733000000000')).toBe('2024-11-30 20:53:20');
    expect(formatTime(1733000000000)).toBe('2024-11-30 20:53:20');
    expect(formatTime('2024-11-30T20:53:20.000Z')).toBe('2024-11-30 20:53:20');
    expect(formatTime('2024-11-30T21:53:20+01:00')).toBe('2024-11-30 20:53:20');
  });

  it('shows a dash for no time, text that is no time and values of another type', () => {
    for (const value of [undefined, null, '', 'yesterday', '2024-02-30T00:00:00Z', { $date: 1 }, [1], true, NaN, 1e20])
      expect(formatTime(value)).toBe('—');
  });
});

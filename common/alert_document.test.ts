import { alertTime } from './alert_document';

describe("an alert's time, as Elasticsearch reads its @timestamp (strict_date_optional_time||epoch_millis)", () => {
  const time = (stamp: unknown) => alertTime({ '@timestamp': stamp as string });

  it('reads a string of epoch milliseconds as that instant, as the date field does', () => {
    // Date.parse read "1733000000000" as NaN (mark safe: 422 "no valid @timestamp"; the alert detail: no logins)
    // and "0" as 2000-01-01 (the year 2000 in V8's legacy parser), where Elasticsearch reads 1970-01-01.
    expect(time('1733000000000')).toBe(1733000000000);
    expect(time('0')).toBe(0);
    expect(time('-86400000')).toBe(-86400000);
  });

  it('reads ISO dates as before, and refuses what the date field refuses or a Date cannot hold', () => {
    expect(time('2024-12-01T10:00:00.000Z')).toBe(Date.parse('2024-12-01T10:00:00.000Z'));
    expect(time('2024-12-01T12:00:00+02:00')).toBe(Date.parse('2024-12-01T10:00:00.000Z'));
    expect(time(1733000000000)).toBe(1733000000000);
    for (const stamp of ['March 7, 2020', 'yesterday', '', '9999999999999999', 1e16, null, ['2024-12-01']])
      expect(time(stamp)).toBeNaN();
  });
});

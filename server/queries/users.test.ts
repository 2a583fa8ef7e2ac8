import { recentLogins, toIso, userProfile } from './users';

describe("toIso (a user-state document's login times)", () => {
  it('reads epoch milliseconds as a number or as text, and ISO text, as Elasticsearch reads a date', () => {
    expect(toIso(1_733_000_000_000)).toBe('2024-11-30T20:53:20.000Z');
    expect(toIso('1733000000000')).toBe('2024-11-30T20:53:20.000Z');
    expect(toIso('2024-11-30T20:53:20Z')).toBe('2024-11-30T20:53:20.000Z');
  });

  it('gives no time, instead of throwing, for what is none', () => {
    // new Date('yesterday').toISOString() threw a RangeError: one such document made the users list a 500.
    for (const bad of ['yesterday', '', 8.64e15 + 1, Number.NaN, { at: 1 } as never, undefined])
      expect(toIso(bad as string | number | undefined)).toBeUndefined();
  });
});

describe("the user page's profile and logins from a stored state another writer or a hand edit left", () => {
  const T = Date.parse('2024-05-01T10:00:00.000Z');

  it('reads first/last seen in any stored form of a time, leaves out entries that are no object', () => {
    // A null entry threw in the sort and epoch-millisecond text in toISOString: the user page was a 500.
    const state = {
      countries: [
        null,
        { value: 'IT', first: T - 1000, last: T, count: 3 },
        { value: 'FR', first: String(T - 5000), last: '2024-05-01T11:00:00Z', count: 1 },
        { value: 'ES', first: 'yesterday', last: 'never', count: 2 },
      ],
    } as never;
    expect(userProfile(state).countries).toEqual([
      { value: 'FR', first_seen: new Date(T - 5000).toISOString(), last_seen: '2024-05-01T11:00:00.000Z', count: 1 },
      { value: 'IT', first_seen: new Date(T - 1000).toISOString(), last_seen: '2024-05-01T10:00:00.000Z', count: 3 },
      { value: 'ES', first_seen: '', last_seen: '', count: 2 },
    ]);
  });

  it('lists remembered logins with a readable time, newest first', () => {
    const state = {
      logins: [null, { at: T, ip: '192.0.2.1' }, { at: 'soon', ip: '192.0.2.2' }, { at: T + 1 }],
    } as never;
    expect(recentLogins(state).map((l) => [l.timestamp, l.ip])).toEqual([
      [new Date(T + 1).toISOString(), undefined],
      [new Date(T).toISOString(), '192.0.2.1'],
    ]);
  });
});

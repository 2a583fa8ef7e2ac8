import { toIso } from './users';

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

import { familyCountLabel, familyCountsOf, MAX_FAMILY_COUNTS } from './family_counts';

describe('familyCountsOf (a task state read back: untrusted)', () => {
  it('keeps counters named like identifiers with whole non-negative counts', () => {
    expect(familyCountsOf({ reputation_deferred: 17, filteredAlerts: 0, droppedWindows: 2 })).toEqual({
      reputation_deferred: 17,
      filteredAlerts: 0,
      droppedWindows: 2,
    });
  });

  it.each([undefined, null, 'junk', 42, true, [1, 2]])('reads %p as no counters', (value) => {
    expect(familyCountsOf(value)).toEqual({});
  });

  it('drops odd values and names, keeping the rest', () => {
    const stored = JSON.parse(
      '{"a": "5", "b": -1, "c": 1.5, "d": 1e300, "e": null, "f": {"n": 1}, "g": [1], "h": true, ' +
        '"__proto__": 3, "constructor": 4, "prototype": 5, "_x": 6, "9lives": 7, "with space": 8, "é": 9, ' +
        '"reputation_looked_up": 10}',
    );
    const counts = familyCountsOf(stored);
    expect(counts).toEqual({ reputation_looked_up: 10 });
    expect(Object.getPrototypeOf(counts)).toBe(Object.prototype);
  });

  it('keeps at most MAX_FAMILY_COUNTS counters, and no name longer than 64 characters', () => {
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`c${i}`, i]));
    expect(Object.keys(familyCountsOf(many))).toHaveLength(MAX_FAMILY_COUNTS);
    expect(familyCountsOf({ ['a'.repeat(64)]: 1, ['b'.repeat(65)]: 2 })).toEqual({ ['a'.repeat(64)]: 1 });
  });
});

describe('familyCountLabel', () => {
  it('says what the known counters mean', () => {
    expect(familyCountLabel('reputation_deferred', 3)).toMatch(/VirusTotal/);
    expect(familyCountLabel('reputation_looked_up', 1)).toMatch(/VirusTotal/);
    expect(familyCountLabel('filteredAlerts', 2)).toMatch(/filter/);
  });

  it('spells out a counter it does not know instead of showing its code name', () => {
    expect(familyCountLabel('someNew_counter', 2)).toBe('some new counter');
  });

  it('does not read inherited properties as labels', () => {
    expect(familyCountLabel('constructor', 1)).toBe('constructor');
    expect(familyCountLabel('toString', 1)).toBe('to string');
  });
});

import {
  byteLength,
  characterLength,
  charClassRatio,
  digitCount,
  hourOfDay,
  hourOfWeek,
  labelDepth,
  ngrams,
  registeredDomain,
  shannonEntropy,
  surprisal,
} from './metrics';

describe('metric library (hand-computed values)', () => {
  it('length counts characters, byte_length UTF-8 bytes', () => {
    expect(characterLength('añb')).toBe(3);
    expect(byteLength('añb')).toBe(4);
    expect(characterLength('')).toBe(0);
  });

  it("digit_count is anomal's numbers_in_hostname: ASCII digits only", () => {
    expect(digitCount('a1b22.c3')).toBe(4);
    expect(digitCount('www.example.com')).toBe(0);
    expect(digitCount('٣٤')).toBe(0); // Arabic-Indic digits are not ASCII digits
  });

  it("entropy is Shannon's in bits per character; hostname_entropy rounds to 2 decimals", () => {
    // aab: p(a)=2/3, p(b)=1/3 → −(2/3·log2 2/3 + 1/3·log2 1/3) = 0.918296…
    expect(shannonEntropy('aab')).toBeCloseTo(0.918296, 6);
    expect(shannonEntropy('aab', 2)).toBe(0.92);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('')).toBe(0);
    // google.com: g 2, o 3, l e . c m 1 each of 10 → 0.2·2.321928 + 0.3·1.736966 + 5·0.1·3.321928 = 2.646439
    expect(shannonEntropy('google.com', 2)).toBe(2.65);
  });

  it('character-class ratios', () => {
    expect(charClassRatio('ab12', 'digit')).toBe(0.5);
    expect(charClassRatio('aeb1', 'vowel')).toBe(0.5);
    expect(charClassRatio('aeb1', 'consonant')).toBe(0.25);
    expect(charClassRatio('AbC', 'upper')).toBeCloseTo(2 / 3, 10);
    expect(charClassRatio('f0g!', 'hex')).toBe(0.5);
    expect(charClassRatio('a-b_c.d', 'symbol')).toBeCloseTo(2 / 7, 10);
    expect(charClassRatio('a.b', 'dot')).toBeCloseTo(1 / 3, 10);
    expect(charClassRatio('', 'digit')).toBe(0);
  });

  it('label depth ignores case and the root dot', () => {
    expect(labelDepth('a.b.Example.com.')).toBe(4);
    expect(labelDepth('localhost')).toBe(1);
    expect(labelDepth('')).toBe(0);
  });

  it('registered domain: last two labels, three under a country second level', () => {
    expect(registeredDomain('www.example.com')).toBe('example.com');
    expect(registeredDomain('sso.reda2.com.ar')).toBe('reda2.com.ar');
    expect(registeredDomain('a.b.example.co.uk.')).toBe('example.co.uk');
    expect(registeredDomain('x.github.io')).toBe('github.io'); // documented limit: no private suffixes
    expect(registeredDomain('com')).toBe('com');
  });

  it('n-grams mark the ends', () => {
    expect(ngrams('Ab', 2)).toEqual(['^a', 'ab', 'b$']);
    expect(ngrams('ab', 3)).toEqual(['^ab', 'ab$']);
  });

  it('hour of week starts Monday 00:00 UTC', () => {
    // 2024-01-01 was a Monday.
    expect(hourOfWeek(Date.UTC(2024, 0, 1, 5, 30))).toBe(5);
    expect(hourOfWeek(Date.UTC(2024, 0, 7, 23, 59))).toBe(167);
    expect(hourOfWeek(Date.UTC(2024, 0, 3, 10))).toBe(58);
    expect(hourOfDay(Date.UTC(2024, 0, 3, 10))).toBe(10);
  });

  it('surprisal is −log2 of the Laplace-smoothed share', () => {
    // count 0 of 2 records with 1 distinct value: (0+1)/(2+1+1) = 1/4 → 2 bits
    expect(surprisal(0, 2, 1)).toBe(2);
    expect(surprisal(3, 4, 1)).toBeCloseTo(-Math.log2(4 / 6), 12);
  });
});

/**
 * The metric library: pure functions of one value. Metrics that judge a value against the data itself (n-gram and
 * registered-domain rarity, counts per entity) are built on these in features.ts, which gathers the counts first.
 */

/** Characters, not UTF-16 units, so an emoji or accented label counts once. */
export function characterLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Bytes in UTF-8: what a DNS query or a URL costs on the wire (anomal's `client.bytes` for the name part). */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** anomal's `numbers_in_hostname`: how many characters are ASCII digits. */
export function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * Shannon entropy in bits per character of the whole value: -Σ p·log2 p over its characters' frequencies. anomal's
 * `hostname_entropy` is this over the whole name rounded to 2 decimals (`round: 2`).
 */
export function shannonEntropy(s: string, round?: number): number {
  const counts = new Map<string, number>();
  let total = 0;
  for (const ch of s) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
    total++;
  }
  if (total === 0) return 0;
  let h = 0;
  for (const c of counts.values()) {
    const p = c / total;
    h -= p * Math.log2(p);
  }
  // -0 and 1e-16 noise from a one-character alphabet read as 0.
  h = Math.max(0, h);
  if (round === undefined) return h;
  const f = 10 ** round;
  return Math.round(h * f) / f;
}

export const CHAR_CLASSES = ['digit', 'letter', 'upper', 'vowel', 'consonant', 'hex', 'symbol', 'dot'] as const;
export type CharClass = (typeof CHAR_CLASSES)[number];

function inClass(c: number, cls: CharClass): boolean {
  const lower = c | 0x20;
  const letter = lower >= 97 && lower <= 122;
  const digit = c >= 48 && c <= 57;
  switch (cls) {
    case 'digit':
      return digit;
    case 'letter':
      return letter;
    case 'upper':
      return c >= 65 && c <= 90;
    case 'vowel':
      return letter && 'aeiou'.includes(String.fromCharCode(lower));
    case 'consonant':
      return letter && !'aeiou'.includes(String.fromCharCode(lower));
    case 'hex':
      return digit || (lower >= 97 && lower <= 102);
    case 'dot':
      return c === 46;
    case 'symbol':
      // Anything but letters, digits and the label separator: '-', '_', '=', '/', '+' of encoded payloads…
      return !letter && !digit && c !== 46;
  }
}

/** Share of the value's characters in a class (0 for an empty value): e.g. vowels are scarce in generated names. */
export function charClassRatio(s: string, cls: CharClass): number {
  if (s.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) if (inClass(s.charCodeAt(i), cls)) n++;
  return n / s.length;
}

/** A hostname without case or the root's trailing dot. */
export function normaliseHostname(s: string): string {
  const lower = s.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** How many labels the name has: `a.b.example.com` → 4 (tunnels stack labels of payload). */
export function labelDepth(s: string): number {
  const host = normaliseHostname(s);
  if (host === '') return 0;
  let n = 1;
  for (let i = 0; i < host.length; i++) if (host.charCodeAt(i) === 46) n++;
  return n;
}

/** Second-level labels under which a country TLD registers names (`example.com.ar`, `example.co.uk`). */
const SECOND_LEVEL = new Set(['ac', 'co', 'com', 'edu', 'gob', 'gov', 'ltd', 'me', 'mil', 'ne', 'net', 'or', 'org']);

/**
 * The registered domain (eTLD+1) of a hostname, without the Public Suffix List (too large to ship, and stale once
 * shipped): the last two labels, or three when the TLD is a two-letter country code and the label before it a
 * generic second level (`com.ar`, `co.uk`). Wrong for private suffixes such as `github.io`, where every site would
 * count as one domain: a rarity metric then under-rates those names, it never over-rates them.
 */
export function registeredDomain(s: string): string {
  const labels = normaliseHostname(s).split('.');
  if (labels.length <= 2) return labels.join('.');
  const tld = labels[labels.length - 1];
  const sld = labels[labels.length - 2];
  const keep = tld.length === 2 && SECOND_LEVEL.has(sld) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** The n-grams of a lower-cased value with `^`/`$` marking its ends, so a name's start and end count as context. */
export function ngrams(s: string, n: number): string[] {
  const padded = `^${s.toLowerCase()}$`;
  const out: string[] = [];
  for (let i = 0; i + n <= padded.length; i++) out.push(padded.slice(i, i + n));
  if (out.length === 0) out.push(padded);
  return out;
}

/** Hour of the week in UTC, Monday 00:00–00:59 = 0 … Sunday 23:00–23:59 = 167. */
export function hourOfWeek(epochMs: number): number {
  const d = new Date(epochMs);
  return ((d.getUTCDay() + 6) % 7) * 24 + d.getUTCHours();
}

/** Hour of the day in UTC, 0–23. */
export function hourOfDay(epochMs: number): number {
  return new Date(epochMs).getUTCHours();
}

/**
 * Rarity of a value against counts taken from the data: -log2 of its smoothed share (Laplace: +1 over `distinct`+1
 * outcomes, so a value never seen scores the most and the measure is finite). Used for registered domains, pairs and
 * n-grams alike.
 */
export function surprisal(count: number, total: number, distinct: number): number {
  return -Math.log2((count + 1) / (total + distinct + 1));
}

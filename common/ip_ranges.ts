/**
 * IPv4/IPv6 addresses and CIDR ranges, without dependencies: the detection core matches logins against allow-lists
 * and anonymiser lists (e.g. a Tor exit list of thousands of ranges) on every login, and the settings form validates
 * the same strings in the browser.
 *
 * Representation chosen for speed: an IPv4 address is an unsigned 32-bit number; an IPv6 address is its 32-digit
 * lower-case hex string, so numeric order equals string order and a range check is two string comparisons.
 * IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) are treated as the IPv4 address they carry.
 */
import { ANY_NUMBER } from './number_layout';

export type ParsedIp = { v: 4; n: number } | { v: 6; hex: string };

/** Parses a dotted-quad IPv4 address into an unsigned 32-bit number; `undefined` when it is not one. */
export function parseIpv4(text: string): number | undefined {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      // A leading zero followed by more digits is ambiguous (octal in some parsers): reject it.
      if (digits === 1 && part === 0) return undefined;
      part = part * 10 + (c - 48);
      digits++;
      if (part > 255) return undefined;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || dots !== 3) return undefined;
  return value * 256 + part;
}

const HEX = '0123456789abcdef';

function hextets(text: string): number[] | undefined {
  if (text === '') return [];
  const out: number[] = [];
  for (const group of text.split(':')) {
    if (group.length === 0 || group.length > 4 || !/^[0-9a-fA-F]+$/.test(group)) return undefined;
    out.push(parseInt(group, 16));
  }
  return out;
}

/** Parses an IPv6 address (with `::` compression, an embedded IPv4 tail, or a `%zone`) into 8 hextets. */
function parseIpv6Hextets(input: string): number[] | undefined {
  let text = input;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (text.indexOf(':') < 0) return undefined;
  const lastColon = text.lastIndexOf(':');
  const maybeV4 = text.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    // An embedded IPv4 tail (`::ffff:1.2.3.4`) is the last two hextets written in dotted form.
    const v4 = parseIpv4(maybeV4);
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const doubleColon = text.indexOf('::');
  let groups: number[];
  if (doubleColon >= 0) {
    if (text.indexOf('::', doubleColon + 1) >= 0) return undefined;
    const head = hextets(text.slice(0, doubleColon));
    const rest = hextets(text.slice(doubleColon + 2));
    if (!head || !rest) return undefined;
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<number>(missing).fill(0), ...rest];
  } else {
    const all = hextets(text);
    if (!all) return undefined;
    groups = all;
  }
  return groups.length === 8 ? groups : undefined;
}

function hextetsToHex(groups: number[]): string {
  let out = '';
  for (const g of groups) {
    out += HEX[(g >> 12) & 15] + HEX[(g >> 8) & 15] + HEX[(g >> 4) & 15] + HEX[g & 15];
  }
  return out;
}

/** Parses an IPv4 or IPv6 address; `undefined` when the text is neither. */
export function parseIp(text: string): ParsedIp | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return v4Ip(v4);
  const groups = parseIpv6Hextets(text);
  if (!groups) return undefined;
  // IPv4-mapped (::ffff:a.b.c.d): the same host as the IPv4 address.
  if (
    groups[0] === 0 &&
    groups[1] === 0 &&
    groups[2] === 0 &&
    groups[3] === 0 &&
    groups[4] === 0 &&
    groups[5] === 0xffff
  ) {
    return v4Ip(groups[6] * 65536 + groups[7]);
  }
  return { v: 6, hex: hextetsToHex(groups) };
}

/**
 * An IPv4 address as parseIp gives it, its number laid out for any number first (number_layout.ts): addresses below
 * 64.0.0.0 are small integers to V8, those above are not.
 */
function v4Ip(n: number): ParsedIp {
  const ip = { v: 4 as const, n: ANY_NUMBER };
  ip.n = n;
  return ip;
}

/** One parsed CIDR range, inclusive bounds. */
export type IpRange = { v: 4; start: number; end: number } | { v: 6; start: string; end: string };

/**
 * Parses `a.b.c.d/nn`, `x:y::/nn` or a bare address (a single-host range). Host bits below the prefix are ignored
 * (`10.1.2.3/8` is `10.0.0.0/8`), as most firewall tools accept them.
 */
export function parseCidr(text: string): IpRange | undefined {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addressText = slash >= 0 ? trimmed.slice(0, slash) : trimmed;
  const prefixText = slash >= 0 ? trimmed.slice(slash + 1) : undefined;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const v4 = parseIpv4(addressText);
  if (v4 !== undefined) {
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    if (prefix > 32) return undefined;
    const size = 2 ** (32 - prefix);
    const start = v4 - (v4 % size);
    return { v: 4, start, end: start + size - 1 };
  }
  const groups = parseIpv6Hextets(addressText);
  if (!groups) return undefined;
  const prefix = prefixText === undefined ? 128 : Number(prefixText);
  if (prefix > 128) return undefined;
  // Inside ::ffff:0:0/96 a range is one of IPv4-mapped addresses, which parseIp reads as the IPv4 address they carry:
  // it is that IPv4 range, or it would match none of them (`::ffff:10.0.0.0/104` must be 10.0.0.0/8).
  if (prefix >= 96 && groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const size = 2 ** (128 - prefix);
    const v4 = groups[6] * 65536 + groups[7];
    const start = v4 - (v4 % size);
    return { v: 4, start, end: start + size - 1 };
  }
  const startGroups: number[] = [];
  const endGroups: number[] = [];
  for (let i = 0; i < 8; i++) {
    const bitsKept = Math.max(0, Math.min(16, prefix - i * 16));
    const mask = bitsKept === 0 ? 0 : (0xffff << (16 - bitsKept)) & 0xffff;
    startGroups.push(groups[i] & mask);
    endGroups.push((groups[i] & mask) | (~mask & 0xffff));
  }
  return { v: 6, start: hextetsToHex(startGroups), end: hextetsToHex(endGroups) };
}

/** `undefined` when valid; otherwise a sentence saying what is wrong (for config validation messages). */
export function cidrError(text: unknown): string | undefined {
  if (typeof text !== 'string') return 'must be a string (an IP address or CIDR range)';
  return parseCidr(text)
    ? undefined
    : `"${text}" is not an IPv4/IPv6 address or CIDR range (e.g. 10.0.0.0/8, 2001:db8::/32)`;
}

/**
 * A set of CIDR ranges compiled for lookup: ranges sorted and merged per family, matched by binary search, so a
 * list of thousands of ranges costs ~12 comparisons per address.
 */
export class IpRangeSet {
  readonly size: number;
  private readonly v4Starts: Float64Array;
  private readonly v4Ends: Float64Array;
  private readonly v6Starts: string[];
  private readonly v6Ends: string[];

  /** Invalid entries are skipped; validate lists with `cidrError` before they reach here. */
  constructor(cidrs: readonly string[]) {
    const v4: Array<[number, number]> = [];
    const v6: Array<[string, string]> = [];
    for (const text of cidrs) {
      const range = parseCidr(text);
      if (!range) continue;
      if (range.v === 4) v4.push([range.start, range.end]);
      else v6.push([range.start, range.end]);
    }
    v4.sort((a, b) => a[0] - b[0]);
    v6.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const m4 = mergeRanges(v4, (end) => end + 1);
    const m6 = mergeRanges(v6, undefined);
    this.v4Starts = Float64Array.from(m4.map((r) => r[0]));
    this.v4Ends = Float64Array.from(m4.map((r) => r[1]));
    this.v6Starts = m6.map((r) => r[0]);
    this.v6Ends = m6.map((r) => r[1]);
    this.size = m4.length + m6.length;
  }

  /** True when the address text falls into one of the ranges. Unparseable text never matches. */
  has(ip: string | undefined): boolean {
    if (!ip || this.size === 0) return false;
    // Dotted IPv4 first, as a number: no ParsedIp object per call (the detection core asks on every login).
    const v4 = parseIpv4(ip);
    if (v4 !== undefined) return this.hasV4(v4);
    const parsed = parseIp(ip);
    return parsed ? this.hasParsed(parsed) : false;
  }

  hasParsed(ip: ParsedIp): boolean {
    if (ip.v === 4) return this.hasV4(ip.n);
    const starts = this.v6Starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= ip.hex) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && ip.hex <= this.v6Ends[hi];
  }

  private hasV4(n: number): boolean {
    const starts = this.v4Starts;
    let lo = 0;
    let hi = starts.length - 1;
    // Last range whose start <= n.
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= n) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && n <= this.v4Ends[hi];
  }
}

/** Merges sorted overlapping (and, for IPv4, adjacent) ranges so binary search finds at most one candidate. */
function mergeRanges<T extends number | string>(
  sorted: Array<[T, T]>,
  next: ((end: T) => T) | undefined,
): Array<[T, T]> {
  const out: Array<[T, T]> = [];
  for (const [start, end] of sorted) {
    const last = out[out.length - 1];
    if (last && (start <= last[1] || (next !== undefined && start === next(last[1])))) {
      if (end > last[1]) last[1] = end;
    } else {
      out.push([start, end]);
    }
  }
  return out;
}

/**
 * A pure parser for web server access logs in Apache/Nginx "common" and "combined" formats, one line at a time, into
 * the ECS fields Elastic's Apache integration writes (elastic/integrations,
 * packages/apache/data_stream/access/_dev/test/pipeline/test-access-basic.log-expected.json): `@timestamp`,
 * `source.address` + `source.ip` (or `source.domain` for a host name), `http.request.method`, `http.version`,
 * `url.original`/`url.path`/`url.query`/`url.extension`, `http.response.status_code`, `http.response.body.bytes`,
 * `http.request.referrer`, `user_agent.original`, `user.name`, `event.outcome` (failure from 400 up).
 *
 * Two deliberate differences from that pipeline: a `-` user, referrer or user agent is left out rather than stored
 * as the string "-" (the format's way of saying "absent", and an absent field aggregates correctly), and nothing is
 * geo- or user-agent-enriched here (the detectors read `user_agent.original`).
 *
 * A hand-written scanner, no regular expression over the line: the quoted fields of real logs hold exploit payloads
 * with escaped quotes (`\"`) and backslashes (`\\`), request targets with raw spaces, and lines of any length; a
 * scanner reads each character once, so no line can make it backtrack.
 */

export interface AccessLogDocument {
  '@timestamp': string;
  event: {
    kind: 'event';
    category: ['web'];
    type: ['access'];
    outcome: 'success' | 'failure';
    dataset: 'apache.access';
    module: 'apache';
  };
  source: { address: string; ip?: string; domain?: string };
  http: {
    request?: { method?: string; referrer?: string };
    response: { status_code: number; body?: { bytes: number } };
    version?: string;
  };
  url?: { original: string; path?: string; query?: string; extension?: string; domain?: string };
  user?: { name: string };
  user_agent?: { original: string };
}

export type ParsedLine = { ok: true; document: AccessLogDocument } | { ok: false; reason: string };

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

/** Longest line accepted: a bound on what one hostile line can cost (Apache's own request-line limit is 8190). */
export const MAX_LINE_LENGTH = 65_536;
export const LINE_TOO_LONG = `line longer than ${MAX_LINE_LENGTH} characters`;

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  done(): boolean {
    return this.pos >= this.text.length;
  }
  /** Characters up to the next space (or the end); the space is consumed. */
  token(): string {
    const end = this.text.indexOf(' ', this.pos);
    const stop = end < 0 ? this.text.length : end;
    const value = this.text.slice(this.pos, stop);
    this.pos = end < 0 ? stop : stop + 1;
    return value;
  }
  expect(char: string): boolean {
    if (this.text[this.pos] !== char) return false;
    this.pos++;
    return true;
  }
  skipSpaces(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }
  /** A `"…"` field with Apache's escapes (`\"`, `\\`, `\xhh`, `\n`, `\t`) decoded; undefined when unterminated. */
  quoted(): string | undefined {
    if (!this.expect('"')) return undefined;
    let out = '';
    let start = this.pos;
    const text = this.text;
    for (let i = this.pos; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22 /* " */) {
        out += text.slice(start, i);
        this.pos = i + 1;
        return out;
      }
      if (c === 0x5c /* \ */ && i + 1 < text.length) {
        out += text.slice(start, i);
        const next = text[i + 1];
        if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
          i += 3;
        } else {
          out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 1;
        }
        start = i + 1;
      }
    }
    return undefined;
  }
}

/** `06/Mar/2019:02:14:49 -0800` → epoch ms, or undefined. */
export function parseApacheTime(text: string): number | undefined {
  if (text.length !== 26 || text[2] !== '/' || text[6] !== '/' || text[11] !== ':' || text[20] !== ' ')
    return undefined;
  const num = (from: number, to: number): number => {
    const s = text.slice(from, to);
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 48 || s.charCodeAt(i) > 57) return NaN;
    return Number(s);
  };
  const day = num(0, 2);
  const month = MONTHS[text.slice(3, 6)];
  const year = num(7, 11);
  const hour = num(12, 14);
  const minute = num(15, 17);
  const second = num(18, 20);
  const sign = text[21] === '+' ? 1 : text[21] === '-' ? -1 : 0;
  const offHours = num(22, 24);
  const offMinutes = num(24, 26);
  if (month === undefined || sign === 0 || text[14] !== ':' || text[17] !== ':') return undefined;
  if (![day, year, hour, minute, second, offHours, offMinutes].every(Number.isFinite)) return undefined;
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 || offHours > 14 || offMinutes > 59)
    return undefined;
  // Not Date.UTC(year, …): it reads years 0-99 as 1900-1999 (0019 became 1919).
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  const utc = date.setUTCHours(hour, minute, second, 0);
  // A day past its month's end rolls over (31 Feb into March): refuse rather than move the event.
  if (new Date(utc).getUTCDate() !== day) return undefined;
  return utc - sign * (offHours * 60 + offMinutes) * 60_000;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** A literal IPv4 or IPv6 address (bounded patterns, checked on a token of at most 45 characters). */
export function isIpLiteral(text: string): boolean {
  if (text.length > 45) return false;
  if (IPV4.test(text)) return true;
  if (!text.includes(':')) return false;
  return /^[0-9a-fA-F:.]+$/.test(text) && text.split('::').length <= 2 && text.split(':').length <= 8;
}

function urlFields(target: string): NonNullable<AccessLogDocument['url']> {
  const url: NonNullable<AccessLogDocument['url']> = { original: target };
  let rest = target;
  // A proxy's absolute-form target (`GET http://host/path`): the host is the url's domain.
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]{0,15}:\/\//.exec(rest);
  if (scheme) {
    const afterScheme = rest.slice(scheme[0].length);
    const slash = afterScheme.search(/[/?#]/);
    const authority = slash < 0 ? afterScheme : afterScheme.slice(0, slash);
    url.domain = authority.replace(/^[^@]*@/, '').replace(/:\d+$/, '');
    rest = slash < 0 ? '/' : afterScheme.slice(slash);
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const rawPath = q < 0 ? rest : rest.slice(0, q);
  if (q >= 0) url.query = rest.slice(q + 1);
  let path = rawPath;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    // A malformed escape (`%zz`, a lone `%`): keep the path as logged, as Elastic's url_decode processor does.
  }
  url.path = path;
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  const dot = lastSegment.lastIndexOf('.');
  if (dot > 0 && dot < lastSegment.length - 1 && lastSegment.length - dot <= 17) {
    url.extension = lastSegment.slice(dot + 1).toLowerCase();
  }
  return url;
}

const METHOD = /^[A-Za-z][A-Za-z_-]{0,31}$/;

/** One access-log line → its ECS document, or why it is not one. */
export function parseAccessLine(raw: string): ParsedLine {
  if (raw.length > MAX_LINE_LENGTH) return { ok: false, reason: LINE_TOO_LONG };
  const line = raw.replace(/[\r\n]+$/, '');
  if (line.trim() === '') return { ok: false, reason: 'empty line' };
  const s = new Scanner(line);
  // The client: one address, or a comma-separated forwarded list (`10.0.0.2, 10.0.0.1, 89.160.20.112`) whose last
  // entry is the client Elastic's pipeline reports.
  let host = s.token();
  while (host.endsWith(',') && !s.done()) host += ' ' + s.token();
  const hosts = host
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  const client = hosts[hosts.length - 1];
  if (!client || client.startsWith('[') || client.startsWith('"')) return { ok: false, reason: 'no client address' };
  s.token(); // identd, always "-" in practice
  let user = s.token();
  // A user name with a space (rare, but Apache logs it raw) runs up to the timestamp.
  while (!s.done() && s.text[s.pos] !== '[') user += ' ' + s.token();
  if (!s.expect('[')) return { ok: false, reason: 'no [timestamp]' };
  const close = line.indexOf(']', s.pos);
  if (close < 0) return { ok: false, reason: 'unterminated [timestamp]' };
  const timestamp = parseApacheTime(line.slice(s.pos, close));
  if (timestamp === undefined)
    return { ok: false, reason: `bad timestamp "${line.slice(s.pos, Math.min(close, s.pos + 40))}"` };
  s.pos = close + 1;
  s.skipSpaces();
  const request = s.quoted();
  if (request === undefined) return { ok: false, reason: 'no quoted request line' };
  s.skipSpaces();
  const statusText = s.token();
  if (!/^[1-5]\d\d$/.test(statusText)) return { ok: false, reason: `bad status code "${statusText.slice(0, 20)}"` };
  const status = Number(statusText);
  s.skipSpaces();
  const sizeText = s.token();
  if (sizeText !== '-' && !/^\d{1,15}$/.test(sizeText))
    return { ok: false, reason: `bad response size "${sizeText.slice(0, 20)}"` };
  let referrer: string | undefined;
  let userAgent: string | undefined;
  s.skipSpaces();
  if (!s.done()) {
    // Combined format: two more quoted fields. Anything after them (Nginx's "$http_x_forwarded_for", a vhost…) is
    // ignored, as Elastic's pipeline does.
    referrer = s.quoted();
    if (referrer === undefined) return { ok: false, reason: 'bad referrer field (expected a quoted string)' };
    s.skipSpaces();
    userAgent = s.quoted();
    if (userAgent === undefined) return { ok: false, reason: 'bad user-agent field (expected a quoted string)' };
  }

  const document: AccessLogDocument = {
    '@timestamp': new Date(timestamp).toISOString(),
    event: {
      kind: 'event',
      category: ['web'],
      type: ['access'],
      outcome: status >= 400 ? 'failure' : 'success',
      dataset: 'apache.access',
      module: 'apache',
    },
    source: isIpLiteral(client) ? { address: client, ip: client } : { address: client, domain: client },
    http: { response: { status_code: status } },
  };
  if (sizeText !== '-') document.http.response.body = { bytes: Number(sizeText) };
  if (request !== '-' && request !== '') {
    // METHOD TARGET PROTOCOL, where the target may hold raw spaces (`GET /a - b.ipynb HTTP/1.1`): the method ends at
    // the first space, the protocol starts after the last one.
    const first = request.indexOf(' ');
    const last = request.lastIndexOf(' ');
    const method = first < 0 ? request : request.slice(0, first);
    if (METHOD.test(method) && first > 0) {
      const hasProtocol = last > first && request.startsWith('HTTP/', last + 1);
      const target = hasProtocol ? request.slice(first + 1, last) : request.slice(first + 1);
      document.http.request = { method: method.toUpperCase() };
      if (hasProtocol) document.http.version = request.slice(last + 6);
      if (target !== '') document.url = urlFields(target);
    }
    // Otherwise (a TLS handshake sent to a plain-HTTP port, binary noise): the status and client still count.
  }
  if (referrer !== undefined && referrer !== '-' && referrer !== '') {
    document.http.request = { ...document.http.request, referrer };
  }
  if (userAgent !== undefined && userAgent !== '-' && userAgent !== '') document.user_agent = { original: userAgent };
  if (user !== '-' && user !== '') document.user = { name: user };
  return { ok: true, document };
}

export interface BadLine {
  line: number;
  reason: string;
}

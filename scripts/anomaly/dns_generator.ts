/**
 * Synthetic DNS lookups for the anomaly explorer, deterministic per seed and generated on the fly (a second call
 * with the same options gives the same records, so an analysis can read "the file" twice without holding it).
 *
 * Over one day: ordinary hosts look up pronounceable names of a few hundred sites (Zipf popularity; www/api/cdn/…
 * subdomains; some CDN hash names such as `d3k2…cloudfront.net` as hard negatives; a few legitimate TXT lookups for
 * `_dmarc`/SPF), and three planted behaviours:
 *   - dga:    one infected host resolving random names (8–20 letters and digits) under .com/.net/.info/.biz;
 *   - beacon: one host resolving one ordinary-looking name every 5 minutes ± 4 % (one beacon in twenty missed);
 *   - txt:    one host sending data out in TXT lookups of base32 labels under its own domain.
 * Every record carries its truth beside it, never inside it.
 */
import { seededRandom } from '../../server/analyses/random';

export type Truth = 'normal' | 'dga' | 'beacon' | 'txt';

export interface DnsRecord {
  '@timestamp': string;
  'source.ip': string;
  'destination.ip': string;
  'dns.question.name': string;
  'dns.question.type': string;
  'client.bytes': number;
  'network.bytes': number;
  'dns.answers.data'?: string;
}

export interface GeneratorOptions {
  records: number;
  seed: number;
  /** Share of records that are DGA lookups / TXT exfiltration. */
  dgaShare?: number;
  txtShare?: number;
  start?: number;
}

export const DAY_MS = 86_400_000;
export const BEACON = { host: '10.0.6.6', name: 'sync.telmaroba.com', periodMs: 300_000, jitter: 0.04, missed: 0.05 };
export const DGA_HOST = '10.0.9.9';
export const TXT_HOST = '10.0.7.7';

const CONSONANTS = 'bcdfghklmnprstvz';
const VOWELS = 'aeiou';
const TLDS = ['com', 'com', 'com', 'net', 'org', 'io', 'com.ar', 'co.uk'];
const SUBS = ['www', 'www', 'api', 'cdn', 'img1', 'img2', 'static', 'mail', 'login', 'assets', 'm'];
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function* generateDns(options: GeneratorOptions): Generator<{ record: DnsRecord; truth: Truth }> {
  const rand = seededRandom(options.seed);
  const pick = <T>(xs: ArrayLike<T>): T => xs[Math.floor(rand() * xs.length)];
  const word = (syllables: number) => {
    let w = '';
    for (let i = 0; i < syllables; i++) w += pick(CONSONANTS) + pick(VOWELS);
    return w;
  };
  const sites = Array.from({ length: 400 }, () => `${word(2 + Math.floor(rand() * 3))}.${pick(TLDS)}`);
  const cdnNames = Array.from({ length: 12 }, () => {
    let h = 'd';
    for (let i = 0; i < 13; i++) h += pick(ALNUM);
    return `${h}.cloudfront.net`;
  });
  const hosts = Array.from({ length: 200 }, (_, i) => `10.0.${1 + (i >> 6)}.${10 + (i & 63)}`);
  const zipf = (n: number) => Math.min(n - 1, Math.floor(n * rand() ** 2.5));
  const start = options.start ?? Date.UTC(2026, 10, 17);
  const slot = DAY_MS / options.records;
  const dgaShare = options.dgaShare ?? 0.005;
  const txtShare = options.txtShare ?? 0.002;
  let nextBeacon = start + BEACON.periodMs / 2;
  let txtSeq = 0;
  let emitted = 0;
  const make = (t: number, host: string, name: string, type: string): DnsRecord => {
    const rec: DnsRecord = {
      '@timestamp': new Date(t).toISOString(),
      'source.ip': host,
      'destination.ip': '10.0.0.53',
      'dns.question.name': name,
      'dns.question.type': type,
      'client.bytes': 18 + name.length,
      'network.bytes': 18 + name.length + (type === 'TXT' ? 120 : 16 + Math.floor(rand() * 48)),
    };
    if (type === 'A') rec['dns.answers.data'] = `93.184.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`;
    return rec;
  };
  for (let i = 0; emitted < options.records; i++) {
    const t = start + i * slot + Math.floor(rand() * slot);
    while (nextBeacon <= t && emitted < options.records) {
      const due = nextBeacon;
      nextBeacon += BEACON.periodMs;
      if (rand() < BEACON.missed) continue;
      const at = Math.round(due + (rand() * 2 - 1) * BEACON.jitter * BEACON.periodMs);
      emitted++;
      yield { record: make(at, BEACON.host, BEACON.name, 'A'), truth: 'beacon' };
    }
    if (emitted >= options.records) break;
    const r = rand();
    emitted++;
    if (r < dgaShare) {
      let label = '';
      const len = 8 + Math.floor(rand() * 13);
      for (let k = 0; k < len; k++) label += pick(ALNUM);
      yield { record: make(t, DGA_HOST, `${label}.${pick(['com', 'net', 'info', 'biz'])}`, 'A'), truth: 'dga' };
    } else if (r < dgaShare + txtShare) {
      let payload = '';
      const len = 40 + Math.floor(rand() * 20);
      for (let k = 0; k < len; k++) payload += pick(BASE32);
      yield { record: make(t, TXT_HOST, `${payload}.${txtSeq++ % 1000}.data.vorakelu.net`, 'TXT'), truth: 'txt' };
    } else {
      const host = hosts[zipf(hosts.length)];
      const q = rand();
      let name: string;
      let type = q < 0.7 ? 'A' : 'AAAA';
      if (q < 0.01) name = pick(cdnNames);
      else if (q > 0.99) {
        name = `_dmarc.${sites[zipf(sites.length)]}`;
        type = 'TXT';
      } else {
        const site = sites[zipf(sites.length)];
        name = rand() < 0.3 ? site : `${pick(SUBS)}.${site}`;
      }
      yield { record: make(t, host, name, type), truth: 'normal' };
    }
  }
}

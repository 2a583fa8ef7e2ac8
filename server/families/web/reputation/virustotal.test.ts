/**
 * The VirusTotal client against a local HTTP server answering in VirusTotal's v3 shapes (no internet here): what it
 * keeps from a domain report, how it reads each refusal, and that the key travels in the header only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseDomainReport, virusTotalClient } from './virustotal';

const KEY = 'vt-key-0123456789abcdef-secret';

/** A domain report as VirusTotal v3 writes it (GET /api/v3/domains/{domain}), trimmed to what matters here. */
export function vtDomainReport(domain: string, stats: Record<string, number>, extra: Record<string, unknown> = {}) {
  return {
    data: {
      id: domain,
      type: 'domain',
      links: { self: `https://www.virustotal.com/api/v3/domains/${domain}` },
      attributes: {
        last_analysis_date: 1732924800,
        last_analysis_stats: { harmless: 0, malicious: 0, suspicious: 0, undetected: 0, timeout: 0, ...stats },
        last_analysis_results: { Fortinet: { category: 'malicious', result: 'malware', method: 'blacklist' } },
        reputation: -12,
        categories: { 'Forcepoint ThreatSeeker': 'malicious web sites' },
        ...extra,
      },
    },
  };
}

let server: Server;
let url: string;
const seen: Array<{ path: string; key: string | undefined }> = [];
let handler: (req: IncomingMessage, res: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', key: req.headers['x-apikey'] as string | undefined });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => (seen.length = 0));

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const client = (timeoutMs = 2000) => virusTotalClient({ url, apiKey: KEY, timeoutMs });

test('a report: the analysis counts, reputation and date, asked with the key in x-apikey', async () => {
  handler = (_req, res) =>
    json(res, 200, vtDomainReport('evil.example', { malicious: 7, suspicious: 1, harmless: 60, undetected: 26 }));
  const result = await client().lookup('evil.example');
  expect(result).toEqual({
    status: 'found',
    report: {
      domain: 'evil.example',
      malicious: 7,
      suspicious: 1,
      harmless: 60,
      undetected: 26,
      reputation: -12,
      analysedAt: 1732924800_000,
    },
  });
  expect(seen).toEqual([{ path: '/api/v3/domains/evil.example', key: KEY }]);
});

test.each([
  [404, { error: { code: 'NotFoundError', message: 'Domain "x" not found' } }, { status: 'unknown' }],
  [429, { error: { code: 'QuotaExceededError', message: 'Quota exceeded' } }, { status: 'rate_limited' }],
  [401, { error: { code: 'WrongCredentialsError', message: 'Wrong API key' } }, { status: 'unauthorized' }],
  [403, { error: { code: 'ForbiddenError', message: 'forbidden' } }, { status: 'unauthorized' }],
  [503, { error: { code: 'TransientError' } }, { status: 'error', message: 'VirusTotal answered HTTP 503' }],
])('HTTP %i %j is read as %j', async (status, body, expected) => {
  handler = (_req, res) => json(res, status, body);
  expect(await client().lookup('x.example')).toEqual(expected);
});

test('garbage, a wrong shape, a hang and a closed port are errors that never name the key', async () => {
  handler = (_req, res) => {
    res.writeHead(200);
    res.end('<html>not json</html>');
  };
  const garbage = await client().lookup('a.example');
  handler = (_req, res) => json(res, 200, { data: { attributes: { last_analysis_stats: 'lots' } } });
  const shape = await client().lookup('b.example');
  handler = () => {}; // never answers
  const hang = await client(200).lookup('c.example');
  const closed = await virusTotalClient({ url: 'http://127.0.0.1:1/api/v3', apiKey: KEY, timeoutMs: 2000 }).lookup(
    'd.example',
  );
  for (const r of [garbage, shape, hang, closed]) {
    expect(r.status).toBe('error');
    expect(JSON.stringify(r)).not.toContain(KEY);
  }
  expect(hang).toEqual({ status: 'error', message: 'VirusTotal unreachable: no answer in 200 ms' });
});

test('hostile report values are dropped or zeroed, never trusted', () => {
  const report = parseDomainReport('x.example', {
    data: {
      attributes: {
        last_analysis_stats: {
          malicious: -3,
          suspicious: 1.5,
          harmless: '9',
          undetected: 1e9,
          __proto__: { malicious: 99 },
        },
        reputation: Infinity,
        last_analysis_date: 99e12,
      },
    },
  });
  expect(report).toEqual({ domain: 'x.example', malicious: 0, suspicious: 0, harmless: 0, undetected: 0 });
  expect(parseDomainReport('x', null)).toBeUndefined();
  expect(parseDomainReport('x', { data: [] })).toBeUndefined();
  expect(({} as Record<string, unknown>).malicious).toBeUndefined();
});

/** The web family's examples: the conformance test replays them (server/families/families.test.ts). */
import type { FamilyExample } from '../family';

const at = (second: number): string => new Date(Date.parse('2024-05-01T08:00:00Z') + second * 1000).toISOString();
const request = (ip: string, second: number, path: string, status: number, extra: Record<string, unknown> = {}) => ({
  '@timestamp': at(second),
  source: { ip },
  url: { path },
  http: { request: { method: 'GET' }, response: { status_code: status } },
  user_agent: { original: 'Mozilla/5.0' },
  ...extra,
});

export const WEB_EXAMPLES: FamilyExample[] = [
  {
    name: 'a scanner probing three sensitive paths is flagged; a Safari user missing touch icons is not',
    documents: [
      request('203.0.113.5', 0, '/.env', 404),
      request('203.0.113.5', 1, '/.git/config', 404),
      request('203.0.113.5', 2, '/wp-login.php', 418),
      request('198.51.100.7', 0, '/apple-touch-icon-precomposed.png', 404),
      request('198.51.100.7', 1, '/apple-touch-icon.png', 404),
      request('198.51.100.7', 2, '/favicon.ico', 404),
    ],
    expect: ['web_scanning'],
  },
  {
    name: 'a 40 MiB POST body is exfiltration; a POST answered with a large page is not',
    documents: [
      request('192.0.2.10', 0, '/upload', 200, {
        http: { request: { method: 'POST', body: { bytes: 40 * 1024 * 1024 } }, response: { status_code: 200 } },
      }),
      request('192.0.2.11', 0, '/', 200, {
        http: { request: { method: 'POST' }, response: { status_code: 200, body: { bytes: 40 * 1024 * 1024 } } },
      }),
    ],
    expect: ['web_exfiltration'],
  },
  {
    name: 'a referrer under a listed domain',
    documents: [
      request('192.0.2.20', 0, '/', 200, {
        http: { request: { method: 'GET', referrer: 'https://cdn.evil.example/x' }, response: { status_code: 200 } },
      }),
    ],
    expect: ['web_malicious_referrer'],
  },
];

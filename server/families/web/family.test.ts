/**
 * What the web family counts as evidence for a referrer domain before it spends VirusTotal lookups on it: distinct
 * addresses (not requests, which a client repeats for free), only from addresses that are plausibly people, summed
 * over the batches of a pass.
 */
import { referrerSightings, type PassSightings } from './family';
import type { WebEvent } from './event';

let n = 0;
const event = (ip: string, referrer: string): WebEvent => ({
  id: `e${n++}`,
  index: 'logs',
  timestamp: 0,
  ip,
  status: 200,
  referrer,
});
const sightings = (events: WebEvent[], pass: PassSightings = new Map()) =>
  referrerSightings(events, ['www.site.example'], new Set(['listed.example']), new Map(), 20, pass);

test('addresses, not requests: one client repeating a referrer is one address however often', () => {
  const seen = sightings([
    ...Array.from({ length: 50 }, () => event('203.0.113.9', 'http://repeated.example/')),
    event('198.51.100.1', 'https://shared.example/a'),
    event('198.51.100.2', 'https://shared.example/b'),
    event('198.51.100.2', 'https://www.site.example/'),
    event('198.51.100.3', 'https://listed.example/'),
    event('198.51.100.3', 'http://203.0.113.7/'),
  ]);
  expect(Object.fromEntries(seen)).toMatchObject({
    'repeated.example': { requests: 50, addresses: 1 },
    'shared.example': { requests: 2, addresses: 2 },
  });
  expect([...seen.keys()]).toEqual(['repeated.example', 'shared.example']);
});

test('two addresses cycling through 1,000 made-up referrers vouch for none of them', () => {
  const flood = ['192.0.2.1', '192.0.2.2'].flatMap((ip) =>
    Array.from({ length: 1000 }, (_, i) => event(ip, `http://random-${i}.example/`)),
  );
  const seen = sightings([
    ...flood,
    event('192.0.2.1', 'https://real.example/'),
    event('10.0.0.5', 'https://real.example/'),
  ]);
  expect(seen.get('random-7.example')).toMatchObject({ requests: 2, addresses: 0 });
  // The flooding address is no witness for a real domain either; the other one is.
  expect(seen.get('real.example')).toMatchObject({ requests: 2, addresses: 1 });
});

test("a domain's addresses add up over the pass's batches", () => {
  const pass: PassSightings = new Map();
  expect(sightings([event('198.51.100.1', 'https://spread.example/')], pass).get('spread.example')).toMatchObject({
    requests: 1,
    addresses: 1,
  });
  expect(sightings([event('198.51.100.2', 'https://spread.example/')], pass).get('spread.example')).toMatchObject({
    requests: 2,
    addresses: 2,
  });
});

test('a batch keeps, for the lookup that may wait, the first request of each of at most ten addresses', () => {
  const seen = sightings([
    ...Array.from({ length: 30 }, () => event('203.0.113.9', 'http://waiting.example/a')),
    ...Array.from({ length: 15 }, (_, i) => event(`198.51.100.${i}`, 'http://waiting.example/b')),
  ]).get('waiting.example')!;
  expect(seen.seen!.map((r) => r.ip)).toEqual([
    '203.0.113.9',
    ...Array.from({ length: 9 }, (_, i) => `198.51.100.${i}`),
  ]);
  expect(seen.seen![0]).toEqual({
    id: seen.seen![0].id,
    index: 'logs',
    ip: '203.0.113.9',
    timestamp: 0,
    referrer: 'http://waiting.example/a',
  });
  expect([...seen.witnesses!]).toHaveLength(16);
});

/**
 * Cached answers as the reputation index holds them, read as hostile (a hand edit, another version's writer): what
 * cannot be a time must not reach the detector or the referrer table, whose `toISOString` would throw.
 */
import { defaultWebSettings } from '../settings';
import { judgeWeb } from '../core';
import { toCached } from './store';

const T0 = Date.parse('2024-05-01T08:00:00Z');
const stored = (extra: Record<string, unknown>) => ({
  kind: 'domain',
  provider: 'virustotal',
  domain: 'evil.example',
  status: 'found',
  checked_at: T0,
  expires_at: T0 + 86_400_000,
  malicious: 9,
  suspicious: 0,
  harmless: 1,
  undetected: 0,
  ...extra,
});

test('an analysis date a Date cannot hold is dropped: the referrer still alerts, the pass does not throw', () => {
  const cached = toCached('virustotal', stored({ analysed_at: 1e20 }));
  expect(cached?.report).toEqual({ domain: 'evil.example', malicious: 9, suspicious: 0, harmless: 1, undetected: 0 });
  const event = {
    id: 'e1',
    index: 'web',
    timestamp: T0,
    ip: '192.0.2.7',
    status: 200,
    referrer: 'https://evil.example/',
  };
  const reputation = { reports: new Map([['evil.example', cached!.report!]]), maliciousEngines: 2 };
  const { alerts } = judgeWeb([event], new Map(), defaultWebSettings(), new Set(), T0, reputation);
  expect(alerts.map((a) => a.rule.id)).toEqual(['web_malicious_referrer']);
});

test('a checked or expiry time a Date cannot hold makes no cached answer (asked again), instead of a 500', () => {
  expect(toCached('virustotal', stored({ checked_at: -1e300 }))).toBeUndefined();
  expect(toCached('virustotal', stored({ expires_at: 9e15 }))).toBeUndefined();
  expect(toCached('virustotal', stored({ analysed_at: T0 }))?.report?.analysedAt).toBe(T0);
});

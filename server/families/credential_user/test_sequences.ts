/**
 * Hand-made sequences for the user-keyed family's tests and examples: generic ECS authentication events (the
 * credential family's `authDoc`) and Duo-shaped MFA steps (Duo writes every prompt's outcome in
 * `cisco_duo.auth.reason`, server/sources/auth_values.ts).
 */
import { authDoc, type AuthSpec } from '../credential/test_sequences';

export { authDoc, type AuthSpec };

const BASE = Date.parse('2024-05-01T08:00:00Z');

export type DuoReason = 'user_approved' | 'user_marked_fraud' | 'user_cancelled' | 'no_response' | 'call_timed_out';

export function duoDoc(minute: number, user: string, reason: DuoReason, id: string, ip = '198.51.100.77') {
  return {
    '@timestamp': new Date(BASE + minute * 60_000).toISOString(),
    data_stream: { dataset: 'cisco_duo.auth' },
    event: {
      id,
      category: ['authentication'],
      type: ['info'],
      outcome: reason === 'user_approved' ? 'success' : 'failure',
    },
    cisco_duo: { auth: { reason, factor: 'duo_push' } },
    source: { ip },
    user: { name: user },
  };
}

/** `n` failures on `user`, spread evenly over `spanMinutes` from `start`, from `ips` in turn. */
export function userFailures(user: string, n: number, start: number, spanMinutes: number, ips: string[]): AuthSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    minute: start + (n > 1 ? (i * spanMinutes) / (n - 1) : 0),
    user,
    ip: ips[i % ips.length],
    outcome: 'failure' as const,
    id: `${user}-f${i}`,
  }));
}

export const addresses = (n: number, prefix = '203.0.113.'): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

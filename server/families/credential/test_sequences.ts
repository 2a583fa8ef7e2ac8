/** Hand-made ECS sequences for the credential family's tests and examples (generic ECS authentication events). */
const BASE = Date.parse('2024-05-01T08:00:00Z');

export interface AuthSpec {
  /** Minutes after 2024-05-01T08:00Z. */
  minute: number;
  user: string;
  ip: string;
  outcome: 'success' | 'failure';
  id?: string;
}

let counter = 0;
export function authDoc(s: AuthSpec): Record<string, unknown> {
  return {
    '@timestamp': new Date(BASE + s.minute * 60_000).toISOString(),
    event: { id: s.id ?? `ev-${++counter}`, category: ['authentication'], type: ['start'], outcome: s.outcome },
    source: { ip: s.ip },
    user: { name: s.user },
  };
}

/** `n` users failing once each from `ip`, spread evenly over `spanMinutes` from `start`. */
export function failures(ip: string, n: number, start: number, spanMinutes: number, prefix = 'u'): AuthSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    minute: start + (n > 1 ? (i * spanMinutes) / (n - 1) : 0),
    user: `${prefix}${i}`,
    ip,
    outcome: 'failure' as const,
    id: `${ip}-${prefix}-f${i}`,
  }));
}

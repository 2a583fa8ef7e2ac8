/** Hand-made alerts of the login family, written to a space's alerts index as the detection pass would. */
import type { Client } from '@elastic/elasticsearch';
import type { FamilyAlertDocument } from '../../../common/alert_document';
import { pluginIndices } from '../../../server/storage';

export const NOW = Date.parse('2025-03-10T12:00:00Z');

export function alert(
  id: string,
  user: string,
  over: Partial<{
    severity: string;
    score: number;
    filtered: boolean;
    rule: string;
    created: number;
    risk: 'no_risk' | 'low' | 'medium' | 'high';
  }> = {},
): FamilyAlertDocument {
  return {
    '@timestamp': new Date((over.created ?? NOW) - 60_000).toISOString(),
    event: {
      kind: 'alert',
      category: ['authentication'],
      type: ['info'],
      risk_score: over.score ?? 73,
      severity: 73,
      created: new Date(over.created ?? NOW - 5 * 60_000).toISOString(),
    },
    rule: { id: over.rule ?? 'impossible_travel', name: 'Impossible travel', description: 'x', ruleset: 'buffalogs' },
    message: `${user} logged in from Milan 40 min after New York: 6,480 km at 9,720 km/h (limit 900 km/h)`,
    user: { name: user },
    buffalogs: {
      alert_id: id,
      sort_key: parseInt(id.replace(/\D/g, '') || '0', 10),
      family: 'login',
      entity: { field: 'user.name', value: user },
      severity: (over.severity ?? 'high') as 'high',
      trigger: { event_id: `e-${id}`, index: 'logs-test' },
      filtered: over.filtered ?? false,
      filter_reasons: over.filtered ? ['allowed_country'] : [],
      evidence: {
        kind: 'travel',
        from: { timestamp: '2025-03-10T11:00:00Z', city_name: 'New York', country_iso_code: 'US' },
        to: { timestamp: '2025-03-10T11:40:00Z', city_name: 'Milan', country_iso_code: 'IT' },
        distance_km: 6480,
        effective_distance_km: 6480,
        elapsed_seconds: 2400,
        speed_kmh: 9720,
        speed_threshold_kmh: 900,
        distance_threshold_km: 500,
      },
      status: 'open',
      ...(over.risk ? { user_risk: { level: over.risk, score: 0 } } : {}),
    },
  };
}

export async function writeAlerts(client: Client, space: string, alerts: FamilyAlertDocument[]): Promise<void> {
  const index = pluginIndices(space).alerts;
  await client.bulk({
    refresh: true,
    operations: alerts.flatMap((a) => [{ create: { _index: index, _id: a.buffalogs.alert_id } }, a]),
  });
}

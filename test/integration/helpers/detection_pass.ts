/**
 * Shared set-up of the detection-pass tests: settings with small batches (so a few dozen users make many batches),
 * a frozen clock, and readers of what a pass stored.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import type { AlertDocument } from '../../../common/alert_document';
import { resolveDetectionConfig, type UserState } from '../../../server/detection';
import { emptyEnrichmentStats, UserAgentParser } from '../../../server/enrichment';
import { PASS_DEFAULTS, type PassDeps, type PassSettings } from '../../../server/pass';
import { pluginIndices } from '../../../server/storage';

/** A space of its own for each run under comparison, so runs never see each other's alerts or state. */
export const uniqueSpace = (label: string): string => `${label}-${randomBytes(4).toString('hex')}`;

export function testSettings(indices: string[], space: string, overrides: Partial<PassSettings> = {}): PassSettings {
  return {
    ...PASS_DEFAULTS,
    indices,
    space,
    usersPerBatch: 4,
    pageSize: 25,
    // The detectors' own alerts (the verdict off): these suites test the pass's mechanics against each detector's
    // findings; the verdict is tested on its own (server/detection/verdict/, population_context.test.ts, the e2e).
    detection: resolveDetectionConfig('default', { verdict: { enabled: false } }),
    retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 },
    ...overrides,
  };
}

export function testDeps(client: PassDeps['client'], now: number, extra: Partial<PassDeps> = {}): PassDeps {
  return {
    client,
    now: () => now,
    enricher: { userAgents: new UserAgentParser(), stats: emptyEnrichmentStats() },
    logger: { info: () => {}, warn: () => {}, debug: () => {} },
    ...extra,
  };
}

/** Every stored alert by id. */
export async function storedAlerts(client: Client, space: string): Promise<Map<string, AlertDocument>> {
  const index = pluginIndices(space).alerts;
  await client.indices.refresh({ index });
  const response = await client.search<AlertDocument>({ index, size: 10_000, sort: ['buffalogs.alert_id'], query: { match_all: {} } });
  return new Map(response.hits.hits.map((hit) => [hit._id!, hit._source!]));
}

export async function storedStates(client: Client, space: string): Promise<Map<string, UserState>> {
  const index = pluginIndices(space).state;
  await client.indices.refresh({ index });
  const response = await client.search<{ state: UserState }>({ index, size: 10_000, query: { match_all: {} } });
  return new Map(response.hits.hits.map((hit) => [hit._source!.state.user, hit._source!.state]));
}

export async function deleteSpace(client: Client, space: string): Promise<void> {
  await client.indices.delete({ index: Object.values(pluginIndices(space)), ignore_unavailable: true });
}

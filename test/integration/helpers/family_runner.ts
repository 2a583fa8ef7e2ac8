/**
 * Shared set-up of the tests that run a detection family through the generic runner (server/runner/family_pass.ts):
 * runner settings with small batches and pages (so a few dozen entities make many batches and listing pages), quiet
 * deps with a frozen clock, the ECS authentication source the credential tests read, and the clean-up of each space.
 */
import type { Client } from '@elastic/elasticsearch';
import type { PassLogger, RunnerDeps, RunnerSettings } from '../../../server/runner/family_pass';
import { familyStateIndex, pluginIndices } from '../../../server/storage';
import { deleteIndices } from '../../helpers/es';

export function runnerSettings(space: string, overrides: Partial<RunnerSettings> = {}): RunnerSettings {
  return {
    space,
    lagMs: 60_000,
    lookbackMs: 24 * 3_600_000,
    maxWindowMs: 24 * 3_600_000,
    usersPerBatch: 2,
    eventsPerBatch: 1000,
    pageSize: 7,
    readSlices: 2,
    partition: 0,
    partitions: 1,
    retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 },
    pitKeepAlive: '1m',
    ...overrides,
  };
}

export const quietLogger: PassLogger = { info: () => {}, warn: () => {}, debug: () => {} };

export function runnerDeps(client: Client, now: number): RunnerDeps {
  return { client, logger: quietLogger, now: () => now };
}

/** Creates `index` with the ECS authentication fields mapped as the families query them, holding `documents`. */
export async function createAuthSource(client: Client, index: string, documents: object[]): Promise<void> {
  await client.indices.create({
    index,
    mappings: {
      properties: {
        '@timestamp': { type: 'date' },
        event: {
          properties: { id: { type: 'keyword' }, outcome: { type: 'keyword' }, category: { type: 'keyword' } },
        },
        source: { properties: { ip: { type: 'ip' } } },
        user: { properties: { name: { type: 'keyword' } } },
      },
    },
  });
  await client.bulk({ refresh: true, operations: documents.flatMap((d) => [{ index: { _index: index } }, d]) });
}

/** Deletes what passes of `family` stored in each space: the plugin's indices and the family's state index. */
export async function deleteFamilySpaces(client: Client, family: string, spaces: readonly string[]): Promise<void> {
  for (const space of spaces)
    await deleteIndices(client, ...Object.values(pluginIndices(space)), familyStateIndex(family, space));
}

/** `deps` whose pass throws `crash` as soon as its `stopAfter`-th batch is durable: a crash between two batches. */
export function crashingAfter(deps: RunnerDeps, stopAfter: number, crash: Error): RunnerDeps {
  let batches = 0;
  return {
    ...deps,
    onBatchDone: () => {
      if (++batches === stopAfter) throw crash;
    },
  };
}

/**
 * Where the login family keeps its population context (server/detection/verdict/population_context.ts: the
 * organisation's networks, how many colleagues use each country and AS) between passes and across restarts:
 * `buffalogs-context-<space>`, one document per partition, id `population:<partition>-of-<partitions>`.
 *
 * Per partition, read as one: partitions hash users apart, so each learns only its own users' logins, and they may
 * run at the same time on different Kibana nodes. Each therefore writes only its own document (no two writers ever
 * meet on one), and a pass starts from the union of every partition's document of the space (the counts are sets of
 * user hashes, so a union counts a user once however many documents hold them). The organisation's networks are then
 * learned from all its users, as with one partition, and a changed partition layout keeps what the old one learned.
 *
 * Written after the batch's states (durability order, server/runner/family_pass.ts) and only when something was
 * learned; a lost write costs the batch's learning, never an alert. Bounded: see SNAPSHOT_BOUNDS.
 */
import { PopulationContext } from '../../detection';
import type { PopulationOptions } from '../../detection/verdict/population_context';
import { bulkWrite, contextIndex, type EsClient, type RetryPolicy } from '../../storage';

export const POPULATION_DOC_KIND = 'population';
/** More partition documents than any layout has (a stale layout's documents stay until the index is deleted). */
const MAX_DOCUMENTS = 1_000;

export interface PopulationStore {
  /**
   * The space's context as every partition left it (empty when nothing was stored yet), judging with the settings'
   * `verdict.orgMinUsersPerPrefix` and `verdict.carrierMobileShare` (the stored counts do not depend on them).
   */
  load(options: PopulationOptions, signal?: AbortSignal): Promise<PopulationContext>;
  /** Stores this partition's view, if it learned something since it was loaded or last saved. */
  save(context: PopulationContext, now: number, signal?: AbortSignal): Promise<boolean>;
}

export interface PopulationStoreOptions {
  client: EsClient;
  space: string;
  partition: number;
  partitions: number;
  retry: RetryPolicy;
  logger: { warn(message: string): void };
}

/**
 * The space's stored population documents as they are (untrusted: PopulationContext.restore judges them), newest
 * first, with their ids and the newest `updated_at`; none when nothing was stored yet (no index). A pass restores
 * them with `load`; GET /api/buffalogs/learned_context summarises them.
 */
export async function readPopulationSnapshots(
  client: EsClient,
  space: string,
  signal?: AbortSignal,
): Promise<{ snapshots: unknown[]; ids: Array<string | undefined>; updatedAt?: string }> {
  let hits: Array<{ _id?: string; _source?: unknown }>;
  try {
    const response = await client.search<{ snapshot?: unknown }>(
      {
        index: contextIndex(space),
        size: MAX_DOCUMENTS,
        query: { term: { kind: POPULATION_DOC_KIND } },
        sort: [{ updated_at: { order: 'desc', unmapped_type: 'date' } }],
      },
      { signal },
    );
    hits = response.hits.hits;
  } catch (error) {
    // Nothing stored yet in this space: the first pass learns from nothing.
    if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return { snapshots: [], ids: [] };
    throw error;
  }
  const snapshots: unknown[] = [];
  let updatedAt: string | undefined;
  for (const hit of hits) {
    const source = hit._source as { snapshot?: unknown; updated_at?: unknown } | undefined;
    snapshots.push(source?.snapshot);
    const at = source?.updated_at;
    if (updatedAt === undefined && typeof at === 'string' && Number.isFinite(Date.parse(at)))
      updatedAt = new Date(Date.parse(at)).toISOString();
  }
  return { snapshots, ids: hits.map((h) => h._id), ...(updatedAt ? { updatedAt } : {}) };
}

export const populationDocId = (partition: number, partitions: number): string =>
  `${POPULATION_DOC_KIND}:${partition}-of-${partitions}`;

export function populationStore(options: PopulationStoreOptions): PopulationStore {
  const { client, retry, logger } = options;
  const index = contextIndex(options.space);
  return {
    async load(settings, signal) {
      const context = new PopulationContext({
        orgMinUsersPerPrefix: settings.orgMinUsersPerPrefix,
        carrierMobileShare: settings.carrierMobileShare,
      });
      const { snapshots, ids } = await readPopulationSnapshots(client, options.space, signal);
      snapshots.forEach((snapshot, i) => {
        const { used, skipped } = context.restore(snapshot);
        if (!used) logger.warn(`${index}/${ids[i]}: not a population context this version can read; ignored`);
        else if (skipped) logger.warn(`${index}/${ids[i]}: ${skipped} malformed part(s) of the population ignored`);
      });
      context.changed = false;
      return context;
    },
    async save(context, now, signal) {
      if (!context.changed) return false;
      const doc = {
        kind: POPULATION_DOC_KIND,
        partition: options.partition,
        partitions: options.partitions,
        updated_at: new Date(now).toISOString(),
        snapshot: context.snapshot(),
      };
      const id = populationDocId(options.partition, options.partitions);
      await bulkWrite(client, [{ action: 'index', index, id, doc }], retry, signal);
      return true;
    },
  };
}

/**
 * The reader of a family whose entities are the plain values of one field (`source.ip`, `host.name`, any identifier):
 * listed with a composite aggregation on the field, a batch read with a `terms` query on it, each hit normalised by
 * the family. Keys are judged as stored (no spelling variants, unlike user names: server/families/login/reader.ts).
 */
import { readSliced, windowKeys, type Hit, type Query } from '../ingest';
import type { EntityReader } from '../families/family';

export type Normalised<E> = { ok: true; event: E } | { ok: false; code: string };

export function keyedReader<E>(options: {
  field: string;
  /** `_source` fields a hit needs. */
  sourceFields: readonly string[];
  normalize(hit: Hit): Normalised<E>;
}): EntityReader<E> {
  return {
    field: options.field,
    normalise: (key) => key,
    list: (pit, query, listing) => windowKeys(pit, query, options.field, listing),
    async read(pit, windowQuery, keys, _listed, read) {
      const query: Query = { bool: { filter: [windowQuery, { terms: { [options.field]: [...keys] } }] } };
      const events: E[] = [];
      const rejected: Record<string, number> = {};
      let hits = 0;
      await readSliced(
        pit,
        query,
        { pageSize: read.pageSize, slices: read.slices, sourceFields: options.sourceFields, signal: read.signal },
        (page) => {
          hits += page.length;
          for (let i = 0; i < page.length; i++) {
            const hit = page[i];
            // Let each hit go once normalised, as the login reader does (server/ingest/batch_events.ts).
            page[i] = undefined as never;
            const normalised = options.normalize(hit);
            if (normalised.ok) events.push(normalised.event);
            else rejected[normalised.code] = (rejected[normalised.code] ?? 0) + 1;
          }
        },
      );
      return { entities: [...new Set(keys)], events, hits, rejected };
    },
  };
}

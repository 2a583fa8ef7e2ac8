/**
 * The login family's reader when `identity` is configured: entities are canonical identities (one person across
 * sources), listed from every person field the source table names (server/ingest/window_identities.ts) and read by
 * their stored spellings. Without `identity` the family keeps the reader keyed by stored `user.name` (reader.ts),
 * whose keys, states and alert ids are unchanged. A plain `user.name` spelling's identity is its trimmed, lower-cased
 * form, the same key that reader judges under, so turning identity on keeps those users' states.
 */
import type { LoginEvent } from '../../detection';
import type { Enricher } from '../../enrichment';
import type { EventTypeRule } from '../../events';
import { identitySpellingsQuery, readBatchEvents, windowIdentities, type WindowIdentity } from '../../ingest';
import type { IdentityConfig } from '../../sources';
import type { EntityReader } from '../family';

export function identityReader(options: {
  eventType: EventTypeRule;
  enricher: Enricher;
  identity: IdentityConfig;
}): EntityReader<LoginEvent> {
  let people: Map<string, WindowIdentity> | undefined;
  return {
    field: 'user.name',
    // Keys are identities already.
    normalise: (key) => key,
    async prepare(pit, query, listing) {
      const listed = await windowIdentities(pit, query, options.identity, listing);
      people = new Map(listed.map((p) => [p.identity, p]));
    },
    async *list(_pit, _query, listing) {
      if (!people) throw new Error('identityReader.list before prepare');
      for (const person of people.values())
        if (listing.after === undefined || person.identity > listing.after)
          yield { key: person.identity, events: person.events };
    },
    async read(pit, query, keys, _listed, read) {
      if (!people) throw new Error('identityReader.read before prepare');
      const batch = keys.flatMap((key) => people?.get(key) ?? []);
      const result = batch.length
        ? await readBatchEvents(pit, query, [], {
            ...read,
            eventType: options.eventType,
            identity: options.identity,
            enricher: options.enricher,
            byIdentity: { filter: identitySpellingsQuery(batch), identities: new Set(keys) },
          })
        : { events: [], hits: 0, pages: 0, rejected: {} };
      return {
        entities: batch.map((p) => p.identity),
        events: result.events,
        hits: result.hits,
        rejected: result.rejected as Record<string, number>,
      };
    },
  };
}

/**
 * How the login family lists and reads its entities: users, keyed by `user.name` as stored, judged under the
 * normalised name. One user may be stored under several spellings (`JSmith`, `jsmith`), which must be judged
 * together in one batch: the window's names are first listed into spelling candidates, and each batch takes a user
 * only in the batch holding the user's first spelling (server/ingest/user_variants.ts).
 */
import type { EventTypeRule } from '../../events';
import type { Enricher } from '../../enrichment';
import type { LoginEvent } from '../../detection';
import {
  normaliseUserName,
  ownedUsers,
  readBatchEvents,
  spellingCandidates,
  windowUserNames,
  type SpellingCandidates,
} from '../../ingest';
import type { IdentityConfig } from '../../sources';
import type { EntityReader } from '../family';

export function loginReader(options: {
  eventType: EventTypeRule;
  enricher: Enricher;
  identity?: IdentityConfig;
}): EntityReader<LoginEvent> {
  let candidates: SpellingCandidates | undefined;
  return {
    field: 'user.name',
    normalise: normaliseUserName,
    async prepare(pit, query, listing) {
      candidates = await spellingCandidates(pit, query, { pageSize: listing.pageSize, signal: listing.signal });
    },
    async *list(pit, query, listing) {
      for await (const user of windowUserNames(pit, query, listing)) yield { key: user.name, events: user.events };
    },
    async read(pit, query, names, _listed, read) {
      if (!candidates) throw new Error('loginReader.read before prepare');
      const owned = await ownedUsers(pit, query, names, { pageSize: read.pageSize, signal: read.signal, candidates });
      const storedNames = [...owned.users.values()].flat();
      const batch = storedNames.length
        ? await readBatchEvents(pit, query, storedNames, {
            ...read,
            eventType: options.eventType,
            identity: options.identity,
            enricher: options.enricher,
          })
        : { events: [], hits: 0, pages: 0, rejected: {} };
      return {
        entities: [...owned.users.keys()],
        events: batch.events,
        hits: batch.hits,
        rejected: batch.rejected as Record<string, number>,
      };
    },
  };
}

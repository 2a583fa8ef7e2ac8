/**
 * For the families' tests of their stored states: a client whose `mget` answers with one entity's state document as
 * a keyed state store (./keyed_state_store.ts) wrote it, with `state` as given (hand-edited, or from another writer),
 * so a test reads it through the family's real load path.
 */
import type { PassContext } from '../families/family';
import { DEFAULT_RETRY_POLICY, type EsClient } from '../storage';

export function clientWithStoredState(family: string, field: string, key: string, state: unknown): EsClient {
  return clientWithStoredStates(family, field, new Map([[key, state]]));
}

/** The same for several entities (keys short enough to be their documents' ids); the others have none. */
export function clientWithStoredStates(family: string, field: string, states: ReadonlyMap<string, unknown>): EsClient {
  const source = (key: string) => ({
    family,
    entity: { field, value: key },
    version: 1,
    updated_at: '2024-01-01T00:00:00.000Z',
    state: states.get(key),
  });
  return {
    // A JSON round trip, as a stored document comes back: NaN and Infinity are null, `__proto__` an own key.
    mget: async ({ ids }: { ids: string[] }) => ({
      docs: ids.map((id) =>
        states.has(id)
          ? { _id: id, found: true, _seq_no: 1, _primary_term: 1, _source: JSON.parse(JSON.stringify(source(id))) }
          : { _id: id, found: false },
      ),
    }),
  } as unknown as EsClient;
}

/** What a family's `open` needs, around that client. */
export function passContext<Settings>(client: EsClient, settings: Settings): PassContext<Settings> {
  const quiet = () => undefined;
  return {
    client,
    space: 'default',
    partition: 0,
    partitions: 1,
    settings,
    retry: DEFAULT_RETRY_POLICY,
    logger: { info: quiet, warn: quiet, debug: quiet },
  };
}

/**
 * One pass of a credential family (by source: ./family.ts; by account: ../credential_user/family.ts): both read the
 * same events through ./events.ts, keyed by one plain field, and keep one keyed state per entity; they differ only in
 * the field, the state they keep and the core that judges it.
 */
import { keyedReader } from '../../runner/keyed_reader';
import { keyedStateStore, type KeyedStates } from '../../runner/keyed_state_store';
import { familyStateIndex } from '../../storage';
import type { DetectOutput, FamilyPass, PassContext } from '../family';
import { CREDENTIAL_SOURCE_FIELDS, credentialQuery, normaliseCredential, type CredentialEvent } from './events';

export interface CredentialPassOptions<Settings, S> {
  family: string;
  /** The ECS field entities are keyed by. */
  field: string;
  /** The stored state as the core can use it (unusable entries dropped), undefined when unusable as a whole. */
  read(value: unknown): S | undefined;
  judge(
    events: readonly CredentialEvent[],
    states: ReadonlyMap<string, S>,
    settings: NoInfer<Settings>,
    now: number,
  ): DetectOutput<S>;
}

/** The pass; undefined when no source indices are configured. */
export function openCredentialPass<Settings extends { indices: string[] }, S>(
  { client, space, settings, retry }: PassContext<Settings>,
  { family, field, read, judge }: CredentialPassOptions<Settings, S>,
): FamilyPass<CredentialEvent, S, KeyedStates<S>> | undefined {
  if (settings.indices.length === 0) return undefined;
  return {
    indices: settings.indices,
    query: (window) => credentialQuery(field, window),
    reader: keyedReader({
      field,
      sourceFields: CREDENTIAL_SOURCE_FIELDS,
      normalize: (hit) => normaliseCredential(hit._source, hit._index, hit._id),
    }),
    states: keyedStateStore<S>(client, familyStateIndex(family, space), { family, field, version: 1, read, retry }),
    detect: (events, loaded, now) => judge(events, loaded.states, settings, now),
  };
}

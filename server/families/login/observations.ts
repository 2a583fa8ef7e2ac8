/**
 * The login family's observations as stored documents (`buffalogs-observations-<space>`, and the CLI's
 * `--observations` file): each with a deterministic id, so a batch redone after an interruption finds its
 * observations already stored instead of writing them twice.
 */
import { createHash } from 'node:crypto';
import type { Observation } from '../../detection';

/** sha1 of user, index and event id: one observation per judged login (a login is judged once per user). */
export function observationId(observation: Observation): string {
  return createHash('sha1')
    .update(`${observation.user.name}\u0000observation\u0000${observation.event.index}\u0000${observation.event.id}`)
    .digest('hex');
}

export function observationRecords(observations: readonly Observation[]): Array<{ id: string; document: Observation }> {
  return observations.map((document) => ({ id: observationId(document), document }));
}

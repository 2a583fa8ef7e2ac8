/**
 * A login whose signals stay below the alerting threshold: not an open alert, but kept — the user's page and the
 * alert evidence of a later login can show it, statistics count it (issue 12). Returned by `detect` beside the
 * alerts; writing it to an observations index and the CLI's file is the caller's.
 */
import type { ObservationDocument, VerdictEvidence } from '../../../common/alert_document';
import { ANY_NUMBER } from '../../../common/number_layout';
import type { LoginEvent } from '../types';

export type Observation = ObservationDocument;

export function observationOf(event: LoginEvent, verdict: VerdictEvidence): Observation {
  const observation: Observation = {
    '@timestamp': new Date(event.timestamp).toISOString(),
    event: { kind: 'signal', id: event.id, index: event.index },
    user: { name: event.user },
    score: ANY_NUMBER, // overwritten below (common/number_layout.ts)
    threshold: verdict.threshold,
    signals: verdict.signals,
    why: verdict.why,
  };
  observation.score = verdict.score;
  return observation;
}

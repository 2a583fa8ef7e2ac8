/**
 * Runs a credential family's replay over a labeled month with its default thresholds — the pure core the pass runs,
 * on the same documents the login bench reads: the source-keyed family (server/families/credential/: stuffing,
 * spray) or the user-keyed one (server/families/credential_user/: brute force, distributed brute force, MFA fatigue).
 */
import type { AlertDocument, FamilyAlertDocument } from '../../common/alert_document';
import { credentialFamily } from '../../server/families/credential/family';
import { credentialUserFamily } from '../../server/families/credential_user/family';

/** What the bench needs of a family: its replay and its example (default) settings. */
interface Replayable<S> {
  replay(documents: ReadonlyArray<Record<string, unknown>>, settings: S, now: number): FamilyAlertDocument[];
  exampleSettings(): S;
}

function runReplay<S>(family: Replayable<S>, documents: readonly unknown[]) {
  const t0 = process.hrtime.bigint();
  const alerts = family.replay(
    documents as ReadonlyArray<Record<string, unknown>>,
    family.exampleSettings(),
    Date.now(),
  );
  // Scored like the login family's alerts: by rule, trigger event and `filtered` (score.ts reads nothing else of them).
  return { alerts: alerts as unknown as AlertDocument[], seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

export const runCredentialFamily = (documents: readonly unknown[]) => runReplay(credentialFamily, documents);
export const runCredentialUserFamily = (documents: readonly unknown[]) => runReplay(credentialUserFamily, documents);

/**
 * Runs the credential family's replay (server/families/credential/) over a labeled month with its default
 * thresholds — the pure core the pass runs, on the same documents the login bench reads.
 */
import type { AlertDocument } from '../../common/alert_document';
import { credentialFamily } from '../../server/families/credential/family';

export function runCredentialFamily(documents: readonly unknown[]): { alerts: AlertDocument[]; seconds: number } {
  const t0 = process.hrtime.bigint();
  const alerts = credentialFamily.replay(
    documents as ReadonlyArray<Record<string, unknown>>,
    credentialFamily.exampleSettings(),
    Date.now(),
  );
  // Scored like the login family's alerts: by rule, trigger event and `filtered` (score.ts reads nothing else of them).
  return { alerts: alerts as unknown as AlertDocument[], seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

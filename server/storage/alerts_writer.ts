/**
 * Alerts are written once: bulk `create` with the alert's deterministic id, so running a window again (a retry, a
 * resumed interruption, a manual re-run) finds its alerts already there (409) instead of duplicating them. The
 * exceptions are the alerts their family rewrites in part (`AlertUpdate`, given by the family: storage knows none).
 *
 * One alert must not stop the others: each is first fitted to the alerts mapping (fit_mapping.ts), and one that
 * Elasticsearch still refuses for its content goes to the dead-letter index (dead_letters.ts) while the rest are
 * written and the pass goes on. Refusals that concern the index or the cluster (closed, forbidden, overloaded) still
 * fail the write, so the pass stops before its state and checkpoint.
 */
import type { FamilyAlertDocument } from '../../common/alert_document';
import { bulkWrite, type BulkDoc, type BulkResult, type StoredVersion } from './bulk_writer';
import { deadLetterDocs, type DeadLetterContext } from './dead_letters';
import type { EsClient } from './es_client';
import { fitToMapping, type UnmappedField } from './fit_mapping';
import type { RetryPolicy } from './retry';
import { ALERTS_TEMPLATE } from './templates';

const ALERT_PROPERTIES = (ALERTS_TEMPLATE.body.template.mappings as { properties: Record<string, never> }).properties;

export interface AlertsWritten extends BulkResult {
  /** Alerts refused for their content and kept as dead letters. */
  deadLettered: number;
  /** Alerts written with some event values moved to `buffalogs.unmapped_fields`. */
  reshaped: number;
}

/** The alert as the alerts mapping can take it (the same object when nothing needed to move). */
export function fitAlert<A extends FamilyAlertDocument>(alert: A): A {
  const unmapped: UnmappedField[] = [];
  const fitted = fitToMapping(alert as unknown as Record<string, unknown>, ALERT_PROPERTIES, unmapped) as unknown as A;
  if (unmapped.length === 0) return fitted;
  return { ...fitted, buffalogs: { ...fitted.buffalogs, unmapped_fields: unmapped } };
}

/**
 * The detector ids an alert stands for besides its rule, as its family reads them from its own evidence (e.g. a login
 * verdict's signals), written as `buffalogs.signal_ids` so the alerts mapping indexes them (see templates.ts): the
 * alerts list's detector filter and the map find a verdict by them. Undefined for an alert that has none. The family
 * gives it (its `alertSignalIds`), because storage knows no family's evidence.
 */
export type AlertSignalIds = (alert: FamilyAlertDocument) => string[] | undefined;

/**
 * The part of an alert its family rewrites when it raises the alert again under the same id, as a partial document;
 * undefined for an alert written once (`create`): e.g. the login family's incident, as later logins join it, or the
 * credential family's attack, as it goes on. The family decides (its `alertUpdate`), not the evidence's shape: an
 * analysis, or a family that gives none, has every alert created, whatever it looks like.
 *
 * Such an alert is written as an `update` whose partial document holds only what detection owns, never the triage
 * (status, tags, note), with the whole alert as `upsert` for the first write. A batch redone after a crash sends the
 * same update again: Elasticsearch answers `noop`, counted as existing.
 */
export type AlertUpdate = (alert: FamilyAlertDocument) => Record<string, unknown> | undefined;

/**
 * `guards`: the stored version of each incident alert the batch's states said was open when they were loaded (the
 * login family's state store). If an analyst triaged (or deleted) it since, the guarded update meets a 409 (404)
 * and nothing of this batch's states or checkpoint is written (IncidentTriagedMeanwhile): the next pass judges the
 * batch again and, the alert now being closed, its new logins open a new incident instead of vanishing into it.
 */
export class IncidentTriagedMeanwhile extends Error {
  constructor(readonly ids: string[]) {
    super(
      `incident alert(s) were triaged or deleted while their new logins were judged (e.g. ${ids[0]}); ` +
        'the batch will be judged again by the next pass',
    );
    this.name = 'IncidentTriagedMeanwhile';
  }
}

export async function writeAlerts(
  client: EsClient,
  index: string,
  alerts: readonly FamilyAlertDocument[],
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  options: Omit<DeadLetterContext, 'now'> & {
    now: number;
    guards?: ReadonlyMap<string, StoredVersion>;
    /** The alerts' family's rule; absent, every alert is created. */
    alertUpdate?: AlertUpdate;
    /** The alerts' family's signal ids; absent, no alert has `buffalogs.signal_ids` written. */
    alertSignalIds?: AlertSignalIds;
  },
): Promise<AlertsWritten> {
  const { guards, alertUpdate, alertSignalIds, ...deadLetter } = options;
  let reshaped = 0;
  const docs = alerts.map((alert): BulkDoc => {
    const fitted = fitAlert(alert);
    if (fitted !== alert) reshaped++;
    const id = alert.buffalogs.alert_id;
    // Added after the fitting, last among the alert's buffalogs fields, as they have always been written.
    const signalIds = alertSignalIds?.(fitted);
    const doc = signalIds ? { ...fitted, buffalogs: { ...fitted.buffalogs, signal_ids: signalIds } } : fitted;
    // Asked of the alert as written (with its signal ids), so that an update rewrites them too.
    const update = alertUpdate?.(doc);
    if (update === undefined) return { action: 'create', index, id, doc };
    const guard = guards?.get(id);
    // Stored when the batch was loaded: only over that version (Elasticsearch takes no upsert with a guard).
    if (guard) return { action: 'update', index, id, doc: update, guard };
    return { action: 'update', index, id, doc: update, upsert: doc };
  });
  const result = await bulkWrite(client, docs, policy, signal, { keepRefused: true });
  // Only a guarded update can miss its document (the others upsert): deleted since the batch was loaded.
  if (result.conflicts.length > 0 || result.missing > 0)
    throw new IncidentTriagedMeanwhile(
      result.conflicts.length ? result.conflicts.map((d) => d.id) : [...(guards?.keys() ?? [])],
    );
  if (result.refused.length > 0) {
    // Durable before the caller moves on: a letter lost here would be an alert lost without a trace.
    const letters = await bulkWrite(client, deadLetterDocs(result.refused, deadLetter), policy, signal);
    result.retries += letters.retries;
  }
  return { ...result, deadLettered: result.refused.length, reshaped };
}

/**
 * Writing triage to alerts and teaching a user's baseline in Elasticsearch.
 *
 * Triage is a partial-document update per alert (`bulk` `update` with `doc`, never a script): status, tags and note
 * replace the previous values, and `buffalogs.triage` records who and when. The detector only ever `create`s alerts,
 * so it never overwrites an analyst's triage.
 *
 * The user's state is also written by the detection task. Teaching it is read–modify–write guarded by
 * `if_seq_no`/`if_primary_term`: if the task (or another analyst) wrote the state in between, Elasticsearch answers
 * 409 and we read again and re-apply, so neither side's change is lost on our side.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { AlertDocument } from '../../common/alert_document';
import type { TriageInfo, TriageRequest, TriageResponse } from '../../common/api';
import { newUserState, readUserState } from '../detection/user_state';
import type { EsClient } from '../storage/es_client';
import { stateDocId, toStateDocument } from '../storage/user_state_store';
import { RouteError, esStatus } from '../routes/errors';
import { teachBaseline, type Teaching, type TeachingBounds } from './teach_baseline';

/** The partial document of a triage update. `note: ''` clears the note. */
export function triagePatch(req: Omit<TriageRequest, 'ids'>, info: TriageInfo): { buffalogs: Record<string, unknown> } {
  const buffalogs: Record<string, unknown> = { triage: info };
  if (req.status !== undefined) buffalogs.status = req.status;
  if (req.tags !== undefined) buffalogs.tags = [...new Set(req.tags)];
  if (req.note !== undefined) buffalogs.note = req.note === '' ? null : req.note;
  return { buffalogs };
}

export function triageBulkOperations(
  index: string,
  ids: string[],
  patch: object,
): estypes.BulkOperationContainer[] | object[] {
  const ops: object[] = [];
  // retry_on_conflict: two analysts triaging the same alert both succeed, the later one wins.
  for (const id of new Set(ids)) ops.push({ update: { _index: index, _id: id, retry_on_conflict: 3 } }, { doc: patch });
  return ops;
}

export async function applyTriage(
  client: EsClient,
  index: string,
  req: TriageRequest,
  info: TriageInfo,
): Promise<TriageResponse> {
  const ids = [...new Set(req.ids)];
  const result = await client.bulk({
    operations: triageBulkOperations(index, ids, triagePatch(req, info)) as estypes.BulkOperationContainer[],
    // The analyst's next list shows the change.
    refresh: 'wait_for',
  });
  const out: TriageResponse = { updated: [], not_found: [], failed: [], triage: info };
  result.items.forEach((item, i) => {
    const r = item.update;
    const id = ids[i];
    if (!r || !r.error) out.updated.push(id);
    else if (r.status === 404) out.not_found.push(id);
    else out.failed.push({ id, reason: `${r.error.type}: ${r.error.reason ?? ''}`.trim() });
  });
  return out;
}

export async function getAlert(client: EsClient, index: string, id: string): Promise<AlertDocument> {
  try {
    const doc = await client.get<AlertDocument>({ index, id });
    return doc._source as AlertDocument;
  } catch (error) {
    if (esStatus(error) === 404) throw new RouteError(404, `No alert [${id}] in ${index}`);
    throw error;
  }
}

const MAX_STATE_RETRIES = 8;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Teaches `user`'s stored state, retrying on a concurrent write. Returns how many retries it took.
 * A user without state yet (the alert came from another space's task, or the state was deleted) gets a fresh one.
 */
export async function teachUserState(
  client: EsClient,
  stateIndex: string,
  user: string,
  teaching: Teaching,
  at: number,
  bounds: TeachingBounds,
  now: () => number = Date.now,
): Promise<number> {
  const id = stateDocId(user);
  for (let attempt = 0; ; attempt++) {
    let found: estypes.GetGetResult<{ state?: unknown; risk_now?: unknown }> | undefined;
    try {
      found = await client.get<{ state?: unknown; risk_now?: unknown }>({ index: stateIndex, id });
    } catch (error) {
      if (esStatus(error) !== 404) throw error;
    }
    const stored = readUserState(found?._source?.state);
    if (found && !stored) {
      throw new RouteError(
        409,
        `The stored state of [${user}] was written by another version of BuffaLogs and cannot be updated by this one`,
      );
    }
    const base = stored ?? newUserState(user, now());
    const document = toStateDocument(teachBaseline(base, teaching, at, bounds), now(), found?._source?.risk_now);
    try {
      await client.index({
        index: stateIndex,
        id,
        document,
        ...(found
          ? { if_seq_no: found._seq_no, if_primary_term: found._primary_term }
          : { op_type: 'create' as const }),
      });
      return attempt;
    } catch (error) {
      if (esStatus(error) !== 409 || attempt >= MAX_STATE_RETRIES) {
        if (esStatus(error) === 409)
          throw new RouteError(409, `The state of [${user}] kept changing while it was being updated; try again`);
        throw error;
      }
      // The detector wrote this user meanwhile: back off a little (with jitter) and re-apply on its version.
      await pause(20 * 2 ** Math.min(attempt, 5) * (0.5 + Math.random() / 2));
    }
  }
}

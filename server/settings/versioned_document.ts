/**
 * A space's versioned document — the detection settings (settings_store.ts) and the sequence rules
 * (families/sequence/rules_store.ts): the current copy (`_id: <currentId>`) and one history copy per version
 * (`<currentId>@v<n>`). A save names the version it read; it is refused with a 409 when someone saved in between,
 * whether before it read the current copy (`expectedVersion`) or during its own write (optimistic concurrency on the
 * current copy's `_seq_no`), so two analysts' edits never silently overwrite each other.
 */
import type { EsClient } from '../storage/es_client';
import { RouteError, esStatus } from '../routes/errors';

export interface VersionedDocument {
  kind: 'current' | 'history';
  version: number;
}

/** What was read of the current copy: version 0 when nothing was saved yet. */
export interface VersionRead {
  version: number;
  seqNo?: number;
  primaryTerm?: number;
}

export const versionHistoryId = (currentId: string, version: number): string => `${currentId}@v${version}`;

/** 409 when the document changed since the version the caller read (`what`: "settings", "sequence rules"). */
export function assertExpectedVersion(what: string, expectedVersion: number | undefined, current: number): void {
  if (expectedVersion === undefined || expectedVersion === current) return;
  throw new RouteError(
    409,
    `The ${what} changed since version ${expectedVersion}: they are at version ${current}. Reload them and apply your change again.`,
    { current_version: current },
  );
}

/**
 * Writes `next` (version `read.version + 1`) over the current copy read as `read`, and its history copy. First
 * repairs the history copy of the version read (`readDocument`), which a previous save may have failed to write.
 */
export async function writeNextVersion<D extends VersionedDocument>(
  client: EsClient,
  what: string,
  target: { index: string; currentId: string },
  read: VersionRead & { document: D },
  next: D,
): Promise<Pick<VersionRead, 'seqNo' | 'primaryTerm'>> {
  const { index, currentId } = target;
  if (read.version > 0) {
    await client.index({
      index,
      id: versionHistoryId(currentId, read.version),
      document: { ...read.document, kind: 'history' },
    });
  }
  try {
    // The index comes from its template (server/storage/templates.ts) on a first write.
    const written = await client.index({
      index,
      id: currentId,
      document: next,
      refresh: 'wait_for',
      ...(read.version === 0
        ? { op_type: 'create' as const }
        : { if_seq_no: read.seqNo, if_primary_term: read.primaryTerm }),
    });
    await client.index({
      index,
      id: versionHistoryId(currentId, next.version),
      document: { ...next, kind: 'history' },
      refresh: 'wait_for',
    });
    return { seqNo: written._seq_no, primaryTerm: written._primary_term };
  } catch (error) {
    if (esStatus(error) === 409) {
      throw new RouteError(
        409,
        `Someone else saved the ${what} at the same moment. Reload them and apply your change again.`,
      );
    }
    throw error;
  }
}

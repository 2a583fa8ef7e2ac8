/**
 * A saved analysis runs in a Task Manager task with BuffaLogs' own Elasticsearch identity (server/task/task_client.ts:
 * `buffalogs.elasticsearch` credentials, else Kibana's internal user), not as the analyst who saved it, and writes what
 * it read (entity keys, feature values, top values) to results every reader of the app sees. So an analyst may only
 * name indices they can read themselves: otherwise the feature privilege alone would let them read any index the task
 * identity can (a confused deputy, as Kibana's alerting avoids by running each rule with its creator's API key).
 *
 * Asked of Elasticsearch with the analyst's own client (`_has_privileges`, `read` on every name of the pattern,
 * restricted indices included so that a pattern such as `*` must be readable whole). A cluster without security
 * lets everyone read everything: nothing to check. Exclusions (`-logs-x`) only narrow a pattern and are not asked about.
 *
 * A name of another cluster (`<cluster>:<index>`, cross-cluster search) is asked about too, but `_has_privileges`
 * answers for this cluster's roles only (elastic/elasticsearch#67798): it is granted only to a role that reads the
 * name as written here (such as `*`), never by the analyst's `remote_indices` or the remote cluster's roles. So an
 * analyst with only remote read privileges is refused, and told why, rather than the run reading for them what no one
 * could check they may read (README: "Sources on other clusters").
 */
import { isRemoteIndexName } from '../ingest/remote_clusters';
import { securityUnavailable } from '../pass/privileges';
import { RouteError } from '../routes/errors';
import type { EsClient } from '../storage/es_client';

/** The names of the pattern the analyst cannot read (empty: every one readable, or no security on the cluster). */
export async function unreadableIndices(
  client: EsClient,
  indexPattern: string,
  signal?: AbortSignal,
): Promise<string[]> {
  const names = [
    ...new Set(
      indexPattern
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '' && !n.startsWith('-')),
    ),
  ];
  if (names.length === 0) return [];
  let answer;
  try {
    answer = await client.security.hasPrivileges(
      { index: [{ names, privileges: ['read'], allow_restricted_indices: true }] },
      { signal },
    );
  } catch (error) {
    if (securityUnavailable(error)) return [];
    throw error;
  }
  if (answer.has_all_requested) return [];
  const byIndex = (answer.index ?? {}) as Record<string, Record<string, boolean>>;
  const denied = names.filter((n) => byIndex[n]?.read !== true);
  // Elasticsearch said not everything is granted: never answer "nothing missing" then.
  return denied.length > 0 ? denied : names;
}

/**
 * For the routes that save or run an analysis: the analyst must be able to read every index it names, else a 403
 * naming what they cannot read.
 */
export async function assertReadable(client: EsClient, indexPattern: string | undefined): Promise<void> {
  if (indexPattern === undefined) return;
  const denied = await unreadableIndices(client, indexPattern);
  if (denied.length === 0) return;
  const names = (list: string[]) => list.map((n) => `"${n}"`).join(', ');
  const remote = denied.filter(isRemoteIndexName);
  const local = denied.filter((n) => !isRemoteIndexName(n));
  throw new RouteError(
    403,
    [
      local.length > 0 ? `You cannot read ${names(local)}.` : '',
      remote.length > 0
        ? `Elasticsearch cannot confirm that you may read ${names(remote)}: its privilege check answers for this ` +
          "cluster's roles only, not for your remote_indices privileges or another cluster's roles; a remote index " +
          'may be named only by a user whose role here reads that name as written (such as "*").'
        : '',
      "An analysis may only name indices you can read yourself (it runs with BuffaLogs' own Elasticsearch credentials).",
    ]
      .filter(Boolean)
      .join(' '),
    { indices: denied },
  );
}

/**
 * Before reading anything: can the credentials the pass runs with read the source indices and manage the plugin's
 * own? Kibana's own user (`kibana_system`) cannot read `logs-*` (facts §0.5), so a missing privilege is the most
 * likely misconfiguration; the error names each one missing so the fix is obvious. A cluster without security
 * (no such API, or security disabled) lets every request through, so there is nothing to check.
 *
 * Source patterns of another cluster (`<cluster>:<index>`, cross-cluster search) are left out: `_has_privileges`
 * answers for this cluster's roles only (elastic/elasticsearch#67798) and would judge `remote:logs-*` as a local name,
 * refusing a pass whose credentials may well read it. The remote cluster enforces its own privileges when the pass
 * reads (README: "Sources on other clusters").
 */
import { isRemoteIndexName } from '../ingest/remote_clusters';
import type { EsClient } from '../storage';
import { pluginIndices } from '../storage';

export const SOURCE_PRIVILEGES = ['read', 'view_index_metadata'];
export const PLUGIN_INDEX_PRIVILEGES = ['read', 'write', 'create_index', 'manage'];
export const CLUSTER_PRIVILEGES = ['manage_index_templates'];

export class MissingPrivilegesError extends Error {
  /** `username`: whom Elasticsearch authenticated the request as (its own answer, so the log cannot misname it). */
  constructor(
    readonly missing: string[],
    readonly username?: string,
  ) {
    super(
      `The Elasticsearch credentials BuffaLogs uses${username ? ` (Elasticsearch user "${username}")` : ''} lack: ${missing.join('; ')}. ` +
        'Configure buffalogs.elasticsearch.apiKey (or username/password) with these privileges.',
    );
    this.name = 'MissingPrivilegesError';
  }
}

type PrivilegeMap = Record<string, Record<string, boolean>>;

export async function checkPrivileges(
  client: EsClient,
  settings: { indices: readonly string[]; space: string },
  signal?: AbortSignal,
): Promise<'checked' | 'no_security'> {
  const own = Object.values(pluginIndices(settings.space));
  const sources = settings.indices.filter((name) => !isRemoteIndexName(name));
  let response;
  try {
    response = await client.security.hasPrivileges(
      {
        cluster: CLUSTER_PRIVILEGES,
        index: [
          ...(sources.length > 0
            ? [{ names: sources, privileges: SOURCE_PRIVILEGES, allow_restricted_indices: false }]
            : []),
          { names: own, privileges: PLUGIN_INDEX_PRIVILEGES, allow_restricted_indices: false },
        ],
      },
      { signal },
    );
  } catch (error) {
    if (securityUnavailable(error)) return 'no_security';
    throw error;
  }
  if (response.has_all_requested) return 'checked';
  const missing: string[] = [];
  for (const [privilege, granted] of Object.entries(response.cluster ?? {}))
    if (!granted) missing.push(`cluster privilege "${privilege}"`);
  for (const [index, privileges] of Object.entries((response.index ?? {}) as PrivilegeMap)) {
    const lacking = Object.entries(privileges)
      .filter(([, granted]) => !granted)
      .map(([p]) => p);
    if (lacking.length) missing.push(`${lacking.join(', ')} on "${index}"`);
  }
  throw new MissingPrivilegesError(missing.length ? missing : ['(unspecified privileges)'], response.username);
}

/** No security module (400/404/410: no such endpoint) or security disabled (a security_exception about it). */
export function securityUnavailable(error: unknown): boolean {
  const meta = (error as { meta?: { statusCode?: number; body?: unknown } }).meta;
  if (!meta) return false;
  const status = meta.statusCode;
  const text = JSON.stringify(meta.body ?? '');
  if (status === 404 || status === 410) return true;
  if (status === 400) return /no handler found/i.test(text);
  return /security must be explicitly enabled|security is not enabled/i.test(text);
}

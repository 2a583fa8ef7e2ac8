/**
 * What a handler needs to know about the request it serves: the Elasticsearch client to use, the indices of the
 * request's space, and who is calling.
 *
 * Routes read and write with `asCurrentUser`, never `asInternalUser`: Kibana's feature privileges decide who may call
 * a route, Elasticsearch's index privileges decide what that caller may see and change, and audit logs name the
 * analyst. (`kibana_system` could not read or write `buffalogs-*` anyway; it is not a system index.)
 *
 * A search over remote source patterns (`eu:logs-*`) that Elasticsearch answered without a cluster it could not reach
 * (skip_unavailable) throws an IncompleteReadError naming it (answered 502), rather than a view of part of the data
 * that looks whole.
 */
import type { ElasticsearchClient, KibanaRequest, RequestHandlerContext } from '@kbn/core/server';
import { describeClusters, incompleteClusters } from '../ingest/remote_clusters';
import { IncompleteReadError } from '../storage/complete_read';
import { InvalidSpaceIdError, KIBANA_SPACE_ID, pluginIndices, type PluginIndices } from '../storage/index_names';
import { badRequest } from './errors';
import type { ApiRouteDependencies as RouteDependencies } from '.';

export interface RequestScope {
  client: ElasticsearchClient;
  space: string;
  indices: PluginIndices;
}

export async function requestScope(
  context: RequestHandlerContext,
  request: KibanaRequest,
  deps: RouteDependencies,
): Promise<RequestScope> {
  const [{ elasticsearch }, start] = await Promise.all([context.core, deps.getStartServices()]);
  // Without the spaces plugin Kibana has one space: the one detection is configured to write (kibana.yml `space`).
  const requested = start.spaces ? start.spaces.spacesService.getSpaceId(request) : deps.defaultSpace;
  // An id Kibana's spaces plugin could not have produced is a bug upstream: refuse it, never serve another space.
  if (!KIBANA_SPACE_ID.test(requested)) throw badRequest(new InvalidSpaceIdError(requested).message);
  return {
    client: wholeClusters(elasticsearch.client.asCurrentUser),
    space: requested,
    indices: pluginIndices(requested),
  };
}

/** `client` whose `search` throws when the answer says a remote cluster was skipped or answered in part. */
export function wholeClusters(client: ElasticsearchClient): ElasticsearchClient {
  const search = async (...args: unknown[]): Promise<unknown> => {
    const response = await (client.search as (...a: unknown[]) => Promise<unknown>)(...args);
    // With `{ meta: true }` the client answers { body, statusCode, … }.
    const body = (response as { body?: { _clusters?: unknown } } | undefined)?.body ?? response;
    const missing = incompleteClusters((body as { _clusters?: unknown } | undefined)?._clusters);
    if (missing.length > 0)
      throw new IncompleteReadError(
        `${describeClusters(missing)}: Elasticsearch answered without its data (skip_unavailable)`,
      );
    return response;
  };
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'search') return search;
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The analyst's user name for the triage trail; 'unknown' when security is disabled or the request is anonymous. */
export async function currentUserName(request: KibanaRequest, deps: RouteDependencies): Promise<string> {
  const { security } = await deps.getStartServices();
  try {
    return security?.authc.getCurrentUser(request)?.username || 'unknown';
  } catch {
    // getCurrentUser throws on some versions when security is configured off; the trail is then anonymous.
    return 'unknown';
  }
}

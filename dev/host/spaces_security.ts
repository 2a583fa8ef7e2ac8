/**
 * The `spaces` and `security` plugins as far as a plugin sees them; real Kibana enables both by default.
 *
 * Spaces (x-pack/platform/plugins/shared/spaces/server/lib/request_interceptors/on_request_interceptor.ts and
 * spaces/common/lib/spaces_url_parser.ts `getSpaceIdFromPath`, regex `^\/s\/([a-z0-9_\-]+)`): an onPreRouting hook
 * sees `/s/<space>/…` (after the server base path), sets the request's base path to `<serverBasePath>/s/<space>`,
 * and rewrites the URL to the rest, so the same routes answer in every space. `spacesService.getSpaceId(request)`
 * reads the space back from the request's base path (`default` without one).
 *
 * Security (security/server/plugin.ts `authc.getCurrentUser`): the authenticated user of the request. The host has
 * one user, whose feature privileges the router checks (host.ts `privilege`).
 */
import type { KibanaRequest } from '@kbn/core/server';
import type { AuthenticatedUser, SecurityPluginStart } from '@kbn/security-plugin/server';
import type { SpacesPluginStart } from '@kbn/spaces-plugin/server';

export const DEFAULT_SPACE_ID = 'default';
const SPACE_CONTEXT = /^\/s\/([a-z0-9_-]+)/;

/** The onPreRouting rewrite: `/s/<space>/rest` → space prefix and `/rest`; other paths are left alone. */
export function splitSpacePath(pathname: string): { spacePrefix: string; pathname: string } {
  const match = SPACE_CONTEXT.exec(pathname);
  if (!match) return { spacePrefix: '', pathname };
  const spacePrefix = `/s/${match[1]}`;
  return { spacePrefix, pathname: pathname.slice(spacePrefix.length) || '/' };
}

/** Each request's base path (`http.basePath.get(request)`), set by the spaces rewrite, keyed by the request. */
const requestBasePaths = new WeakMap<object, string>();
export function setRequestBasePath(request: KibanaRequest, basePath: string): void {
  requestBasePaths.set(request, basePath);
}
export function getRequestBasePath(request: KibanaRequest, serverBasePath: string): string {
  return requestBasePaths.get(request) ?? serverBasePath;
}

export function spacesPluginStart(serverBasePath: string): SpacesPluginStart {
  const getSpaceId = (request: KibanaRequest) => {
    const basePath = getRequestBasePath(request, serverBasePath);
    const path =
      serverBasePath && basePath.startsWith(serverBasePath) ? basePath.slice(serverBasePath.length) : basePath;
    return SPACE_CONTEXT.exec(path)?.[1] ?? DEFAULT_SPACE_ID;
  };
  return {
    spacesService: { getSpaceId, isInDefaultSpace: (request) => getSpaceId(request) === DEFAULT_SPACE_ID },
  };
}

export function securityPluginStart(username: string): SecurityPluginStart {
  const user: AuthenticatedUser = {
    username,
    roles: ['buffalogs_analyst'],
    full_name: null,
    email: null,
    enabled: true,
    authentication_realm: { name: 'native1', type: 'native' },
    authentication_type: 'realm',
  };
  return { authc: { getCurrentUser: () => ({ ...user }) } };
}

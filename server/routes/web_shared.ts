/**
 * What the web traffic routes share (issue 17): the web family's settings from kibana.yml `buffalogs.web` (through
 * the family's own `settingsFrom`, so the routes read the indices detection reads), the time-range parameters, and
 * one registration for their GET handlers (versioned, public, `buffalogs-read`).
 */
import { schema, type ObjectType, type Props, type TypeOf } from '@kbn/config-schema';
import type { IKibanaResponse, KibanaRequest, RequestHandlerContext } from '@kbn/core/server';
import { API_VERSION } from '../../common/constants';
import { webSettingsFrom, type WebSettings } from '../families/web/settings';
import { API_PRIVILEGES } from '../features';
import type { BuffalogsRouter } from '../types';
import { guard } from './errors';
import { checkRange, isIpAddress, isoDate } from './params';
import type { ApiRouteDependencies } from '.';

const DAY_MS = 86_400_000;

export function webSettings(deps: ApiRouteDependencies): WebSettings {
  return deps.webSettings ? deps.webSettings() : webSettingsFrom(undefined);
}

/** A client address as `source.ip` holds it (IPv4 or IPv6); anything else cannot name one. */
export const ipParam = schema.string({
  minLength: 2,
  maxLength: 45,
  validate: (value) =>
    isIpAddress(value) ? undefined : `expected an IPv4 or IPv6 address, got [${value.slice(0, 45)}]`,
});

export const webRangeProps = { from: schema.maybe(isoDate), to: schema.maybe(isoDate) };

/** Without `from`/`to`, the last 7 days (as the alert charts). */
export function resolveRange(q: { from?: string; to?: string }): { from: string; to: string } {
  const to = q.to ?? new Date().toISOString();
  const from = q.from ?? new Date(Date.parse(to) - 7 * DAY_MS).toISOString();
  return { from, to };
}

export function registerWebGet<P extends Props, Q extends Props>(
  router: BuffalogsRouter,
  deps: ApiRouteDependencies,
  route: {
    path: string;
    summary: string;
    params?: ObjectType<P>;
    query: Q;
    handle: (
      input: { params: TypeOf<ObjectType<P>>; query: TypeOf<ObjectType<Q>> },
      context: RequestHandlerContext,
      request: KibanaRequest,
    ) => Promise<unknown>;
  },
): void {
  router.versioned
    .get({
      path: route.path,
      access: 'public',
      summary: route.summary,
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            ...(route.params ? { params: route.params } : {}),
            query: schema.object(route.query, { validate: checkRange as never }),
          },
        },
      },
      async (context, request, response): Promise<IKibanaResponse> =>
        guard(response, deps.logger, async () => {
          const body = await route.handle(
            { params: request.params as never, query: request.query as never },
            context,
            request,
          );
          return response.ok({ body: body as Record<string, unknown> });
        }),
    );
}

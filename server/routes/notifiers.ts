/**
 * The Settings page's Notifications section: the channels of kibana.yml `buffalogs.notifiers` (never their secrets),
 * one test message through a channel, and the space's delivery log with its failures.
 */
import { schema } from '@kbn/config-schema';
import {
  API_PATHS,
  type DeliveriesResponse,
  type NotifiersResponse,
  type NotifierTestResponse,
} from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { channelView, readDeliveryLog, sendTestMessage } from '../notifications';
import type { BuffalogsRouter } from '../types';
import { guard } from './errors';
import { currentUserName, requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

/** A `sending` record older than this is shown as `unknown`: no pass takes that long (notify task time-out). */
const STALE_AFTER_MS = 30 * 60_000;
const channelName = () => schema.string({ minLength: 1, maxLength: 64 });

export function registerNotifierRoutes(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  const channels = () => deps.notifiers?.() ?? [];
  /**
   * When each channel may take its next test message: tests keep to the channel's `ratePerMinute` as alerts do.
   * Without it a loop of tests (from any space: the channels are kibana.yml's) spent the chat service's own rate
   * limit and delayed the real alerts behind it. Per Kibana node, like the notify task's limiter.
   */
  const nextTestAt = new Map<string, number>();

  router.versioned
    .get({
      path: API_PATHS.notifiers,
      access: 'public',
      summary: 'Notification channels (without secrets)',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion({ version: API_VERSION, validate: false }, async (_context, _request, response) =>
      guard(response, deps.logger, async () => {
        const body: NotifiersResponse = { channels: channels().map(channelView) };
        return response.ok({ body });
      }),
    );

  router.versioned
    .post({
      path: API_PATHS.notifierTest,
      access: 'public',
      summary: 'Send a test message through a notification channel',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.all] } },
    })
    .addVersion(
      { version: API_VERSION, validate: { request: { params: schema.object({ name: channelName() }) } } },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { space } = await requestScope(context, request, deps);
          const channel = channels().find((c) => c.name === request.params.name);
          if (!channel) {
            return response.notFound({
              body: { message: `no notification channel is named "${request.params.name}"` },
            });
          }
          const now = Date.now();
          const wait = (nextTestAt.get(channel.name) ?? 0) - now;
          if (wait > 0) {
            const seconds = Math.ceil(wait / 1000);
            return response.customError({
              statusCode: 429,
              body: {
                message: `channel "${channel.name}" takes ${channel.ratePerMinute} message(s) a minute; try the test again in ${seconds} s`,
              },
              headers: { 'retry-after': String(seconds) },
            });
          }
          nextTestAt.set(channel.name, now + 60_000 / channel.ratePerMinute);
          const controller = new AbortController();
          request.events.aborted$.subscribe(() => controller.abort());
          const body: NotifierTestResponse = await sendTestMessage(channel, {
            space,
            publicBaseUrl: deps.publicBaseUrl,
            now: Date.now,
            signal: controller.signal,
            requestedBy: await currentUserName(request, deps),
          });
          if (!body.ok) deps.logger.warn(`test message to notifier ${channel.name} failed: ${body.error}`);
          return response.ok({ body });
        }),
    );

  router.versioned
    .get({
      path: API_PATHS.notifierDeliveries,
      access: 'public',
      summary: 'Notification delivery log',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            query: schema.object({
              channel: schema.maybe(channelName()),
              status: schema.maybe(
                schema.oneOf([schema.literal('sending'), schema.literal('sent'), schema.literal('failed')]),
              ),
              size: schema.number({
                min: 1,
                max: 500,
                defaultValue: 100,
                validate: (n) => (Number.isInteger(n) ? undefined : `expected an integer, got [${n}]`),
              }),
            }),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, space } = await requestScope(context, request, deps);
          const entries = await readDeliveryLog(client, space, {
            now: Date.now(),
            staleAfterMs: STALE_AFTER_MS,
            size: request.query.size,
            channel: request.query.channel,
            status: request.query.status,
          });
          const body: DeliveriesResponse = {
            deliveries: entries.map(({ '@timestamp': _t, delivery_id: _d, ...row }) => row),
          };
          return response.ok({ body });
        }),
    );
}

import { schema } from '@kbn/config-schema';
import { API_LIMITS, API_PATHS } from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { dryRun } from '../families/sequence/dry_run';
import { effectiveRules, readRules } from '../families/sequence/rules_store';
import { RULE_LIMITS, validateRules } from '../families/sequence/validate_rule';
import type { BuffalogsRouter } from '../types';
import { badRequest, guard } from './errors';
import { isoDate } from './params';
import { requestScope } from './request_scope';
import { sequenceSettings } from './sequence_rules_shared';
import type { ApiRouteDependencies } from '.';

const DAY = 86_400_000;
/**
 * Dry runs at once per space on this Kibana node. Each reads up to maxDryRunEvents events into the node's memory and
 * judges them on its event loop (20,000 events: ~2.7 s; six at once took 17.9 s, all accepted): without a cap a
 * user with read privilege alone could start any number and pin the node. Per space, so one space's analysts do
 * not lock another's out; beyond it, 429.
 */
export const MAX_DRY_RUNS_PER_SPACE = 2;
/**
 * Dry runs at once on this Kibana node, all spaces together: the per-space cap alone let a user who can read many
 * spaces start two in each (ten spaces, twenty dry runs of up to 500,000 events each in one node's memory).
 */
export const MAX_DRY_RUNS_PER_NODE = 4;

/**
 * `POST /api/buffalogs/sequence_rules/_dry_run`: what the given rules (or, without `rules`, the space's rules in
 * force) would have flagged over the last `days` days. Writes nothing: no alert, no state. Read privilege suffices.
 */
export function registerSequenceRulesDryRunRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  /** Dry runs in progress per space (MAX_DRY_RUNS_PER_SPACE). */
  const running = new Map<string, number>();
  /** Dry runs in progress on this node, all spaces (MAX_DRY_RUNS_PER_NODE). */
  let runningOnNode = 0;
  router.versioned
    .post({
      path: API_PATHS.sequenceRulesDryRun,
      access: 'public',
      summary: 'Dry-run sequence rules over recent events',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            body: schema.object({
              days: schema.number({
                min: 1,
                max: API_LIMITS.maxDryRunDays,
                defaultValue: 7,
                validate: (n) => (Number.isInteger(n) ? undefined : `expected an integer, got [${n}]`),
              }),
              rules: schema.maybe(schema.arrayOf(schema.any(), { maxSize: RULE_LIMITS.rules })),
              /**
               * The end of the range (ISO 8601, as every other range end); default now. Not any string Date.parse
               * reads: "1" meant 2001, and its earliest date left the start of the range no valid Date (a 500).
               */
              to: schema.maybe(isoDate),
            }),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const settings = sequenceSettings(deps);
          if (!settings)
            throw badRequest('The sequence family is disabled in kibana.yml (buffalogs.sequence.enabled).');
          const { client, space } = await requestScope(context, request, deps);
          const inFlight = running.get(space) ?? 0;
          if (inFlight >= MAX_DRY_RUNS_PER_SPACE) {
            return response.customError({
              statusCode: 429,
              body: {
                message: `${inFlight} dry runs are already running in this space (at most ${MAX_DRY_RUNS_PER_SPACE} at once); try again when one has finished`,
              },
            });
          }
          if (runningOnNode >= MAX_DRY_RUNS_PER_NODE) {
            return response.customError({
              statusCode: 429,
              body: {
                message: `${runningOnNode} dry runs are already running on this Kibana node (at most ${MAX_DRY_RUNS_PER_NODE} at once, all spaces together); try again when one has finished`,
              },
            });
          }
          running.set(space, inFlight + 1);
          runningOnNode++;
          try {
            let rules;
            if (request.body.rules) {
              const valid = validateRules(request.body.rules);
              if (!valid.ok) {
                throw badRequest(valid.errors.map((e) => e.replace(/^\[/, '[request body.')).join('; '), {
                  errors: valid.errors,
                });
              }
              rules = valid.rules;
            } else rules = effectiveRules(await readRules(client, space), settings.builtinRules).rules;
            // A caller who went away stops its dry run (and frees its slot) instead of leaving it to read on.
            const controller = new AbortController();
            request.events.aborted$.subscribe(() => controller.abort());
            const to = request.body.to ? Date.parse(request.body.to) : Date.now();
            const body = await dryRun(client, {
              indices: settings.indices,
              rules,
              from: to - request.body.days * DAY,
              to,
              maxEvents: API_LIMITS.maxDryRunEvents,
              maxAlerts: API_LIMITS.maxDryRunAlerts,
              signal: controller.signal,
            });
            return response.ok({ body });
          } finally {
            runningOnNode--;
            const left = (running.get(space) ?? 1) - 1;
            if (left > 0) running.set(space, left);
            else running.delete(space);
          }
        }),
    );
}

import { schema } from '@kbn/config-schema';
import { API_LIMITS, API_PATHS } from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { saveRules } from '../families/sequence/rules_store';
import type { SequenceRuleInput } from '../families/sequence/rule';
import { RULE_LIMITS, validateRules } from '../families/sequence/validate_rule';
import type { BuffalogsRouter } from '../types';
import { badRequest, guard } from './errors';
import { currentUserName, requestScope } from './request_scope';
import { rulesBody, sequenceSettings } from './sequence_rules_shared';
import type { ApiRouteDependencies } from '.';

export const expectedVersionSchema = schema.maybe(
  schema.number({
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    validate: (n) => (Number.isInteger(n) ? undefined : `expected an integer, got [${n}]`),
  }),
);
export const builtinDisabledSchema = schema.arrayOf(schema.string({ maxLength: RULE_LIMITS.idLength }), {
  maxSize: RULE_LIMITS.rules,
  defaultValue: [],
});

/**
 * `PUT /api/buffalogs/sequence_rules`: replaces the space's own rules and the built-ins it disables. Every rule is
 * validated (a 400 lists each problem with its field, `[request body.rules.3.period.duration]: …`); pass the
 * `version` you read as `expected_version` to get a 409 when someone saved in between. The next pass runs them.
 */
export function registerSequenceRulesUpdateRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .put({
      path: API_PATHS.sequenceRules,
      access: 'public',
      summary: 'Replace the sequence rules',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.all] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            body: schema.object({
              // Deep validation below, by validateRules (it knows every field and its bounds).
              rules: schema.arrayOf(schema.any(), { maxSize: RULE_LIMITS.rules }),
              builtin_disabled: builtinDisabledSchema,
              expected_version: expectedVersionSchema,
              comment: schema.maybe(schema.string({ maxLength: API_LIMITS.maxSettingsCommentLength })),
            }),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { rules, builtin_disabled: builtinDisabled, expected_version: expectedVersion, comment } = request.body;
          const valid = validateRules(rules);
          if (!valid.ok) {
            throw badRequest(valid.errors.map((e) => e.replace(/^\[/, '[request body.')).join('; '), {
              errors: valid.errors,
            });
          }
          const { client, space } = await requestScope(context, request, deps);
          const saved = await saveRules(client, space, {
            rules: valid.rules.map((r) => r.source as SequenceRuleInput),
            builtinDisabled,
            ...(expectedVersion !== undefined ? { expectedVersion } : {}),
            user: await currentUserName(request, deps),
            ...(comment ? { comment } : {}),
            now: new Date(),
          });
          return response.ok({ body: rulesBody(saved, sequenceSettings(deps)?.builtinRules ?? true) });
        }),
    );
}

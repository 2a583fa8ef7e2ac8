import { schema } from '@kbn/config-schema';
import { API_PATHS } from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { rulesFromDocument } from '../families/sequence/porlock_import';
import { readRules, saveRules, storedRuleId } from '../families/sequence/rules_store';
import type { SequenceRuleInput } from '../families/sequence/rule';
import { RULE_LIMITS, validateRules } from '../families/sequence/validate_rule';
import type { BuffalogsRouter } from '../types';
import { badRequest, guard } from './errors';
import { currentUserName, requestScope } from './request_scope';
import { rulesBody, sequenceSettings } from './sequence_rules_shared';
import { expectedVersionSchema } from './sequence_rules_update';
import type { ApiRouteDependencies } from '.';

/**
 * `POST /api/buffalogs/sequence_rules/_import`: adds the rules of a document — porlock's list (one rule, or a list
 * of them) or the project's format — to the space's rules; an imported rule replaces a stored one of the same id.
 * The answer lists what the conversion from porlock's format changed (`notes`).
 */
export function registerSequenceRulesImportRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .post({
      path: API_PATHS.sequenceRulesImport,
      access: 'public',
      summary: 'Import sequence rules (porlock list format accepted)',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.all] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            body: schema.object({ document: schema.any(), expected_version: expectedVersionSchema }),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const converted = rulesFromDocument(request.body.document);
          const prefix = (errors: string[]) => errors.map((e) => e.replace(/^\[/, '[request body.document.'));
          if (!converted.ok) throw badRequest(prefix(converted.errors).join('; '), { errors: converted.errors });
          const imported = validateRules(converted.inputs);
          if (!imported.ok) throw badRequest(prefix(imported.errors).join('; '), { errors: imported.errors });
          const { client, space } = await requestScope(context, request, deps);
          const current = await readRules(client, space);
          const ids = new Set(imported.rules.map((r) => r.id));
          // The stored rules are kept as they are, those this version refuses included (written by an older version,
          // or edited in the index: reported in `errors` and never run, as ever). Validating them with the import
          // refused it over a rule the caller did not send, naming its place in a list they never saw
          // ("[rules.0.time_frame]"), and a stored null was a 500.
          const rules = [
            ...current.rules.filter((r) => {
              const id = storedRuleId(r);
              return id === undefined || !ids.has(id);
            }),
            ...imported.rules.map((r) => r.source as SequenceRuleInput),
          ];
          if (rules.length > RULE_LIMITS.rules) {
            throw badRequest(
              `[request body.document]: a space holds at most ${RULE_LIMITS.rules} rules, and importing these would make ${rules.length}`,
            );
          }
          const saved = await saveRules(client, space, {
            rules,
            builtinDisabled: current.builtinDisabled,
            expectedVersion: request.body.expected_version ?? current.version,
            user: await currentUserName(request, deps),
            comment: `imported ${imported.rules.map((r) => r.id).join(', ')}`.slice(0, 500),
            now: new Date(),
          });
          return response.ok({
            body: {
              ...rulesBody(saved, sequenceSettings(deps)?.builtinRules ?? true),
              imported: imported.rules.map((r) => r.id),
              notes: converted.notes,
            },
          });
        }),
    );
}

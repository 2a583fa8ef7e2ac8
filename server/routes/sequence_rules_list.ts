import { API_PATHS } from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { readRules } from '../families/sequence/rules_store';
import type { BuffalogsRouter } from '../types';
import { guard } from './errors';
import { requestScope } from './request_scope';
import { rulesBody, sequenceSettings } from './sequence_rules_shared';
import type { ApiRouteDependencies } from '.';

/** `GET /api/buffalogs/sequence_rules`: the space's sequence rules, the built-in pack and what is in force. */
export function registerSequenceRulesListRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: API_PATHS.sequenceRules,
      access: 'public',
      summary: 'List the sequence rules',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion({ version: API_VERSION, validate: false }, async (context, request, response) =>
      guard(response, deps.logger, async () => {
        const { client, space } = await requestScope(context, request, deps);
        const builtin = sequenceSettings(deps)?.builtinRules ?? true;
        return response.ok({ body: rulesBody(await readRules(client, space), builtin) });
      }),
    );
}

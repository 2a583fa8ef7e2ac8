import { schema } from '@kbn/config-schema';
import { API_LIMITS, API_PATHS, type SettingsResponse } from '../../common/api';
import { API_VERSION } from '../../common/constants';
import {
  DetectionConfigError,
  PROFILE_NAMES,
  parseDetectionConfigOverrides,
  resolveDetectionConfig,
  type ConfigError,
} from '../../common/detection_config';
import { trustedNetworkErrors } from '../../common/trust_network';
import { API_PRIVILEGES } from '../features';
import { mergeOverrides } from '../settings/effective_config';
import { saveSettings } from '../settings/settings_store';
import type { BuffalogsRouter } from '../types';
import { badRequest, guard } from './errors';
import { oneOfStrings } from './params';
import { currentUserName, requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

/**
 * `PUT /api/buffalogs/settings`: replaces the stored overrides (and optionally the profile). Validated by the same
 * validator as the CLI's config file; every problem is listed in one 400 with its dotted path. Pass the `version` you
 * read as `expected_version` to be told (409) when someone else saved in between. The detection task reads the
 * stored settings at the start of each run.
 */
export function registerSettingsUpdateRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .put({
      path: API_PATHS.settings,
      access: 'public',
      summary: 'Change the detection settings',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.all] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            body: schema.object({
              profile: schema.maybe(oneOfStrings(PROFILE_NAMES)),
              // Deep validation below, by parseDetectionConfigOverrides (it knows every setting and its bounds).
              overrides: schema.recordOf(schema.string({ maxLength: 64 }), schema.any()),
              expected_version: schema.maybe(
                schema.number({
                  min: 0,
                  max: Number.MAX_SAFE_INTEGER,
                  validate: (n) => (Number.isInteger(n) ? undefined : `expected an integer, got [${n}]`),
                }),
              ),
              comment: schema.maybe(schema.string({ maxLength: API_LIMITS.maxSettingsCommentLength })),
            }),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { profile, overrides, expected_version: expectedVersion, comment } = request.body;
          const invalid = (errors: ConfigError[]) =>
            badRequest(errors.map((e) => `[request body.overrides.${e.path}]: ${e.message}`).join('; '), { errors });
          const parsed = parseDetectionConfigOverrides(overrides);
          if (!parsed.ok) throw invalid(parsed.errors);
          const base = deps.detectionBase();
          let effective;
          try {
            // Cross-field rules (risk levels must rise, user lists in the syntax in force) hold only on merged values.
            effective = resolveDetectionConfig(profile ?? base.profile, mergeOverrides(base.overrides, parsed.value));
          } catch (error) {
            if (error instanceof DetectionConfigError) throw invalid(error.errors);
            throw badRequest(`[request body.overrides]: ${(error as Error).message}`);
          }
          // Trusted networks: never an anonymiser's, never /0-wide (common/trust_network.ts); checked on save only.
          const untrustable = trustedNetworkErrors(effective);
          if (untrustable.length) throw invalid(untrustable);
          const { client, space } = await requestScope(context, request, deps);
          const saved = await saveSettings(client, space, {
            ...(profile ? { profile } : {}),
            overrides: parsed.value,
            ...(expectedVersion !== undefined ? { expectedVersion } : {}),
            user: await currentUserName(request, deps),
            ...(comment ? { comment } : {}),
            now: new Date(),
          });
          const body: SettingsResponse = {
            profile: effective.profile,
            overrides: saved.overrides,
            effective,
            version: saved.version,
            ...(saved.updated_by ? { updated_by: saved.updated_by } : {}),
            ...(saved.updated_at ? { updated_at: saved.updated_at } : {}),
          };
          return response.ok({ body });
        }),
    );
}

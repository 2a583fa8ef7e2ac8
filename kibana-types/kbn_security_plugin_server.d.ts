/**
 * The security plugin's server start contract (`@kbn/security-plugin/server`, optional plugin id `security`): who
 * is calling, e.g. to record which analyst changed an alert's status. Types only; the plugin must work when
 * security is disabled (the contract is then absent).
 *
 * Mirrors elastic/kibana x-pack/platform/plugins/shared/security/server/plugin.ts (`SecurityPluginStart`) and
 * src/core/packages/security/common/src/authentication/authenticated_user.ts (`AuthenticatedUser`).
 */
declare module '@kbn/security-plugin/server' {
  import type { KibanaRequest } from '@kbn/core/server';

  export interface AuthenticatedUser {
    username: string;
    roles: readonly string[];
    full_name?: string | null;
    email?: string | null;
    enabled: boolean;
    profile_uid?: string;
    authentication_realm: { name: string; type: string };
    authentication_type: string;
  }
  export interface SecurityPluginStart {
    authc: {
      getCurrentUser(request: KibanaRequest): AuthenticatedUser | null;
    };
  }
}

/**
 * GitHub audit log (github.audit). Built from github/audit/test-enterprise-audit-json.log-expected.json. Only
 * enterprise audit logs carry sign-ins; the pipeline writes them with event.category [configuration, web], no
 * outcome and no address (the actor's location stays in event.original), so they feed the new-login signals without
 * travel or device checks.
 */
import { AUTH_VALUES, listed } from './auth_values';
import { FIXTURES, termsOf, verdict } from './read';
import type { SourceFamily } from './types';

const V = AUTH_VALUES.github;

export const githubAudit: SourceFamily = {
  id: 'github',
  title: 'GitHub audit log',
  datasets: ['github.audit'],
  fixtures: [`${FIXTURES}/github/audit/test-enterprise-audit-json.log-expected.json`],
  identityFields: ['user.email', 'user.name'],
  addressFields: ['source.ip'],
  contributes: { logins: true, failures: true, mfa: false, device: false, geo: false },
  classify({ action, outcome }) {
    if (listed(V.login, action)) {
      if (outcome === 'failure') return verdict('failure', `GitHub ${action} failed`);
      return verdict('login', `GitHub ${action}`);
    }
    if (listed(V.failure, action)) return verdict('failure', `GitHub ${action}`);
    if (listed(V.logout, action)) return verdict('logout', `GitHub ${action} is a logout`);
    return verdict('other', `GitHub ${action ?? 'event'} is not a sign-in`);
  },
  loginClause: termsOf('event.action', V.login),
};

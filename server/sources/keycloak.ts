/**
 * Keycloak (keycloak.log). Built from keycloak/log/test-log.log-expected.json. Older pipeline versions write LOGIN
 * without event.outcome: a LOGIN event is a success by Keycloak's own definition (errors are LOGIN_ERROR).
 */
import { AUTH_VALUES, listed } from './auth_values';
import { FIXTURES, termsOf, verdict } from './read';
import type { SourceFamily } from './types';

const V = AUTH_VALUES.keycloak;

export const keycloak: SourceFamily = {
  id: 'keycloak',
  title: 'Keycloak',
  datasets: ['keycloak.log'],
  fixtures: [`${FIXTURES}/keycloak/log/test-log.log-expected.json`],
  identityFields: ['user.email', 'user.name'],
  addressFields: ['source.ip'],
  contributes: { logins: true, failures: true, mfa: false, device: false, geo: false },
  classify({ action, outcome }) {
    if (listed(V.login, action) && outcome !== 'failure') return verdict('login', 'Keycloak LOGIN');
    if (listed(V.failure, action)) return verdict('failure', 'Keycloak LOGIN_ERROR');
    if (listed(V.logout, action)) return verdict('logout', 'Keycloak LOGOUT');
    if (listed(V.tokenRefresh, action)) return verdict('token_refresh', `Keycloak ${action}`);
    if (action === 'CLIENT_LOGIN')
      return verdict('service_logon', 'Keycloak CLIENT_LOGIN is a client credential grant');
    return verdict('other', `Keycloak ${action ?? 'event'} is not a sign-in`);
  },
  loginClause: termsOf('event.action', ['LOGIN']),
};

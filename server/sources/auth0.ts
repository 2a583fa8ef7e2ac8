/** Auth0 (auth0.logs). Built from auth0/logs/test-login-success.json-expected.json and test-login-failure.json-expected.json. */
import { AUTH_VALUES, listed, mfaStepOf } from './auth_values';
import { FIXTURES, termsOf, verdict } from './read';
import type { SourceFamily } from './types';

const V = AUTH_VALUES.auth0;

export const auth0: SourceFamily = {
  id: 'auth0',
  title: 'Auth0',
  datasets: ['auth0.logs'],
  fixtures: [
    `${FIXTURES}/auth0/logs/test-login-success.json-expected.json`,
    `${FIXTURES}/auth0/logs/test-login-failure.json-expected.json`,
  ],
  identityFields: ['user.email', 'user.name'],
  addressFields: ['source.ip'],
  contributes: { logins: true, failures: true, mfa: true, device: true, geo: true },
  classify({ action, outcome }) {
    if (listed(V.login, action) && outcome === 'success') return verdict('login', 'Auth0 successful login');
    if (listed(V.failure, action) || (outcome === 'failure' && action?.includes('login')))
      return verdict('failure', `Auth0 ${action}`);
    if (listed(V.logout, action)) return verdict('logout', 'Auth0 logout');
    if (listed(V.tokenRefresh, action)) return verdict('token_refresh', `Auth0 ${action}`);
    const step = mfaStepOf(V, action);
    if (step) return verdict('mfa', `Auth0 ${action}`, step);
    return verdict('other', `Auth0 ${action ?? 'event'} is not a sign-in`);
  },
  loginClause: termsOf('event.action', V.login),
};

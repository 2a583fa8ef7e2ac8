/** Microsoft 365 unified audit log (o365.audit). Built from o365/audit/test-azuread-sts-logon.log-expected.json. */
import { AUTH_VALUES, listed } from './auth_values';
import { FIXTURES, termsOf, verdict } from './read';
import type { SourceFamily } from './types';

const V = AUTH_VALUES.o365;

export const m365: SourceFamily = {
  id: 'm365',
  title: 'Microsoft 365',
  datasets: ['o365.audit'],
  fixtures: [`${FIXTURES}/o365/audit/test-azuread-sts-logon.log-expected.json`],
  // user.name is the local part (`asr`); the address is in user.email / UserId.
  identityFields: ['user.email', 'o365.audit.UserId', 'user.id', 'user.name'],
  addressFields: ['source.ip', 'client.ip'],
  contributes: { logins: true, failures: true, mfa: false, device: true, geo: true },
  classify({ action, outcome }) {
    if (listed(V.login, action) && outcome === 'success') return verdict('login', 'Microsoft 365 UserLoggedIn');
    if (listed(V.failure, action) || (listed(V.login, action) && outcome === 'failure'))
      return verdict('failure', 'Microsoft 365 UserLoginFailed');
    return verdict('other', `Microsoft 365 ${action ?? 'event'} is not a sign-in`);
  },
  loginClause: termsOf('event.action', ['UserLoggedIn']),
};

/**
 * Google Workspace login audit (google_workspace.login). Built from google_workspace/login/test-login.log-expected.json.
 * The person's address is the actor e-mail (source.user.email); user.name is its local part and user.domain its
 * domain. Account warnings (suspicious_login, account_disabled_*) share the dataset and event.category
 * authentication but are Google's own verdicts about an account, not sign-ins.
 */
import { AUTH_VALUES, listed, mfaStepOf } from './auth_values';
import { FIXTURES, byOutcome, termsOf, verdict } from './read';
import type { SourceFamily } from './types';

const V = AUTH_VALUES.google_workspace;

export const googleWorkspace: SourceFamily = {
  id: 'google_workspace',
  title: 'Google Workspace',
  datasets: ['google_workspace.login'],
  fixtures: [`${FIXTURES}/google_workspace/login/test-login.log-expected.json`],
  identityFields: ['source.user.email', 'user.email', 'user.name'],
  addressFields: ['source.ip'],
  contributes: { logins: true, failures: true, mfa: true, device: false, geo: true },
  classify({ action, outcome }) {
    if (listed(V.login, action)) return byOutcome(outcome, `Google Workspace ${action}`);
    if (listed(V.failure, action)) return verdict('failure', `Google Workspace ${action}`);
    if (listed(V.logout, action)) return verdict('logout', 'Google Workspace logout');
    const step = mfaStepOf(V, action);
    if (step) return verdict('mfa', `Google Workspace ${action}`, step);
    return verdict('other', `Google Workspace ${action ?? 'event'} is not a sign-in`);
  },
  loginClause: termsOf('event.action', V.login),
};

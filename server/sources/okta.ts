/** Okta System Log (okta.system). Built from okta/system/test-okta-system-events.log-expected.json. */
import { AUTH_VALUES, listed, mfaStepOf } from './auth_values';
import { FIXTURES, byOutcome, termsOf, verdict } from './read';
import type { SourceFamily } from './types';

const V = AUTH_VALUES.okta;

export const okta: SourceFamily = {
  id: 'okta',
  title: 'Okta',
  datasets: ['okta.system'],
  fixtures: [`${FIXTURES}/okta/system/test-okta-system-events.log-expected.json`],
  // Okta's pipeline puts the sign-in address (alternateId) in user.name.
  identityFields: ['user.name', 'okta.actor.alternate_id', 'user.email'],
  addressFields: ['source.ip', 'client.ip'],
  contributes: { logins: true, failures: true, mfa: true, device: true, geo: true },
  classify({ action, outcome }) {
    // user.session.start is written with event.type [start, info]; its outcome says success or failure.
    if (listed(V.login, action)) return byOutcome(outcome, 'Okta user.session.start');
    if (listed(V.logout, action)) return verdict('logout', 'Okta user.session.end is a logout');
    if (listed(V.tokenRefresh, action)) return verdict('token_refresh', `Okta ${action} refreshes a token`);
    const step = mfaStepOf(V, action);
    if (step) return verdict('mfa', `Okta ${action}`, step);
    return verdict('other', `Okta ${action ?? 'event'} is not a sign-in`);
  },
  loginClause: termsOf('event.action', V.login),
};

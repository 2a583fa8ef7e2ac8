/** LastPass event report (lastpass.event_report). Built from lastpass/event_report/test-event-report.log-expected.json. */
import { AUTH_VALUES, listed } from './auth_values';
import { FIXTURES, termsOf, verdict } from './read';
import type { SourceFamily } from './types';

const V = AUTH_VALUES.lastpass;

export const lastPass: SourceFamily = {
  id: 'lastpass',
  title: 'LastPass',
  datasets: ['lastpass.event_report'],
  fixtures: [`${FIXTURES}/lastpass/event_report/test-event-report.log-expected.json`],
  // Only user.email (an array) is filled.
  identityFields: ['user.email', 'lastpass.event_report.user_name', 'user.name'],
  addressFields: ['source.ip'],
  contributes: { logins: true, failures: true, mfa: false, device: false, geo: true },
  classify({ action, outcome }) {
    if (listed(V.login, action) && outcome === 'success') return verdict('login', `LastPass ${action}`);
    if (listed(V.failure, action)) return verdict('failure', `LastPass ${action}`);
    if (listed(V.logout, action)) return verdict('logout', `LastPass ${action}`);
    return verdict('other', `LastPass ${action ?? 'event'} is not a sign-in`);
  },
  loginClause: termsOf('event.action', V.login),
};

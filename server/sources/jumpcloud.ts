/** JumpCloud Directory Insights (jumpcloud.events). Built from jumpcloud/events/test-events.json-expected.json. */
import { FIXTURES, termsOf, verdict } from './read';
import type { SourceFamily } from './types';

const LOGINS = ['admin_login_attempt', 'user_login_attempt'];

export const jumpCloud: SourceFamily = {
  id: 'jumpcloud',
  title: 'JumpCloud',
  datasets: ['jumpcloud.events'],
  fixtures: [`${FIXTURES}/jumpcloud/events/test-events.json-expected.json`],
  // The pipeline writes the person as source.user.email and the address as client.ip (no source.ip).
  identityFields: ['user.email', 'source.user.email', 'jumpcloud.event.initiated_by.email', 'user.name'],
  addressFields: ['source.ip', 'client.ip'],
  contributes: { logins: true, failures: true, mfa: false, device: true, geo: true },
  classify({ action, outcome }) {
    if (action !== undefined && LOGINS.includes(action)) {
      if (outcome === 'success') return verdict('login', `JumpCloud ${action} succeeded`);
      if (outcome === 'failure') return verdict('failure', `JumpCloud ${action} failed`);
    }
    if (action === 'sso_auth') return verdict('non_interactive', 'JumpCloud sso_auth is an application sign-on');
    if (action === 'ldap_bind' || action === 'radius_auth') return verdict('other', `JumpCloud ${action}`);
    return verdict('other', `JumpCloud ${action ?? 'event'} is not a sign-in`);
  },
  loginClause: termsOf('event.action', LOGINS),
};

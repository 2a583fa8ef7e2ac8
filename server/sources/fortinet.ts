/**
 * FortiGate VPN and user events (fortinet_fortigate.log). Built from fortinet_fortigate/log/test-fortinet.log-expected.json.
 * The pipeline writes no event.action or outcome for VPN events: the action is fortinet.firewall.action. An SSL VPN
 * `tunnel-up` with a user is a person connecting; `ssl-new-con` is the TLS handshake before anyone is known, and a
 * site-to-site IPsec tunnel has no user. The person is source.user.name; traffic and UTM logs share the dataset.
 */
import { AUTH_VALUES, listed } from './auth_values';
import { FIXTURES, text, termsOf, verdict } from './read';
import type { SourceFamily } from './types';

const V = AUTH_VALUES.fortinet;

export const fortinet: SourceFamily = {
  id: 'fortinet',
  title: 'Fortinet FortiGate VPN',
  datasets: ['fortinet_fortigate.log'],
  fixtures: [`${FIXTURES}/fortinet_fortigate/log/test-fortinet.log-expected.json`],
  identityFields: ['source.user.email', 'source.user.name', 'user.email', 'user.name'],
  addressFields: ['source.ip'],
  contributes: { logins: true, failures: true, mfa: false, device: false, geo: true },
  classify({ doc }) {
    const action = text(doc, V.field, true);
    const person = text(doc, 'source.user.name') ?? text(doc, 'user.name');
    if (listed(V.login, action))
      return person
        ? verdict('login', `FortiGate VPN ${action}`)
        : verdict('other', `FortiGate ${action} without a user (a site-to-site tunnel)`);
    if (listed(V.failure, action)) return verdict('failure', `FortiGate ${action}`);
    if (listed(V.logout, action)) return verdict('logout', `FortiGate ${action} is a logout`);
    return verdict('other', `FortiGate ${action ?? 'event'} is not a VPN sign-in`);
  },
  loginClause: {
    bool: { filter: [termsOf(V.field, ['tunnel-up']), { exists: { field: 'source.user.name' } }] },
  },
};

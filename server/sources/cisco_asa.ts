/**
 * Cisco ASA / AnyConnect VPN (cisco_asa.log). Built from cisco_asa/log/test-anyconnect-messages.log-expected.json.
 * The message id (event.code) says what happened: 113039 "AnyConnect parent session started" is a person's VPN
 * session; 113038/113040 are sessions refused for configuration, not credentials. The person is source.user.name
 * (user.name is not written); firewall traffic shares the dataset.
 */
import { AUTH_VALUES, listed } from './auth_values';
import { FIXTURES, text, termsOf, verdict } from './read';
import type { SourceFamily } from './types';

const V = AUTH_VALUES.cisco_asa;

export const ciscoAsa: SourceFamily = {
  id: 'cisco_asa',
  title: 'Cisco ASA / AnyConnect',
  datasets: ['cisco_asa.log'],
  fixtures: [`${FIXTURES}/cisco_asa/log/test-anyconnect-messages.log-expected.json`],
  identityFields: ['source.user.email', 'source.user.name', 'user.email', 'user.name'],
  addressFields: ['source.ip', 'source.address'],
  contributes: { logins: true, failures: true, mfa: false, device: false, geo: true },
  classify({ doc }) {
    const code = text(doc, V.field);
    if (listed(V.login, code)) return verdict('login', `Cisco ASA ${code} VPN session started`);
    if (listed(V.failure, code)) return verdict('failure', `Cisco ASA ${code} authentication rejected`);
    if (listed(V.logout, code)) return verdict('logout', `Cisco ASA ${code} session ended`);
    return verdict('other', `Cisco ASA ${code ?? 'message'} is not a VPN sign-in`);
  },
  loginClause: termsOf(V.field, V.login),
};

/**
 * Palo Alto Networks GlobalProtect (panw.panos, log type GLOBALPROTECT). Built from
 * panw/panos/test-panw-panos-globalprotect-sample.log-expected.json. The stage is event.code (`gateway-auth`,
 * `portal-auth`, …), written without event.action; the client's public address is source.nat.ip (source.ip is the
 * private address, often 0.0.0.0). Tunnel set-up, HIP checks and config fetches follow a sign-in; firewall traffic
 * shares the dataset.
 */
import { AUTH_VALUES, listed } from './auth_values';
import { FIXTURES, byOutcome, text, termsOf, verdict } from './read';
import type { SourceFamily } from './types';

const V = AUTH_VALUES.globalprotect;

export const globalProtect: SourceFamily = {
  id: 'globalprotect',
  title: 'Palo Alto Networks GlobalProtect',
  datasets: ['panw.panos'],
  fixtures: [`${FIXTURES}/panw/panos/test-panw-panos-globalprotect-sample.log-expected.json`],
  identityFields: ['user.email', 'source.user.email', 'user.name', 'source.user.name'],
  addressFields: ['source.nat.ip', 'source.ip'],
  contributes: { logins: true, failures: true, mfa: false, device: true, geo: true },
  classify({ doc, outcome }) {
    if (text(doc, 'panw.panos.type') !== 'GLOBALPROTECT')
      return verdict('other', 'PAN-OS log other than GlobalProtect');
    const stage = text(doc, V.field, true);
    if (listed(V.login, stage)) return byOutcome(outcome, `GlobalProtect ${stage}`);
    if (listed(V.logout, stage)) return verdict('logout', `GlobalProtect ${stage} is a logout`);
    return verdict('other', `GlobalProtect ${stage ?? 'event'} follows a sign-in`);
  },
  loginClause: { bool: { filter: [termsOf(V.field, V.login), { term: { 'panw.panos.type': 'GLOBALPROTECT' } }] } },
};

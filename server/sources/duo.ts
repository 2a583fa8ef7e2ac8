/**
 * Cisco Duo authentication log (cisco_duo.auth). Built from cisco_duo/auth/test-auth.log-expected.json.
 * Every Duo authentication is a second factor: the first factor (the login) is logged by the IdP in front of it.
 */
import { AUTH_VALUES, mfaStepOf } from './auth_values';
import { FIXTURES, text, verdict } from './read';
import type { SourceFamily } from './types';

const V = AUTH_VALUES.duo;

export const duo: SourceFamily = {
  id: 'duo',
  title: 'Cisco Duo',
  datasets: ['cisco_duo.auth'],
  fixtures: [`${FIXTURES}/cisco_duo/auth/test-auth.log-expected.json`],
  identityFields: ['user.email', 'cisco_duo.auth.email', 'user.name'],
  addressFields: ['source.ip', 'cisco_duo.auth.access_device.ip'],
  contributes: { logins: false, failures: false, mfa: true, device: true, geo: true },
  classify({ doc, outcome }) {
    const reason = text(doc, 'cisco_duo.auth.reason', true);
    const result = text(doc, 'cisco_duo.auth.result', true);
    const step =
      mfaStepOf(V, reason) ??
      (result === 'fraud' || result === 'denied' || outcome === 'failure'
        ? 'deny'
        : outcome === 'success'
          ? 'approve'
          : undefined);
    return verdict(
      'mfa',
      `Duo ${text(doc, 'cisco_duo.auth.factor') ?? 'factor'} ${reason ?? result ?? ''}`.trim(),
      step,
    );
  },
  // Never a login.
  loginClause: { bool: { must_not: { match_all: {} } } },
};

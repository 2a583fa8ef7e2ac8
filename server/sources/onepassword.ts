/** 1Password sign-in attempts (1password.signin_attempts). Built from 1password/signin_attempts/test-signinattempts.json-expected.json. */
import { FIXTURES, term, text, verdict } from './read';
import type { SourceFamily } from './types';

export const onePassword: SourceFamily = {
  id: '1password',
  title: '1Password',
  datasets: ['1password.signin_attempts'],
  fixtures: [`${FIXTURES}/1password/signin_attempts/test-signinattempts.json-expected.json`],
  // No user.name: the person is the e-mail.
  identityFields: ['user.email', 'user.name'],
  addressFields: ['source.ip'],
  contributes: { logins: true, failures: true, mfa: true, device: true, geo: true },
  classify({ doc, outcome }) {
    const type = text(doc, 'onepassword.type', true);
    if (type === 'credentials_ok' && outcome === 'success') return verdict('login', '1Password credentials_ok');
    if (type?.startsWith('mfa_'))
      return verdict('mfa', `1Password ${type}`, outcome === 'failure' ? 'deny' : 'approve');
    if (outcome === 'failure') return verdict('failure', `1Password ${type ?? 'sign-in'} failed`);
    return verdict('other', `1Password ${type ?? 'event'} is not a sign-in`);
  },
  loginClause: term('onepassword.type', 'credentials_ok'),
};

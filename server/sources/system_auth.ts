/** Linux auth log / sshd (system.auth). Built from system/auth/test-auth.log-expected.json. */
import { FIXTURES, term, text, verdict } from './read';
import type { SourceFamily } from './types';

export const systemAuth: SourceFamily = {
  id: 'system_auth',
  title: 'Linux system.auth (SSH)',
  datasets: ['system.auth'],
  fixtures: [`${FIXTURES}/system/auth/test-auth.log-expected.json`],
  identityFields: ['user.name'],
  addressFields: ['source.ip'],
  contributes: { logins: true, failures: true, mfa: false, device: false, geo: true },
  classify({ doc, action, outcome }) {
    // sshd "Accepted password/publickey" is written as event.type [authentication_success, info].
    if (action === 'ssh_login') {
      const what = text(doc, 'system.auth.ssh.event') ?? 'ssh';
      if (outcome === 'success')
        return verdict('login', `sshd ${what} ${text(doc, 'system.auth.ssh.method') ?? ''}`.trim());
      if (outcome === 'failure') return verdict('failure', `sshd ${what}`);
    }
    return verdict('other', `${text(doc, 'process.name') ?? 'auth log'} line is not a sign-in`);
  },
  loginClause: term('event.action', 'ssh_login'),
};

/**
 * Teleport audit log (teleport.audit). Built from teleport/audit/test-teleport-audit.log-expected.json. user.login
 * has no event.outcome (teleport.audit.success says it) and no source.ip: the address is teleport.audit.addr.remote
 * (`ip:port`). Some versions write no event.category at all, which is why the dataset, not ECS, decides here.
 */
import { FIXTURES, raw, term, verdict } from './read';
import type { SourceFamily } from './types';

export const teleport: SourceFamily = {
  id: 'teleport',
  title: 'Teleport',
  datasets: ['teleport.audit'],
  fixtures: [`${FIXTURES}/teleport/audit/test-teleport-audit.log-expected.json`],
  identityFields: ['user.email', 'user.name'],
  addressFields: ['source.ip', 'client.ip', 'teleport.audit.addr.remote'],
  contributes: { logins: true, failures: true, mfa: false, device: true, geo: false },
  classify({ doc, action, outcome }) {
    if (action === 'user.login') {
      const success = raw(doc, 'teleport.audit.success');
      if (success === true || (success === undefined && outcome === 'success'))
        return verdict('login', 'Teleport user.login');
      if (success === false || outcome === 'failure') return verdict('failure', 'Teleport user.login failed');
    }
    return verdict('other', `Teleport ${action ?? 'event'} is not a sign-in`);
  },
  loginClause: {
    bool: { filter: [term('event.action', 'user.login')], must_not: term('teleport.audit.success', false) },
  },
};

/**
 * Windows Security log 4624/4625/4634/4647 (system.security, windows.forwarded). Built from
 * system/security/test-security-windows2012r2-logon.json-expected.json. The logon type says who logged on:
 * 2 interactive, 10 remote desktop and 11 cached credentials are a person at a screen; 3 network and 8/9 are a
 * client using a credential; 4 batch and 5 service are machines; 7 is an unlock of a session already counted.
 */
import { FIXTURES, term, text, termsOf, verdict } from './read';
import type { SourceFamily } from './types';

const INTERACTIVE = ['2', '10', '11'];
const NON_INTERACTIVE = ['3', '8', '9'];
const SERVICE = ['4', '5', '0'];

export const windowsSecurity: SourceFamily = {
  id: 'windows_security',
  title: 'Windows Security log',
  datasets: ['system.security', 'windows.forwarded'],
  fixtures: [`${FIXTURES}/system/security/test-security-windows2012r2-logon.json-expected.json`],
  identityFields: ['user.name', 'winlog.event_data.TargetUserName'],
  addressFields: ['source.ip'],
  contributes: { logins: true, failures: true, mfa: false, device: false, geo: false },
  classify({ doc, outcome }) {
    const code = text(doc, 'event.code') ?? text(doc, 'winlog.event_id');
    const logonType = text(doc, 'winlog.event_data.LogonType');
    if (code === '4625') return verdict('failure', `Windows 4625 (logon type ${logonType ?? '?'})`);
    if (code === '4634' || code === '4647') return verdict('logout', `Windows ${code} is a logoff`);
    if (code !== '4624') return verdict('other', `Windows event ${code ?? '?'} is not a logon`);
    if (outcome === 'failure') return verdict('failure', 'Windows 4624 with a failure outcome');
    if (logonType !== undefined && INTERACTIVE.includes(logonType))
      return verdict('login', `Windows 4624 logon type ${logonType}`);
    if (logonType !== undefined && NON_INTERACTIVE.includes(logonType))
      return verdict('non_interactive', `Windows 4624 logon type ${logonType}`);
    if (logonType !== undefined && SERVICE.includes(logonType))
      return verdict('service_logon', `Windows 4624 logon type ${logonType}`);
    return verdict('other', `Windows 4624 logon type ${logonType ?? 'missing'}`);
  },
  loginClause: { bool: { filter: [term('event.code', '4624'), termsOf('winlog.event_data.LogonType', INTERACTIVE)] } },
};

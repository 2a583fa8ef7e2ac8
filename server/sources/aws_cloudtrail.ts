/** AWS CloudTrail console sign-in (aws.cloudtrail). Built from aws/cloudtrail/test-console-login-json.log-expected.json. */
import { FIXTURES, term, verdict } from './read';
import type { SourceFamily } from './types';

export const awsCloudTrail: SourceFamily = {
  id: 'aws_cloudtrail',
  title: 'AWS CloudTrail (console sign-in)',
  datasets: ['aws.cloudtrail'],
  fixtures: [`${FIXTURES}/aws/cloudtrail/test-console-login-json.log-expected.json`],
  identityFields: ['user.email', 'user.name'],
  addressFields: ['source.ip'],
  contributes: { logins: true, failures: true, mfa: false, device: true, geo: true },
  classify({ action, outcome }) {
    // ConsoleLogin is written with event.type [info]; every other CloudTrail call is API activity, not a sign-in.
    if (action === 'ConsoleLogin') {
      if (outcome === 'success') return verdict('login', 'AWS ConsoleLogin succeeded');
      if (outcome === 'failure') return verdict('failure', 'AWS ConsoleLogin failed');
    }
    if (action === 'GetSessionToken') return verdict('token_refresh', 'AWS GetSessionToken');
    if (action === 'AssumeRole' || action === 'AssumeRoleWithSAML' || action === 'AssumeRoleWithWebIdentity')
      return verdict('non_interactive', `AWS ${action}`);
    return verdict('other', `AWS ${action ?? 'call'} is not a sign-in`);
  },
  loginClause: term('event.action', 'ConsoleLogin'),
};

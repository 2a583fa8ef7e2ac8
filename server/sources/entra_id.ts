/**
 * Microsoft Entra ID sign-in logs (azure.signinlogs). Built from azure/signinlogs/test-signinlogs.log-expected.json.
 * The log category says who signed in: SignInLogs are interactive users; NonInteractiveUserSignInLogs are a client
 * renewing a token for a user; service principals and managed identities are machines.
 */
import { AUTH_VALUES, mfaStepOf } from './auth_values';
import { FIXTURES, raw, term, text, verdict } from './read';
import type { SourceFamily } from './types';

const V = AUTH_VALUES.entra_id;
/** "Keep me signed in" and similar interrupts: the user was asked a question, not refused. */
export const ENTRA_INTERRUPTS = ['50140', '50199'];

export const entraId: SourceFamily = {
  id: 'entra_id',
  title: 'Microsoft Entra ID (Azure AD) sign-in logs',
  datasets: ['azure.signinlogs'],
  fixtures: [`${FIXTURES}/azure/signinlogs/test-signinlogs.log-expected.json`],
  // user.name is a short name or a GUID; the UPN is the person.
  identityFields: ['azure.signinlogs.properties.user_principal_name', 'user.email', 'user.name'],
  addressFields: ['source.ip', 'azure.signinlogs.properties.ip_address'],
  contributes: { logins: true, failures: true, mfa: true, device: true, geo: true },
  classify({ doc, outcome }) {
    const category = text(doc, 'azure.signinlogs.category');
    if (category === 'ServicePrincipalSignInLogs' || category === 'ManagedIdentitySignInLogs')
      return verdict('service_logon', `Entra ID ${category} is a machine identity`);
    if (category === 'NonInteractiveUserSignInLogs')
      return verdict('non_interactive', 'Entra ID non-interactive sign-in');
    const code = text(doc, 'azure.signinlogs.result_type');
    const step = mfaStepOf(V, code);
    if (step) return verdict('mfa', `Entra ID result ${code}`, step);
    if (code !== undefined && ENTRA_INTERRUPTS.includes(code))
      return verdict('other', `Entra ID result ${code} is an interrupt, not a refusal`);
    if (outcome === 'failure') return verdict('failure', `Entra ID sign-in failed (result ${code ?? '?'})`);
    if (outcome !== 'success') return verdict('other', 'Entra ID sign-in without an outcome');
    // Older exports have no category; is_interactive false then says it was not a person at a prompt.
    if (category === undefined && raw(doc, 'azure.signinlogs.properties.is_interactive') === false)
      return verdict('non_interactive', 'Entra ID sign-in marked non-interactive');
    return verdict('login', 'Entra ID interactive sign-in succeeded');
  },
  loginClause: {
    bool: {
      must_not: [
        {
          terms: {
            'azure.signinlogs.category': [
              'NonInteractiveUserSignInLogs',
              'ServicePrincipalSignInLogs',
              'ManagedIdentitySignInLogs',
            ],
          },
        },
        term('azure.signinlogs.properties.is_interactive', false),
      ],
    },
  },
};

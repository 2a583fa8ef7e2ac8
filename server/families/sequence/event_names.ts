/**
 * Event names. A name in a rule matches an event whose `event.action` equals it, or equals any value this table lists
 * for it, so one rule works across Okta, Entra ID, Google Workspace, Auth0, Microsoft 365 and Linux/Windows.
 *
 * Comparison folds case and treats `_`, `-` and spaces alike (`otp login` = `otp_login` = `OTP-Login`): porlock's own
 * README rule says `otp login` while its events say `otp_login`, and sources disagree on case (`Set-Mailbox`,
 * `user.session.start`, `Successful login`). Dots are kept: they structure Okta's names.
 *
 * Each value names the source and, where it was checked, the `elastic/integrations` pipeline test fixture in which
 * the integration's pipeline writes it (`fixture`). `verified: false` marks values taken from the vendor's documented
 * event names but not yet found in a fixture: they are kept because a rule without them would miss that source, and
 * listed so the next pass over the fixtures can confirm or correct them.
 */

export interface AliasValue {
  value: string;
  source: 'okta' | 'entra_id' | 'google_workspace' | 'auth0' | 'microsoft_365' | 'linux' | 'windows';
  fixture?: string;
  verified: boolean;
}

const F = 'packages';
const OKTA_INPUT = `${F}/okta/data_stream/system/_dev/test/pipeline/test-okta-system-events.log`;
const GWS_USER_ACCOUNTS = `${F}/google_workspace/data_stream/user_accounts/_dev/test/pipeline/test-user-accounts.log-expected.json`;

/** Canonical names (folded) → the values sources write. A value appears under one name only (tested). */
export const EVENT_ALIASES: ReadonlyArray<readonly [string, readonly AliasValue[]]> = [
  [
    'login',
    [
      // The fixture is the pipeline's input; the pipeline copies Okta's eventType to event.action.
      { value: 'user.session.start', source: 'okta', fixture: OKTA_INPUT, verified: true },
      {
        value: 'Successful login',
        source: 'auth0',
        fixture: `${F}/auth0/data_stream/logs/_dev/test/pipeline/test-login-success.json-expected.json`,
        verified: true,
      },
      {
        value: 'login_success',
        source: 'google_workspace',
        fixture: `${F}/google_workspace/data_stream/login/_dev/test/pipeline/test-login.log-expected.json`,
        verified: false,
      },
      { value: 'Sign-in activity', source: 'entra_id', verified: false },
      { value: 'UserLoggedIn', source: 'microsoft_365', verified: false },
      {
        value: 'ssh_login',
        source: 'linux',
        fixture: `${F}/system/data_stream/auth/_dev/test/pipeline/test-auth.log-expected.json`,
        verified: false,
      },
      { value: 'logged-in', source: 'windows', verified: false },
    ],
  ],
  ['otp login', []],
  [
    'password reset',
    [
      { value: 'user.account.reset_password', source: 'okta', verified: false },
      { value: 'Reset user password', source: 'entra_id', verified: false },
      { value: 'Reset user password.', source: 'microsoft_365', verified: false },
      { value: 'reset-password', source: 'windows', verified: false },
    ],
  ],
  [
    'password change',
    [
      { value: 'user.account.update_password', source: 'okta', verified: false },
      { value: 'password_edit', source: 'google_workspace', fixture: GWS_USER_ACCOUNTS, verified: true },
      {
        value: 'password-changed',
        source: 'linux',
        fixture: `${F}/system/data_stream/auth/_dev/test/pipeline/test-pam-chauthtok-iso8601.log-expected.json`,
        verified: true,
      },
      { value: 'Change user password', source: 'entra_id', verified: false },
      { value: 'Change user password.', source: 'microsoft_365', verified: false },
      { value: 'changed-password', source: 'windows', verified: false },
    ],
  ],
  [
    'mfa factor removed',
    [
      { value: 'user.mfa.factor.deactivate', source: 'okta', verified: false },
      { value: 'user.mfa.factor.reset_all', source: 'okta', verified: false },
      { value: '2sv_disable', source: 'google_workspace', fixture: GWS_USER_ACCOUNTS, verified: true },
      { value: 'User deleted security info', source: 'entra_id', verified: false },
    ],
  ],
  [
    'mfa factor added',
    [
      { value: 'user.mfa.factor.activate', source: 'okta', verified: false },
      { value: '2sv_enroll', source: 'google_workspace', fixture: GWS_USER_ACCOUNTS, verified: true },
      { value: 'User registered security info', source: 'entra_id', verified: false },
    ],
  ],
  [
    'role granted',
    [
      { value: 'user.account.privilege.grant', source: 'okta', verified: false },
      { value: 'Add member to role', source: 'entra_id', verified: false },
      { value: 'Add member to role.', source: 'microsoft_365', verified: false },
      { value: 'ASSIGN_ROLE', source: 'google_workspace', verified: false },
      { value: 'added-member-to-group', source: 'windows', verified: false },
    ],
  ],
  [
    'account created',
    [
      { value: 'user.lifecycle.create', source: 'okta', verified: false },
      { value: 'Add user', source: 'entra_id', verified: false },
      { value: 'Add user.', source: 'microsoft_365', verified: false },
      { value: 'CREATE_USER', source: 'google_workspace', verified: false },
      { value: 'Successful signup', source: 'auth0', verified: false },
      { value: 'added-user-account', source: 'windows', verified: false },
    ],
  ],
  [
    'account deleted',
    [
      { value: 'user.lifecycle.delete.initiated', source: 'okta', verified: false },
      { value: 'Delete user', source: 'entra_id', verified: false },
      { value: 'Delete user.', source: 'microsoft_365', verified: false },
      { value: 'DELETE_USER', source: 'google_workspace', verified: false },
      { value: 'deleted-user-account', source: 'windows', verified: false },
    ],
  ],
  [
    'mailbox forwarding rule created',
    [
      // Exchange's Set-Mailbox (packages/o365/data_stream/audit/_dev/test/pipeline/test-exchange-admin.log-expected.json)
      // also sets forwarding, but it is every mailbox change: not listed, a rule may add it with constraints.
      { value: 'New-InboxRule', source: 'microsoft_365', verified: false },
      { value: 'Set-InboxRule', source: 'microsoft_365', verified: false },
      { value: 'UpdateInboxRules', source: 'microsoft_365', verified: false },
    ],
  ],
];

/** Case folded, `_`/`-`/whitespace runs as one space, trimmed. Linear: one pass, no regular expression. */
export function foldEventName(text: string): string {
  let out = '';
  let gap = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '_' || ch === '-' || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      gap = out.length > 0;
      continue;
    }
    if (gap) out += ' ';
    gap = false;
    out += ch;
  }
  return out.toLowerCase();
}

const ALIAS_INDEX: ReadonlyMap<string, readonly string[]> = new Map(
  EVENT_ALIASES.map(([name, values]) => [foldEventName(name), values.map((v) => foldEventName(v.value))]),
);

/** The folded `event.action` values a rule's event name matches: the name itself and its aliases. */
export function actionsForName(name: string): string[] {
  const folded = foldEventName(name);
  return [folded, ...(ALIAS_INDEX.get(folded) ?? [])];
}

/**
 * One table of the real values each source writes for failures and MFA steps, so the credential-attack detectors
 * (issue 14) and the sequence rules' alias table (issue 15) read the same facts as the login classifier.
 * "fixture" marks a value seen in a stored fixture (test/fixtures/integrations/), "vendor" one from the vendor's
 * documented event list that no stored fixture shows yet.
 */
import type { MfaStep } from './types';

export interface AuthValues {
  /** Field the values below are compared with (lower-cased). */
  field: string;
  login: readonly string[];
  failure: readonly string[];
  logout: readonly string[];
  tokenRefresh: readonly string[];
  mfa: Partial<Record<MfaStep, readonly string[]>>;
}

export const AUTH_VALUES = {
  okta: {
    field: 'event.action',
    login: ['user.session.start'], // fixture (outcome decides success/failure)
    failure: ['user.session.start'], // with event.outcome failure (vendor)
    logout: ['user.session.end'], // fixture
    tokenRefresh: ['app.oauth2.token.grant.refresh_token'], // vendor
    mfa: {
      challenge: ['system.push.send_factor_verify_push', 'user.authentication.auth_via_mfa'], // vendor
      deny: ['user.mfa.okta_verify.deny_push'], // vendor
    },
  },
  auth0: {
    field: 'event.action',
    login: ['successful-login'], // fixture
    failure: ['failed-login', 'incorrect-password', 'invalid-username-or-email', 'blocked-account'], // fixture (first three)
    logout: ['successful-logout'], // vendor
    tokenRefresh: [
      'successful-exchange-of-refresh-token-for-access-token',
      'successful-exchange-of-authorization-code-for-access-token',
    ], // vendor
    mfa: {
      challenge: ['second-factor-sent', 'guardian-push-notification-sent'], // vendor
      approve: ['second-factor-authentication-success'], // vendor
      deny: ['second-factor-authentication-failed'], // vendor
    },
  },
  keycloak: {
    field: 'event.action',
    login: ['login'], // fixture
    failure: ['login_error'], // fixture
    logout: ['logout'], // vendor
    tokenRefresh: ['code_to_token', 'refresh_token'], // fixture (code_to_token)
    mfa: {},
  },
  aws_cloudtrail: {
    field: 'event.action',
    login: ['consolelogin'], // fixture
    failure: ['consolelogin'], // fixture, with event.outcome failure
    logout: [],
    tokenRefresh: ['getsessiontoken'], // vendor
    mfa: {},
  },
  o365: {
    field: 'event.action',
    login: ['userloggedin'], // fixture
    failure: ['userloginfailed'], // vendor
    logout: [],
    tokenRefresh: [],
    mfa: {},
  },
  lastpass: {
    field: 'event.action',
    login: ['login', 'saml login'], // fixture (saml login)
    failure: ['failed login attempt'], // vendor
    logout: ['log off'], // vendor
    tokenRefresh: [],
    mfa: {},
  },
  teleport: {
    field: 'event.action',
    login: ['user.login'], // fixture
    failure: ['user.login'], // with teleport.audit.success false (vendor)
    logout: [],
    tokenRefresh: [],
    mfa: {},
  },
  duo: {
    // Duo auth logs are all MFA: the step is in cisco_duo.auth.reason (fixture: user_approved).
    field: 'cisco_duo.auth.reason',
    login: [],
    failure: [],
    logout: [],
    tokenRefresh: [],
    mfa: {
      approve: ['user_approved', 'valid_passcode', 'trusted_network', 'remembered_device', 'bypass_user'], // fixture (user_approved)
      deny: ['user_marked_fraud', 'user_cancelled', 'invalid_passcode', 'denied_by_policy', 'locked_out'], // vendor
      timeout: ['no_response', 'call_timed_out', 'no_keys_pressed'], // vendor
    },
  },
  entra_id: {
    // Entra ID sign-in result codes (azure.signinlogs.result_type); 0 is success.
    field: 'azure.signinlogs.result_type',
    login: ['0'],
    failure: ['50126', '50053', '50055', '50057'], // vendor: bad password, locked, expired, disabled
    logout: [],
    tokenRefresh: [],
    mfa: {
      challenge: ['50074', '50076'], // vendor: strong authentication required
      deny: ['500121'], // vendor: strong authentication failed (denied or not answered)
    },
  },
  google_workspace: {
    field: 'event.action',
    login: ['login_success'], // fixture
    failure: ['login_failure'], // fixture
    logout: ['logout'], // fixture
    tokenRefresh: [],
    mfa: { challenge: ['login_challenge', 'login_verification'] }, // fixture
  },
  github: {
    field: 'event.action',
    login: ['user.login'], // fixture (enterprise audit log)
    failure: ['user.failed_login'], // vendor
    logout: ['user.logout'], // fixture
    tokenRefresh: [],
    mfa: {},
  },
  fortinet: {
    // FortiGate's own action (the pipeline writes no event.action for VPN events).
    field: 'fortinet.firewall.action',
    login: ['tunnel-up'], // fixture
    failure: ['ssl-login-fail'], // vendor
    logout: ['tunnel-down', 'fsso-logoff'], // fixture (FSSO-logoff)
    tokenRefresh: [],
    mfa: {},
  },
  globalprotect: {
    // The GlobalProtect stage, in event.code.
    field: 'event.code',
    login: ['gateway-auth', 'portal-auth'], // fixture (gateway-auth)
    failure: ['gateway-auth', 'portal-auth'], // with event.outcome failure (vendor)
    logout: ['gateway-logout', 'portal-logout'], // vendor
    tokenRefresh: [],
    mfa: {},
  },
  cisco_asa: {
    // ASA message ids.
    field: 'event.code',
    login: ['113039', '716001'], // fixture (113039); 716001 WebVPN session started (vendor)
    failure: ['113005', '113015', '716039'], // vendor: AAA rejected
    logout: ['113019', '716002'], // vendor: session disconnected / terminated
    tokenRefresh: [],
    mfa: {},
  },
} as const satisfies Record<string, AuthValues>;

/** The MFA step a value names in one source's table, if any. */
export function mfaStepOf(values: AuthValues, value: string | undefined): MfaStep | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  for (const step of ['challenge', 'approve', 'deny', 'timeout'] as const) {
    if (values.mfa[step]?.includes(v)) return step;
  }
  return undefined;
}

export function listed(values: readonly string[], value: string | undefined): boolean {
  return value !== undefined && values.includes(value.toLowerCase());
}

/**
 * The built-in rule pack: data in the project's rule format, each with the reason it exists. Validated like any
 * imported rule (builtin_rules.test.ts), so the pack cannot ship a rule the editor would refuse.
 *
 * Three rules need login-family context (a login from a new country, a first login from a new device, a suspicious
 * login). The core cannot know what is new for a user, so it reads it from the event: the rule's first event carries
 * an `event.type` constraint (`buffalogs_new_country`, `buffalogs_new_device`, `buffalogs_suspicious`) that whoever
 * knows adds to the login — the login family's pass once the runner feeds its verdicts in, or an ingest pipeline
 * with an enrich policy. Without that value these three rules never fire, which is the safe failure.
 */
import type { SequenceRuleInput } from './rule';

export const BUILTIN_RULES: readonly SequenceRuleInput[] = [
  {
    id: 'sequence_porlock_otp_password_change',
    name: 'Password reset and change days after a one-time-token login',
    description: "porlock's example rule, made to fire on porlock's example story.",
    reason:
      'A help-desk one-time token lets someone in without the password. Changing the password right after is required ' +
      'and harmless; a reset followed by a change days later, once the owner has settled back in, is how a hijacker ' +
      'who kept the token session takes the account for good.',
    enabled: true,
    version: 1,
    identifier: 'user.name',
    first: 'otp login',
    direction: 'followed_by',
    match: 'any',
    events: ['password reset', 'password change'],
    period: { when: 'after', duration: '2d' },
    secondary: { event: 'password change', when: 'before', duration: '1h' },
    time_frame: '14d',
    severity: 'high',
  },
  {
    id: 'sequence_password_reset_then_mfa_change',
    name: 'MFA changed within an hour of a password reset',
    description: 'A password reset followed within an hour by an MFA factor being added or removed.',
    reason:
      'Whoever resets a password and then re-enrols MFA within the hour controls both factors; account-recovery ' +
      'fraud and SIM-swap takeovers look exactly like this, while users rarely touch MFA right after a reset.',
    enabled: true,
    version: 1,
    identifier: 'user.name',
    first: 'password reset',
    direction: 'followed_by',
    match: 'any',
    events: ['mfa factor removed', 'mfa factor added'],
    period: { when: 'before', duration: '1h' },
    time_frame: '1h',
    severity: 'high',
  },
  {
    id: 'sequence_mfa_removed_after_new_country_login',
    name: 'MFA removed after a login from a new country',
    description: 'An MFA factor removed within a day of a login from a country new for the user.',
    reason:
      "Removing MFA is the attacker's way to keep access after the password changes; right after a login from a " +
      'country the user never logged in from, it is far more likely an intruder than travel.',
    enabled: true,
    version: 1,
    identifier: 'user.name',
    first: { name: 'login', type: 'buffalogs_new_country' },
    direction: 'followed_by',
    match: 'any',
    events: ['mfa factor removed'],
    period: { when: 'before', duration: '1d' },
    time_frame: '1d',
    severity: 'critical',
  },
  {
    id: 'sequence_admin_role_after_new_device_login',
    name: 'Admin role granted soon after a first login from a new device',
    description: 'A role granted to an account within two hours of its first login from a new device.',
    reason:
      'Privilege escalation right after an account appears on an unknown device is the pattern of a stolen session ' +
      'used to grant itself admin rights before anyone notices.',
    enabled: true,
    version: 1,
    identifier: 'user.name',
    first: { name: 'login', type: 'buffalogs_new_device' },
    direction: 'followed_by',
    match: 'any',
    events: ['role granted'],
    period: { when: 'before', duration: '2h' },
    time_frame: '2h',
    severity: 'critical',
  },
  {
    id: 'sequence_account_created_and_deleted',
    name: 'Account created and deleted within an hour',
    description: 'An account deleted within an hour of its creation.',
    reason:
      'Short-lived accounts are used to act under a throwaway identity and then erase it; legitimate accounts live ' +
      'for longer than an hour.',
    enabled: true,
    version: 1,
    identifier: 'user.target.name',
    first: 'account created',
    direction: 'followed_by',
    match: 'any',
    events: ['account deleted'],
    period: { when: 'before', duration: '1h' },
    time_frame: '1h',
    severity: 'medium',
  },
  {
    id: 'sequence_forwarding_rule_after_suspicious_login',
    name: 'Mailbox forwarding rule created after a suspicious login',
    description: 'An inbox or forwarding rule created within a day of a login flagged as suspicious.',
    reason:
      'Business-email compromise: after getting in, attackers add a rule that forwards or hides mail so they can ' +
      'read replies to invoices and password resets without the owner seeing them.',
    enabled: true,
    version: 1,
    identifier: 'user.name',
    first: { name: 'login', type: 'buffalogs_suspicious' },
    direction: 'followed_by',
    match: 'any',
    events: ['mailbox forwarding rule created'],
    period: { when: 'before', duration: '1d' },
    time_frame: '1d',
    severity: 'high',
  },
];

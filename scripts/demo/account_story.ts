/**
 * porlock's story for one demo account, so the built-in rule `sequence_porlock_otp_password_change` fires in the
 * demo: the help desk gives the user a one-time login token, the user logs in with it and changes the password two
 * minutes later as required (day 0: harmless); six days later, from an address the account never used, a password
 * reset and another change (the hijacker who kept the token's session takes the account for good).
 *
 * `event.action` values are what the sources write: Okta's `user.account.reset_password` and
 * `user.account.update_password` (the alias table's "password reset"/"password change", vendor-documented). No
 * surveyed source names a token login apart from other logins, so the OTP login carries porlock's own name
 * (`otp_login`), as an application logging its help-desk flow would. Kept apart from the login sample (and its
 * figures): the account is not one of the generated users, and only its token login is an authentication event.
 */
import type { Rng } from './generate_logins';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const STORY_USER = 'helpdesk.token.user';

export interface StoryEvent {
  '@timestamp': string;
  event: {
    kind: 'event';
    category: string[];
    type: string[];
    action: string;
    outcome: 'success';
    id: string;
    dataset: string;
  };
  user: { name: string };
  source: { ip: string };
}

/**
 * The story's four events, the first (the token login) at `start`. `rng` varies the minutes only, so the
 * story is the same shape every run. The user's own address is office broadband; the hijacker's a new one.
 */
export function porlockStory(options: { start: number; idPrefix?: string; rng?: Rng }): StoryEvent[] {
  const jitter = () => Math.floor((options.rng?.next() ?? 0.5) * 20) * MINUTE;
  const prefix = options.idPrefix ?? 'story';
  const own = '198.51.100.23';
  const hijacker = '203.0.113.250';
  const day6 = options.start + 6 * DAY + jitter();
  const steps: Array<[number, string, string[], string[], string]> = [
    [options.start, 'otp_login', ['authentication'], ['start'], own],
    [options.start + 2 * MINUTE, 'user.account.update_password', ['iam'], ['user', 'change'], own],
    // Day 6, a new address: the reset, then the change the rule's secondary step waits for (within 1 h).
    [day6, 'user.account.reset_password', ['iam'], ['user', 'change'], hijacker],
    [day6 + 12 * MINUTE, 'user.account.update_password', ['iam'], ['user', 'change'], hijacker],
  ];
  return steps.map(([at, action, category, type, ip], i) => ({
    '@timestamp': new Date(at).toISOString(),
    event: {
      kind: 'event',
      category,
      type,
      action,
      outcome: 'success',
      id: `${prefix}-${i + 1}`,
      dataset: 'buffalogs.demo',
    },
    user: { name: STORY_USER },
    source: { ip },
  }));
}

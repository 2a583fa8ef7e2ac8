/**
 * The user-keyed credential family's thresholds (`buffalogs.credential_user` in kibana.yml), each with the reason for
 * its default. The schema and `settingsFrom` are derived from this one table (../credential/threshold_table.ts).
 */
import type { SharedFamilyConfig } from '../family';
import { tableDefaults, thresholdsFrom, type ThresholdRow } from '../credential/threshold_table';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface UserThresholds {
  /** Brute force: failures on one account within `bruteWindowMs`, at least. */
  bruteMinFailures: number;
  bruteWindowMs: number;
  /** Distributed brute force: distinct addresses failing on one account within `distributedWindowMs`. */
  distributedMinAddresses: number;
  distributedWindowMs: number;
  /** A success on the account this long after the attack's last failure is still the attack succeeding. */
  followMs: number;
  /** MFA fatigue: MFA denials or time-outs within `mfaWindowMs` before an approval, at least. */
  mfaMinDenials: number;
  mfaWindowMs: number;
}

export const USER_THRESHOLDS: readonly ThresholdRow<keyof UserThresholds>[] = [
  {
    key: 'bruteMinFailures',
    default: 10,
    min: 3,
    max: 100_000,
    why: 'lockout policies trip at 5–10 failures and a person who forgot a password gives up or resets after a few; 10 in minutes is a tool',
  },
  {
    key: 'bruteWindowMs',
    default: 15 * MINUTE,
    min: MINUTE,
    max: 6 * HOUR,
    why: 'a guessing tool makes its attempts within minutes; a person mistyping over a day is not an attack',
  },
  {
    key: 'distributedMinAddresses',
    default: 10,
    min: 3,
    max: 10_000,
    why: 'a person fails from a laptop, a phone and a VPN exit at most; ten addresses failing on one account is a botnet dodging per-address limits',
  },
  {
    key: 'distributedWindowMs',
    default: HOUR,
    min: MINUTE,
    max: 6 * HOUR,
    why: 'proxy rotations finish within the hour; a longer window starts catching travelling users',
  },
  {
    key: 'followMs',
    default: HOUR,
    min: MINUTE,
    max: 24 * HOUR,
    why: 'a tool that finds the password uses it at once; a success hours later is more likely the owner after a reset',
  },
  {
    key: 'mfaMinDenials',
    default: 3,
    min: 2,
    max: 1000,
    why: 'a person denies one unexpected push, perhaps two; three denied or unanswered prompts then an approval is push fatigue',
  },
  {
    key: 'mfaWindowMs',
    default: HOUR,
    min: MINUTE,
    max: 24 * HOUR,
    why: 'push bombing runs over minutes to an hour, until the user gives in',
  },
];

export const DEFAULT_USER_THRESHOLDS: UserThresholds = tableDefaults(USER_THRESHOLDS);

export interface CredentialUserSettings extends UserThresholds {
  indices: string[];
}

/** Settings from the validated `buffalogs.credential_user` section (undefined when unset). */
export function credentialUserSettingsFrom(section: unknown, shared: SharedFamilyConfig): CredentialUserSettings {
  return { indices: [...shared.indices], ...thresholdsFrom(USER_THRESHOLDS, section) };
}

/**
 * The credential family's thresholds (`buffalogs.credential` in kibana.yml), each with the reason for its default.
 * The schema is derived from this one table, so the defaults, the bounds and `settingsFrom` never disagree.
 */
import type { SharedFamilyConfig } from '../family';
import { tableDefaults, thresholdsFrom, type ThresholdRow } from './threshold_table';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface CredentialThresholds {
  /** Stuffing: distinct users failing from one address within `stuffingWindowMs`. */
  stuffingMinUsers: number;
  stuffingWindowMs: number;
  /** Spray: distinct users failing from one address within `sprayWindowMs`, with few attempts per user. */
  sprayMinUsers: number;
  sprayWindowMs: number;
  sprayMaxAttemptsPerUser: number;
  /** Spray: the failures span at least this long (a faster run is stuffing, judged first). */
  sprayMinSpanMs: number;
  /** Both: failures / (failures + successes) from the address over the same window, at least. */
  minFailureRatio: number;
  /** A success from an attacking address this long after its last failure is still a compromised account. */
  followMs: number;
}

type Row = ThresholdRow<keyof CredentialThresholds>;

/** The table: default, bounds, and why. */
export const CREDENTIAL_THRESHOLDS: readonly Row[] = [
  {
    key: 'stuffingMinUsers',
    default: 100,
    min: 5,
    max: 100_000,
    why: 'combo lists try hundreds of names an hour; an office NAT sees a handful of typing users fail in an hour',
  },
  { key: 'stuffingWindowMs', default: HOUR, min: MINUTE, max: 24 * HOUR, why: 'stuffing tools finish within the hour' },
  {
    key: 'sprayMinUsers',
    default: 20,
    min: 3,
    max: 100_000,
    why: 'a spray tries most of the directory; 20 distinct users failing from one address in a day is not typing',
  },
  {
    key: 'sprayWindowMs',
    default: 24 * HOUR,
    min: HOUR,
    max: 24 * HOUR,
    why: 'sprays stay low and slow over hours to avoid lockouts; state keeps one day of buckets per address',
  },
  {
    key: 'sprayMaxAttemptsPerUser',
    default: 3,
    min: 1,
    max: 100,
    why: 'a spray tries one or two passwords per user, below lockout policies (usually 5–10)',
  },
  {
    key: 'sprayMinSpanMs',
    default: HOUR,
    min: 0,
    max: 24 * HOUR,
    why: 'stuffing is over within the hour; a spray is still trying after it, so a run shorter than this is left to stuffing',
  },
  {
    key: 'minFailureRatio',
    default: 0.8,
    min: 0.1,
    max: 1,
    why: 'attackers fail on nearly every attempt; a shared egress mostly succeeds (typo rates are 3–15%)',
  },
  {
    key: 'followMs',
    default: 24 * HOUR,
    min: MINUTE,
    max: 7 * 24 * HOUR,
    why: 'the attacker uses a valid pair it found within hours; longer keeps flagging a recycled address',
  },
];

export const DEFAULT_CREDENTIAL_THRESHOLDS: CredentialThresholds = tableDefaults(CREDENTIAL_THRESHOLDS);

export interface CredentialSettings extends CredentialThresholds {
  indices: string[];
}

/** Settings from the validated `buffalogs.credential` section (undefined when unset); every key falls back to its default. */
export function credentialSettingsFrom(section: unknown, shared: SharedFamilyConfig): CredentialSettings {
  return { indices: [...shared.indices], ...thresholdsFrom(CREDENTIAL_THRESHOLDS, section) };
}

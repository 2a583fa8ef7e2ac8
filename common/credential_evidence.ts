/**
 * The evidence of the credential families' alerts (server/families/credential/ keyed by source address,
 * server/families/credential_user/ keyed by account), as stored in `buffalogs.evidence` and read by the app. The
 * detection cores build these objects; the app renders them (public/families/credential*).
 */

/** What stuffing and spray measured over the window of one address's history. */
export interface SourceWindowFigures {
  windowMinutes: number;
  failures: number;
  successes: number;
  /** Distinct users that failed from the address in the window. */
  users: number;
  failureRatio: number;
  attemptsPerUser: number;
  firstFailureAt: number;
  sampleUsers: string[];
}

/** A stuffing or spray attack from one address. */
export interface CredentialAttackEvidence extends SourceWindowFigures {
  kind: 'credential_attack';
  source: string;
  firstFailure: string;
}

/** An address that reached an attack's user count but not its failure ratio: a shared egress, and why. */
export interface TrustedSourceEvidence extends SourceWindowFigures {
  kind: 'trusted_source';
  source: string;
  usersSucceeded: number;
  why: string;
}

/** The attack a compromised account is linked to (`alert_id` is the attack's alert). */
export interface LinkedAttack {
  rule: string;
  alert_id: string;
  started: string;
}

export interface SuccessRef {
  event_id: string;
  index: string;
  at: string;
}

/**
 * An account that logged in during (or right after) an attack: from the attacking address (credential family) or
 * on the attacked account (credential_user family, with the time of the attack's last failure).
 */
export interface CompromisedAccountEvidence {
  kind: 'compromised_account';
  user: string;
  source?: string;
  /** credential_user: whether the success came from one of the addresses that failed. */
  fromAttackingAddress?: boolean;
  attack: LinkedAttack;
  lastFailure?: string;
  success: SuccessRef;
}

/** Brute force or distributed brute force on one account. */
export interface AccountAttackEvidence {
  kind: 'account_attack';
  user: string;
  windowMinutes: number;
  failures: number;
  successes: number;
  failureRatio: number;
  addresses: number;
  topAddresses: Array<{ ip: string; failures: number }>;
  firstFailureAt: number;
  firstFailure: string;
}

/** MFA prompts denied or left unanswered, then one approved. */
export interface MfaFatigueEvidence {
  kind: 'mfa_fatigue';
  user: string;
  windowMinutes: number;
  denials: number;
  timeouts: number;
  firstPromptAt: number;
  minutesToApproval: number;
  addresses: string[];
  firstPrompt: string;
  approvedAt: string;
}

export type SourceFamilyEvidence = CredentialAttackEvidence | TrustedSourceEvidence | CompromisedAccountEvidence;
export type UserFamilyEvidence = AccountAttackEvidence | CompromisedAccountEvidence | MfaFatigueEvidence;

/** The families whose alerts the Sources view aggregates, and their rule ids. */
export const CREDENTIAL_FAMILIES = ['credential', 'credential_user'] as const;

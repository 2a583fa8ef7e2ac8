/**
 * The evidence of the credential families' alerts (server/families/credential/ keyed by source address,
 * server/families/credential_user/ keyed by account), as stored in `buffalogs.evidence` and read by the app. The
 * detection cores build these objects; the app renders them (public/families/credential*).
 */

/** What stuffing and spray measured over the window of one address's history (the core's figures, as stored). */
export interface SourceWindowFigures {
  windowMinutes: number;
  failures: number;
  successes: number;
  /** Distinct users that failed from the address in the window. */
  users: number;
  failureRatio: number;
  /** Failed attempts per distinct user (over the users' whole remembered day). */
  attemptsPerUser: number;
  /** The first failure of those users: when the attack began. */
  firstFailureAt: number;
  /** A few of the users, for the analyst. */
  sampleUsers: string[];
}

/**
 * A stuffing or spray attack from one address. Written when the attack is recognised, then again (same alert) after
 * each batch that followed it with more failures: the figures are then the window's up to `lastFailure`.
 */
export interface CredentialAttackEvidence extends SourceWindowFigures {
  kind: 'credential_attack';
  source: string;
  /** When the attack began: the first failure of the users counted when it was recognised. */
  firstFailure: string;
  /** The latest failure followed (absent on alerts written before attacks were followed). */
  lastFailure?: string;
  /**
   * Distinct users that failed from the address since the attack began (`users` is the window's): a spray recognised
   * at 20 users that went on to 24 says 24. Absent on alerts written before attacks were followed.
   */
  usersTargeted?: number;
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

/** What brute force and distributed brute force measured over the window of one account's history. */
export interface AccountAttackFigures {
  windowMinutes: number;
  failures: number;
  successes: number;
  failureRatio: number;
  /** Distinct addresses the failures came from in the window, and the busiest few. */
  addresses: number;
  topAddresses: Array<{ ip: string; failures: number }>;
  firstFailureAt: number;
}

/** Brute force or distributed brute force on one account. */
export interface AccountAttackEvidence extends AccountAttackFigures {
  kind: 'account_attack';
  user: string;
  firstFailure: string;
}

/** What MFA fatigue measured: the prompts denied or left unanswered before the approval. */
export interface MfaFatigueFigures {
  windowMinutes: number;
  denials: number;
  timeouts: number;
  firstPromptAt: number;
  /** Minutes from the first denial to the approval. */
  minutesToApproval: number;
  /** Addresses the denied prompts were triggered from. */
  addresses: string[];
}

/** MFA prompts denied or left unanswered, then one approved. */
export interface MfaFatigueEvidence extends MfaFatigueFigures {
  kind: 'mfa_fatigue';
  user: string;
  firstPrompt: string;
  approvedAt: string;
}

export type SourceFamilyEvidence = CredentialAttackEvidence | TrustedSourceEvidence | CompromisedAccountEvidence;
export type UserFamilyEvidence = AccountAttackEvidence | CompromisedAccountEvidence | MfaFatigueEvidence;

/** The families whose alerts the Sources view aggregates, and their rule ids. */
export const CREDENTIAL_FAMILIES = ['credential', 'credential_user'] as const;

/**
 * The source table's vocabulary: what one authentication event is (its kind), and, per integration family, how to
 * tell that from the document Elastic's pipeline wrote and where the person, the address and the device are.
 */
import type { JsonObject } from '../events/ecs_document';

/**
 * `login` is an interactive human sign-in, the only kind the detection core judges today. The others are kept apart
 * so they are never counted as logins: failures and MFA feed the credential-attack detectors (issue 14), logouts,
 * token refreshes and non-interactive sign-ins are a session continuing, service logons are machines.
 */
export type AuthKind =
  'login' | 'failure' | 'mfa' | 'logout' | 'token_refresh' | 'non_interactive' | 'service_logon' | 'other';

export const AUTH_KINDS: readonly AuthKind[] = [
  'login',
  'failure',
  'mfa',
  'logout',
  'token_refresh',
  'non_interactive',
  'service_logon',
  'other',
];

/** Where the source says so: the MFA prompt was sent, approved, denied (or marked fraud), or left unanswered. */
export type MfaStep = 'challenge' | 'approve' | 'deny' | 'timeout';

export interface Verdict {
  kind: AuthKind;
  mfa?: MfaStep;
  /** Why, in a few words a user can read in the Source health view (`Okta user.session.end is a logout`). */
  reason: string;
}

/** A document as the table reads it: dotted keys expanded, the usual ECS fields pulled out once. */
export interface SourceDocument {
  doc: JsonObject;
  dataset?: string;
  action?: string;
  categories: readonly string[];
  types: readonly string[];
  outcome?: string;
}

export interface Contributes {
  logins: boolean;
  failures: boolean;
  mfa: boolean;
  /** A user agent or device description the new-device signal can use. */
  device: boolean;
  /** `source.geo` written by the pipeline (else GeoIP enrichment must fill it). */
  geo: boolean;
}

export interface SourceFamily {
  id: string;
  title: string;
  /** `data_stream.dataset` / `event.dataset` values Elastic's integration writes for this family. */
  datasets: readonly string[];
  /** The stored fixture files (test/fixtures/integrations/…) this module was written against. */
  fixtures: readonly string[];
  /** Where the person is, best first: an e-mail or UPN field before a short name. */
  identityFields: readonly string[];
  /** Where the client address is, best first (ECS `source.ip` unless the pipeline put it elsewhere). */
  addressFields: readonly string[];
  contributes: Contributes;
  classify(event: SourceDocument): Verdict;
  /**
   * The Elasticsearch clause matching this family's successful interactive logins, whatever `event.type` the
   * pipeline wrote (many write `info`). ANDed with the dataset and the success/user clauses by login_query.ts.
   */
  loginClause: Record<string, unknown>;
}

/**
 * What the credential families read: authentication successes, failures and MFA steps, classified by the source
 * table (server/sources/: each integration's real values for failures and MFA), with the person's canonical identity
 * and the client address. Everything else (logouts, token refreshes, service logons) is refused with the table's
 * reason, so a hostile or odd document costs one counter and nothing else.
 */
import { expandDottedKeys, isPlainObject, unwrapSingle } from '../../events/ecs_document';
import { parseIsoTimestamp } from '../../../common/iso_timestamp';
import type { Query } from '../../ingest';
import {
  AUTH_VALUES,
  DEFAULT_IDENTITY_CONFIG,
  judgeSource,
  SOURCE_TABLE_FIELDS,
  type AuthValues,
  type MfaStep,
} from '../../sources';
import type { Window } from '../family';

export type CredentialKind = 'success' | 'failure' | 'mfa';

export interface CredentialEvent {
  id: string;
  index: string;
  timestamp: number;
  kind: CredentialKind;
  mfa?: MfaStep;
  /** The client address, when the source wrote one. */
  ip?: string;
  /** `user.name` as stored (the user family's key) and the canonical identity (what alerts name). */
  userName?: string;
  identity?: string;
}

export type NormalisedCredential = { ok: true; event: CredentialEvent } | { ok: false; code: string };

/**
 * The codes normaliseCredential refuses an event with, in words. Most are events of another kind that the query's
 * outcome clause also matches (a password change with `event.outcome: success` is `other`): read and set aside,
 * not malformed.
 */
export const CREDENTIAL_REJECTIONS: Readonly<Record<string, string>> = {
  not_an_object: 'not a JSON object',
  no_event_id: 'no event id',
  no_timestamp: 'no usable @timestamp',
  logout: 'logouts',
  token_refresh: 'token refreshes',
  non_interactive: 'non-interactive sign-ins',
  service_logon: 'service logons',
  other: 'not a login, a failed login or an MFA step',
};

/** Of CREDENTIAL_REJECTIONS, the events of another kind (not malformed): set aside, nothing to act on. */
export const CREDENTIAL_SET_ASIDE: ReadonlySet<string> = new Set([
  'logout',
  'token_refresh',
  'non_interactive',
  'service_logon',
  'other',
]);

/** Longest identifier kept (a huge value in a log line must not grow the state). */
const MAX_TEXT = 256;

const short = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 && v.length <= MAX_TEXT ? v : undefined;

export function normaliseCredential(raw: unknown, index: string, id: string | undefined): NormalisedCredential {
  if (!isPlainObject(raw)) return { ok: false, code: 'not_an_object' };
  const doc = expandDottedKeys(raw);
  const eventId = short(id) ?? short((doc.event as Record<string, unknown> | undefined)?.id);
  if (!eventId) return { ok: false, code: 'no_event_id' };
  // As Elasticsearch reads it (epoch millis; no offset is UTC), not Date.parse (local time, "1" is 2001).
  const timestamp = parseIsoTimestamp(unwrapSingle(doc['@timestamp']));
  if (timestamp === undefined) return { ok: false, code: 'no_timestamp' };
  const judged = judgeSource(doc, { identity: DEFAULT_IDENTITY_CONFIG, index });
  const { kind: verdict, mfa } = judged.verdict;
  const kind: CredentialKind | undefined =
    verdict === 'login' ? 'success' : verdict === 'failure' ? 'failure' : verdict === 'mfa' ? 'mfa' : undefined;
  if (!kind) return { ok: false, code: verdict };
  const user = doc.user as Record<string, unknown> | undefined;
  const userName = short(isPlainObject(user) ? user.name : undefined);
  const identity = short(judged.identity);
  const ip = short(judged.address);
  // One literal with every field, absent ones undefined: one object per event (each conditional spread was another).
  return {
    ok: true,
    event: {
      id: eventId,
      index,
      timestamp,
      kind,
      mfa: mfa || undefined,
      ip: ip || undefined,
      userName: userName || undefined,
      identity: identity || undefined,
    },
  };
}

/** Time order, then id: any arrangement of the same events is judged the same way. */
export const byTime = (a: CredentialEvent, b: CredentialEvent): number =>
  a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Replay/examples: a document's event id is `event.id` (a pass uses the hit's `_id`). */
export function replayEvents(documents: ReadonlyArray<Record<string, unknown>>): CredentialEvent[] {
  const out: CredentialEvent[] = [];
  for (const d of documents) {
    const r = normaliseCredential(d, 'replay', undefined);
    if (r.ok) out.push(r.event);
  }
  return out;
}

/** The `_source` fields the normaliser needs: the event's own and the source table's. */
export const CREDENTIAL_SOURCE_FIELDS: readonly string[] = [
  '@timestamp',
  'event.id',
  'event.outcome',
  'event.category',
  'event.type',
  'user.name',
  ...SOURCE_TABLE_FIELDS,
];

/** Values of `event.action` that name an MFA step in some source (Okta, Auth0): steps written without a category. */
const MFA_ACTIONS = [
  ...new Set(
    Object.values(AUTH_VALUES as Record<string, AuthValues>)
      .filter((v) => v.field === 'event.action')
      .flatMap((v) => Object.values(v.mfa).flat()),
  ),
].sort();

/**
 * A credential family's events in a window, keyed by `field`: authentication events, anything with a success or
 * failure outcome, and the MFA steps named by `event.action`. The normaliser then keeps what the source table calls a
 * login, a failure or an MFA step.
 */
export function credentialQuery(field: string, window: Window): Query {
  return {
    bool: {
      filter: [
        { range: { '@timestamp': { gt: window.from, lte: window.to, format: 'epoch_millis' } } },
        { exists: { field } },
        {
          bool: {
            should: [
              { term: { 'event.category': 'authentication' } },
              { terms: { 'event.outcome': ['success', 'failure'] } },
              { terms: { 'event.action': MFA_ACTIONS } },
            ],
            minimum_should_match: 1,
          },
        },
      ],
    },
  };
}

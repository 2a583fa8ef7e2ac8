/** Small readers shared by the family modules. */
import { getPath, keywordValues, optionalString, unwrapSingle, type JsonObject } from '../events/ecs_document';
import type { Verdict } from './types';

export const FIXTURES = 'test/fixtures/integrations';

/** A string at a dotted path (the first of an array), lower-cased when `lower`. */
export function text(doc: JsonObject, path: string, lower = false): string | undefined {
  const value = optionalString(unwrapSingle(getPath(doc, path.split('.'))));
  return lower ? value?.toLowerCase() : value;
}

export function values(doc: JsonObject, path: string): string[] {
  return keywordValues(getPath(doc, path.split('.')));
}

export function raw(doc: JsonObject, path: string): unknown {
  return unwrapSingle(getPath(doc, path.split('.')));
}

export const verdict = (kind: Verdict['kind'], reason: string, mfa?: Verdict['mfa']): Verdict =>
  mfa ? { kind, reason, mfa } : { kind, reason };

/** Success → login, failure → failure, anything else → other, with the source's name in the reason. */
export function byOutcome(outcome: string | undefined, what: string): Verdict {
  if (outcome === 'success') return verdict('login', `${what} succeeded`);
  if (outcome === 'failure') return verdict('failure', `${what} failed`);
  return verdict('other', `${what} without a success or failure outcome`);
}

/** A term query on one field, for the families' login clauses. */
export const term = (field: string, value: string | boolean) => ({ term: { [field]: value } });
export const termsOf = (field: string, list: readonly string[]) => ({ terms: { [field]: [...list] } });

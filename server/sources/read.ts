/** Small readers shared by the family modules. */
import { getPath, keywordValues, optionalString, unwrapSingle, type JsonObject } from '../events/ecs_document';
import type { Verdict } from './types';

export const FIXTURES = 'test/fixtures/integrations';

/**
 * A dotted path's segments, split once: the table reads the same few dozen paths for every document the pass reads,
 * and splitting them anew each time was garbage on every login. Bounded: only the code's own paths come here.
 */
const SEGMENTS = new Map<string, readonly string[]>();
function segments(path: string): readonly string[] {
  let parts = SEGMENTS.get(path);
  if (parts === undefined) {
    parts = path.split('.');
    if (SEGMENTS.size < 1_000) SEGMENTS.set(path, parts);
  }
  return parts;
}

/** A string at a dotted path (the first of an array), lower-cased when `lower`. */
export function text(doc: JsonObject, path: string, lower = false): string | undefined {
  const value = optionalString(unwrapSingle(getPath(doc, segments(path))));
  return lower ? value?.toLowerCase() : value;
}

export function values(doc: JsonObject, path: string): readonly string[] {
  return keywordValues(getPath(doc, segments(path)));
}

export function raw(doc: JsonObject, path: string): unknown {
  return unwrapSingle(getPath(doc, segments(path)));
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

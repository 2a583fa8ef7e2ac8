/**
 * What the app needs to show one detection family's alerts (server/families/<id>/): the detector's name in lists,
 * short facts for the alert's row, and the "why it fired" of the flyout. One folder per family under
 * public/families/; `familyView` (./index.ts) picks the view by `buffalogs.family`.
 */
import type React from 'react';
import type { FamilyAlertDocument } from '../../common/alert_document';

/** An alert of any family as the API returns it (login alerts carry more: `AlertItem`). */
export type AnyAlert = FamilyAlertDocument & { id?: string };

export interface RowBadge {
  label: string;
  /** EUI badge colour; default when absent. */
  color?: string;
  /** Longer text for the tooltip and screen readers. */
  title?: string;
}

export interface FamilyView {
  id: string;
  /** The family in words ("Credential attacks by address"). */
  name: string;
  /** The detector's name in lists and the flyout's title. */
  ruleLabel(alert: AnyAlert): string;
  /** Short facts shown in the alert's row (a verdict's signals and score, an attack's numbers). */
  rowBadges(alert: AnyAlert): RowBadge[];
  /** Why the alert fired, with the numbers (the flyout's first section). */
  Evidence: React.ComponentType<{ alert: AnyAlert }>;
}

/**
 * A stored field as text when it is a non-empty string. The list shows documents as stored: an older version's,
 * another tool's or a hand-edited one may lack any field or hold another type, and one bad cell blanked the page.
 */
export const storedText = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** A stored number when it is one (a string or NaN in a badge read "score abc", "NaN users"). */
export const storedNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** A stored object's fields; none when it is not an object (a nested part of evidence may be missing, null or text). */
export const storedObject = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** A stored list's entries; none when it is not a list (a string's characters were iterated as signals). */
export const storedList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The text entries of a stored list. */
export const storedTexts = (value: unknown): string[] =>
  storedList(value).filter((v): v is string => storedText(v) !== undefined);

/**
 * The object entries of a stored list: a null, a string or a number among them (a hand-written or another writer's
 * alert) is no entry, rather than a row of dashes.
 */
export const storedObjects = (value: unknown): Array<Record<string, unknown>> =>
  storedList(value).filter((v): v is Record<string, unknown> => storedObject(v) === v);

/** Stored text in a sentence or a description: a dash when missing or of another type ("undefined", "[object…"). */
export const textOrDash = (value: unknown): string => storedText(value) ?? '—';

/** The alert's rule id, name and description, each when the stored document has it as text. */
export function ruleOf(alert: AnyAlert): { id?: string; name?: string; description?: string } {
  const rule = storedObject(alert.rule);
  return { id: storedText(rule.id), name: storedText(rule.name), description: storedText(rule.description) };
}

/** The rule's name, else its id, else empty: how families without their own labels name a detector. */
export const ruleName = (alert: AnyAlert): string => ruleOf(alert).name ?? ruleOf(alert).id ?? '';

/** The alert's `buffalogs` object, empty when the stored document has none (or not an object). */
export function buffalogsOf(alert: AnyAlert): Partial<Record<keyof AnyAlert['buffalogs'], unknown>> {
  return storedObject(alert.buffalogs);
}

/** The alert's evidence object when it has the `kind` a view expects (stored documents are read defensively). */
export function evidenceOf<K extends string>(
  alert: AnyAlert,
  ...kinds: K[]
): ({ kind: K } & Record<string, unknown>) | undefined {
  const e = buffalogsOf(alert).evidence as { kind?: unknown } | null | undefined;
  return e && typeof e === 'object' && typeof e.kind === 'string' && (kinds as string[]).includes(e.kind)
    ? (e as { kind: K } & Record<string, unknown>)
    : undefined;
}

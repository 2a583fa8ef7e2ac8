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

/** The alert's rule id and name, each when the stored document has it as text. */
export function ruleOf(alert: AnyAlert): { id?: string; name?: string } {
  const rule = alert.rule as { id?: unknown; name?: unknown } | null | undefined;
  return { id: storedText(rule?.id), name: storedText(rule?.name) };
}

/** The rule's name, else its id, else empty: how families without their own labels name a detector. */
export const ruleName = (alert: AnyAlert): string => ruleOf(alert).name ?? ruleOf(alert).id ?? '';

/** The alert's `buffalogs` object, empty when the stored document has none (or not an object). */
export function buffalogsOf(alert: AnyAlert): Partial<Record<keyof AnyAlert['buffalogs'], unknown>> {
  const b: unknown = alert.buffalogs;
  return b && typeof b === 'object' ? (b as Record<string, unknown>) : {};
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

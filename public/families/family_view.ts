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

/** The alert's evidence object when it has the `kind` a view expects (stored documents are read defensively). */
export function evidenceOf<K extends string>(
  alert: AnyAlert,
  ...kinds: K[]
): ({ kind: K } & Record<string, unknown>) | undefined {
  const e = alert.buffalogs.evidence as { kind?: unknown } | null | undefined;
  return e && typeof e === 'object' && typeof e.kind === 'string' && (kinds as string[]).includes(e.kind)
    ? (e as { kind: K } & Record<string, unknown>)
    : undefined;
}

import React from 'react';
import { familyView, type AnyAlert } from '../../families';

/**
 * Why an alert fired, in sentences and numbers: each family renders its own evidence (public/families/<id>/), chosen
 * by `buffalogs.family`.
 */
export function AlertEvidenceView({ alert }: { alert: AnyAlert }) {
  const { Evidence } = familyView(alert);
  return <Evidence alert={alert} />;
}

/** The detector's name for lists and titles, in the alert's family's words. */
export const alertRuleLabel = (alert: AnyAlert): string => familyView(alert).ruleLabel(alert);

/**
 * The app's view of every detection family, chosen by the alert's `buffalogs.family` (alerts written before families
 * existed have none: they are login alerts). A family the app does not know yet still shows: its rule's name and
 * every field of its evidence.
 */
import React from 'react';
import { analysisView } from './analysis';
import { credentialView } from './credential';
import { credentialUserView } from './credential_user';
import { buffalogsOf, ruleName, ruleOf, storedText, type AnyAlert, type FamilyView } from './family_view';
import { loginView } from './login';
import { sequenceView } from './sequence';
import { EvidenceList, genericItems } from './shared/evidence_list';
import { webView } from './web';

const VIEWS: ReadonlyMap<string, FamilyView> = new Map(
  [loginView, credentialView, credentialUserView, sequenceView, webView, analysisView].map((v) => [v.id, v]),
);

const unknownView: FamilyView = {
  id: 'unknown',
  name: 'Other detections',
  ruleLabel: ruleName,
  rowBadges: () => [],
  Evidence: ({ alert }) =>
    React.createElement(EvidenceList, {
      message: alert.message,
      summary:
        ruleOf(alert).description ?? (ruleName(alert) || 'Evidence of a detection family this version does not know.'),
      items: genericItems(buffalogsOf(alert).evidence),
    }),
};

export const familyOf = (alert: AnyAlert): string => storedText(buffalogsOf(alert).family) ?? 'login';

export function familyView(alert: AnyAlert): FamilyView {
  return VIEWS.get(familyOf(alert)) ?? unknownView;
}

export type { AnyAlert, FamilyView } from './family_view';

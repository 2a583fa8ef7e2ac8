/** The web family (access logs keyed by address): scanning, floods, bursts, exfiltration, malicious referrers. */
import React from 'react';
import { formatNumber } from '../../components/shared/format';
import {
  buffalogsOf,
  evidenceOf,
  ruleName,
  storedObject,
  storedText,
  type AnyAlert,
  type FamilyView,
} from '../family_view';
import { EvidenceList, fieldTitle, genericItems, valueText, type EvidenceItems } from '../shared/evidence_list';

/** Evidence kinds: the web detectors' rule ids (server/families/web/detectors/detector.ts), whose names the alert carries. */
const KINDS = ['web_scanning', 'web_flood', 'web_burst', 'web_exfiltration', 'web_malicious_referrer'];

/**
 * A web detector's evidence is flat: each measured number sits beside its `<name>_threshold`. They are shown as one
 * line each ("Not found: 120 (threshold 50)") so the reader sees what crossed what.
 */
export function webItems(evidence: Record<string, unknown>): EvidenceItems {
  const items: EvidenceItems = [];
  for (const [key, value] of Object.entries(evidence)) {
    if (key === 'kind' || key.endsWith('_threshold') || key === 'threshold') continue;
    const threshold = evidence[`${key}_threshold`] ?? (key === 'count' ? evidence.threshold : undefined);
    items.push({
      title: fieldTitle(key),
      description:
        threshold === undefined ? valueText(value) : `${valueText(value)} (threshold ${valueText(threshold)})`,
    });
  }
  return items;
}

function WebEvidence({ alert }: { alert: AnyAlert }) {
  const e = evidenceOf(alert, ...KINDS);
  const address = storedText(storedObject(alert.source).ip);
  return (
    <EvidenceList
      message={alert.message}
      summary={`${ruleName(alert) || 'A web detector'} from ${address ?? 'an address'}.`}
      items={e ? webItems(e) : genericItems(buffalogsOf(alert).evidence)}
    />
  );
}

export const webView: FamilyView = {
  id: 'web',
  name: 'Web access logs',
  ruleLabel: ruleName,
  rowBadges(alert) {
    const e = evidenceOf(alert, 'web_scanning', 'web_flood');
    const n = e?.not_found ?? e?.too_many_requests;
    return typeof n === 'number' ? [{ label: `${formatNumber(n)} requests`, color: 'hollow' }] : [];
  },
  Evidence: WebEvidence,
};

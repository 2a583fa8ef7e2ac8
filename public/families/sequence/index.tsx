/** The sequence family (porlock rules): which rule matched, on which events, in which window. */
import React from 'react';
import type { SequenceEvidence } from '../../../common/sequence_alert_document';
import { formatNumber, formatTime } from '../../components/shared/format';
import { evidenceOf, ruleName, type AnyAlert, type FamilyView } from '../family_view';
import { EvidenceList, genericItems } from '../shared/evidence_list';

const ROLE: Record<string, string> = { first: 'opened the window', match: 'matched', secondary: 'completed the chain' };

function SequenceEvidenceView({ alert }: { alert: AnyAlert }) {
  const e = evidenceOf(alert, 'sequence') as unknown as SequenceEvidence | undefined;
  if (!e || !Array.isArray(e.events)) {
    return (
      <EvidenceList
        message={alert.message}
        summary="Evidence of an unknown kind."
        items={genericItems(alert.buffalogs.evidence)}
      />
    );
  }
  const { rule } = e;
  return (
    <EvidenceList
      message={alert.message}
      summary={
        `Rule ${rule.id} (version ${rule.version}): ${rule.match} of ${rule.events.join(', ')} ` +
        `${rule.period.when} within ${rule.period.duration}; ${formatNumber(e.match_count)} matching events.`
      }
      items={[
        { title: 'Window', description: `${formatTime(e.window.start)} – ${formatTime(e.window.end)}` },
        ...(e.secondary_window
          ? [
              {
                title: 'Second step',
                description: `${formatTime(e.secondary_window.start)} – ${formatTime(e.secondary_window.end)}`,
              },
            ]
          : []),
        { title: 'Events seen', description: e.matched_names.join(', ') || 'none' },
        ...e.events.map((ev) => ({
          title: `${formatTime(ev['@timestamp'])} — ${ROLE[ev.role] ?? ev.role}`,
          description: `${ev.name} (${ev.action})`,
        })),
      ]}
    />
  );
}

export const sequenceView: FamilyView = {
  id: 'sequence',
  name: 'Sequence rules',
  ruleLabel: ruleName,
  rowBadges(alert) {
    const e = evidenceOf(alert, 'sequence') as unknown as SequenceEvidence | undefined;
    return typeof e?.match_count === 'number'
      ? [{ label: `${formatNumber(e.match_count)} events`, color: 'hollow' }]
      : [];
  },
  Evidence: SequenceEvidenceView,
};

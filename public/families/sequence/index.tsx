/** The sequence family (porlock rules): which rule matched, on which events, in which window. */
import React from 'react';
import type { SequenceEvidence } from '../../../common/sequence_alert_document';
import { formatNumber, formatTime } from '../../components/shared/format';
import { own } from '../../components/shared/labels';
import {
  evidenceOf,
  ruleName,
  storedList,
  storedNumber,
  storedObject,
  storedObjects,
  storedTexts,
  textOrDash,
  type AnyAlert,
  type FamilyView,
} from '../family_view';
import { EvidenceList, UnknownEvidence } from '../shared/evidence_list';

const ROLE: Record<string, string> = { first: 'opened the window', match: 'matched', secondary: 'completed the chain' };

const span = (value: unknown): string => {
  const w = storedObject(value);
  return `${formatTime(w.start)} – ${formatTime(w.end)}`;
};

/** The stored evidence (SequenceEvidence) read field by field: a dash for one missing or of another type. */
function SequenceEvidenceView({ alert }: { alert: AnyAlert }) {
  const e = evidenceOf(alert, 'sequence');
  if (!e) {
    return <UnknownEvidence alert={alert} />;
  }
  const rule = storedObject(e.rule);
  const period = storedObject(rule.period);
  const entries = storedList(e.events);
  const events = storedObjects(entries);
  const omitted = entries.length - events.length;
  return (
    <EvidenceList
      message={alert.message}
      summary={
        `Rule ${textOrDash(rule.id)} (version ${storedNumber(rule.version) ?? '—'}): ${textOrDash(rule.match)} of ` +
        `${storedTexts(rule.events).join(', ') || '—'} ${textOrDash(period.when)} within ${textOrDash(period.duration)}; ` +
        `${formatNumber(e.match_count)} matching events.`
      }
      items={[
        { title: 'Window', description: span(e.window) },
        ...(e.secondary_window !== undefined ? [{ title: 'Second step', description: span(e.secondary_window) }] : []),
        { title: 'Events seen', description: storedTexts(e.matched_names).join(', ') || 'none' },
        ...events.map((ev) => {
          const role = textOrDash(ev.role);
          return {
            title: `${formatTime(ev['@timestamp'])} — ${own(ROLE, role) ?? role}`,
            description: `${textOrDash(ev.name)} (${textOrDash(ev.action)})`,
          };
        }),
        ...(omitted > 0
          ? [
              {
                title: 'Malformed events',
                description: `${omitted} malformed ${omitted === 1 ? 'entry' : 'entries'} omitted`,
              },
            ]
          : []),
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

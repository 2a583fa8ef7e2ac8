import React from 'react';
import { EuiBasicTable, EuiIcon, EuiText, EuiTitle, type EuiBasicTableColumn } from '@elastic/eui';
import type {
  HabitEvidence,
  HabitFeatureEvidence,
  VerdictEvidence,
  VerdictSignal,
} from '../../../common/alert_document';
import { NETWORK_SIGNALS } from '../../../common/trust_network';
import { signalLabel } from './labels';

/**
 * "Why this score": each signal with its configured weight, what lowered it (the organisation's network, a
 * traveller's journey…), the points it added and its reason, then the sum against the alerting threshold.
 */
export function VerdictBreakdown({ evidence, device }: { evidence: VerdictEvidence; device?: string }) {
  const columns: Array<EuiBasicTableColumn<VerdictSignal>> = [
    {
      field: 'id',
      name: 'Signal',
      width: '16%',
      // A network's signal: "Trust this network for everyone" below can silence it (common/trust_network.ts).
      render: (id: string) =>
        NETWORK_SIGNALS.has(id) ? (
          <span data-test-subj="verdictNetworkSignal" title="About the login's network: it can be trusted for everyone">
            {signalLabel(id)} <EuiIcon type="globe" size="s" aria-label="network" />
          </span>
        ) : (
          signalLabel(id)
        ),
    },
    {
      field: 'weight',
      name: 'Points',
      width: '14%',
      render: (_: unknown, s: VerdictSignal) =>
        s.weight === s.base_weight ? `+${s.weight}` : `+${s.weight} (of ${s.base_weight})`,
    },
    {
      field: 'context',
      name: 'What lowered it',
      width: '25%',
      render: (_: unknown, s: VerdictSignal) =>
        s.context?.length ? s.context.join('; ') : s.weight < s.base_weight ? 'context' : 'nothing',
    },
    { field: 'reason', name: 'Evidence', render: (reason: string) => reason },
  ];
  const sum = evidence.signals.reduce((total, s) => total + s.weight, 0);
  const above = evidence.score >= evidence.threshold;
  return (
    <section data-test-subj="verdictBreakdown">
      <EuiTitle size="xxs">
        <h4>Why this score</h4>
      </EuiTitle>
      <EuiText size="s">
        <p data-test-subj="verdictScoreLine">
          {`Score ${evidence.score} of 100 = ${evidence.signals.map((s) => s.weight).join(' + ') || '0'}` +
            `${sum > evidence.score ? ` (${sum}, capped at 100)` : ''}; ` +
            `alerting threshold ${evidence.threshold}: ${above ? 'at or above it, so an alert' : 'below it'}.`}
        </p>
        {device && <p data-test-subj="verdictDevice">Device: {device}</p>}
      </EuiText>
      <EuiBasicTable
        tableCaption="Signals of this login, their points and what lowered them"
        items={evidence.signals}
        columns={columns}
        rowProps={() => ({ 'data-test-subj': 'verdictSignalRow' })}
      />
      {evidence.signals.map((s) =>
        s.evidence.kind === 'habits' ? <HabitsTable key={s.id} habits={s.evidence} /> : null,
      )}
    </section>
  );
}

const FEATURE_LABELS: Record<HabitFeatureEvidence['feature'], string> = {
  country: 'Country',
  city: 'City',
  asn: 'Network',
  device: 'Device',
  hour: 'Hour (UTC)',
};

/**
 * The per-user habit model's explanation (`unusual_for_user`, server/detection/verdict/user_model.ts): for each
 * feature, this login's value, how many of the user's recent (decayed) logins had it, what the user usually does,
 * and how much of the model's score it gave.
 */
function HabitsTable({ habits }: { habits: HabitEvidence }) {
  const columns: Array<EuiBasicTableColumn<HabitFeatureEvidence>> = [
    {
      field: 'feature',
      name: 'Feature',
      width: '12%',
      render: (f: HabitFeatureEvidence['feature']) => FEATURE_LABELS[f],
    },
    { field: 'value', name: 'This login', width: '20%' },
    {
      field: 'seen',
      name: 'Seen before',
      width: '18%',
      render: (_: unknown, f: HabitFeatureEvidence) =>
        `${f.seen} of ${f.of} logins${f.feature === 'hour' ? ' (±1 h)' : ''}`,
    },
    { field: 'usual', name: 'Usually', render: (usual: string[]) => usual.join(', ') || '–' },
    {
      field: 'part',
      name: 'Unusual',
      width: '20%',
      render: (_: unknown, f: HabitFeatureEvidence) =>
        `${Math.round(f.unusual * 100)} % (1 in ${Math.max(1, Math.round(1 / f.p))}) → +${f.part}` +
        (f.context ? `; ${f.context}` : ''),
    },
  ];
  return (
    <div data-test-subj="verdictHabits">
      <EuiText size="s">
        <p data-test-subj="verdictHabitsLine">
          {`Unusual for this user: ${habits.score} of 1 (counts from ${habits.threshold}), against ` +
            `${habits.logins} recent logins (counts halve every ${habits.half_life_days} days).`}
        </p>
      </EuiText>
      <EuiBasicTable
        tableCaption="How this login compares with the user's habits"
        items={habits.features}
        columns={columns}
        rowProps={() => ({ 'data-test-subj': 'verdictHabitRow' })}
      />
    </div>
  );
}

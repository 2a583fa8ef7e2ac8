import React from 'react';
import { EuiBasicTable, EuiText, EuiTitle, type EuiBasicTableColumn } from '@elastic/eui';
import type { VerdictEvidence, VerdictSignal } from '../../../common/alert_document';
import { signalLabel } from './labels';

/**
 * "Why this score": each signal with its configured weight, what lowered it (the organisation's network, a
 * traveller's journey…), the points it added and its reason, then the sum against the alerting threshold.
 */
export function VerdictBreakdown({ evidence, device }: { evidence: VerdictEvidence; device?: string }) {
  const columns: Array<EuiBasicTableColumn<VerdictSignal>> = [
    { field: 'id', name: 'Signal', width: '16%', render: (id: string) => signalLabel(id) },
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
    </section>
  );
}

import React from 'react';
import { EuiHealth } from '@elastic/eui';
import type { RiskLevel } from '../../../common/constants';
import { RISK_COLORS, RISK_LABELS } from './labels';

/**
 * Colour plus the word: the level must not be conveyed by colour alone. On one line: in a narrow column "High (100)"
 * broke after "High".
 */
export function RiskBadge({ level, score }: { level: RiskLevel; score?: number }) {
  return (
    <EuiHealth color={RISK_COLORS[level]} style={{ whiteSpace: 'nowrap' }}>
      {RISK_LABELS[level]}
      {score !== undefined ? ` (${score})` : ''}
    </EuiHealth>
  );
}

import type { AlertEvidence } from '../../../common/alert_document';
import type { RiskLevel, RuleId } from '../../../common/constants';
import type { LoginContext } from '../detectors/detector';

/** What a filter sees: the alert about to be produced and the user's risk before it. */
export interface FilterInput {
  ctx: LoginContext;
  rule: RuleId;
  evidence: AlertEvidence;
  riskBefore: RiskLevel;
  /** Wall clock supplied by the caller. */
  now: number;
}

/** Appends its reasons (in BuffaLogs' order) to `out`. */
export type AlertFilter = (input: FilterInput, out: string[]) => void;

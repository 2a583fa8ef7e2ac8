/**
 * What a web detector is: it sees one address's events in time order, keeps what it needs in the address's state, and
 * raises an alert through `raise` (which applies the cooldown and builds the document).
 */
import type { CrawlerLabel } from '../crawlers';
import type { WebEvent } from '../event';
import type { WebSettings } from '../settings';
import type { WebState } from '../state';
import type { DomainReport } from '../reputation/virustotal';

export interface DomainReputation {
  reports: ReadonlyMap<string, DomainReport>;
  /** Engines that must call a domain malicious for its referrals to alert. */
  maliciousEngines: number;
}

import type { WebRuleId } from '../../../../common/web_config';

export type { WebRuleId };
export type WebSeverity = 'low' | 'medium' | 'high';

export interface Raise {
  rule: WebRuleId;
  severity: WebSeverity;
  /** One sentence with the numbers. */
  message: string;
  evidence: Record<string, unknown>;
  /** Cooldown key when a rule may alert separately per something (a referrer domain); default the rule id. */
  key?: string;
}

export interface DetectorContext {
  settings: WebSettings;
  maliciousDomains: ReadonlySet<string>;
  /** VirusTotal's answers for this batch's referrer domains (absent without `buffalogs.web.virusTotal`). */
  reputation?: DomainReputation;
  state: WebState;
  crawler?: CrawlerLabel;
  /** Raises unless the rule (key) alerted for this address within the cooldown; returns whether it did. */
  raise(alert: Raise): boolean;
}

export type WebDetector = (event: WebEvent, context: DetectorContext) => void;

/** A few distinct values, most recent first, for evidence (bounded). */
export function sample(values: readonly string[], max = 10): string[] {
  return [...new Set([...values].reverse())].slice(0, max);
}

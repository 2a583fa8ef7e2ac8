/**
 * The ECS document of a sequence-rule alert (server/families/sequence/). It keeps the login alerts' shape
 * (common/alert_document.ts: `@timestamp`, `event.*`, `rule.*`, `message`, `buffalogs.alert_id`/`sort_key`/`status`)
 * so lists, triage and sorting treat both alike, and adds what the detection-family design names
 * (`buffalogs.family`, `buffalogs.entity`): a sequence is about any identifier, not only a user.
 */
import type { AlertStatus } from './constants';
import type { Severity } from './alert_document';

/** One matched event, in the order the sequence happened. */
export interface SequenceEvidenceEvent {
  /** `first`: the event that opened the window; `match`: one of the rule's events; `secondary`: the chain's last step. */
  role: 'first' | 'match' | 'secondary';
  /** The rule's name for it (`password change`), and what the source wrote (`user.account.update_password`). */
  name: string;
  action: string;
  '@timestamp': string;
  event_id: string;
  index: string;
}

export interface SequenceWindow {
  start: string;
  end: string;
}

export interface SequenceEvidence {
  kind: 'sequence';
  rule: {
    id: string;
    version: number;
    direction: 'followed_by' | 'preceded_by';
    match: 'any' | 'all' | 'one' | 'none';
    events: string[];
    period: { when: 'before' | 'after'; duration: string };
    secondary?: { event: string; when: 'before' | 'after'; duration: string };
    time_frame: string;
  };
  /** Chronological; at most `max_events` match events are listed, `match_count` counts them all. */
  events: SequenceEvidenceEvent[];
  match_count: number;
  /** The names of the rule's events that occurred in the window (for `none`: empty). */
  matched_names: string[];
  /** Where the matching events were looked for (both ends inclusive), and the secondary step's window. */
  window: SequenceWindow;
  secondary_window?: SequenceWindow;
}

export interface SequenceAlertDocument {
  '@timestamp': string;
  event: {
    kind: 'alert';
    category: string[];
    type: ['info'];
    risk_score: number;
    severity: number;
    created?: string;
  };
  rule: { id: string; name: string; description: string; ruleset: 'buffalogs'; version: string };
  message: string;
  user?: { name: string };
  buffalogs: {
    family: 'sequence';
    entity: { field: string; value: string };
    alert_id: string;
    sort_key: number;
    severity: Severity;
    trigger: { event_id: string; index: string };
    reason: string;
    evidence: SequenceEvidence;
    status: AlertStatus;
  };
}

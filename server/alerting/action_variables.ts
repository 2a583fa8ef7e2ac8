/** What each Kibana alert of the rule type carries into its actions (`{{context.<name>}}` in a connector's message). */
import type { ActionVariable } from '@kbn/alerting-plugin/server';

export interface AlertActionContext extends Record<string, unknown> {
  alertId: string;
  timestamp: string;
  family: string;
  user: string;
  entityField: string;
  entityValue: string;
  detector: string;
  detectorName: string;
  severity: string;
  score: number;
  observation: boolean;
  message: string;
  evidence: string;
  link: string;
}

const DESCRIPTIONS: Record<keyof AlertActionContext, string> = {
  alertId: 'The BuffaLogs alert id (buffalogs.alert_id).',
  timestamp: 'When the triggering event happened.',
  family: 'The detection family (login, credential, sequence, web).',
  user: 'The user the alert is about (or its entity value when it is keyed by something else, e.g. an address).',
  entityField: 'The field the alert is keyed by (user.name, source.ip, …).',
  entityValue: "The entity's value.",
  detector: 'The detector id (rule.id).',
  detectorName: "The detector's name.",
  severity: 'low, medium, high or critical.',
  score: 'The risk score, 0–100 (event.risk_score).',
  observation: 'True for an alert the profile filters judged benign (only when the rule includes observations).',
  message: 'One sentence that explains the alert with its numbers.',
  evidence: 'The evidence in one line (places, distances, speeds, known values…).',
  link: "The alert in the BuffaLogs app (absolute when Kibana's server.publicBaseUrl is set).",
};

export const ACTION_CONTEXT_VARIABLES: ActionVariable[] = Object.entries(DESCRIPTIONS).map(([name, description]) => ({
  name,
  description,
  ...(name === 'link' ? { usesPublicBaseUrl: true } : {}),
}));

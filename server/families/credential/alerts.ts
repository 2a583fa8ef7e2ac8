/**
 * The credential families' alert documents: deterministic ids (family, rule, entity, trigger event, and for a
 * compromised account the attack and the account), so a batch judged again after a crash writes nothing twice.
 */
import { createHash } from 'node:crypto';
import type { FamilyAlertDocument, Severity } from '../../../common/alert_document';
import type { CREDENTIAL_RULE_IDS } from '../../../common/constants';
import { alertEvent, alertSortKey } from '../../detection/alert_document';
import type { CredentialEvent } from './events';

export type CredentialRuleId = (typeof CREDENTIAL_RULE_IDS)[number];

export const RULE_NAMES: Record<CredentialRuleId, { name: string; description: string }> = {
  brute_force: {
    name: 'Brute force on one account',
    description: 'Many failed logins on one account in a short time; a success after them is a likely takeover.',
  },
  distributed_brute_force: {
    name: 'Distributed brute force on one account',
    description: 'Failed logins on one account from many addresses: an attack spread to dodge per-address limits.',
  },
  credential_stuffing: {
    name: 'Credential stuffing',
    description: 'One address tries many distinct users in a short time and nearly all fail (a breached combo list).',
  },
  password_spray: {
    name: 'Password spray',
    description: 'One address tries few passwords on many users, low and slow, and nearly all fail.',
  },
  mfa_fatigue: {
    name: 'MFA fatigue',
    description: 'Repeated MFA prompts denied or left unanswered, then one approved: the user gave in to push spam.',
  },
};

export function credentialAlertId(family: string, rule: string, entity: string, ...parts: string[]): string {
  return createHash('sha1')
    .update([family, rule, entity, ...parts].join('\u0000'))
    .digest('hex');
}

export interface CredentialAlertParts<E> {
  family: string;
  id: string;
  rule: CredentialRuleId;
  /** Overrides the rule's name (a compromised account is told apart from the attack). */
  name?: string;
  entity: { field: string; value: string };
  /**
   * Whose account the alert is about: the trigger event's user unless `null`, for an attack on many users from one
   * address (its trigger's user is only the one whose failure reached the threshold, not the alert's subject).
   */
  user?: null;
  event: CredentialEvent;
  severity: Severity;
  message: string;
  evidence: E;
  now: number;
  filterReasons?: string[];
}

export function credentialAlert<E>(p: CredentialAlertParts<E>): FamilyAlertDocument<CredentialRuleId, E> {
  const user = p.user === null ? undefined : (p.event.identity ?? p.event.userName);
  return {
    '@timestamp': new Date(p.event.timestamp).toISOString(),
    event: alertEvent('authentication', p.severity, p.now),
    rule: {
      id: p.rule,
      name: p.name ?? RULE_NAMES[p.rule].name,
      description: RULE_NAMES[p.rule].description,
      ruleset: 'buffalogs',
    },
    message: p.message,
    ...(user ? { user: { name: user } } : {}),
    ...(p.event.ip ? { source: { ip: p.event.ip } } : {}),
    buffalogs: {
      alert_id: p.id,
      sort_key: alertSortKey(p.id),
      family: p.family,
      entity: p.entity,
      severity: p.severity,
      trigger: { event_id: p.event.id, index: p.event.index },
      filtered: (p.filterReasons ?? []).length > 0,
      filter_reasons: p.filterReasons ?? [],
      evidence: p.evidence,
      status: 'open',
    },
  };
}

export const minutes = (ms: number): number => Math.round(ms / 60_000);
export const ratio = (failures: number, successes: number): number =>
  failures + successes === 0 ? 0 : Math.round((failures / (failures + successes)) * 1000) / 1000;

/**
 * The part of a stuffing or spray alert that detection rewrites while it follows the attack (./judge.ts writes the
 * alert again after each batch with more of its failures): the sentence and the evidence, never the triage nor what
 * belongs to the failure it was recognised on (`@timestamp`, trigger, `event.created`). Undefined for any other alert,
 * written once. As an incident's (server/detection/verdict/incident.ts incidentUpdate), the whole alert is the upsert
 * of its first write, and a batch redone after a crash sends the same update again: a noop.
 */
export function credentialAttackUpdate(doc: FamilyAlertDocument): Record<string, unknown> | undefined {
  const evidence = doc.buffalogs?.evidence as { kind?: unknown } | undefined;
  if (evidence?.kind !== 'credential_attack') return undefined;
  return { message: doc.message, buffalogs: { evidence } };
}

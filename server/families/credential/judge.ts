/**
 * The credential family's pure core: one batch of source addresses' events and their states in, alerts and new
 * states out. Each address's events are judged in time order; failures feed the counts, an attack is raised once
 * (then followed until `followMs` after its last failure), and each account that then succeeds from the address —
 * or had succeeded from it since the attack began — is one high alert linked to the attack.
 */
import type { FamilyAlertDocument } from '../../../common/alert_document';
import type {
  CompromisedAccountEvidence,
  CredentialAttackEvidence,
  TrustedSourceEvidence,
} from '../../../common/credential_evidence';
import type { DetectOutput } from '../family';
import { credentialAlert, credentialAlertId, minutes, type CredentialRuleId } from './alerts';
import { windowFigures, type WindowFigures } from './attack_window';
import { addToBuckets } from './buckets';
import { compromisedAccount } from './compromised_account';
import { countOnce } from './count_once';
import type { CredentialThresholds } from './config';
import { credentialStuffing } from './credential_stuffing';
import { byTime, type CredentialEvent } from './events';
import { passwordSpray } from './password_spray';
import { sharedSource } from './shared_source';
import {
  BUCKET_MS,
  emptySourceState,
  expire,
  forgetTimesPastClock,
  MAX_COMPROMISED,
  type OpenAttack,
  type SourceState,
} from './state';

export const CREDENTIAL_FAMILY = 'credential';
const FIELD = 'source.ip';

const userOf = (e: CredentialEvent): string | undefined => e.identity ?? e.userName?.toLowerCase();

/**
 * The attack's alert: on the failure it was recognised on (`e`, its trigger), with the figures up to `followed.until`
 * when a later failure was followed (its `lastFailure`, and `usersTargeted` since it began).
 */
function attackAlert(
  ip: string,
  rule: 'credential_stuffing' | 'password_spray',
  e: CredentialEvent,
  f: WindowFigures,
  now: number,
  followed: { until: number; usersTargeted: number },
): FamilyAlertDocument {
  const what = rule === 'credential_stuffing' ? 'Credential stuffing' : 'Password spray';
  const users = Math.max(f.users, followed.usersTargeted);
  return credentialAlert({
    family: CREDENTIAL_FAMILY,
    id: credentialAlertId(CREDENTIAL_FAMILY, rule, ip, e.index, e.id),
    rule,
    entity: { field: FIELD, value: ip },
    user: null,
    event: e,
    severity: 'medium',
    message:
      // How long the failures took, then the window: "in 1440 min" alone read as a spray spread over a whole day.
      `${what} from ${ip}: ${users} distinct users failed in ${minutes(followed.until - f.firstFailureAt)} min ` +
      `(within a ${f.windowMinutes}-min window; ${f.failures} failures, ${f.successes} successes, ` +
      `failure ratio ${f.failureRatio}, ${f.attemptsPerUser} attempts per user).`,
    evidence: {
      kind: 'credential_attack',
      source: ip,
      ...f,
      firstFailure: new Date(f.firstFailureAt).toISOString(),
      lastFailure: new Date(followed.until).toISOString(),
      usersTargeted: users,
    } satisfies CredentialAttackEvidence,
    now,
  });
}

function compromiseAlert(
  ip: string,
  attack: OpenAttack,
  user: string,
  success: { id: string; index: string; at: number },
  e: CredentialEvent,
  now: number,
): FamilyAlertDocument {
  const what = attack.rule === 'credential_stuffing' ? 'credential stuffing' : 'password spray';
  return credentialAlert({
    family: CREDENTIAL_FAMILY,
    id: credentialAlertId(CREDENTIAL_FAMILY, `${attack.rule}:compromised`, ip, attack.alertId, user),
    rule: attack.rule,
    name: `Account compromised by ${what}`,
    entity: { field: FIELD, value: ip },
    event: { ...e, id: success.id, index: success.index, timestamp: success.at },
    severity: 'high',
    message:
      `${user} logged in from ${ip} ${minutes(Math.abs(success.at - attack.startedAt))} min ` +
      `${success.at >= attack.startedAt ? 'into' : 'before'} a ${what} from that address: a likely compromised account.`,
    evidence: {
      kind: 'compromised_account',
      source: ip,
      user,
      attack: { rule: attack.rule, alert_id: attack.alertId, started: new Date(attack.startedAt).toISOString() },
      success: { event_id: success.id, index: success.index, at: new Date(success.at).toISOString() },
    } satisfies CompromisedAccountEvidence,
    now,
  });
}

function judgeSource(
  ip: string,
  events: readonly CredentialEvent[],
  stored: SourceState | undefined,
  t: CredentialThresholds,
  now: number,
  alerts: FamilyAlertDocument[],
): SourceState {
  const state: SourceState = stored ? structuredClone(stored) : emptySourceState();
  forgetTimesPastClock(state, now);
  const keepMs = Math.max(t.stuffingWindowMs, t.sprayWindowMs);
  // Where this batch put its attack's alert, and whether a failure of the attack was followed after it.
  let attackAlertAt: number | undefined;
  let followed = false;
  const compromise = (user: string, success: { id: string; index: string; at: number }, e: CredentialEvent) => {
    const attack = state.attack!;
    if (attack.compromised.includes(user) || attack.compromised.length >= MAX_COMPROMISED) return;
    attack.compromised.push(user);
    alerts.push(compromiseAlert(ip, attack, user, success, e, now));
  };
  for (const e of events) {
    if (e.kind === 'mfa' || !countOnce(state, e.timestamp, e.id)) continue;
    expire(state, e.timestamp, keepMs, t.followMs);
    const user = userOf(e);
    if (e.kind === 'success') {
      addToBuckets(state.buckets, e.timestamp, BUCKET_MS, 'successes');
      if (!user) continue;
      state.successes.push({ user, at: e.timestamp, id: e.id, index: e.index });
      if (compromisedAccount(state, user, e.timestamp, t))
        compromise(user, { id: e.id, index: e.index, at: e.timestamp }, e);
      continue;
    }
    addToBuckets(state.buckets, e.timestamp, BUCKET_MS, 'failures');
    let newUser = false;
    if (user) {
      const known = state.failed.find((f) => f.user === user);
      if (known) {
        known.lastAt = e.timestamp;
        known.attempts++;
      } else {
        state.failed.push({ user, firstAt: e.timestamp, lastAt: e.timestamp, attempts: 1 });
        newUser = true;
      }
    }
    if (state.attack) {
      state.attack.lastFailureAt = e.timestamp;
      if (newUser && state.attack.usersTargeted !== undefined) state.attack.usersTargeted++;
      followed = true;
      continue;
    }
    const stuffing = credentialStuffing(state, e.timestamp, t);
    const spray = stuffing ? undefined : passwordSpray(state, e.timestamp, t);
    const found: [CredentialRuleId & ('credential_stuffing' | 'password_spray'), WindowFigures] | undefined = stuffing
      ? ['credential_stuffing', stuffing]
      : spray
        ? ['password_spray', spray]
        : undefined;
    if (found) {
      const alert = attackAlert(ip, found[0], e, found[1], now, { until: e.timestamp, usersTargeted: found[1].users });
      attackAlertAt = alerts.push(alert) - 1;
      state.attack = {
        rule: found[0],
        alertId: alert.buffalogs.alert_id,
        startedAt: found[1].firstFailureAt,
        detectedAt: e.timestamp,
        lastFailureAt: e.timestamp,
        compromised: [],
        trigger: { id: e.id, index: e.index },
        usersTargeted: found[1].users,
      };
      // Accounts that logged in from the address after the attack began, before it was recognised.
      for (const s of state.successes)
        if (s.at >= found[1].firstFailureAt) compromise(s.user, s, { ...e, identity: s.user, userName: s.user });
      continue;
    }
    const trusted = state.trustedNoticeAt === undefined ? sharedSource(state, e.timestamp, t) : undefined;
    if (trusted) {
      state.trustedNoticeAt = e.timestamp;
      const rule =
        trusted.windowMinutes === Math.round(t.stuffingWindowMs / 60_000) ? 'credential_stuffing' : 'password_spray';
      alerts.push(
        credentialAlert({
          family: CREDENTIAL_FAMILY,
          id: credentialAlertId(CREDENTIAL_FAMILY, `${rule}:trusted`, ip, e.index, e.id),
          rule,
          name: 'Shared address trusted',
          entity: { field: FIELD, value: ip },
          user: null,
          event: e,
          severity: 'low',
          message: `${ip} was not taken for an attack: ${trusted.why}.`,
          evidence: { kind: 'trusted_source', source: ip, ...trusted } satisfies TrustedSourceEvidence,
          now,
          filterReasons: ['shared_source'],
        }),
      );
    }
  }
  const attack = state.attack;
  if (followed && attack?.trigger && attack.usersTargeted !== undefined) {
    // The attack went on after it was recognised: its alert again (same id: the writer rewrites its evidence and
    // message, never its triage), with the figures up to the last failure, so it says how far the attack went and
    // not only where it crossed the threshold (a spray recognised at 20 users that reached 24). Once per batch.
    const windowMs = attack.rule === 'credential_stuffing' ? t.stuffingWindowMs : t.sprayWindowMs;
    const figures = windowFigures(state, attack.lastFailureAt, windowMs);
    const trigger: CredentialEvent = {
      id: attack.trigger.id,
      index: attack.trigger.index,
      timestamp: attack.detectedAt,
      kind: 'failure',
      ip,
    };
    const alert = attackAlert(
      ip,
      attack.rule,
      trigger,
      { ...figures, firstFailureAt: Math.min(figures.firstFailureAt, attack.startedAt) },
      now,
      { until: attack.lastFailureAt, usersTargeted: attack.usersTargeted },
    );
    if (attackAlertAt !== undefined) alerts[attackAlertAt] = alert;
    else alerts.push(alert);
  }
  return state;
}

export function judgeSources(
  events: readonly CredentialEvent[],
  states: ReadonlyMap<string, SourceState>,
  t: CredentialThresholds,
  now: number,
): DetectOutput<SourceState> {
  const byIp = new Map<string, CredentialEvent[]>();
  for (const e of events) {
    if (!e.ip) continue;
    const list = byIp.get(e.ip);
    if (list) list.push(e);
    else byIp.set(e.ip, [e]);
  }
  const alerts: FamilyAlertDocument[] = [];
  const out = new Map<string, SourceState>();
  for (const ip of [...byIp.keys()].sort()) {
    const list = byIp.get(ip)!.sort(byTime);
    out.set(ip, judgeSource(ip, list, states.get(ip), t, now, alerts));
  }
  return { alerts, states: out, stats: { entities: out.size } };
}

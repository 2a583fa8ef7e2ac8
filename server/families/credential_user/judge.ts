/**
 * The user-keyed credential family's pure core: one batch of accounts' events and their states in, alerts and new
 * states out. Each account's events are judged in time order. Failures feed the counts; a brute force or distributed
 * brute force is raised once per attack (then followed until `followMs` after its last failure) and the first success
 * on the account while it is followed, from one of the addresses that failed in it, is one high alert linked to it — as
 * Elastic's "Potential Successful SSH Brute Force Attack" correlates failures and success by `source.ip`
 * (elastic/detection-rules rules/linux/credential_access_potential_successful_linux_ssh_bruteforce.toml). The owner
 * logging in from elsewhere meanwhile is not the takeover and leaves the attack followed. Not covered: an attacker who
 * succeeds from an address that never failed (a rotating proxy's fresh exit) — the login family's verdict (new device,
 * country, anonymizer) is the net for that login. An MFA approval after repeated denials or time-outs is MFA fatigue
 * (high).
 */
import type { FamilyAlertDocument } from '../../../common/alert_document';
import type {
  AccountAttackEvidence,
  CompromisedAccountEvidence,
  MfaFatigueEvidence,
} from '../../../common/credential_evidence';
import { credentialAlert, credentialAlertId, minutes } from '../credential/alerts';
import { addToBuckets } from '../credential/buckets';
import { countOnce } from '../credential/count_once';
import { byTime, type CredentialEvent } from '../credential/events';
import type { DetectOutput } from '../family';
import { bruteForce, type AttackFigures } from './brute_force';
import type { UserThresholds } from './config';
import { distributedBruteForce } from './distributed_brute_force';
import { mfaFatigue } from './mfa_fatigue';
import {
  emptyUserState,
  expireUser,
  forgetTimesPastClock,
  MAX_MFA_DENIALS,
  rememberFailedAddress,
  USER_BUCKET_MS,
  type UserAttack,
  type UserAttackRule,
  type UserState,
} from './state';

export const CREDENTIAL_USER_FAMILY = 'credential_user';
export const USER_FIELD = 'user.name';

const WHAT: Record<UserAttackRule, string> = {
  brute_force: 'Brute force',
  distributed_brute_force: 'Distributed brute force',
};

const iso = (ms: number): string => new Date(ms).toISOString();

function attackAlert(
  user: string,
  rule: UserAttackRule,
  e: CredentialEvent,
  f: AttackFigures,
  now: number,
): FamilyAlertDocument {
  return credentialAlert({
    family: CREDENTIAL_USER_FAMILY,
    id: credentialAlertId(CREDENTIAL_USER_FAMILY, rule, user, e.index, e.id),
    rule,
    entity: { field: USER_FIELD, value: user },
    event: e,
    severity: 'medium',
    message:
      `${WHAT[rule]} on ${e.identity ?? user}: ${f.failures} failed logins in ${f.windowMinutes} min ` +
      `from ${f.addresses} address${f.addresses === 1 ? '' : 'es'} (${f.successes} successes).`,
    evidence: {
      kind: 'account_attack',
      user,
      ...f,
      firstFailure: iso(f.firstFailureAt),
    } satisfies AccountAttackEvidence,
    now,
  });
}

/** Whether `ip` failed on the account at or after `since` (the attack's start). */
const failedFrom = (state: UserState, ip: string, since: number): boolean =>
  state.addresses.some((a) => a.ip === ip && a.lastAt >= since);

function takeoverAlert(user: string, attack: UserAttack, e: CredentialEvent, fromAttacker: boolean, now: number) {
  const what = WHAT[attack.rule].toLowerCase();
  return credentialAlert({
    family: CREDENTIAL_USER_FAMILY,
    id: credentialAlertId(CREDENTIAL_USER_FAMILY, `${attack.rule}:success`, user, attack.alertId),
    rule: attack.rule,
    name: `Account compromised by ${what}`,
    entity: { field: USER_FIELD, value: user },
    event: e,
    severity: 'high',
    message:
      `${e.identity ?? user} logged in${e.ip ? ` from ${e.ip}` : ''} ${minutes(e.timestamp - attack.lastFailureAt)} min ` +
      `after the last failure of a ${what} begun ${minutes(e.timestamp - attack.startedAt)} min earlier` +
      `${fromAttacker ? ', from one of the attacking addresses' : ' (the source wrote no address)'}: a likely compromised account.`,
    evidence: {
      kind: 'compromised_account',
      user,
      source: e.ip,
      fromAttackingAddress: fromAttacker,
      attack: { rule: attack.rule, alert_id: attack.alertId, started: iso(attack.startedAt) },
      lastFailure: iso(attack.lastFailureAt),
      success: { event_id: e.id, index: e.index, at: iso(e.timestamp) },
    } satisfies CompromisedAccountEvidence,
    now,
  });
}

function judgeUser(
  user: string,
  events: readonly CredentialEvent[],
  stored: UserState | undefined,
  t: UserThresholds,
  now: number,
  alerts: FamilyAlertDocument[],
): UserState {
  const state: UserState = stored ? structuredClone(stored) : emptyUserState();
  forgetTimesPastClock(state, now);
  const keepMs = Math.max(t.bruteWindowMs, t.distributedWindowMs);
  for (const e of events) {
    if (!countOnce(state, e.timestamp, e.id)) continue;
    expireUser(state, e.timestamp, keepMs, t.mfaWindowMs, t.followMs);
    if (e.kind === 'mfa') {
      if (e.mfa === 'deny' || e.mfa === 'timeout') {
        state.mfa.push({ at: e.timestamp, step: e.mfa, ...(e.ip ? { ip: e.ip } : {}) });
        state.mfa = state.mfa.slice(-MAX_MFA_DENIALS);
      } else if (e.mfa === 'approve') {
        const f = mfaFatigue(state, e.timestamp, t);
        if (!f) continue;
        state.mfa = [];
        alerts.push(
          credentialAlert({
            family: CREDENTIAL_USER_FAMILY,
            id: credentialAlertId(CREDENTIAL_USER_FAMILY, 'mfa_fatigue', user, e.index, e.id),
            rule: 'mfa_fatigue',
            entity: { field: USER_FIELD, value: user },
            event: e,
            severity: 'high',
            message:
              `${e.identity ?? user} approved an MFA prompt after ${f.denials} denied and ${f.timeouts} unanswered ` +
              `in ${f.minutesToApproval} min (threshold ${t.mfaMinDenials} within ${f.windowMinutes} min): MFA fatigue.`,
            evidence: {
              kind: 'mfa_fatigue',
              user,
              ...f,
              firstPrompt: iso(f.firstPromptAt),
              approvedAt: iso(e.timestamp),
            } satisfies MfaFatigueEvidence,
            now,
          }),
        );
      }
      continue;
    }
    if (e.kind === 'success') {
      addToBuckets(state.buckets, e.timestamp, USER_BUCKET_MS, 'successes');
      const open = state.attacks.filter((a) => !a.succeeded);
      if (open.length === 0) continue;
      // The attack's success comes from one of its addresses. A success from an address that has not failed on the
      // account since the attack began is the owner logging in meanwhile: it is not the takeover, and it must not use
      // up the attack's one takeover alert (the attacker's success after it would go unseen). A success whose source
      // wrote no address cannot be told apart and is still the takeover.
      const since = Math.min(...open.map((a) => a.startedAt));
      if (e.ip !== undefined && !failedFrom(state, e.ip, since)) continue;
      // One takeover alert, linked to the latest attack; the others are marked so they do not raise it again.
      alerts.push(takeoverAlert(user, open[open.length - 1], e, e.ip !== undefined, now));
      for (const a of open) a.succeeded = true;
      continue;
    }
    addToBuckets(state.buckets, e.timestamp, USER_BUCKET_MS, 'failures');
    if (e.ip) rememberFailedAddress(state, e.ip, e.timestamp);
    for (const a of state.attacks) a.lastFailureAt = e.timestamp;
    const has = (rule: UserAttackRule) => state.attacks.some((a) => a.rule === rule);
    // Distributed first: it is the more specific finding. Brute force only when no attack is being followed.
    const distributed = has('distributed_brute_force') ? undefined : distributedBruteForce(state, e.timestamp, t);
    const brute = distributed || state.attacks.length > 0 ? undefined : bruteForce(state, e.timestamp, t);
    const found: [UserAttackRule, AttackFigures] | undefined = distributed
      ? ['distributed_brute_force', distributed]
      : brute
        ? ['brute_force', brute]
        : undefined;
    if (!found) continue;
    const alert = attackAlert(user, found[0], e, found[1], now);
    alerts.push(alert);
    state.attacks.push({
      rule: found[0],
      alertId: alert.buffalogs.alert_id,
      startedAt: found[1].firstFailureAt,
      lastFailureAt: e.timestamp,
    });
  }
  return state;
}

/** Judges each account (by `user.name` as stored: the reader's key) in key order. */
export function judgeUsers(
  events: readonly CredentialEvent[],
  states: ReadonlyMap<string, UserState>,
  t: UserThresholds,
  now: number,
): DetectOutput<UserState> {
  const byUser = new Map<string, CredentialEvent[]>();
  for (const e of events) {
    if (!e.userName) continue;
    const list = byUser.get(e.userName);
    if (list) list.push(e);
    else byUser.set(e.userName, [e]);
  }
  const alerts: FamilyAlertDocument[] = [];
  const out = new Map<string, UserState>();
  for (const user of [...byUser.keys()].sort()) {
    out.set(user, judgeUser(user, byUser.get(user)!.sort(byTime), states.get(user), t, now, alerts));
  }
  return { alerts, states: out, stats: { entities: out.size } };
}

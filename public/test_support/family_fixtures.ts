/**
 * One alert of each detection family, shaped as each family's core writes it (server/families/<id>/, the login
 * family's verdict in server/detection/verdict/): the app must render them all in the list and the flyout.
 */
import type { AlertDetailResponse, AlertItem, ObservationItem } from '../../common/api';
import type { VerdictEvidence } from '../../common/alert_document';
import type { AnalysisFlagEvidence } from '../../common/analysis_api';
import type {
  AccountAttackEvidence,
  CompromisedAccountEvidence,
  CredentialAttackEvidence,
  MfaFatigueEvidence,
} from '../../common/credential_evidence';
import type { SequenceEvidence } from '../../common/sequence_alert_document';
import { travelAlert } from './fixtures';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0';

export const verdictEvidence: VerdictEvidence = {
  kind: 'verdict',
  score: 70,
  threshold: 50,
  why: 'A new country and a new device in one login, from a network no colleague uses.',
  signals: [
    {
      id: 'new_country',
      weight: 30,
      base_weight: 30,
      reason: 'BR is not among the 2 countries of the user.',
      evidence: { kind: 'novelty', field: 'country', value: 'BR', known: ['DE', 'FR'], known_count: 2 },
    },
    {
      id: 'new_device',
      weight: 25,
      base_weight: 25,
      reason: 'This device is not among the 3 devices of the user.',
      evidence: {
        kind: 'novelty',
        field: 'device',
        value: 'linux-unknownosmajor-desktop-firefox',
        known: [],
        known_count: 3,
      },
    },
    {
      id: 'rare_network',
      weight: 15,
      base_weight: 20,
      reason: 'AS64500 is used by 1 of 300 other users.',
      context: ['the GeoIP radius of the address is 200 km'],
      evidence: {
        kind: 'rarity',
        field: 'asn',
        value: 'AS64500',
        others: 1,
        population: 300,
        share: 0.003,
        rare_below: 0.01,
      },
    },
  ],
};

export const verdictAlert: AlertItem = {
  ...travelAlert,
  id: 'v1',
  rule: { id: 'suspicious_login', name: 'Suspicious login', description: '…', ruleset: 'buffalogs' },
  message: 'alice: suspicious login scored 70 (threshold 50).',
  user_agent: { original: FIREFOX_LINUX },
  buffalogs: { ...travelAlert.buffalogs, alert_id: 'v1', sort_key: 3, family: 'login', evidence: verdictEvidence },
};

/** Family alerts lack the login family's profile and user risk: typed through `unknown`, as the API returns them. */
const familyAlert = (a: unknown): AlertItem => a as AlertItem;

const credentialBase = {
  '@timestamp': '2024-05-03T09:00:00.000Z',
  event: { kind: 'alert', category: ['authentication'], type: ['info'], risk_score: 47, severity: 47 },
  source: { ip: '203.0.113.50' },
};

export const sprayEvidence: CredentialAttackEvidence = {
  kind: 'credential_attack',
  source: '203.0.113.50',
  windowMinutes: 360,
  failures: 24,
  successes: 0,
  users: 24,
  failureRatio: 1,
  attemptsPerUser: 1,
  firstFailureAt: Date.parse('2024-05-03T06:00:00.000Z'),
  firstFailure: '2024-05-03T06:00:00.000Z',
  sampleUsers: ['amy', 'ben', 'cleo'],
};

export const sprayAlert = familyAlert({
  ...credentialBase,
  id: 's1',
  rule: { id: 'password_spray', name: 'Password spray', description: '…', ruleset: 'buffalogs' },
  message: 'Password spray from 203.0.113.50: 24 distinct users failed in 180 min (within a 360-min window; …).',
  buffalogs: {
    alert_id: 's1',
    sort_key: 4,
    family: 'credential',
    entity: { field: 'source.ip', value: '203.0.113.50' },
    severity: 'medium',
    trigger: { event_id: 'f24', index: 'logs-auth' },
    filtered: false,
    filter_reasons: [],
    evidence: sprayEvidence,
    status: 'open',
  },
});

export const compromisedEvidence: CompromisedAccountEvidence = {
  kind: 'compromised_account',
  source: '203.0.113.50',
  user: 'cleo',
  attack: { rule: 'password_spray', alert_id: 's1', started: '2024-05-03T06:00:00.000Z' },
  success: { event_id: 'ok1', index: 'logs-auth', at: '2024-05-03T09:30:00.000Z' },
};

export const compromisedAlert = familyAlert({
  ...credentialBase,
  '@timestamp': '2024-05-03T09:30:00.000Z',
  id: 'c1',
  user: { name: 'cleo' },
  rule: { id: 'password_spray', name: 'Account compromised by password spray', description: '…', ruleset: 'buffalogs' },
  message: 'cleo logged in from 203.0.113.50 210 min into a password spray from that address.',
  buffalogs: {
    ...sprayAlert.buffalogs,
    alert_id: 'c1',
    sort_key: 5,
    severity: 'high',
    trigger: { event_id: 'ok1', index: 'logs-auth' },
    evidence: compromisedEvidence,
  },
});

export const bruteForceAlert = familyAlert({
  ...credentialBase,
  id: 'b1',
  user: { name: 'dan' },
  rule: {
    id: 'distributed_brute_force',
    name: 'Distributed brute force on one account',
    description: '…',
    ruleset: 'buffalogs',
  },
  message: 'Distributed brute force on dan: 40 failed logins in 60 min from 12 addresses (0 successes).',
  buffalogs: {
    ...sprayAlert.buffalogs,
    alert_id: 'b1',
    family: 'credential_user',
    entity: { field: 'user.name', value: 'dan' },
    evidence: {
      kind: 'account_attack',
      user: 'dan',
      windowMinutes: 60,
      failures: 40,
      successes: 0,
      failureRatio: 1,
      addresses: 12,
      topAddresses: [{ ip: '198.51.100.9', failures: 7 }],
      firstFailureAt: 0,
      firstFailure: '2024-05-03T08:00:00.000Z',
    } satisfies AccountAttackEvidence,
  },
});

export const mfaAlert = familyAlert({
  ...bruteForceAlert,
  id: 'm1',
  rule: { id: 'mfa_fatigue', name: 'MFA fatigue', description: '…', ruleset: 'buffalogs' },
  message: 'dan approved an MFA prompt after 5 denied and 2 unanswered in 9 min.',
  buffalogs: {
    ...bruteForceAlert.buffalogs,
    alert_id: 'm1',
    severity: 'high',
    evidence: {
      kind: 'mfa_fatigue',
      user: 'dan',
      windowMinutes: 60,
      denials: 5,
      timeouts: 2,
      firstPromptAt: 0,
      minutesToApproval: 9,
      addresses: ['198.51.100.9'],
      firstPrompt: '2024-05-03T08:51:00.000Z',
      approvedAt: '2024-05-03T09:00:00.000Z',
    } satisfies MfaFatigueEvidence,
  },
});

export const sequenceAlert = familyAlert({
  ...credentialBase,
  id: 'q1',
  user: { name: 'erin' },
  rule: {
    id: 'mfa-reset-then-login',
    name: 'MFA reset then login',
    description: '…',
    ruleset: 'buffalogs',
    version: '1',
  },
  message: 'erin: MFA reset followed by a login within 10m.',
  buffalogs: {
    ...sprayAlert.buffalogs,
    alert_id: 'q1',
    family: 'sequence',
    entity: { field: 'user.name', value: 'erin' },
    evidence: {
      kind: 'sequence',
      rule: {
        id: 'mfa-reset-then-login',
        version: 1,
        direction: 'followed_by',
        match: 'any',
        events: ['login'],
        period: { when: 'after', duration: '10m' },
        time_frame: '10m',
      },
      events: [
        {
          role: 'first',
          name: 'mfa reset',
          action: 'user.mfa.factor.reset_all',
          '@timestamp': '2024-05-03T08:55:00.000Z',
          event_id: 'e1',
          index: 'logs-okta',
        },
        {
          role: 'match',
          name: 'login',
          action: 'user.session.start',
          '@timestamp': '2024-05-03T09:00:00.000Z',
          event_id: 'e2',
          index: 'logs-okta',
        },
      ],
      match_count: 1,
      matched_names: ['login'],
      window: { start: '2024-05-03T08:55:00.000Z', end: '2024-05-03T09:05:00.000Z' },
    } satisfies SequenceEvidence,
  },
});

export const webAlert = familyAlert({
  ...credentialBase,
  id: 'w1',
  event: { ...credentialBase.event, category: ['web'] },
  rule: { id: 'web_scanning', name: 'Web endpoint scanning', description: '…', ruleset: 'buffalogs' },
  message: '203.0.113.80 requested 120 missing paths in 5 min.',
  source: { ip: '203.0.113.80' },
  buffalogs: {
    ...sprayAlert.buffalogs,
    alert_id: 'w1',
    family: 'web',
    entity: { field: 'source.ip', value: '203.0.113.80' },
    evidence: {
      kind: 'web_scanning',
      window_minutes: 5,
      not_found: 120,
      not_found_threshold: 50,
      sensitive_paths: ['/.env', '/wp-login.php'],
      sensitive_paths_threshold: 2,
    },
  },
});

/** An analysis flag's alert, as server/analysis_run/results.ts `flagAlert` writes it (a TXT query carrying data). */
export const analysisAlert = familyAlert({
  ...credentialBase,
  id: 'a1',
  event: { ...credentialBase.event, kind: 'alert', category: ['threat'], type: ['indicator'] },
  rule: {
    id: 'analysis:dns-hunt:txt_query_payload',
    name: 'txt_query_payload',
    description: 'TXT lookups carrying encoded data',
    ruleset: 'buffalogs',
  },
  message:
    'Analysis "dns-hunt": txt_query_payload (high) on source.ip 10.0.7.7: TXT lookups carrying encoded data. ' +
    'Anomaly score 9.5 (1 ≈ the edge of a normal cluster), cluster 2; apart from cluster 0 on hostname_entropy 4.6 ' +
    '(usual 2.5), query_type TXT (usual A).',
  source: { ip: '10.0.7.7' },
  buffalogs: {
    ...sprayAlert.buffalogs,
    alert_id: 'a1',
    family: 'analysis',
    entity: { field: 'source.ip', value: '10.0.7.7' },
    severity: 'high',
    trigger: { event_id: 'd-17', index: 'logs-dns' },
    evidence: {
      kind: 'analysis_flag',
      analysis: 'dns-hunt',
      run_id: 'run-1',
      flag: {
        name: 'txt_query_payload',
        kind: 'record',
        severity: 'high',
        description: 'TXT lookups carrying encoded data',
      },
      score: 9.5,
      cluster: 2,
      flags: ['txt_query_payload', 'beaconing_detector'],
      values: { 'dns.question.name': 'aGVsbG8.x.example.net', 'dns.question.type': 'TXT', 'source.ip': '10.0.7.7' },
      features: { hostname_entropy: 4.6, query_type: 'TXT' },
      why: {
        cluster: 0,
        distance: 0.95,
        spread: 0.1,
        features: [
          { name: 'hostname_entropy', value: 4.6, usual: 2.5, share: 0.62 },
          { name: 'query_type', value: 'TXT', usual: 'A', share: 0.38 },
        ],
      },
    } satisfies AnalysisFlagEvidence,
  },
});

export const familyAlerts: AlertItem[] = [
  verdictAlert,
  sprayAlert,
  compromisedAlert,
  bruteForceAlert,
  mfaAlert,
  sequenceAlert,
  webAlert,
  analysisAlert,
];

export const detailOf = (alert: AlertItem): AlertDetailResponse => ({
  alert,
  evidence: alert.buffalogs.evidence,
  logins: [],
  logins_source: 'none',
  window_hours: 24,
});

/**
 * An observation (server/detection/verdict/observation.ts), as the observations route returns it: alice's new
 * browser five hours before the verdict alert `verdictAlert` (2024-05-03 06:00 UTC), under the threshold.
 */
export const newDeviceObservation: ObservationItem = {
  id: 'obs1',
  '@timestamp': '2024-05-03T01:00:00.000Z',
  event: { kind: 'signal', id: 'evt-obs1', index: 'logs-auth' },
  user: { name: 'alice' },
  score: 25,
  threshold: 50,
  signals: [
    {
      id: 'new_device',
      weight: 25,
      base_weight: 25,
      reason: 'This device is not among the 3 devices of the user.',
      evidence: {
        kind: 'novelty',
        field: 'device',
        value: 'linux-unknownosmajor-desktop-firefox',
        known: [],
        known_count: 3,
      },
    },
  ],
  why: 'A new device, from the user’s usual network: below the alerting threshold.',
};

export const vpnObservation: ObservationItem = {
  id: 'obs2',
  '@timestamp': '2024-05-02T20:00:00.000Z',
  event: { kind: 'signal', id: 'evt-obs2', index: 'logs-auth' },
  user: { name: 'alice' },
  score: 35,
  threshold: 50,
  signals: [
    {
      id: 'new_country',
      weight: 20,
      base_weight: 30,
      reason: 'JP is not among the 2 countries of the user.',
      evidence: { kind: 'novelty', field: 'country', value: 'JP', known: ['DE', 'FR'], known_count: 2 },
    },
    {
      id: 'new_network',
      weight: 15,
      base_weight: 15,
      reason: 'AS64502 is new to the user.',
      evidence: { kind: 'novelty', field: 'asn', value: '64502', known: [], known_count: 1 },
    },
  ],
  why: 'A new country and network, used by many colleagues: below the alerting threshold.',
};

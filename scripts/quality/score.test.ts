import type { AlertDocument, AlertEvidence } from '../../common/alert_document';
import type { EventLabel, Incident } from './generate_labeled';
import { scoreAlerts, targetChecks, worstOf } from './score';

/** Ten benign logins, two typo failures, three takeovers (one a stuffing with a failed attempt on another user). */
const events = [
  ...['r1', 'r2', 'r3', 'r4', 'm1', 'm2', 'd1', 'u1', 'o1', 'v1'].map((id) => ({ event: { id, outcome: 'success' } })),
  { event: { id: 'typo1', outcome: 'failure' } },
  { event: { id: 'typo2', outcome: 'failure' } },
  ...['t1', 't2', 's1', 'x1'].map((id) => ({ event: { id, outcome: 'success' } })),
  { event: { id: 'sa1', outcome: 'failure' } },
];
const labels = new Map<string, EventLabel>([
  ['r1', { label: 'benign:routine', confounders: ['routine'] }],
  ['r2', { label: 'benign:routine', confounders: ['routine'] }],
  ['r3', { label: 'benign:routine', confounders: ['routine'] }],
  ['r4', { label: 'benign:routine', confounders: ['routine'] }],
  ['m1', { label: 'benign:mobile_carrier', confounders: ['mobile_carrier'] }],
  ['m2', { label: 'benign:mobile_carrier', confounders: ['mobile_carrier'] }],
  // A new phone on the carrier: a device alert is the phone's fault, a travel alert the carrier's.
  ['d1', { label: 'benign:new_device', confounders: ['new_device', 'mobile_carrier'] }],
  ['u1', { label: 'benign:browser_upgrade', confounders: ['browser_upgrade'] }],
  ['o1', { label: 'benign:shared_egress', confounders: ['shared_egress'] }],
  ['v1', { label: 'benign:routine', confounders: ['routine'] }],
  ['typo1', { label: 'benign:failed_password', confounders: ['failed_password'] }],
  ['typo2', { label: 'benign:failed_password', confounders: ['failed_password'] }],
  ['t1', { label: 'takeover:foreign_new_device', incident: 'fnd-1' }],
  ['t2', { label: 'takeover:session_replay', incident: 'sr-1' }],
  ['s1', { label: 'takeover:credential_stuffing', incident: 'cs-1' }],
  ['x1', { label: 'takeover:credential_stuffing', incident: 'cs-2' }],
  ['sa1', { label: 'takeover:credential_stuffing', incident: 'cs-attack-1' }],
]);
const incident = (id: string, cls: Incident['class'], logins: string[]): Incident => ({
  id,
  class: cls,
  user: id,
  at: '2026-03-20T10:00:00.000Z',
  logins,
  description: '',
});
const incidents = [
  incident('fnd-1', 'foreign_new_device', ['t1']),
  incident('sr-1', 'session_replay', ['t2']),
  incident('cs-1', 'credential_stuffing', ['s1']),
  incident('cs-2', 'credential_stuffing', ['x1']),
];

const novelty: AlertEvidence = { kind: 'novelty', field: 'x', value: 'y', known: [], known_count: 0 };
const travelFrom = (from: string): AlertEvidence => ({
  kind: 'travel',
  from: { timestamp: '', event_id: from },
  to: { timestamp: '' },
  distance_km: 1000,
  effective_distance_km: 1000,
  elapsed_seconds: 60,
  speed_kmh: 60000,
  speed_threshold_kmh: 900,
  distance_threshold_km: 500,
});
/** Only the fields the scoring reads. */
const alert = (rule: string, on: string, opts: { filtered?: boolean; evidence?: AlertEvidence } = {}) =>
  ({
    rule: { id: rule },
    buffalogs: {
      filtered: opts.filtered ?? false,
      filter_reasons: opts.filtered ? ['learning period'] : [],
      trigger: { event_id: on, index: '' },
      evidence: opts.evidence ?? novelty,
    },
  }) as unknown as AlertDocument;

const alerts = [
  alert('new_country', 't1'), // catches fnd-1
  alert('new_device', 't1'), // a second true alert on the same login
  alert('impossible_travel', 't2', { filtered: true }), // filtered: does not catch sr-1, counts nowhere
  alert('new_device', 'd1'), // false: blamed on the new phone
  alert('impossible_travel', 'd1', { evidence: travelFrom('r1') }), // false: blamed on the carrier
  alert('impossible_travel', 'o1', { evidence: travelFrom('m2') }), // false: office login after a phone → carrier
  alert('new_device', 'u1'), // false: browser upgrade
  alert('impossible_travel', 'v1', { evidence: travelFrom('t2') }), // true: the victim's login after the attacker's
  alert('new_country', 'sa1'), // true (an attack attempt), but does not catch cs-2 or cs-1
  alert('anonymous_ip', 's1'), // catches cs-1
  alert('new_device', 'ghost'), // an event without a label: false, counted apart
];
const report = scoreAlerts({ events, labels, incidents, alerts });

test('recall: a takeover is caught only by an open alert on one of its attacker logins', () => {
  expect(report.recall.foreign_new_device).toEqual({ incidents: 1, caught: 1, recall: 1 });
  expect(report.recall.session_replay).toEqual({ incidents: 1, caught: 0, recall: 0 }); // its alert was filtered
  expect(report.recall.credential_stuffing).toEqual({ incidents: 2, caught: 1, recall: 0.5 }); // an attempt's alert is not enough
  expect(report.recall.anonymizer).toMatchObject({ incidents: 0, caught: 0 });
  expect(Number.isNaN(report.recall.anonymizer.recall)).toBe(true);
  expect(report.worstRecall).toBe(0);
  expect(report.missed.sort()).toEqual(['cs-2', 'sr-1']);
});

test('precision over open alerts, and false alerts per 1,000 benign logins', () => {
  expect(report.alerts).toEqual({ open: 10, filtered: 1 });
  expect(report.filteredBy).toEqual({ 'learning period': 1 });
  expect(report.benignLogins).toBe(10);
  expect(report.takeoverLogins).toBe(4);
  expect(report.failures).toBe(3);
  expect(report.precision).toEqual({ truePositive: 5, falsePositive: 5, value: 0.5 });
  expect(report.falsePer1000).toBe(500);
  expect(report.unlabeled).toBe(1);
});

test('each false alert is blamed on the confounder that explains it', () => {
  const blamed = Object.fromEntries(
    Object.entries(report.byConfounder)
      .filter(([, v]) => v.falseAlerts > 0)
      .map(([k, v]) => [k, v.falseAlerts]),
  );
  expect(blamed).toEqual({ new_device: 1, mobile_carrier: 2, browser_upgrade: 1 });
  expect(report.byConfounder.mobile_carrier).toEqual({
    logins: 2,
    falseAlerts: 2,
    per1000Benign: 200,
    per1000Own: 1000,
  });
  expect(report.credentialNoisePer1000).toBe(0);
});

test('alerts per detector, with true and false', () => {
  expect(report.byDetector).toEqual({
    new_country: { open: 2, filtered: 0, truePositive: 2, falsePositive: 0 },
    new_device: { open: 4, filtered: 0, truePositive: 1, falsePositive: 3 },
    impossible_travel: { open: 3, filtered: 1, truePositive: 1, falsePositive: 2 },
    anonymous_ip: { open: 1, filtered: 0, truePositive: 1, falsePositive: 0 },
  });
});

test('a perfect run meets every target; the worst of several seeds keeps each figure at its worst', () => {
  const perfect = scoreAlerts({
    events,
    labels,
    incidents,
    alerts: ['t1', 't2', 's1', 'x1'].map((id) => alert('new_country', id)),
  });
  expect(perfect.precision.value).toBe(1);
  expect(targetChecks(perfect).every((c) => c.met)).toBe(true);
  expect(
    targetChecks(report)
      .filter((c) => !c.met)
      .map((c) => c.name),
  ).toEqual([
    'recall session_replay',
    'recall credential_stuffing',
    'precision',
    'false alerts per 1,000 benign logins',
  ]);
  const worst = worstOf([perfect, report]);
  expect(worst.recall.session_replay.recall).toBe(0);
  expect(worst.recall.foreign_new_device.recall).toBe(1);
  expect(worst.precision.value).toBe(0.5);
  expect(worst.falsePer1000).toBe(500);
  expect(worst.byConfounder.mobile_carrier.falseAlerts).toBe(2);
});

test('typos and shared egress make the credential-attack noise figure', () => {
  const noisy = scoreAlerts({
    events,
    labels,
    incidents,
    alerts: [alert('impossible_travel', 'o1', { evidence: travelFrom('r1') }), alert('new_device', 'typo1')],
  });
  expect(noisy.byConfounder.shared_egress.falseAlerts).toBe(1);
  expect(noisy.byConfounder.failed_password.falseAlerts).toBe(1);
  expect(noisy.credentialNoisePer1000).toBe(200);
});

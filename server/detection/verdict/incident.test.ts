/**
 * Incidents (incident.ts): suspicious logins of one user minutes apart are ONE alert, updated under its first login's
 * id, across batches too; a later login after the gap, or after the analyst closed the incident, is a new alert.
 */
import type { AlertDocument, VerdictEvidence } from '../../../common/alert_document';
import { alertId } from '../alert_document';
import { HOME, PLACE, UA, homeHistory, login, oldUserState, run, verdictConfig } from '../test_fixtures';
import type { UserState } from '../user_state';
import { incidentUpdate, MAX_INCIDENT_LOGINS } from './incident';

const cfg = verdictConfig();
const U = 'alice';
const history = homeHistory(U);
/** The attacker's logins: a Tor exit (an anonymiser: an alert alone) on a new device, far from Rome. */
const tor = (id: string, at: string, ip = '185.220.101.4') =>
  login({ user: U, id, at, ip, asn: 60729, place: PLACE.berlin, ua: UA.linuxOther, intel: 'anonymizer' });
const evidenceOf = (a: AlertDocument) => a.buffalogs.evidence as VerdictEvidence;

describe('one alert per incident', () => {
  test('two suspicious logins 5 minutes apart: one alert, first login its id, both logins, span and combined score', () => {
    const a1 = tor('tor1', '2025-03-05T09:00:00Z');
    const a2 = tor('tor2', '2025-03-05T09:05:00Z', '185.220.101.9');
    const out = run([[...history, a1, a2]], cfg, { states: oldUserState(U) });
    expect(out.alerts).toHaveLength(1);
    const alert = out.alerts[0];
    expect(alert.buffalogs.alert_id).toBe(alertId(U, 'suspicious_login', a1));
    expect(alert.buffalogs.trigger.event_id).toBe('tor1');
    expect(alert['@timestamp']).toBe('2025-03-05T09:00:00.000Z');
    expect([alert.event.start, alert.event.end]).toEqual(['2025-03-05T09:00:00.000Z', '2025-03-05T09:05:00.000Z']);
    const e = evidenceOf(alert);
    expect(e.incident?.count).toBe(2);
    expect(e.incident?.logins.map((l) => [l.event_id, l.ip])).toEqual([
      ['tor1', '185.220.101.4'],
      ['tor2', '185.220.101.9'],
    ]);
    // Each signal id once, and the score is their sum (capped): what the "why this score" table adds up.
    const ids = e.signals.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('anonymous_ip');
    expect(e.score).toBe(
      Math.min(
        100,
        e.signals.reduce((sum, s) => sum + s.weight, 0),
      ),
    );
    expect(e.score).toBeGreaterThanOrEqual(Math.max(...e.incident!.logins.map((l) => l.score)));
    expect(alert.event.risk_score).toBe(e.score);
    expect(alert.message).toMatch(/^Suspicious logins for alice: 2 suspicious logins in 5 min /);
    // One incident counts once in the user's risk.
    expect(out.states.get(U)!.riskAlerts).toHaveLength(1);
  });

  test('two suspicious logins 2 hours apart: two alerts, each its own incident', () => {
    const out = run(
      [[...history, tor('tor1', '2025-03-05T09:00:00Z'), tor('tor2', '2025-03-05T11:00:00Z', '185.220.101.9')]],
      cfg,
      { states: oldUserState(U) },
    );
    expect(out.alerts.map((a) => [a.buffalogs.trigger.event_id, evidenceOf(a).incident?.count])).toEqual([
      ['tor1', 1],
      ['tor2', 1],
    ]);
    expect(out.states.get(U)!.riskAlerts).toHaveLength(2);
  });

  test('logins chain: each within the gap of the last extends the incident', () => {
    const logins = [0, 20, 40, 60].map((m, i) =>
      tor(`t${i}`, new Date(Date.parse('2025-03-05T09:00:00Z') + m * 60_000).toISOString()),
    );
    const out = run([[...history, ...logins]], cfg, { states: oldUserState(U) });
    expect(out.alerts).toHaveLength(1);
    expect(evidenceOf(out.alerts[0]).incident?.count).toBe(4);
    expect(out.alerts[0].event.end).toBe('2025-03-05T10:00:00.000Z');
  });

  test('an incident across a batch boundary: the later batch emits the same alert (same id), cumulative, as one batch would', () => {
    const a1 = tor('tor1', '2025-03-05T09:00:00Z');
    const a2 = tor('tor2', '2025-03-05T09:05:00Z', '185.220.101.9');
    const split = run([[...history, a1], [a2]], cfg, { states: oldUserState(U) });
    const whole = run([[...history, a1, a2]], cfg, { states: oldUserState(U) });
    expect(split.alerts.map((a) => a.buffalogs.alert_id)).toEqual([
      alertId(U, 'suspicious_login', a1),
      alertId(U, 'suspicious_login', a1),
    ]);
    const [first, later] = split.alerts;
    expect(evidenceOf(first).incident?.count).toBe(1);
    // What the pass writes over the stored alert (its update) is what one batch produced.
    expect(incidentUpdate(later)).toEqual(incidentUpdate(whole.alerts[0]));
    expect(later['@timestamp']).toBe(first['@timestamp']);
    expect(later.buffalogs.trigger).toEqual(first.buffalogs.trigger);
    expect(split.states.get(U)!.incident).toEqual(whole.states.get(U)!.incident);
  });

  test('an analyst closed the incident (the pass drops it from the state): the next login is a new alert', () => {
    const a1 = tor('tor1', '2025-03-05T09:00:00Z');
    const first = run([[...history, a1]], cfg, { states: oldUserState(U) });
    const state = first.states.get(U)!;
    expect(state.incident?.id).toBe(first.alerts[0].buffalogs.alert_id);
    const { incident: _closed, ...withoutIncident } = state;
    const a2 = tor('tor2', '2025-03-05T09:05:00Z', '185.220.101.9');
    const next = run([[a2]], cfg, { states: new Map([[U, withoutIncident as UserState]]) });
    expect(next.alerts.map((a) => [a.buffalogs.alert_id, evidenceOf(a).incident?.count])).toEqual([
      [alertId(U, 'suspicious_login', a2), 1],
    ]);
  });

  test("the update never carries the analyst's triage nor the first login's fields", () => {
    const out = run([[...history, tor('tor1', '2025-03-05T09:00:00Z')]], cfg, { states: oldUserState(U) });
    const update = incidentUpdate(out.alerts[0])!;
    expect(Object.keys(update).sort()).toEqual(['buffalogs', 'event', 'message']);
    expect(Object.keys(update.buffalogs as object).sort()).toEqual([
      'evidence',
      'filter_reasons',
      'filtered',
      'severity',
      'user_risk',
    ]);
    expect(Object.keys(update.event as object).sort()).toEqual(['end', 'risk_score', 'severity', 'start']);
  });

  test('an incident lists its first logins only, and counts them all', () => {
    const start = Date.parse('2025-03-05T09:00:00Z');
    const logins = Array.from({ length: MAX_INCIDENT_LOGINS + 5 }, (_, i) =>
      tor(`t${i}`, new Date(start + i * 60_000).toISOString(), `185.220.101.${i + 1}`),
    );
    const out = run([[...history, ...logins]], cfg, { states: oldUserState(U) });
    const e = evidenceOf(out.alerts[0]);
    expect([out.alerts.length, e.incident?.count, e.incident?.logins.length]).toEqual([
      1,
      MAX_INCIDENT_LOGINS + 5,
      MAX_INCIDENT_LOGINS,
    ]);
    expect(JSON.stringify(out.states.get(U)!.incident).length).toBeLessThan(20_000);
  });

  test("an incident the user's later logins are past leaves the state; one still open stays", () => {
    const attack = [...history, tor('tor1', '2025-03-05T09:00:00Z')];
    const open = run([attack], cfg, { states: oldUserState(U) });
    expect(open.states.get(U)!.incident?.count).toBe(1);
    const later = login({ user: U, id: 'home-later', at: '2025-03-05T09:40:00Z', ...HOME });
    const past = run([attack, [later]], cfg, { states: oldUserState(U) });
    expect(past.states.get(U)!.incident).toBeUndefined();
  });

  test('verdict.incidentMinutes 0: one alert per suspicious login, as before incidents', () => {
    const off = verdictConfig({ verdict: { incidentMinutes: 0 } });
    const out = run(
      [[...history, tor('tor1', '2025-03-05T09:00:00Z'), tor('tor2', '2025-03-05T09:05:00Z', '185.220.101.9')]],
      off,
      { states: oldUserState(U) },
    );
    expect(out.alerts.map((a) => [a.buffalogs.trigger.event_id, evidenceOf(a).incident])).toEqual([
      ['tor1', undefined],
      ['tor2', undefined],
    ]);
    expect(out.states.get(U)!.incident).toBeUndefined();
  });

  test('a stored incident of the wrong shape (a hostile state file) is dropped, not trusted', () => {
    const stored = run([history], cfg, { states: oldUserState(U) }).states.get(U)!;
    for (const bad of [{ id: 5 }, { __proto__: { polluted: true } }, 'x', { id: 'a', eventId: 'b', index: 'c' }]) {
      const state = { ...stored, incident: bad } as unknown as UserState;
      const out = run([[tor('tor1', '2025-03-05T09:00:00Z')]], cfg, { states: new Map([[U, state]]) });
      expect(out.alerts.map((a) => evidenceOf(a).incident?.count)).toEqual([1]);
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    }
  });
});

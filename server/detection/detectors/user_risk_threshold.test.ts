/**
 * Risk levels and the user-risk-threshold alert, in both profiles, including BuffaLogs' default deadlock. The count
 * model (`risk.model: 'alert_count'`) throughout: the default profile's score model is ../user_risk.test.ts's.
 */
import type { RiskEvidence } from '../../../common/alert_document';
import { PLACE, config, login, oldUserState, run, summary, type Place } from '../test_fixtures';

const U = 'dave';
const COUNTRIES: Place[] = [
  { lat: 41.9, lon: 12.5, country: 'Italy', iso: 'IT' },
  { lat: 48.86, lon: 2.35, country: 'France', iso: 'FR' },
  { lat: 40.42, lon: -3.7, country: 'Spain', iso: 'ES' },
  { lat: 52.52, lon: 13.4, country: 'Germany', iso: 'DE' },
  { lat: 50.85, lon: 4.35, country: 'Belgium', iso: 'BE' },
  { lat: 52.37, lon: 4.9, country: 'Netherlands', iso: 'NL' },
  { lat: 48.21, lon: 16.37, country: 'Austria', iso: 'AT' },
  { lat: 46.95, lon: 7.45, country: 'Switzerland', iso: 'CH' },
  { lat: 50.08, lon: 14.44, country: 'Czechia', iso: 'CZ' },
];

/** One login every 5 days from a new country: each raises exactly one counted alert (new_country), no travel. */
function tour(n: number, start = Date.parse('2025-01-01T10:00:00Z')) {
  return COUNTRIES.slice(0, n).map((place, i) =>
    login({ user: U, id: `t${i}`, at: start + i * 5 * 86_400_000, ip: `192.0.2.${i + 1}`, place }),
  );
}
const riskAlerts = (out: ReturnType<typeof run>) =>
  out.alerts.filter((a) => a.rule.id === 'user_risk_threshold').map((a) => a.buffalogs.evidence as RiskEvidence);

describe('risk levels: 0 no risk, 1–3 low, 4–6 medium, ≥ 7 high', () => {
  it.each([
    ['buffalogs', { filters: { minimumRiskLevel: 'no_risk', learningPeriodDays: 0, filteredRules: [] } }],
    ['default', { filters: { learningPeriodDays: 0 }, risk: { model: 'alert_count' } }],
  ] as const)(
    '%s: the level follows the count; a risk alert fires on reaching medium and high',
    (profile, overrides) => {
      const out = run([tour(9)], config(profile, overrides), { states: oldUserState(U) });
      // First login silent; 8 new countries follow.
      expect(out.alerts.filter((a) => a.rule.id === 'new_country').map((a) => a.buffalogs.user_risk)).toEqual([
        { level: 'low', score: 1 },
        { level: 'low', score: 2 },
        { level: 'low', score: 3 },
        { level: 'medium', score: 4 },
        { level: 'medium', score: 5 },
        { level: 'medium', score: 6 },
        { level: 'high', score: 7 },
        { level: 'high', score: 8 },
      ]);
      expect(riskAlerts(out)).toMatchObject([
        {
          previous_level: 'low',
          level: 'medium',
          score: 4,
          threshold_level: 'medium',
          caused_by_rule_id: 'new_country',
        },
        { previous_level: 'medium', level: 'high', score: 7 },
      ]);
      const urt = out.alerts.find((a) => a.rule.id === 'user_risk_threshold')!;
      expect(urt.buffalogs.trigger.event_id).toBe('t4');
      expect(urt.buffalogs.severity).toBe('high');
      expect(urt.message).toMatch(
        /^Risk of dave rose from low to medium with 4 counted alerts \(alert threshold: medium\), the last a new_country alert \([0-9a-f]{12}\)$/,
      );
      // The risk alert follows the alert that caused it.
      const i = out.alerts.indexOf(urt);
      expect(out.alerts[i - 1].buffalogs.alert_id).toBe((urt.buffalogs.evidence as RiskEvidence).caused_by_alert_id);
    },
  );
});

describe("BuffaLogs' default deadlock versus the default profile", () => {
  it('buffalogs defaults: every alert filtered by the minimum risk, the risk never moves, no risk alert', () => {
    const out = run([tour(9)], config('buffalogs'), { states: oldUserState(U) });
    expect(out.alerts).toHaveLength(8);
    expect(out.alerts.every((a) => a.buffalogs.filter_reasons.includes('alert_minimum_risk_score filter'))).toBe(true);
    expect(out.states.get(U)!.risk.level).toBe('no_risk');
    expect(riskAlerts(out)).toEqual([]);
  });

  it('default profile with the same minimum risk (medium): risk accumulates from filtered alerts, later ones show', () => {
    const cfg = config('default', {
      filters: { minimumRiskLevel: 'medium', learningPeriodDays: 0 },
      risk: { model: 'alert_count' },
    });
    const out = run([tour(9)], cfg, {
      states: oldUserState(U),
    });
    expect(summary(out.alerts).filter((s) => s.startsWith('new_country'))).toEqual([
      'new_country@t1 [alert_minimum_risk_score filter]',
      'new_country@t2 [alert_minimum_risk_score filter]',
      'new_country@t3 [alert_minimum_risk_score filter]',
      'new_country@t4 [alert_minimum_risk_score filter]',
      'new_country@t5',
      'new_country@t6',
      'new_country@t7',
      'new_country@t8',
    ]);
    expect(out.states.get(U)!.risk.level).toBe('high');
  });

  it('buffalogs: filtered alerts still count once an unfiltered alert triggers a recompute', () => {
    // new_country muted by type: three filtered alerts, then an unfiltered travel alert → count 4 → medium.
    const cfg = config('buffalogs', {
      filters: {
        minimumRiskLevel: 'no_risk',
        learningPeriodDays: 0,
        filteredRules: ['new_country'],
        ignoreSameCountryTravel: false,
      },
    });
    const events = [
      ...tour(4),
      login({ user: U, id: 'fast', at: Date.parse('2025-01-16T10:05:00Z'), ip: '198.51.100.1', place: PLACE.newYork }),
    ];
    const out = run([events], cfg, { states: oldUserState(U) });
    expect(summary(out.alerts)).toEqual([
      'new_country@t1 [filtered_alerts_types filter]',
      'new_country@t2 [filtered_alerts_types filter]',
      'new_country@t3 [filtered_alerts_types filter]',
      'new_country@fast [filtered_alerts_types filter]',
      'impossible_travel@fast',
      'user_risk_threshold@fast',
    ]);
    expect(riskAlerts(out)[0]).toMatchObject({ previous_level: 'no_risk', level: 'medium', score: 5 });
  });

  it('V8: a risk alert is itself filtered like any alert (allowed_countries on an Italian login)', () => {
    const cfg = config('buffalogs', {
      filters: {
        minimumRiskLevel: 'no_risk',
        learningPeriodDays: 0,
        filteredRules: [],
        allowedCountries: ['Italy', 'Romania'],
      },
      risk: { alertAtLevel: 'no_risk' },
    });
    const out = run(
      [
        [
          login({ user: U, id: 'a', at: '2025-01-01T10:00:00Z', ip: '192.0.2.1', place: PLACE.berlin }),
          login({ user: U, id: 'b', at: '2025-01-01T10:10:00Z', ip: '192.0.2.2', place: PLACE.berlin }),
          login({ user: U, id: 'c', at: '2025-01-01T10:20:00Z', ip: '192.0.2.3', place: PLACE.rome }),
        ],
      ],
      cfg,
      { states: oldUserState(U) },
    );
    expect(summary(out.alerts)).toEqual([
      'new_country@c [allowed_countries filter]',
      'impossible_travel@c [allowed_countries filter]',
    ]);
    // Both filtered: no recompute, no risk alert — BuffaLogs' rule.
    expect(out.states.get(U)!.risk.level).toBe('no_risk');
  });
});

describe('risk retention: 45 days', () => {
  it('default: alerts older than 45 days (log time) stop counting', () => {
    const weekly = tour(5); // 4 alerts over 4 weeks → medium
    const cfg = config('default', { filters: { learningPeriodDays: 0 }, risk: { model: 'alert_count' } });
    const out = run([weekly], cfg, { states: oldUserState(U) });
    expect(out.states.get(U)!.risk.level).toBe('medium');
    const later = run(
      [[login({ user: U, id: 'late', at: Date.parse('2025-06-01T10:00:00Z'), ip: '192.0.2.99', place: COUNTRIES[5] })]],
      cfg,
      { states: out.states },
    );
    expect(later.alerts[0].buffalogs.user_risk).toEqual({ level: 'low', score: 1 });
  });
});

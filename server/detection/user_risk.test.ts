/**
 * The score model of user risk (default profile): open alerts' scores, halved every half-life, gone when closed or
 * closed as false positives, High at once on a takeover pattern; and the detector's use of it at login time.
 */
import type { VerdictEvidence } from '../../common/alert_document';
import { profileDefaults } from '../../common/detection_config';
import {
  HOME,
  UA,
  homeHistory,
  login,
  newYorkLogin,
  oldUserState,
  phishedLogin,
  run,
  verdictConfig,
} from './test_fixtures';
import { compileConfig } from './compiled_config';
import { scoredRiskAt } from './risk';
import { decayedPoints, isTakeoverAlert, riskLevelForScore, scoreRisk, type ScoredAlert } from './user_risk';
import { newUserState } from './user_state';

const DAY = 86_400_000;
const NOW = Date.parse('2025-03-10T12:00:00Z');
const risk = profileDefaults('default').risk; // half-life 7 days; low 10, medium 30, high 75; retention 45 days
const alert = (daysAgo: number, score: number, more: Partial<ScoredAlert> = {}): ScoredAlert => ({
  at: NOW - daysAgo * DAY,
  score,
  takeover: false,
  ...more,
});

describe('scoreRisk', () => {
  it('is nothing without alerts', () => {
    expect(scoreRisk([], NOW, risk)).toEqual({ level: 'no_risk', score: 0, takeover: false, alerts: 0 });
  });

  it('counts a fresh alert at its own score: one at the alerting threshold (50) is medium', () => {
    expect(scoreRisk([alert(0, 50)], NOW, risk)).toMatchObject({ level: 'medium', score: 50, alerts: 1 });
  });

  it('halves an alert every half-life: 50 → 25 after 7 days (low), 12.5 → 13 after 14, gone below 10 after 21', () => {
    expect(scoreRisk([alert(7, 50)], NOW, risk)).toMatchObject({ level: 'low', score: 25 });
    expect(scoreRisk([alert(14, 50)], NOW, risk)).toMatchObject({ level: 'low', score: 13 });
    expect(scoreRisk([alert(21, 50)], NOW, risk)).toMatchObject({ level: 'no_risk', score: 6 });
  });

  it('follows the configured half-life', () => {
    expect(scoreRisk([alert(7, 80)], NOW, { ...risk, halfLifeDays: 14 }).score).toBe(57); // 80 / √2
    expect(scoreRisk([alert(7, 80)], NOW, { ...risk, halfLifeDays: 3.5 }).score).toBe(20); // 80 / 4
  });

  it('half-life edges: a tiny half-life forgets within hours, a huge one keeps the score whole', () => {
    expect(scoreRisk([alert(1, 100)], NOW, { ...risk, halfLifeDays: 0.1 }).score).toBe(0);
    expect(scoreRisk([alert(40, 60)], NOW, { ...risk, halfLifeDays: 3650 }).score).toBe(60);
    expect(decayedPoints(60, 0, 7)).toBe(60);
    expect(decayedPoints(60, -DAY, 7)).toBe(60); // never more than the alert's own score
  });

  it('adds alerts up, capped at 100: two fresh alerts at the threshold are high', () => {
    expect(scoreRisk([alert(0, 50), alert(0, 50)], NOW, risk)).toMatchObject({ level: 'high', score: 100 });
    expect(scoreRisk([alert(0, 70), alert(0, 60), alert(1, 90)], NOW, risk).score).toBe(100);
  });

  it('counts no alert older than the retention, nor one after `now` (a later login judged earlier)', () => {
    expect(scoreRisk([alert(46, 100)], NOW, { ...risk, halfLifeDays: 3650 })).toMatchObject({ score: 0, alerts: 0 });
    expect(scoreRisk([alert(-1, 100)], NOW, risk)).toMatchObject({ score: 0, alerts: 0 });
  });

  it('falls when an alert is closed as a false positive or closed; acknowledged ones still count', () => {
    const open = [alert(0, 50), alert(1, 60)];
    const before = scoreRisk(open, NOW, risk);
    expect(before).toMatchObject({ level: 'high', score: 100 });
    const fp = scoreRisk([open[0], { ...open[1], status: 'false_positive' }], NOW, risk);
    expect(fp).toMatchObject({ level: 'medium', score: 50, alerts: 1 });
    expect(
      scoreRisk(
        [
          { ...open[0], status: 'closed' },
          { ...open[1], status: 'false_positive' },
        ],
        NOW,
        risk,
      ),
    ).toEqual({ level: 'no_risk', score: 0, takeover: false, alerts: 0 });
    expect(scoreRisk([{ ...open[0], status: 'acknowledged' }], NOW, risk).score).toBe(50);
  });

  it('puts the user at High at once on a takeover pattern, however low its score, until it is closed', () => {
    // A credential family's compromised account scores 73, under the high level (75) on its own.
    const takeover = alert(0, 73, { takeover: true });
    expect(scoreRisk([alert(0, 73)], NOW, risk).level).toBe('medium');
    expect(scoreRisk([takeover], NOW, risk)).toMatchObject({ level: 'high', score: 75, takeover: true });
    // Unhandled, it does not fade out of High; closed as a false positive, it counts nothing.
    expect(scoreRisk([{ ...takeover, at: NOW - 30 * DAY }], NOW, risk).level).toBe('high');
    expect(scoreRisk([{ ...takeover, status: 'false_positive' }], NOW, risk)).toMatchObject({
      level: 'no_risk',
      score: 0,
      takeover: false,
    });
  });

  it('reads hostile values as nothing: scores out of range are clamped, non-numbers count 0', () => {
    const odd = [
      { at: NOW, score: 1e9, takeover: false },
      { at: NOW, score: Number.NaN, takeover: false },
      { at: Number.NaN, score: 50, takeover: true },
    ];
    expect(scoreRisk(odd, NOW, risk)).toMatchObject({ score: 100, takeover: false, alerts: 2 });
    expect(scoreRisk([{ at: NOW, score: -40, takeover: false }], NOW, risk).score).toBe(0);
  });
});

describe("scoredRiskAt (the detector reads the state's alerts without building ScoredAlerts)", () => {
  it("gives scoreRisk's level and score over the counted, scored alerts, all open", () => {
    const cc = compileConfig(verdictConfig());
    const state = newUserState('alice', NOW);
    const at = (daysAgo: number) => NOW - daysAgo * DAY;
    state.riskAlerts = [
      { rule: 'suspicious_login', at: at(1), createdAt: NOW, score: 40 },
      { rule: 'suspicious_login', at: at(20), createdAt: NOW, score: 100, takeover: true },
      { rule: 'suspicious_login', at: at(50), createdAt: NOW, score: 90 }, // past the retention
      { rule: 'suspicious_login', at: at(-1), createdAt: NOW, score: 90 }, // after the login judged
      { rule: 'suspicious_login', at: at(2), createdAt: NOW }, // no score: not counted
      { rule: 'new_device', at: at(0), createdAt: NOW, score: 60 }, // not a counted rule in this profile
    ];
    const counted = state.riskAlerts
      .filter((a) => cc.countedRules.has(a.rule) && a.score !== undefined)
      .map((a) => ({ at: a.at, score: a.score!, takeover: a.takeover === true }));
    const expected = scoreRisk(counted, NOW, cc.config.risk);
    expect(scoredRiskAt(state, cc, NOW)).toEqual({ level: expected.level, score: expected.score });
    expect(expected).toMatchObject({ level: 'high', score: 75, takeover: true, alerts: 2 }); // held at High
    state.riskAlerts[1].takeover = undefined;
    const plain = scoreRisk(
      counted.map((a) => ({ ...a, takeover: false })),
      NOW,
      cc.config.risk,
    );
    expect(scoredRiskAt(state, cc, NOW)).toEqual({ level: plain.level, score: plain.score });
    expect(plain).toMatchObject({ level: 'medium', score: 50 }); // 40 / 2^(1/7) + 100 / 2^(20/7)
  });
});

describe('riskLevelForScore', () => {
  it('uses the configured thresholds, each inclusive', () => {
    expect([0, 9, 10, 29, 30, 74, 75, 100].map((s) => riskLevelForScore(s, risk))).toEqual([
      'no_risk',
      'no_risk',
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
    ]);
  });
});

describe('isTakeoverAlert', () => {
  const verdict = (ids: string[], weight = 10): VerdictEvidence =>
    ({
      kind: 'verdict',
      score: 80,
      threshold: 50,
      why: '',
      signals: ids.map((id) => ({ id, weight, base_weight: weight, reason: '', evidence: {} })),
    }) as unknown as VerdictEvidence;

  it('is a new country, a new device and impossible travel in one verdict, or a compromised account', () => {
    expect(isTakeoverAlert(verdict(['new_device', 'new_network', 'new_country', 'impossible_travel']))).toBe(true);
    expect(isTakeoverAlert({ kind: 'compromised_account' })).toBe(true);
  });

  it('is not two of the three, a signal context weighed to nothing, or anything malformed', () => {
    expect(isTakeoverAlert(verdict(['new_device', 'new_country']))).toBe(false);
    expect(isTakeoverAlert(verdict(['new_device', 'new_country', 'impossible_travel'], 0))).toBe(false);
    expect(isTakeoverAlert({ kind: 'verdict', signals: 'new_country' } as unknown as VerdictEvidence)).toBe(false);
    expect(isTakeoverAlert({ kind: 'travel' })).toBe(false);
    expect(isTakeoverAlert(undefined)).toBe(false);
  });
});

describe('the detector, default profile: risk at login time from the alerts it raised', () => {
  const cfg = verdictConfig();
  const U = 'alice';
  const history = homeHistory(U);

  it('a takeover login (new country, new device, impossible travel) puts its user at High at once, with no risk alert', () => {
    const attack = newYorkLogin(U, 'evil', UA.linuxOther);
    const out = run([[...history, attack]], cfg, { states: oldUserState(U) });
    expect(out.alerts.map((a) => a.rule.id)).toEqual(['suspicious_login']); // no separate "risk rose" alert
    expect(isTakeoverAlert(out.alerts[0].buffalogs.evidence)).toBe(true);
    expect(out.alerts[0].buffalogs.user_risk.level).toBe('high');
    expect(out.states.get(U)!.risk.level).toBe('high');
    expect(out.states.get(U)!.riskAlerts).toEqual([
      { rule: 'suspicious_login', at: attack.timestamp, createdAt: expect.any(Number), score: 100, takeover: true },
    ]);
  });

  it("a weaker alert (a phisher in the victim's country) is medium, and has faded to low two weeks later", () => {
    const phished = phishedLogin(U);
    const first = run([[...history, phished]], cfg, { states: oldUserState(U) });
    expect(first.alerts).toHaveLength(1);
    expect(first.alerts[0].event.risk_score).toBe(50);
    expect(isTakeoverAlert(first.alerts[0].buffalogs.evidence)).toBe(false);
    expect(first.alerts[0].buffalogs.user_risk).toEqual({ level: 'medium', score: 50 });
    expect(first.states.get(U)!.risk).toEqual({ level: 'medium', score: 50 });
    const twoWeeksLater = login({ user: U, id: 'back', at: '2025-03-20T09:00:00Z', ...HOME });
    const second = run([[twoWeeksLater]], cfg, { states: first.states });
    expect(second.alerts).toHaveLength(0);
    expect(second.states.get(U)!.risk).toEqual({ level: 'low', score: 13 }); // 50 / 4
  });
});

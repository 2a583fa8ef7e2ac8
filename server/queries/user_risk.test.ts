/** The app's reading of the score model: alert documents as the risk sees them, the score now, the score over time. */
import { profileDefaults } from '../../common/detection_config';
import { buildUsersRiskSearch, scoreHistory, scoredAlertOf, usersRiskFrom, type RiskAlertSource } from './user_risk';

const DAY = 86_400_000;
const NOW = Date.parse('2025-03-10T12:00:00Z');
const risk = profileDefaults('default').risk;
const TAKEOVER_SIGNALS = [
  { id: 'new_device', weight: 30 },
  { id: 'new_country', weight: 25 },
  { id: 'impossible_travel', weight: 30 },
];
const doc = (daysAgo: number, score: number, more: Partial<RiskAlertSource['buffalogs']> = {}): RiskAlertSource => ({
  '@timestamp': new Date(NOW - daysAgo * DAY).toISOString(),
  event: { risk_score: score },
  rule: { id: 'suspicious_login' },
  buffalogs: { alert_id: `a${daysAgo}`, status: 'open', evidence: { kind: 'verdict', signals: [] }, ...more },
});

describe('scoredAlertOf', () => {
  it('reads time, score, status and the takeover pattern', () => {
    expect(scoredAlertOf(doc(1, 85, { evidence: { kind: 'verdict', signals: TAKEOVER_SIGNALS } }))).toEqual({
      id: 'a1',
      at: NOW - DAY,
      score: 85,
      takeover: true,
      status: 'open',
    });
  });

  it('reads the time as Elasticsearch does: epoch milliseconds (number or text), a time without offset as UTC', () => {
    // Date.parse took text only (the others did not count) and an offsetless time in the server's zone.
    const at = (stamp: unknown) => scoredAlertOf({ ...doc(0, 50), '@timestamp': stamp })?.at;
    expect(at(NOW)).toBe(NOW);
    expect(at(String(NOW))).toBe(NOW);
    expect(at('2024-05-01T10:00:00')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(at(1e17)).toBeUndefined();
  });

  it('reads hostile documents as nothing that counts', () => {
    expect(scoredAlertOf({ '@timestamp': 'yesterday' })).toBeUndefined();
    expect(scoredAlertOf({ ...doc(0, 50), event: { risk_score: '99' } })?.score).toBe(0);
    expect(scoredAlertOf(doc(0, 50, { status: 'pending' }))?.status).toBe('closed');
    expect(scoredAlertOf(doc(0, 50, { evidence: { kind: 'verdict', signals: { __proto__: [] } } }))?.takeover).toBe(
      false,
    );
  });
});

describe('usersRiskFrom', () => {
  it("scores each user's aggregated alerts now", () => {
    const bucket = (key: string, docs: RiskAlertSource[]) => ({
      key,
      doc_count: docs.length,
      newest: { hits: { hits: docs.map((d) => ({ _source: d })) } },
    });
    const result = {
      aggregations: {
        users: {
          buckets: [
            bucket('ann', [doc(0, 50), doc(0, 50)]),
            bucket('bob', [doc(7, 50)]),
            bucket('eve', [doc(20, 73, { evidence: { kind: 'compromised_account' } })]),
          ],
        },
      },
    } as never;
    const risks = usersRiskFrom(result, NOW, risk);
    expect(Object.fromEntries([...risks].map(([u, r]) => [u, `${r.level} ${r.score}`]))).toEqual({
      ann: 'high 100',
      bob: 'low 25',
      eve: 'high 75',
    });
  });

  it('asks for open and acknowledged counted alerts of the page, within the retention and not after now', () => {
    const search = buildUsersRiskSearch('alerts', ['ann', 'bob'], NOW, risk);
    expect(JSON.stringify(search.query)).toContain('"buffalogs.status":["open","acknowledged"]');
    expect(JSON.stringify(search.query)).toContain('"buffalogs.evidence.kind":"compromised_account"');
    expect(JSON.stringify(search.query)).toContain(`"lte":"${new Date(NOW).toISOString()}"`);
  });
});

describe('scoreHistory', () => {
  it('jumps at each alert, falls as it fades, ends at now; a false positive never counts', () => {
    const alerts = [doc(10, 50), doc(3, 60), doc(5, 90, { status: 'false_positive' })]
      .map((d) => scoredAlertOf(d)!)
      .reverse();
    const trail = scoreHistory(alerts, NOW, risk);
    const alertPoints = trail.filter((p) => p.point === 'alert');
    expect(alertPoints.map((p) => [p.alert_id, p.score, p.level])).toEqual([
      ['a10', 50, 'medium'],
      ['a3', 60 + Math.round(50 * 2 ** -1), 'high'], // 60 + 25 = 85
    ]);
    // Between the two alerts, half a half-life later (3.5 days), the first has fallen to 50 / √2.
    expect(trail[1]).toMatchObject({ point: 'decay', score: 35, alert_id: '' });
    const last = trail[trail.length - 1];
    expect(last).toMatchObject({ point: 'now', timestamp: new Date(NOW).toISOString() });
    expect(last.score).toBe(Math.round(60 * 2 ** (-3 / 7) + 50 * 2 ** (-10 / 7)));
    const times = trail.map((p) => Date.parse(p.timestamp));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('is empty without a counted alert still open', () => {
    expect(scoreHistory([scoredAlertOf(doc(1, 50, { status: 'closed' }))!], NOW, risk)).toEqual([]);
  });
});

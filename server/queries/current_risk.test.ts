/* eslint-disable @typescript-eslint/no-explicit-any -- the evaluator reads the query DSL loosely, as Elasticsearch would */
import { resolveDetectionConfig } from '../detection';
import { scoreRisk, type ScoredAlert } from '../detection/user_risk';
import {
  CURRENT_RISK_FIELDS,
  currentRiskDoc,
  currentRiskSort,
  levelClause,
  logSum2,
  NO_KEY,
  pointsAt,
  riskBasis,
  scoreAtLeast,
  staleRiskQuery,
} from './current_risk';
import { seededRandom } from '../analyses/random';

const DAY = 86_400_000;
const T = Date.parse('2026-11-20T12:00:00Z');
const risk = resolveDetectionConfig('default').risk;

/** A stored user as Elasticsearch sees it. */
interface Stored {
  key?: number;
  takeover?: boolean;
}

/** The subset of the query DSL these builders produce, evaluated on one stored user (what Elasticsearch would match). */
function matches(q: any, doc: Stored): boolean {
  if (q.match_all) return true;
  if (q.match_none) return false;
  if (q.term) return q.term[CURRENT_RISK_FIELDS.takeover] === true && doc.takeover === true;
  if (q.range) {
    const r = q.range[CURRENT_RISK_FIELDS.key];
    return doc.key !== undefined && doc.key >= r.gte;
  }
  if (q.constant_score) return matches(q.constant_score.filter, doc);
  if (q.bool) {
    const b = q.bool;
    if (!(b.filter ?? []).every((c: any) => matches(c, doc))) return false;
    if ((b.must_not ?? []).some((c: any) => matches(c, doc))) return false;
    const should = b.should ?? [];
    const min = b.minimum_should_match ?? (b.filter ? 0 : 1);
    return should.filter((c: any) => matches(c, doc)).length >= Math.min(min, should.length || 0);
  }
  throw new Error(`unexpected clause ${JSON.stringify(q)}`);
}

function randomUser(random: () => number): ScoredAlert[] {
  const n = Math.floor(random() * 5);
  return Array.from({ length: n }, () => ({
    at: T - Math.floor(random() * 44 * DAY),
    score: random() < 0.1 ? 0 : Math.round(random() * 100),
    takeover: random() < 0.08,
    status: random() < 0.2 ? 'false_positive' : 'open',
  }));
}

const stored = (alerts: ScoredAlert[], now: number): Stored => {
  const doc = currentRiskDoc(alerts, now, risk);
  return { ...(doc?.key != null ? { key: doc.key } : {}), ...(doc?.takeover ? { takeover: true } : {}) };
};

test('the stored key gives the unrounded score at any later time (S(now) = 2^(K − now/h))', () => {
  const alerts: ScoredAlert[] = [
    { at: T - 2 * DAY, score: 60, takeover: false },
    { at: T - 3 * DAY, score: 40, takeover: false },
  ];
  const key = currentRiskDoc(alerts, T, risk)!.key!;
  for (const later of [0, 1, 5, 20]) {
    const now = T + later * DAY;
    const expected = 60 * 2 ** (-(2 + later) / 7) + 40 * 2 ** (-(3 + later) / 7);
    expect(pointsAt(key, now, risk.halfLifeDays)).toBeCloseTo(expected, 9);
  }
  // 2^(t/h) alone would overflow a double (t/h ≈ 2,900 half-lives since 1970): the key stays near it.
  expect(key).toBeGreaterThan(2_800);
  expect(Number.isFinite(logSum2([5_000, 5_001, -3]))).toBe(true);
  expect(logSum2([5_000, 5_000])).toBeCloseTo(5_001, 12);
});

test('levels and order from the key match scoreRisk for random users at random times, takeover floor included', () => {
  const random = seededRandom(7);
  for (let round = 0; round < 40; round++) {
    const users = Array.from({ length: 60 }, () => randomUser(random));
    const keyedAt = T;
    const docs = users.map((u) => stored(u, keyedAt));
    // Later times only while no alert leaves the window (then the key is refreshed: staleRiskQuery).
    const oldest = Math.min(...users.flat().map((a) => a.at), T);
    const now = keyedAt + random() * Math.max(0, oldest + risk.retentionDays * DAY - keyedAt - 1);
    const shown = users.map((u) => scoreRisk(u, now, risk));
    for (let i = 0; i < users.length; i++) {
      const level = (['high', 'medium', 'low', 'no_risk'] as const).filter((l) =>
        matches(levelClause(l, now, risk), docs[i]),
      );
      expect([i, level]).toEqual([i, [shown[i].level]]);
    }
    // The list's order: the segment (_score), then the key, then the name.
    const { query, sort } = currentRiskSort([], 'desc', now, risk, 'user.name');
    expect(sort[1]).toEqual({ [CURRENT_RISK_FIELDS.key]: { order: 'desc', missing: NO_KEY } });
    const segment = (d: Stored) =>
      (query as any).bool.should.reduce(
        (s: number, c: any) => s + (matches(c, d) ? c.constant_score.boost : 0),
        0,
      ) as number;
    const order = users
      .map((_, i) => i)
      .sort((a, b) => segment(docs[b]) - segment(docs[a]) || (docs[b].key ?? NO_KEY) - (docs[a].key ?? NO_KEY));
    const scores = order.map((i) => shown[i].score);
    for (let k = 1; k < scores.length; k++) expect(scores[k]).toBeLessThanOrEqual(scores[k - 1]);
  }
});

test('"at least P points" is a range on the key exactly where the rounded score reaches P', () => {
  const now = T;
  for (const p of [1, 10, 30, 75, 100]) {
    const bound = (scoreAtLeast(p, now, risk) as any).range[CURRENT_RISK_FIELDS.key].gte;
    // A fresh alert of exactly P − 0.5 points rounds up to P; one a hair below does not.
    const at = (points: number) => stored([{ at: now, score: points, takeover: false }], now).key!;
    expect(at(p - 0.5)).toBeGreaterThanOrEqual(bound);
    expect(at(p - 0.5 - 1e-9)).toBeLessThan(bound);
  }
  expect(scoreAtLeast(0, now, risk)).toEqual({ match_all: {} });
  expect(scoreAtLeast(101, now, risk)).toEqual({ match_none: {} });
});

test('what the key is made of: counted statuses in the window, its expiry, a takeover without points', () => {
  const alerts: ScoredAlert[] = [
    { at: T - 10 * DAY, score: 50, takeover: false, status: 'acknowledged' },
    { at: T - 30 * DAY, score: 50, takeover: false, status: 'closed' },
    { at: T - 50 * DAY, score: 50, takeover: false },
    { at: T + DAY, score: 50, takeover: false },
  ];
  const doc = currentRiskDoc(alerts, T, risk)!;
  expect(doc.refresh_at).toBe(new Date(T - 10 * DAY + risk.retentionDays * DAY).toISOString());
  expect(pointsAt(doc.key!, T, risk.halfLifeDays)).toBeCloseTo(50 * 2 ** (-10 / 7), 9);
  expect(currentRiskDoc([{ at: T - DAY, score: 80, takeover: false, status: 'false_positive' }], T, risk)).toBe(
    undefined,
  );
  // A takeover alert scoring nothing still holds the user at High: no key, the flag.
  const takeover = currentRiskDoc([{ at: T - DAY, score: 0, takeover: true }], T, risk)!;
  expect(takeover).toMatchObject({ key: null, takeover: true });
  expect(matches(levelClause('high', T, risk), { takeover: true })).toBe(true);
  expect(matches(levelClause('no_risk', T, risk), {})).toBe(true);
});

test('a key goes stale when an alert leaves the window or the settings it was made with change', () => {
  const basis = riskBasis(risk);
  expect(riskBasis({ ...risk, halfLifeDays: 3 })).not.toBe(basis);
  expect(riskBasis({ ...risk, retentionDays: 30 })).not.toBe(basis);
  expect(riskBasis({ ...risk, countedRules: ['new_country'] })).not.toBe(basis);
  // The thresholds are applied at query time: changing them needs no new key.
  expect(riskBasis({ ...risk, scoreHighAt: 60, scoreLowAt: 5 } as typeof risk)).toBe(basis);
  expect(riskBasis({ ...risk, countedRules: [...risk.countedRules].reverse() })).toBe(basis);
  const q = staleRiskQuery(T, risk) as any;
  expect(q.bool.should[0]).toEqual({ range: { [CURRENT_RISK_FIELDS.refreshAt]: { lte: new Date(T).toISOString() } } });
  expect(q.bool.should[1]).toEqual({ bool: { must_not: [{ term: { [CURRENT_RISK_FIELDS.basis]: basis } }] } });
});

/**
 * Two writes of one address's state folded together: the judging pass's and a late alert's cooldown written by
 * another batch or partition's pass, neither lost.
 */
import { emptyWebState, MAX_ALERT_KEYS, mergeWebStates, type WebState } from './state';

const T0 = Date.parse('2024-05-01T08:00:00Z');
const key = 'web_malicious_referrer:evil.example';

test('the state that judged further keeps its lists; each alert key keeps its latest time from either', () => {
  const before: WebState = { ...emptyWebState(), through: T0, misses: [[T0, '/a']], alerted: [[T0, 'web_scanning']] };
  const judged: WebState = {
    ...before,
    through: T0 + 5000,
    misses: [...before.misses, [T0 + 5000, '/b']],
    alerted: [[T0 + 5000, 'web_scanning']],
  };
  const withCooldown: WebState = { ...before, alerted: [...before.alerted, [T0 - 1000, key]] };
  const expected = { ...judged, alerted: [[T0 - 1000, key] as const, [T0 + 5000, 'web_scanning'] as const] };
  // Either way round: the judging batch meeting the cooldown, or the cooldown meeting the judged state.
  expect(mergeWebStates(judged, withCooldown, T0)).toEqual(expected);
  expect(mergeWebStates(withCooldown, judged, T0)).toEqual(expected);
  // An earlier attempt of the very same write: itself.
  expect(mergeWebStates(judged, structuredClone(judged), T0)).toEqual(judged);
});

test('the merged alert keys stay within their cap, the most recent kept', () => {
  const many = (from: number): WebState => ({
    ...emptyWebState(),
    alerted: Array.from({ length: MAX_ALERT_KEYS }, (_, i): [number, string] => [T0 + from + i, `k${from + i}`]),
  });
  const merged = mergeWebStates(many(0), many(MAX_ALERT_KEYS), T0 + 2 * MAX_ALERT_KEYS);
  expect(merged.alerted).toHaveLength(MAX_ALERT_KEYS);
  expect(merged.alerted[0]).toEqual([T0 + MAX_ALERT_KEYS, `k${MAX_ALERT_KEYS}`]);
});

describe("a concurrently stored state's times far past the pass's clock (a hand edit), as a load reads them", () => {
  const NOW = T0 + 60_000;
  const YEAR_3000 = Date.parse('3000-01-01T00:00:00Z');
  const judged: WebState = {
    ...emptyWebState(),
    through: T0 + 5000,
    misses: [[T0 + 5000, '/b']],
    alerted: [[T0 + 5000, 'web_scanning']],
  };

  test('a time judged to so dated does not take the merge over: the computed state keeps its lists and time', () => {
    const forged: WebState = {
      ...emptyWebState(),
      through: YEAR_3000,
      misses: [[YEAR_3000 - 1, '/forged']],
      alerted: [[YEAR_3000, 'web_scanning']],
    };
    // Before: the forged state was the base (it "judged further"), so the batch's judging was lost and the year 3000
    // written back, and its cooldown, the later for the key, replaced the one the batch raised.
    expect(mergeWebStates(judged, forged, NOW)).toEqual(judged);
  });

  test('a cooldown so dated is dropped, the stored ones a pass could have written kept', () => {
    const stored: WebState = {
      ...judged,
      through: T0,
      alerted: [
        [YEAR_3000, 'web_scanning'],
        [T0 - 1000, key],
      ],
    };
    expect(mergeWebStates(judged, stored, NOW).alerted).toEqual([
      [T0 - 1000, key],
      [T0 + 5000, 'web_scanning'],
    ]);
  });

  test("times less than a day past the clock are kept as before (another node's clock may be ahead)", () => {
    const ahead = NOW + 23 * 3_600_000;
    const stored: WebState = { ...emptyWebState(), through: ahead, misses: [[ahead, '/c']], alerted: [[ahead, key]] };
    expect(mergeWebStates(judged, stored, NOW)).toEqual({
      ...stored,
      alerted: [
        [T0 + 5000, 'web_scanning'],
        [ahead, key],
      ],
    });
  });
});

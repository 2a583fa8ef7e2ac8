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
  expect(mergeWebStates(judged, withCooldown)).toEqual(expected);
  expect(mergeWebStates(withCooldown, judged)).toEqual(expected);
  // An earlier attempt of the very same write: itself.
  expect(mergeWebStates(judged, structuredClone(judged))).toEqual(judged);
});

test('the merged alert keys stay within their cap, the most recent kept', () => {
  const many = (from: number): WebState => ({
    ...emptyWebState(),
    alerted: Array.from({ length: MAX_ALERT_KEYS }, (_, i): [number, string] => [T0 + from + i, `k${from + i}`]),
  });
  const merged = mergeWebStates(many(0), many(MAX_ALERT_KEYS));
  expect(merged.alerted).toHaveLength(MAX_ALERT_KEYS);
  expect(merged.alerted[0]).toEqual([T0 + MAX_ALERT_KEYS, `k${MAX_ALERT_KEYS}`]);
});

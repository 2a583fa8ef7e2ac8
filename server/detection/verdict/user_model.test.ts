import { newUserState, readUserState } from '../user_state';
import {
  MAX_VALUES,
  describeHabits,
  hourBin,
  isHabitModel,
  learnHabits,
  newHabitModel,
  scoreHabits,
  type HabitLogin,
  type HabitModel,
} from './user_model';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Monday 2026-03-02 00:00 UTC. */
const T0 = Date.parse('2026-03-02T00:00:00Z');
const HALF_LIFE = 30;
const opts = { minLogins: 20, threshold: 0, halfLifeDays: HALF_LIFE, place: { factor: 1 } };

/** An office worker: weekdays at 08–09 UTC from Rome on one laptop, `days` days. */
function officeWorker(days: number): HabitModel {
  const m = newHabitModel(Math.floor(T0 / DAY));
  for (let d = 0; d < days; d++) {
    const weekday = (d % 7) + 1; // T0 is a Monday
    if (weekday >= 6) continue;
    for (const h of [8, 9]) learnHabits(m, habitual(T0 + d * DAY + h * HOUR), HALF_LIFE);
  }
  return m;
}
const habitual = (at: number): HabitLogin => ({
  at,
  country: 'IT',
  city: 'Rome',
  asn: '3269',
  device: 'windows-10-desktop-chrome',
});

describe('the per-user habit model', () => {
  it('says nothing until the user has enough history (cold start)', () => {
    const m = officeWorker(7); // 5 workdays × 2 = 10 logins
    expect(scoreHabits(m, { ...habitual(T0 + 7 * DAY + 3 * HOUR), country: 'BR' }, opts)).toBeUndefined();
  });

  it("finds the user's everyday login usual and a foreign login on a new device at 03:00 on Sunday unusual, feature by feature", () => {
    const m = officeWorker(28);
    const usual = scoreHabits(m, habitual(T0 + 28 * DAY + 8 * HOUR), opts)!;
    expect(usual.score).toBe(0);
    const sunday3am = T0 + 27 * DAY + 3 * HOUR;
    const strange = scoreHabits(
      m,
      { at: sunday3am, country: 'BR', city: 'São Paulo', asn: '28573', device: 'linux-unknownosmajor-desktop-firefox' },
      opts,
    )!;
    // 40 logins (36 decayed): a new value is 1 in ~19 (4.2 bits), not yet "as rare as it gets" (6 bits).
    expect(strange.score).toBeGreaterThan(0.55);
    const hour = strange.features.find((f) => f.feature === 'hour')!;
    expect(hour).toMatchObject({ value: 'Sun 03:00 UTC', seen: 0 });
    expect(hour.unusual).toBeGreaterThan(0.5);
    const country = strange.features.find((f) => f.feature === 'country')!;
    expect(country).toMatchObject({ value: 'BR', seen: 0 });
    expect(country.unusual).toBeGreaterThan(0.5);
    expect(country.usual[0]).toMatch(/^IT \d+/);
    expect(strange.features.find((f) => f.feature === 'asn')!.value).toBe('AS28573');
    expect(describeHabits(strange)).toMatch(/country BR seen 0 of \d+(\.\d)? logins/);
    // The device by its name, as the device signals give it (the fingerprint stays in the evidence).
    expect(strange.features.find((f) => f.feature === 'device')!.value).toBe('linux-unknownosmajor-desktop-firefox');
    expect(describeHabits(strange)).toMatch(/device "Firefox on Linux, desktop" seen 0 of \d+(\.\d)? logins/);
    // Only the hour is odd: less unusual than everything at once, and the hour says why.
    const lateOnly = scoreHabits(m, habitual(sunday3am), opts)!;
    expect(lateOnly.score).toBeGreaterThan(0);
    expect(lateOnly.score).toBeLessThan(0.5);
    expect(lateOnly.features[0].feature).toBe('hour');
  });

  it("is less surprised by a new value from a user who changes it often (a privacy VPN's exits)", () => {
    const m = newHabitModel(Math.floor(T0 / DAY));
    const countries = ['SE', 'CH', 'NL', 'DE', 'FR', 'ES', 'PL', 'CZ'];
    for (let k = 0; k < 40; k++)
      learnHabits(m, { ...habitual(T0 + k * 6 * HOUR), country: countries[k % 8] }, HALF_LIFE);
    const vpnUser = scoreHabits(m, { ...habitual(T0 + 41 * 6 * HOUR), country: 'RO' }, opts)!;
    const office = scoreHabits(officeWorker(28), { ...habitual(T0 + 28 * DAY + 8 * HOUR), country: 'RO' }, opts)!;
    const unusual = (e: typeof vpnUser) => e.features.find((f) => f.feature === 'country')!.unusual;
    expect(unusual(vpnUser)).toBeLessThan(unusual(office));
  });

  it('discounts the place features in context (a traveller, the organisation network) and says so', () => {
    const m = officeWorker(28);
    const login = { ...habitual(T0 + 28 * DAY + 8 * HOUR), country: 'DE', city: 'Berlin', asn: '3320' };
    const full = scoreHabits(m, login, opts)!;
    const traveller = scoreHabits(m, login, { ...opts, place: { factor: 0.2, why: 'a traveller' } })!;
    expect(traveller.score).toBeLessThan(full.score * 0.3);
    expect(traveller.features.find((f) => f.feature === 'country')!.context).toBe('a traveller');
  });

  it('stays bounded: at most MAX_VALUES values per feature, the least weight evicted, its weight kept in the total', () => {
    const m = officeWorker(14);
    for (let k = 0; k < 50; k++)
      learnHabits(m, { ...habitual(T0 + 14 * DAY + k * HOUR), city: `city-${k}` }, HALF_LIFE);
    expect(m.v[1]).toHaveLength(MAX_VALUES);
    expect(m.v[1]).toContain('Rome');
    expect(m.n[1]).toBeCloseTo(m.n[4], 5);
    expect(JSON.stringify(m).length).toBeLessThan(1200);
  });

  it('forgets: counts halve every half-life, and a habit not seen for months drops out', () => {
    const m = officeWorker(14);
    const before = m.n[4];
    const day = Math.floor(T0 / DAY) + 13 + HALF_LIFE;
    const halved = Math.pow(2, -(day - m.d) / HALF_LIFE); // the model is stored in the units of its day `d`
    learnHabits(m, habitual(day * DAY + 8 * HOUR), HALF_LIFE);
    expect(m.d).toBe(day);
    expect(m.n[4]).toBeCloseTo(before * halved + 1, 1);
    learnHabits(m, { ...habitual(T0 + 400 * DAY), country: 'FR' }, HALF_LIFE);
    expect(m.v[0]).toEqual(['FR']);
  });

  it('counts hours in UTC, weekday and weekend apart', () => {
    expect(hourBin(T0 + 8 * HOUR)).toBe(8); // Monday
    expect(hourBin(T0 + 5 * DAY + 23 * HOUR)).toBe(47); // Saturday
    expect(hourBin(T0 + 6 * DAY)).toBe(24); // Sunday
  });

  it('is deterministic and survives JSON (the stored state)', () => {
    const a = officeWorker(21);
    const b = JSON.parse(JSON.stringify(officeWorker(21))) as HabitModel;
    const login = { at: T0 + 21 * DAY + 2 * HOUR, country: 'US', city: 'Ashburn', asn: '14618', device: 'x' };
    expect(scoreHabits(b, login, opts)).toEqual(scoreHabits(a, login, opts));
  });

  it('drops a stored model of the wrong shape instead of trusting it', () => {
    const state = { ...newUserState('alice', 0), model: { d: 1, v: [['x']], w: [[1]], n: [1], h: [] } };
    expect(isHabitModel(state.model)).toBe(false);
    expect(readUserState(state)!.model).toBeUndefined();
    const weights = officeWorker(14);
    (weights.w[0] as unknown[])[0] = '1e9';
    expect(isHabitModel(weights)).toBe(false);
    expect(isHabitModel(officeWorker(14))).toBe(true);
  });
});

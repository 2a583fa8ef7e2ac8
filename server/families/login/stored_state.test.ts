/**
 * A stored user state is read through the family's real load path (a document as the state store returns it) and
 * judged: a time in it that no pass could have written — hand-edited far into the future — must not keep the user's
 * risk, incident or baseline as it is for good.
 */
import type { DetectionConfig, LoginEvent, UserState } from '../../detection';
import { alertId } from '../../detection/alert_document';
import {
  HOME,
  PLACE,
  UA,
  homeHistory,
  login,
  oldUserState,
  run,
  verdictConfig,
  config,
  type Place,
} from '../../detection/test_fixtures';
import { passContext } from '../../runner/stored_state_test_support';
import { pluginIndices, stateDocId, type EsClient } from '../../storage';
import { loginFamily } from './family';

const U = 'alice';
const YEAR_3000 = Date.parse('3000-01-01T00:00:00Z');
const DAY = 86_400_000;

/**
 * A client whose `mget` answers with `state` as the user's stored state document, and with every incident alert asked
 * for as open (the analyst has not closed it); no population stored yet.
 */
function clientWithUserState(state: UserState): EsClient {
  const { state: stateIndex } = pluginIndices('default');
  return {
    mget: async ({ index, ids }: { index: string; ids: string[] }) => ({
      docs: ids.map((id) =>
        index === stateIndex
          ? id === stateDocId(U)
            ? { _id: id, found: true, _seq_no: 1, _primary_term: 1, _source: JSON.parse(JSON.stringify({ state })) }
            : { _id: id, found: false }
          : { _id: id, found: true, _seq_no: 1, _primary_term: 1, _source: { buffalogs: { status: 'open' } } },
      ),
    }),
    search: async () => ({ hits: { hits: [] } }),
  } as unknown as EsClient;
}

/** `events` judged by a pass at `now` over the user's stored `state`, loaded as the family loads it. */
async function judgeStored(state: UserState, events: LoginEvent[], detection: DetectionConfig, now: number) {
  const settings = { ...loginFamily.exampleSettings(), detection };
  const pass = (await loginFamily.open(passContext(clientWithUserState(state), settings)))!;
  const loaded = await pass.states.load([U]);
  const output = pass.detect(events, loaded, now, { from: now - DAY, to: now }, true);
  return { output, state: output.states.get(U)! };
}

/** The user's state after `events`, judged by the core at `now` (a state as a pass writes it). */
const stateAfter = (events: LoginEvent[], detection: DetectionConfig, now: number): UserState =>
  run([events], detection, { now, states: oldUserState(U) }).states.get(U)!;

describe("BuffaLogs' risk (counted by when each alert was raised)", () => {
  const cfg = config('buffalogs', { filters: { learningPeriodDays: 0 } });
  const NOW = Date.parse('2025-06-01T00:00:00Z');
  const home = (id: string, at: number) =>
    login({ user: U, id, at, ip: HOME.ip, place: HOME.place, ua: HOME.ua, asn: HOME.asn });
  /** A high-risk user: seven counted alerts, raised when `createdAt` says. */
  const highRisk = (createdAt: number): UserState => ({
    ...stateAfter([home('h0', NOW - 10 * DAY)], cfg, NOW - 10 * DAY),
    risk: { level: 'high', score: 7 },
    riskAlerts: Array.from({ length: 7 }, () => ({ rule: 'new_country' as const, at: NOW - 60 * DAY, createdAt })),
  });
  const abroad = login({
    user: U,
    id: 'ny',
    at: NOW - 3_600_000,
    ip: '198.51.100.7',
    place: PLACE.newYork,
    ua: HOME.ua,
  });

  test("alerts raised far past the pass's clock (a hand edit) are dropped: they do not keep the user at high risk", async () => {
    const { output, state } = await judgeStored(highRisk(YEAR_3000), [abroad], cfg, NOW);
    expect(output.alerts.map((a) => a.rule.id)).toContain('new_country');
    // Before: the seven counted for good (raised "after" every window's start, never pruned), so the level recomputed
    // at this alert stayed high, and would after every later one.
    expect(state.risk.level).toBe('low');
    expect(state.riskAlerts.map((a) => a.createdAt)).toEqual([NOW]);
  });

  test('alerts raised 60 days ago age out as before (the control)', async () => {
    const { state } = await judgeStored(highRisk(NOW - 60 * DAY), [abroad], cfg, NOW);
    expect(state.riskAlerts.map((a) => a.createdAt)).toEqual([NOW]);
    expect(state.risk.level).toBe('low');
  });
});

describe('incidents', () => {
  const cfg = verdictConfig();
  const history = homeHistory(U);
  const tor = (id: string, at: string | number, ip = '185.220.101.4') =>
    login({ user: U, id, at, ip, asn: 60729, place: PLACE.berlin, ua: UA.linuxOther, intel: 'anonymizer' });
  const first = tor('tor1', '2025-03-05T09:00:00Z');
  const NOW = Date.parse('2025-03-12T00:00:00Z');
  /** The user's state after the first suspicious login, its incident's times as `edit` sets them. */
  const withIncident = (edit: { start?: number; end?: number }): UserState => {
    const state = stateAfter([...history, first], cfg, Date.parse('2025-03-05T10:00:00Z'));
    return { ...state, incident: { ...state.incident!, ...edit } };
  };
  const later = tor('tor2', '2025-03-11T09:00:00Z', '185.220.101.9');

  test("an incident ending far past the pass's clock (a hand edit) is dropped: a suspicious login days later is its own alert", async () => {
    const { output, state } = await judgeStored(withIncident({ end: YEAR_3000 }), [later], cfg, NOW);
    // Before: the login joined the incident of six days before (its alert updated, no alert of its own), as every
    // later suspicious login of the user would have: the incident never ended.
    expect(output.alerts.map((a) => a.buffalogs.alert_id)).toEqual([alertId(U, 'suspicious_login', later)]);
    expect(state.incident?.id).toBe(alertId(U, 'suspicious_login', later));
  });

  test("an incident starting far past the pass's clock is dropped: the next suspicious login opens the user's incident", async () => {
    const { state } = await judgeStored(withIncident({ start: YEAR_3000, end: YEAR_3000 }), [later], cfg, NOW);
    // Before: the forged incident stayed (a login earlier than an open incident leaves it open), so no incident of
    // the user's was ever opened again and each suspicious login was an alert of its own.
    expect(state.incident?.id).toBe(alertId(U, 'suspicious_login', later));
  });

  test("an incident ending less than a day past the pass's clock is kept (another node's clock may be ahead)", async () => {
    const soon = tor('tor3', NOW - 3_600_000);
    const { output } = await judgeStored(withIncident({ end: NOW + 23 * 3_600_000 }), [soon], cfg, NOW);
    expect(output.alerts.map((a) => a.buffalogs.alert_id)).toEqual([alertId(U, 'suspicious_login', first)]);
  });
});

describe('baselines', () => {
  const cfg = config('default', { filters: { learningPeriodDays: 0 } });
  const NOW = Date.parse('2025-06-01T00:00:00Z');
  const at = (id: string, when: number, place: Place = HOME.place) =>
    login({ user: U, id, at: when, ip: HOME.ip, place, ua: HOME.ua, asn: HOME.asn });

  test("a country last seen far past the pass's clock (a hand edit) is held to the latest time a pass could have written: it ages out", async () => {
    const stored = stateAfter(
      [at('h0', NOW - 100 * DAY), at('h1', NOW - 100 * DAY + 1, PLACE.newYork)],
      cfg,
      NOW - 100 * DAY,
    );
    const edited = {
      ...stored,
      countries: stored.countries.map((c) => (c.value === 'US' ? { ...c, last: YEAR_3000 } : c)),
    };
    const { state: after } = await judgeStored(edited, [at('h2', NOW - 3_600_000)], cfg, NOW);
    // Past the retention (180 days) after the latest time a pass could have written, a login from there (after one
    // from home) is from a new country again.
    const much = NOW + 182 * DAY;
    const back = [at('h3', much - 7_200_000), at('ny', much - 3_600_000, PLACE.newYork)];
    const { output } = await judgeStored(after, back, cfg, much);
    // Before: the country stayed known for good (last seen in the year 3000: never past the retention): no alert for
    // the login from there (only for the one from home, whose last sighting had aged out).
    expect(output.alerts.map((a) => [a.rule.id, a.buffalogs.trigger.event_id])).toContainEqual(['new_country', 'ny']);
    expect(after.countries.find((c) => c.value === 'US')?.last).toBe(NOW + DAY);
  });
});

describe('the newest login, stored logins and the habit model', () => {
  const NOW = Date.parse('2025-06-01T00:00:00Z');
  const at = (id: string, when: number, place: Place = HOME.place) =>
    login({ user: U, id, at: when, ip: HOME.ip, place, ua: HOME.ua, asn: HOME.asn });

  test("a newest login far past the pass's clock (a hand edit) is held to the latest time a pass could have written: the baselines are kept", async () => {
    const cfg = config('default', { filters: { learningPeriodDays: 0 } });
    const stored = { ...stateAfter([at('h0', NOW - 10 * DAY)], cfg, NOW - 10 * DAY), lastLoginAt: YEAR_3000 };
    const { state: after } = await judgeStored(stored, [at('h1', NOW - 3_600_000)], cfg, NOW);
    const { output } = await judgeStored(after, [at('ny', NOW + 3_600_000, PLACE.newYork)], cfg, NOW + 2 * 3_600_000);
    // Before: every value last seen more than the retention before the year 3000 was pruned at the end of each batch,
    // so the user had no live baseline, and a login from a new country was never alerted.
    expect(output.alerts.map((a) => a.rule.id)).toContain('new_country');
    expect(after.countries.map((c) => c.value)).toEqual(['IT']);
    expect(after.lastLoginAt).toBe(NOW + DAY);
  });

  test("a BuffaLogs login row inserted far past the pass's clock (a hand edit) is held to the latest time a pass could have written: it is purged in time", async () => {
    const cfg = config('buffalogs', { filters: { learningPeriodDays: 0 } });
    const stored = stateAfter(
      [at('h0', NOW - 10 * DAY), at('ny', NOW - 10 * DAY + 1, PLACE.newYork)],
      cfg,
      NOW - 10 * DAY,
    );
    const edited = {
      ...stored,
      logins: stored.logins.map((r) => (r.countryName === 'United States' ? { ...r, insertedAt: YEAR_3000 } : r)),
    };
    const { state: after } = await judgeStored(edited, [at('h1', NOW - 3_600_000)], cfg, NOW);
    const { state: later } = await judgeStored(after, [at('h2', NOW + 50 * DAY)], cfg, NOW + 50 * DAY + 3_600_000);
    // Before: the row was never purged (inserted "after" every retention's start): its country and device known for good.
    expect(later.logins.map((r) => r.countryName)).not.toContain('United States');
  });

  test("a habit model decayed to a day far past the pass's clock (a hand edit) is held to the latest day a pass could have written: it decays again", async () => {
    const cfg = verdictConfig();
    const stored = stateAfter(homeHistory(U), cfg, Date.parse('2025-03-06T00:00:00Z'));
    const edited = { ...stored, model: { ...stored.model!, d: Math.floor(YEAR_3000 / DAY) } };
    const { state: after } = await judgeStored(edited, [at('m1', NOW - 3_600_000)], cfg, NOW);
    const later = NOW + 100 * DAY;
    const { state: decayed } = await judgeStored(after, [at('m2', later - 3_600_000)], cfg, later);
    // Before: learning decays the model only from a week after its day, never after the year 3000: the habits of
    // that edit never faded.
    expect(decayed.model!.d).toBe(Math.floor((later - 3_600_000) / DAY));
  });
});

/**
 * `detect` as a whole: determinism, batch boundaries, duplicates, out-of-order input, state round trips and bounds,
 * and the alert documents it produces.
 */
import type { AlertDocument } from '../../common/alert_document';
import { USER_STATE_VERSION, detect, isUserState, readUserState, type LoginEvent, type UserState } from './index';
import { seededRandom } from '../analyses/random';
import { MAX_VALUE_LENGTH } from './verdict/user_model';
import {
  HOME,
  NOW,
  PLACE,
  UA,
  config,
  homeHistory,
  login,
  oldUserState,
  run,
  verdictConfig,
  type Place,
} from './test_fixtures';

const PLACES: Place[] = [
  PLACE.rome,
  PLACE.milan,
  PLACE.berlin,
  PLACE.newYork,
  PLACE.losAngeles,
  PLACE.sydney,
  PLACE.suva,
  PLACE.apia,
];
const UAS = [UA.win7Firefox, UA.macChrome, UA.iphone, UA.androidChrome, UA.linuxOther];

/** A mixed history of 4 users, time-ordered: home logins, trips, new devices, anonymisers, missing geo. */
function history(n: number, seed = 7): LoginEvent[] {
  const rnd = seededRandom(seed);
  const users = ['ann', 'ben', 'cem', 'dia'];
  const out: LoginEvent[] = [];
  let t = Date.parse('2025-01-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 6 * 3_600_000);
    const u = Math.floor(rnd() * users.length);
    const away = rnd() < 0.15;
    const place = away ? PLACES[Math.floor(rnd() * PLACES.length)] : PLACES[u];
    out.push(
      login({
        user: users[u],
        id: `h${i}`,
        index: rnd() < 0.1 ? 'fw-proxy-2025' : 'cloud-2025',
        at: t,
        ip: away ? `198.51.100.${Math.floor(rnd() * 50)}` : `192.0.2.${u * 10 + Math.floor(rnd() * 3)}`,
        place: rnd() < 0.05 ? undefined : place,
        ua: UAS[rnd() < 0.9 ? u % 2 : Math.floor(rnd() * UAS.length)],
        intel: rnd() < 0.03 ? 'anonymizer' : undefined,
        asn: 64500 + u,
        org: `ISP ${u}`,
      }),
    );
  }
  return out;
}

const byId = (alerts: AlertDocument[]) =>
  [...alerts].sort((a, b) => (a.buffalogs.alert_id < b.buffalogs.alert_id ? -1 : 1));

describe.each([
  ['buffalogs', config('buffalogs', { filters: { minimumRiskLevel: 'no_risk', learningPeriodDays: 0 } })],
  ['default', config('default')],
])('detect determinism (%s)', (_name, cfg) => {
  const events = history(400);
  const oneBatch = run([events], cfg);

  it('produces alerts at all (the history is not trivially quiet)', () => {
    const rules = new Set(oneBatch.alerts.map((a) => a.rule.id));
    expect(oneBatch.alerts.length).toBeGreaterThan(20);
    expect(rules.has('impossible_travel') && rules.has('new_country') && rules.has('anonymous_ip')).toBe(true);
  });

  it('gives the same alerts and ids again', () => {
    expect(run([events], cfg).alerts).toEqual(oneBatch.alerts);
  });

  it('gives the same alerts and ids in 1 batch, 7 batches or 400 batches, with the state carried over', () => {
    const chunks = (size: number) =>
      Array.from({ length: Math.ceil(events.length / size) }, (_, i) => events.slice(i * size, (i + 1) * size));
    expect(byId(run(chunks(60), cfg).alerts)).toEqual(byId(oneBatch.alerts));
    expect(byId(run(chunks(1), cfg).alerts)).toEqual(byId(oneBatch.alerts));
  });

  it('gives the same alerts when the state goes through JSON between batches (file or index storage)', () => {
    let states = new Map<string, UserState>();
    const alerts: AlertDocument[] = [];
    for (let i = 0; i < events.length; i += 50) {
      const out = detect({ events: events.slice(i, i + 50), states, config: cfg, now: NOW });
      alerts.push(...out.alerts);
      const merged = new Map([...states, ...out.states]);
      states = new Map(JSON.parse(JSON.stringify([...merged])) as Array<[string, UserState]>);
    }
    expect(byId(alerts)).toEqual(byId(oneBatch.alerts));
  });

  it('gives the same alerts for the events shuffled within the batch', () => {
    const rnd = seededRandom(99);
    const shuffled = [...events].sort(() => rnd() - 0.5);
    expect(run([shuffled], cfg).alerts).toEqual(oneBatch.alerts);
  });

  it('drops duplicates within a batch and across batches', () => {
    const doubled = run([[...events, ...events.slice(0, 100)]], cfg);
    expect(doubled.alerts).toEqual(oneBatch.alerts);
    // (The buffalogs profile skips logins without geolocation before looking for duplicates.)
    expect(doubled.stats.duplicates + doubled.stats.skipped - oneBatch.stats.skipped).toBe(100);
    const resent = run([events.slice(0, 300), events.slice(250, 400)], cfg);
    expect(byId(resent.alerts)).toEqual(byId(oneBatch.alerts));
    expect(resent.stats.duplicates + resent.stats.skipped - oneBatch.stats.skipped).toBe(50);
  });

  it('never modifies the states it is given', () => {
    const first = run([events.slice(0, 200)], cfg);
    const frozen = JSON.parse(JSON.stringify([...first.states])) as Array<[string, UserState]>;
    const deepFreeze = (o: unknown): void => {
      if (o && typeof o === 'object') {
        Object.freeze(o);
        Object.values(o).forEach(deepFreeze);
      }
    };
    deepFreeze(frozen);
    expect(() => detect({ events: events.slice(200), states: new Map(frozen), config: cfg, now: NOW })).not.toThrow();
  });

  it('gives every alert a distinct id', () => {
    const ids = oneBatch.alerts.map((a) => a.buffalogs.alert_id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('out-of-order and duplicate events across batches', () => {
  const e = (id: string, at: string, place: Place = PLACE.rome) =>
    login({ user: 'eve', id, at, ip: '192.0.2.1', place });

  it('a login older than logins judged in an earlier batch is judged; only a re-delivered identity is dropped', () => {
    const cfg = config('default', { baseline: { dedupWindow: 2 }, filters: { learningPeriodDays: 0 } });
    const first = run(
      [[e('a', '2025-01-01T10:00:00Z'), e('b', '2025-01-02T10:00:00Z'), e('c', '2025-01-03T10:00:00Z')]],
      cfg,
    );
    // `c` is remembered (a duplicate); `x` is new although older than everything judged, and from a new country.
    const again = run([[e('x', '2025-01-01T12:00:00Z', PLACE.sydney), e('c', '2025-01-03T10:00:00Z')]], cfg, {
      states: first.states,
    });
    expect(again.stats).toMatchObject({ duplicates: 1, outOfOrder: 1 });
    expect(again.alerts.map((a) => `${a.rule.id}@${a.buffalogs.trigger.event_id}`)).toContain('new_country@x');
  });

  it('a full memory slides: the last dedupWindow identities drop a re-delivery, an older one is judged again; the recent logins are the newest, oldest first', () => {
    const cfg = config('default', {
      baseline: { dedupWindow: 3, maxRecentLogins: 2 },
      filters: { learningPeriodDays: 0 },
    });
    const day = (d: number) => `2025-01-0${d}T10:00:00Z`;
    // One batch, then one login per batch: the window and the recent logins are full from the fourth login on.
    let states = run([[e('a', day(1)), e('b', day(2))]], cfg).states;
    for (const [id, d] of [
      ['c', 3],
      ['d', 4],
      ['f', 5],
      ['g', 6],
    ] as const)
      states = run([[e(id, day(d))]], cfg, { states }).states;
    const s = states.get('eve')!;
    expect(s.seen).toHaveLength(3);
    expect(s.logins.map((l) => l.eventId)).toEqual(['f', 'g']);
    // `d`, `f`, `g` are remembered: delivered again, dropped. `c` slid out: delivered again, judged (out of order).
    expect(run([[e('d', day(4)), e('g', day(6))]], cfg, { states }).stats).toMatchObject({
      duplicates: 2,
      outOfOrder: 0,
    });
    expect(run([[e('c', day(3))]], cfg, { states }).stats).toMatchObject({ duplicates: 0, outOfOrder: 1 });
  });

  it('2,000 logins of one user delivered shuffled in 20 batches are all judged, none dropped', () => {
    const cfg = config('default', { filters: { learningPeriodDays: 0 } });
    const rnd = seededRandom(3);
    const events = Array.from({ length: 2000 }, (_, i) =>
      login({
        user: 'sam',
        id: `s${i}`,
        at: Date.parse('2025-01-01T00:00:00Z') + i * 600_000,
        ip: '192.0.2.1',
        place: PLACE.rome,
      }),
    );
    // A takeover somewhere in the middle: a login from Sydney, hours after one from Rome.
    events[1200] = login({
      user: 'sam',
      id: 'takeover',
      at: events[1200].timestamp,
      ip: '203.0.113.9',
      place: PLACE.sydney,
    });
    const shuffled = [...events].sort(() => rnd() - 0.5);
    const batches = Array.from({ length: 20 }, (_, b) => shuffled.slice(b * 100, b * 100 + 100));
    const out = run(batches, cfg);
    expect(out.stats.duplicates + out.stats.skipped).toBe(0);
    expect(out.stats.outOfOrder).toBeGreaterThan(500);
    const judged = out.alerts.filter((a) => a.buffalogs.trigger.event_id === 'takeover').map((a) => a.rule.id);
    expect(judged).toContain('new_country');
    // Delivered again, every login is recognised by identity (the last `dedupWindow` of them) or judged once more:
    // nothing is dropped for its time.
    const redelivered = run([shuffled.slice(0, 100)], cfg, { states: out.states });
    expect(redelivered.stats.duplicates + redelivered.stats.outOfOrder).toBe(100);
  });

  it('a version-1 state (identity/time pairs and a time floor) is read: its identities still drop duplicates, the floor is gone', () => {
    const cfg = config('default', { filters: { learningPeriodDays: 0 } });
    const first = run([[e('a', '2025-01-01T10:00:00Z'), e('b', '2025-01-03T10:00:00Z')]], cfg).states.get('eve')!;
    // What version 1 stored: `seen` as [identity, login time] pairs and `seenFloor`.
    const v1 = {
      ...JSON.parse(JSON.stringify(first)),
      version: 1,
      seen: first.seen.flatMap((h, i) => [h, i]),
      seenFloor: Date.parse('2025-01-03T10:00:00Z'),
    };
    const upgraded = readUserState(v1)!;
    expect(upgraded).toMatchObject({ version: USER_STATE_VERSION, seen: first.seen });
    expect(upgraded).not.toHaveProperty('seenFloor');
    const out = detect({
      events: [e('b', '2025-01-03T10:00:00Z'), e('older', '2025-01-02T10:00:00Z', PLACE.sydney)],
      states: new Map([['eve', v1 as UserState]]),
      config: cfg,
      now: NOW,
    });
    expect(out.stats).toMatchObject({ duplicates: 1, outOfOrder: 1 });
    expect(out.states.get('eve')!.version).toBe(USER_STATE_VERSION);
    expect(out.alerts.map((a) => a.rule.id)).toContain('new_country');
  });
});

describe('per-user state stays small', () => {
  it('2,000 logins from 500 IPs, 8 places and 5 devices keep every list within its bound', () => {
    const events = Array.from({ length: 2000 }, (_, i) =>
      login({
        user: 'frank',
        id: `f${i}`,
        at: Date.parse('2025-01-01T00:00:00Z') + i * 3_600_000,
        ip: `10.0.${i % 2}.${i % 250}`,
        place: PLACES[i % PLACES.length],
        ua: UAS[i % UAS.length],
        asn: 64000 + (i % 40),
      }),
    );
    const cfg = config('default');
    const s = run([events], cfg).states.get('frank')!;
    const b = cfg.baseline;
    expect(s.ips.length).toBeLessThanOrEqual(b.maxIps);
    expect(s.asns.length).toBeLessThanOrEqual(b.maxAsns);
    expect(s.logins.length).toBeLessThanOrEqual(b.maxRecentLogins);
    expect(s.seen.length).toBeLessThanOrEqual(b.dedupWindow);
    expect(s.riskAlerts.length).toBeLessThanOrEqual(b.maxRiskAlerts);
    expect(JSON.stringify(s).length).toBeLessThan(12_000);
    const bl = run([events], config('buffalogs')).states.get('frank')!;
    expect(bl.ips.length).toBeLessThanOrEqual(200);
    expect(bl.logins.length).toBeLessThanOrEqual(100);
  });
});

describe('a megabyte in a login (one hostile log line)', () => {
  const MB = 'x'.repeat(1 << 20);
  const at = (day: number) => `2025-03-${String(day).padStart(2, '0')}T08:00:00Z`;
  /** Home logins (homeHistory), then one of each hostile value, then home again. */
  const events = (user: string): LoginEvent[] => [
    ...homeHistory(user),
    login({ ...HOME, user, id: 'city', at: at(6), place: { lat: 41.9, lon: 12.5, country: MB, city: MB } }),
    login({ ...HOME, user, id: 'iso', at: at(7), place: { ...PLACE.rome, iso: MB } }),
    login({ ...HOME, user, id: 'device', at: at(8), ua: { original: 'hostile', fingerprint: MB, osName: 'Linux' } }),
    login({ ...HOME, user, id: 'address', at: at(9), ip: `fe80::1%${MB}` }),
    login({ ...HOME, user, id: 'back', at: at(10) }),
  ];
  const longest = (s: UserState) =>
    Math.max(...[s.countries, s.devices, s.ips, s.asns, s.habits ?? []].flat().map((e) => e.value.length));

  it('is learned into no habit model and no list: the state read back from storage keeps its model', () => {
    const state = run([events('hal')], verdictConfig()).states.get('hal')!;
    const stored = readUserState(JSON.parse(JSON.stringify(state)))!;
    expect(state.model).toBeDefined();
    // Before: the model held the megabyte city, and every later read of the state dropped it (the user's habits lost).
    expect(stored.model).toEqual(state.model);
    expect(Math.max(...state.model!.v.flat().map((v) => v.length))).toBeLessThanOrEqual(MAX_VALUE_LENGTH);
    expect(longest(state)).toBeLessThanOrEqual(MAX_VALUE_LENGTH);
  });

  it('keeps the lists bounded in both profiles', () => {
    for (const cfg of [config('default'), config('buffalogs', { filters: { learningPeriodDays: 0 } })]) {
      const state = run([events('ivy')], cfg).states.get('ivy')!;
      expect(longest(state)).toBeLessThanOrEqual(MAX_VALUE_LENGTH);
      expect(Math.max(...state.logins.map((l) => (l.country ?? '').length))).toBeLessThanOrEqual(MAX_VALUE_LENGTH);
    }
  });

  it('is dropped from a state stored before such values were refused, and the rest is kept', () => {
    // A BuffaLogs-profile address is never pruned: without this, a stored megabyte was read and written by every pass.
    const state = run([[login({ ...HOME, user: 'jon', id: 'one', at: at(1) })]], config('buffalogs')).states.get(
      'jon',
    )!;
    const entry = (value: string) => ({ value, first: Date.parse(at(1)), last: Date.parse(at(1)), count: 1 });
    const stored = JSON.parse(
      JSON.stringify({ ...state, ips: [...state.ips, entry(MB)], habits: [entry(MB)], names: [entry('logs\\njon')] }),
    );
    const read = readUserState(stored)!;
    expect(read.ips.map((e) => e.value)).toEqual(state.ips.map((e) => e.value));
    expect(read.habits).toEqual([]);
    expect(read.names).toEqual([entry('logs\\njon')]);
    expect(JSON.stringify(read).length).toBeLessThan(10_000);
    // A state without such entries comes back with the very same lists.
    const clean = readUserState(JSON.parse(JSON.stringify(state)))!;
    expect(JSON.stringify(clean)).toBe(JSON.stringify(state));
  });
});

describe('a stored state with entries not of their type (a hand edit, another writer)', () => {
  const at = (hour: number) => Date.parse('2025-03-01T00:00:00Z') + hour * 3_600_000;
  const logins = (user: string, from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => login({ ...HOME, user, id: `l${from + i}`, at: at(from + i) }));
  /** The user's state after a few home logins, as storage gives it back (JSON), with `patch` over it. */
  const stored = (user: string, patch: Record<string, unknown>) => {
    const state = run([logins(user, 0, 3)], verdictConfig()).states.get(user)!;
    return { state, read: readUserState({ ...JSON.parse(JSON.stringify(state)), ...patch }) };
  };
  const judge = (user: string, state: UserState) =>
    detect({ events: logins(user, 3, 5), states: new Map([[user, state]]), config: verdictConfig(), now: NOW });

  it('a null or mistyped recent login is dropped: the next batch is judged instead of throwing', () => {
    const { state, read } = stored('kim', {});
    const good = JSON.parse(JSON.stringify(state.logins));
    const bad = [null, 'text', { ...good[0], at: 'yesterday' }, { ...good[0], lat: null }, { ...good[0], ip: 5 }];
    const readBad = readUserState({ ...JSON.parse(JSON.stringify(state)), logins: [...bad, ...good] })!;
    // Before: `logins: [null]` made every later batch of this user throw (the whole pass failed, pass after pass).
    expect(readBad.logins).toEqual(good);
    const out = judge('kim', readBad);
    expect(out.states.get('kim')!.logins.map((l) => l.eventId)).toEqual(
      judge('kim', read!)
        .states.get('kim')!
        .logins.map((l) => l.eventId),
    );
  });

  it('mistyped baseline entries, risk alerts, identities and times are dropped, the rest kept', () => {
    const { state } = stored('lou', {});
    const json = JSON.parse(JSON.stringify(state));
    const entry = json.countries[0];
    const read = readUserState({
      ...json,
      countries: [...json.countries, null, { ...entry, value: 5 }, { ...entry, last: 'x' }],
      devices: [...json.devices, { value: 'android-13-mobile-chrome' }],
      riskAlerts: [null, { rule: 'suspicious_login', at: 'x', createdAt: 1 }],
      seen: [...json.seen, 'x', null],
      lastLoginAt: {},
      judgedTo: 'x',
      nextSeq: 'x',
    })!;
    expect(read.countries).toEqual(json.countries);
    expect(read.devices).toEqual(json.devices);
    expect(read.riskAlerts).toEqual([]);
    expect(read.seen).toEqual(json.seen);
    expect([read.lastLoginAt, read.judgedTo, read.nextSeq]).toEqual([undefined, undefined, 0]);
    // The next login sets the newest login time again.
    expect(judge('lou', read).states.get('lou')!.lastLoginAt).toBe(at(4));
  });

  it('a state of usable entries reads back equal, its logins with every key the core gives one (the parsed left as is)', () => {
    const { state } = stored('max', {});
    const json = JSON.parse(JSON.stringify(state));
    const parsedLogins = JSON.stringify(json.logins);
    const read = readUserState(json)!;
    expect(JSON.stringify(read)).toBe(JSON.stringify(state));
    // JSON drops the undefined keys a login is made with: read back, it has them again, so the core meets one shape.
    expect(Object.keys(json.logins[0]).length).toBeLessThan(Object.keys(state.logins[0]).length);
    for (const l of read.logins) expect(Object.keys(l)).toEqual(Object.keys(state.logins[0]));
    expect(JSON.stringify(json.logins)).toBe(parsedLogins);
  });
});

describe('input checks', () => {
  it('rejects a stored state of another shape with a message naming the user', () => {
    const states = new Map([['gil', { version: 0 } as unknown as UserState]]);
    expect(() =>
      detect({ events: [login({ user: 'gil', at: 0, ip: '192.0.2.1' })], states, config: config('default'), now: NOW }),
    ).toThrow(/state of user "gil" is not a UserState this version can read/);
  });

  it('accepts a state only with the version, lists and a known risk level', () => {
    const good = oldUserState('gil').get('gil')!;
    expect(isUserState(JSON.parse(JSON.stringify(good)))).toBe(true);
    expect(isUserState({ ...good, risk: { level: 'extreme', score: 1 } })).toBe(false);
    expect(isUserState({ ...good, logins: undefined })).toBe(false);
    expect(isUserState(null)).toBe(false);
  });

  it('counts events without a user or a valid time as skipped', () => {
    const bad = { ...login({ at: '2025-01-01T00:00:00Z' }), timestamp: NaN };
    const out = detect({
      events: [bad, { ...login({ at: 0 }), user: '' }],
      states: new Map(),
      config: config('default'),
      now: NOW,
    });
    expect(out.stats).toMatchObject({ events: 2, skipped: 2, users: 0 });
  });

  it.each(['default', 'buffalogs'] as const)(
    '%s: a login with null for its place and network is judged as one without them, not thrown on',
    (profile) => {
      // Hand-made input (the normaliser leaves these out instead): everything that reads a login copes with null.
      const events = (blank: null | undefined): LoginEvent[] =>
        [
          ...history(30).filter((e) => e.user === 'ann'),
          {
            ...login({ user: 'ann', id: 'odd', at: '2025-03-01T00:00:00Z', ip: '203.0.113.9' }),
            geo: blank,
            asn: blank,
          },
        ].map((e) => e as LoginEvent);
      const judge = (blank: null | undefined) => {
        const out = detect({ events: events(blank), states: new Map(), config: config(profile), now: NOW });
        return JSON.stringify([out.alerts, out.stats, out.observations, [...out.states]]);
      };
      expect(judge(null)).toBe(judge(undefined));
    },
  );
});

describe('alert documents', () => {
  const cfg = config('default', { filters: { learningPeriodDays: 0 } });
  const events = [
    login({
      user: 'hal',
      id: 'a',
      index: 'logs-a',
      at: '2025-01-01T08:00:00Z',
      ip: '192.0.2.1',
      place: PLACE.rome,
      ua: UA.macChrome,
    }),
    login({
      user: 'hal',
      id: 'b',
      index: 'logs-a',
      at: '2025-01-01T08:30:00Z',
      ip: '198.51.100.7',
      place: PLACE.newYork,
      ua: UA.macChrome,
      asn: 64501,
      org: 'Carrier',
    }),
  ];
  events[1].ecs = {
    source: { ip: '198.51.100.7', geo: { country_iso_code: 'US' } },
    user_agent: { original: UA.macChrome.original },
  };
  const alerts = run([events], cfg, { states: oldUserState('hal') }).alerts;
  const travel = alerts.find((a) => a.rule.id === 'impossible_travel')!;

  it('is the ECS alert the alerts index holds', () => {
    expect(travel).toMatchObject({
      '@timestamp': '2025-01-01T08:30:00.000Z',
      event: {
        kind: 'alert',
        category: ['authentication'],
        type: ['info'],
        severity: 73,
        risk_score: 73,
        created: new Date(NOW).toISOString(),
      },
      rule: { id: 'impossible_travel', name: 'Impossible travel', ruleset: 'buffalogs' },
      user: { name: 'hal' },
      source: { ip: '198.51.100.7', geo: { country_iso_code: 'US' } },
      user_agent: { original: UA.macChrome.original },
      buffalogs: {
        profile: 'default',
        severity: 'high',
        trigger: { event_id: 'b', index: 'logs-a' },
        filtered: false,
        filter_reasons: [],
        // The score model: the new country's 47 points and the travel's 73, capped at 100.
        user_risk: { level: 'high', score: 100 },
        status: 'open',
        evidence: { kind: 'travel', to: { as_number: 64501, as_organization: 'Carrier' } },
      },
    });
    expect(travel.buffalogs.alert_id).toMatch(/^[0-9a-f]{40}$/);
  });

  it('has an id from user, detector and triggering event only: the same in both profiles, on re-processing', () => {
    const other = run([events], config('buffalogs', { filters: { learningPeriodDays: 0 } }), {
      states: oldUserState('hal'),
    }).alerts;
    expect(other.find((a) => a.rule.id === 'impossible_travel')!.buffalogs.alert_id).toBe(travel.buffalogs.alert_id);
    const moved = run([events.map((e) => ({ ...e, index: 'logs-b' }))], cfg, { states: oldUserState('hal') }).alerts;
    expect(moved.find((a) => a.rule.id === 'impossible_travel')!.buffalogs.alert_id).not.toBe(
      travel.buffalogs.alert_id,
    );
  });
});

describe('reuseStates', () => {
  it('updates the handed-over states in place and gives the same alerts as copying', () => {
    const cfg = config('default');
    const events = history(300, 11);
    const copied = run([events.slice(0, 150), events.slice(150)], cfg);
    let states = new Map<string, UserState>();
    const alerts: AlertDocument[] = [];
    for (const part of [events.slice(0, 150), events.slice(150)]) {
      const out = detect({ events: part, states, config: cfg, now: NOW, reuseStates: true });
      for (const [user, state] of out.states) {
        if (states.has(user)) expect(state).toBe(states.get(user)); // the same object, updated
        states.set(user, state);
      }
      alerts.push(...out.alerts);
    }
    expect(byId(alerts)).toEqual(byId(copied.alerts));
    states = new Map();
  });
});

/**
 * New device, new country and atypical country, in both profiles.
 */
import type { NoveltyEvidence } from '../../../common/alert_document';
import { PLACE, UA, config, login, oldUserState, run, summary } from '../test_fixtures';

const U = 'bob';
const QUIET = {
  filters: { learningPeriodDays: 0, minimumRiskLevel: 'no_risk', filteredRules: [], ignoreMobileLogins: false },
};
const profiles = [
  ['buffalogs', config('buffalogs', QUIET)],
  ['default', config('default', QUIET)],
] as const;
const day = (d: number, hh = '09') => `2025-01-${String(d).padStart(2, '0')}T${hh}:00:00.000Z`;
const novelty = (out: ReturnType<typeof run>, rule: string) =>
  out.alerts.filter((a) => a.rule.id === rule).map((a) => a.buffalogs.evidence as NoveltyEvidence);

describe.each(profiles)('new device (%s)', (_name, cfg) => {
  it('fires for an unseen fingerprint, with the known devices as baseline', () => {
    const out = run(
      [
        [
          login({ user: U, id: 'a', at: day(1), ip: '192.0.2.1', place: PLACE.rome, ua: UA.win7Firefox }),
          login({ user: U, id: 'b', at: day(2), ip: '192.0.2.1', place: PLACE.rome, ua: UA.win7Firefox12 }), // same fingerprint
          login({ user: U, id: 'c', at: day(3), ip: '192.0.2.1', place: PLACE.rome, ua: UA.macChrome }),
        ],
      ],
      cfg,
      { states: oldUserState(U) },
    );
    expect(summary(out.alerts)).toEqual(['new_device@c']);
    expect(novelty(out, 'new_device')[0]).toMatchObject({
      value: 'macosx-10-desktop-chrome',
      known: ['windows-7-desktop-firefox'],
      known_count: 1,
    });
    expect(out.alerts[0].message).toBe(
      'New device for bob: macosx-10-desktop-chrome is not among the 1 device seen before (windows-7-desktop-firefox)',
    );
  });

  it('ignores logins without a user agent and does not alert on the very first login', () => {
    const out = run(
      [
        [
          login({ user: U, id: 'a', at: day(1), ip: '192.0.2.1', place: PLACE.rome, ua: UA.win7Firefox }),
          login({ user: U, id: 'b', at: day(2), ip: '192.0.2.1', place: PLACE.rome }),
        ],
      ],
      cfg,
      { states: oldUserState(U) },
    );
    expect(out.alerts).toEqual([]);
  });
});

describe.each(profiles)('new country and atypical country (%s)', (name, cfg) => {
  it('a country never seen is new; a known one after ≥ 30 whole days is atypical; within 30 days nothing', () => {
    const out = run(
      [
        [
          login({ user: U, id: 'a', at: day(1), ip: '192.0.2.1', place: PLACE.rome }),
          login({ user: U, id: 'b', at: day(3), ip: '192.0.2.2', place: PLACE.berlin }),
          login({ user: U, id: 'c', at: day(5), ip: '192.0.2.1', place: PLACE.rome }),
          login({ user: U, id: 'd', at: '2025-02-02T08:59:59.000Z', ip: '192.0.2.2', place: PLACE.berlin }), // 29 d 23 h 59 m
          login({ user: U, id: 'e', at: '2025-03-04T09:00:00.000Z', ip: '192.0.2.1', place: PLACE.rome }), // 58 days after c
        ],
      ],
      cfg,
      { states: oldUserState(U) },
    );
    expect(summary(out.alerts)).toEqual(['new_country@b', 'atypical_country@e']);
    const [newCountry] = novelty(out, 'new_country');
    expect(newCountry).toMatchObject({ value: name === 'buffalogs' ? 'Germany' : 'DE', known_count: 1 });
    const [atypical] = novelty(out, 'atypical_country');
    expect(atypical).toMatchObject({
      days_since_last_seen: 58,
      threshold_days: 30,
      last_seen: '2025-01-05T09:00:00.000Z',
    });
    expect(out.alerts[1].message).toBe(
      `Atypical country for bob: last login from ${name === 'buffalogs' ? 'Italy' : 'IT'} was 58 days earlier (2025-01-05T09:00:00.000Z), ≥ 30 days`,
    );
  });
});

describe('atypical country: which earlier login counts', () => {
  // Italy from two browsers: the Chrome row is inserted first but used last.
  const events = () => [
    login({ user: U, id: 'a', at: day(1), ip: '192.0.2.1', place: PLACE.rome, ua: UA.macChrome }),
    login({ user: U, id: 'b', at: day(2), ip: '192.0.2.1', place: PLACE.rome, ua: UA.win7Firefox }),
    login({ user: U, id: 'c', at: day(20), ip: '192.0.2.1', place: PLACE.rome, ua: UA.macChrome }),
    login({ user: U, id: 'd', at: day(21), ip: '192.0.2.9', place: PLACE.berlin, ua: UA.macChrome }),
    login({ user: U, id: 'e', at: '2025-02-05T09:00:00.000Z', ip: '192.0.2.1', place: PLACE.rome, ua: UA.macChrome }),
  ];

  it('buffalogs: the most recently INSERTED row of the country (Firefox, day 2): 34 days → atypical', () => {
    const out = run([events()], config('buffalogs', QUIET), { states: oldUserState(U) });
    expect(summary(out.alerts).filter((s) => s.startsWith('atypical'))).toEqual(['atypical_country@e']);
  });

  it('default: the latest login from the country in time (day 20): 16 days → nothing', () => {
    const out = run([events()], config('default', QUIET), { states: oldUserState(U) });
    expect(summary(out.alerts).filter((s) => s.startsWith('atypical'))).toEqual([]);
  });
});

describe('baseline retention', () => {
  it('buffalogs forgets a country 45 days after its row was inserted (wall clock): new again, not atypical', () => {
    const cfg = config('buffalogs', QUIET);
    const first = run(
      [
        [
          login({ user: U, id: 'a', at: day(1), ip: '192.0.2.1', place: PLACE.rome }),
          login({ user: U, id: 'b', at: day(2), ip: '192.0.2.2', place: PLACE.berlin }),
        ],
      ],
      cfg,
      { states: oldUserState(U), now: Date.parse('2025-01-02T10:00:00Z') },
    );
    const later = run(
      [[login({ user: U, id: 'c', at: '2025-03-01T09:00:00.000Z', ip: '192.0.2.1', place: PLACE.rome })]],
      cfg,
      {
        states: first.states,
        now: Date.parse('2025-03-01T10:00:00Z'),
      },
    );
    // All rows purged: the login takes the silent "first login in this index" path.
    expect(later.alerts).toEqual([]);
    expect(later.states.get(U)!.logins.map((r) => r.eventId)).toEqual(['c']);
  });

  it('default keeps a country 180 days (log time): atypical after 100 days; after 200 the baseline is relearnt', () => {
    const cfg = config('default', QUIET);
    const base = [
      login({ user: U, id: 'a', at: day(1), ip: '192.0.2.1', place: PLACE.rome }),
      login({ user: U, id: 'b', at: day(2), ip: '192.0.2.2', place: PLACE.berlin }),
      login({ user: U, id: 'c', at: day(3), ip: '192.0.2.1', place: PLACE.rome }),
    ];
    const rome = (id: string, at: string) => login({ user: U, id, at, ip: '192.0.2.1', place: PLACE.rome });
    const berlin = (id: string, at: string) => login({ user: U, id, at, ip: '192.0.2.2', place: PLACE.berlin });
    const out = run([[...base, rome('r1', '2025-04-10T09:00:00.000Z'), berlin('x', '2025-04-12T09:00:00.000Z')]], cfg, {
      states: oldUserState(U),
    });
    expect(summary(out.alerts)).toEqual(['new_country@b', 'atypical_country@r1', 'atypical_country@x']);
    const out2 = run(
      [[...base, rome('r1', '2025-07-20T09:00:00.000Z'), berlin('y', '2025-07-25T09:00:00.000Z')]],
      cfg,
      { states: oldUserState(U) },
    );
    // Everything older than 180 days is forgotten: Rome is learnt again silently, then Berlin is new against it.
    expect(summary(out2.alerts)).toEqual(['new_country@b', 'new_country@y']);
  });
});

describe('novelty needs a baseline (default profile)', () => {
  it('a first located login after logins without geolocation is learnt, not a new country', () => {
    const out = run(
      [
        [
          login({ user: U, id: 'a', at: day(1), ip: '192.0.2.1' }),
          login({ user: U, id: 'b', at: day(2), ip: '192.0.2.1', place: PLACE.rome }),
          login({ user: U, id: 'c', at: day(3), ip: '192.0.2.2', place: PLACE.berlin }),
        ],
      ],
      config('default', QUIET),
      { states: oldUserState(U) },
    );
    expect(summary(out.alerts)).toEqual(['new_country@c']);
  });
});

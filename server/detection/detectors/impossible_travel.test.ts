import type { TravelEvidence } from '../../../common/alert_document';
import { PLACE, UA, config, login, oldUserState, run, summary } from '../test_fixtures';

const U = 'alice';
/** Filters off, so these tests see the detector alone. */
const QUIET = {
  filters: {
    learningPeriodDays: 0,
    minimumRiskLevel: 'no_risk',
    filteredRules: [],
    ignoreSameCountryTravel: false,
    ignoreMobileLogins: false,
  },
};
const buffalogs = config('buffalogs', QUIET);
const byDefault = config('default', QUIET);
const at = (hhmm: string, day = '2025-03-10') => `${day}T${hhmm}:00.000Z`;
const travelOf = (out: ReturnType<typeof run>) =>
  out.alerts.filter((a) => a.rule.id === 'impossible_travel').map((a) => a.buffalogs.evidence as TravelEvidence);
const go = (events: ReturnType<typeof login>[], cfg = byDefault) => run([events], cfg, { states: oldUserState(U) });

describe('impossible travel, both profiles', () => {
  it.each([
    ['buffalogs', buffalogs],
    ['default', byDefault],
  ])('%s: Rome → New York in 70 minutes fires with the numbers', (_name, cfg) => {
    const out = go(
      [
        login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.rome, ua: UA.macChrome }),
        login({ user: U, id: 'b', at: at('09:10'), ip: '198.51.100.9', place: PLACE.newYork, ua: UA.macChrome }),
      ],
      cfg,
    );
    const [e] = travelOf(out);
    expect(e.from).toMatchObject({ city_name: 'Rome', country_iso_code: 'IT', ip: '192.0.2.1', event_id: 'a' });
    expect(e.to).toMatchObject({ city_name: 'New York', ip: '198.51.100.9', event_id: 'b' });
    expect(e.distance_km).toBeGreaterThan(6850);
    expect(e.distance_km).toBeLessThan(6950);
    expect(e.elapsed_seconds).toBe(4200);
    expect(e.speed_kmh).toBe((cfg === buffalogs ? Math.trunc : Math.round)(e.distance_km / (70 / 60)));
    const msg = out.alerts.find((a) => a.rule.id === 'impossible_travel')!.message;
    expect(msg).toMatch(
      /^Impossible travel for alice: 6,[89]\d\d km from Rome \(IT\) to New York \(US\) in 1 h 10 min = 5,9\d\d km\/h > (300|900) km\/h$/,
    );
  });

  it.each([
    ['buffalogs', buffalogs],
    ['default', byDefault],
  ])('%s: zero elapsed time counts as 0.001 h, so the speed stays finite', (_n, cfg) => {
    const [e] = travelOf(
      go(
        [
          login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.rome }),
          login({ user: U, id: 'b', at: at('08:00'), ip: '192.0.2.2', place: PLACE.berlin }),
        ],
        cfg,
      ),
    );
    expect(e.elapsed_seconds).toBe(0);
    expect(e.speed_kmh).toBeCloseTo(e.distance_km / 0.001, -1);
    expect(Number.isFinite(e.speed_kmh)).toBe(true);
  });

  it.each([
    ['buffalogs', buffalogs],
    ['default', byDefault],
  ])('%s: across the antimeridian Fiji ↔ Samoa is ~1,150 km, not ~39,000', (_n, cfg) => {
    const fast = travelOf(
      go(
        [
          login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.suva }),
          login({ user: U, id: 'b', at: at('08:30'), ip: '192.0.2.2', place: PLACE.apia }),
        ],
        cfg,
      ),
    );
    expect(fast).toHaveLength(1);
    expect(fast[0].distance_km).toBeGreaterThan(1100);
    expect(fast[0].distance_km).toBeLessThan(1200);
    // Two hours: ~575 km/h, a flight. BuffaLogs (> 300 km/h) still fires; the default (> 900 km/h) does not.
    const slow = travelOf(
      go(
        [
          login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.suva }),
          login({ user: U, id: 'b', at: at('10:00'), ip: '192.0.2.2', place: PLACE.apia }),
        ],
        cfg,
      ),
    );
    expect(slow).toHaveLength(cfg === buffalogs ? 1 : 0);
  });

  it.each([
    ['buffalogs', buffalogs],
    ['default', byDefault],
  ])('%s: a login without geolocation is not judged and breaks nothing', (_n, cfg) => {
    const out = go(
      [
        login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.rome }),
        login({ user: U, id: 'b', at: at('08:05'), ip: '192.0.2.2' }),
        login({ user: U, id: 'c', at: at('08:10'), ip: '192.0.2.3', place: PLACE.newYork }),
      ],
      cfg,
    );
    expect(travelOf(out).map((e) => [e.from.event_id, e.to.event_id])).toEqual([['a', 'c']]);
    if (cfg === buffalogs) expect(out.stats.skipped).toBe(1); // BuffaLogs drops logins without geo before detection
  });

  it.each([
    ['buffalogs', buffalogs],
    ['default', byDefault],
  ])('%s: IPv6 logins are judged like IPv4 ones', (_n, cfg) => {
    const out = go(
      [
        login({ user: U, id: 'a', at: at('08:00'), ip: '2001:db8::1', place: PLACE.rome }),
        login({ user: U, id: 'b', at: at('08:30'), ip: '2001:db8:ffff::2', place: PLACE.sydney }),
      ],
      cfg,
    );
    expect(travelOf(out)[0].to.ip).toBe('2001:db8:ffff::2');
  });
});

describe('impossible travel, buffalogs profile semantics', () => {
  it('judges only an IP new to the user: alternating two known IPs on two continents never fires', () => {
    const out = go(
      [
        login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.rome }),
        // A day later (≈ 290 km/h): learnt without an alert, the IP is now known.
        login({ user: U, id: 'b', at: at('08:00', '2025-03-11'), ip: '198.51.100.9', place: PLACE.newYork }),
        login({ user: U, id: 'c', at: at('08:10', '2025-03-11'), ip: '192.0.2.1', place: PLACE.rome }),
        login({ user: U, id: 'd', at: at('08:20', '2025-03-11'), ip: '198.51.100.9', place: PLACE.newYork }),
      ],
      buffalogs,
    );
    expect(travelOf(out)).toEqual([]);
  });

  it('thresholds are strict: > 100 km and > 300 km/h', () => {
    const near = { lat: 41.9028 + 0.85, lon: 12.4964, country: 'Italy' }; // ≈ 94 km north of Rome
    const out = go(
      [
        login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.rome }),
        login({ user: U, id: 'b', at: at('08:01'), ip: '192.0.2.2', place: near }),
      ],
      buffalogs,
    );
    expect(travelOf(out)).toEqual([]);
  });

  it('compares with the newest stored login even when the new one is older: negative speed, no alert', () => {
    const first = [
      login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.rome }),
      login({ user: U, id: 'b', at: at('12:00'), ip: '192.0.2.2', place: PLACE.rome }),
    ];
    const out = run(
      [first, [login({ user: U, id: 'late', at: at('11:50'), ip: '198.51.100.9', place: PLACE.newYork })]],
      buffalogs,
      {
        states: oldUserState(U),
      },
    );
    expect(travelOf(out)).toEqual([]);
  });

  it('same-country travel is produced but filtered by default (ignored_all_same_country)', () => {
    const out = run(
      [
        [
          login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.newYork }),
          login({ user: U, id: 'b', at: at('08:20'), ip: '192.0.2.2', place: PLACE.losAngeles }),
        ],
      ],
      config('buffalogs', { filters: { minimumRiskLevel: 'no_risk', learningPeriodDays: 0 } }),
      { states: oldUserState(U) },
    );
    expect(summary(out.alerts)).toEqual(['impossible_travel@b [ignored_all_same_country]']);
  });
});

describe('impossible travel, default profile fixes', () => {
  it('travel between known IPs still fires (an attacker on a known proxy)', () => {
    const out = go([
      login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.rome }),
      login({ user: U, id: 'b', at: at('20:00'), ip: '198.51.100.9', place: PLACE.newYork }),
      login({ user: U, id: 'c', at: at('20:10'), ip: '192.0.2.1', place: PLACE.rome }),
    ]);
    expect(travelOf(out).map((e) => e.to.event_id)).toEqual(['c']);
  });

  it('out-of-order events compare with the previous login in time', () => {
    const batch1 = [
      login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.rome }),
      login({ user: U, id: 'c', at: at('20:00'), ip: '192.0.2.1', place: PLACE.rome }),
    ];
    // Arrives later, but happened at 08:30: compared with 08:00 in Rome, not with 20:00.
    const late = [login({ user: U, id: 'b', at: at('08:30'), ip: '198.51.100.9', place: PLACE.newYork })];
    const [e] = travelOf(run([batch1, late], byDefault, { states: oldUserState(U) }));
    expect(e.from.event_id).toBe('a');
    expect(e.elapsed_seconds).toBe(1800);
  });

  it('subtracts both GeoIP accuracy radii before judging the distance', () => {
    const milanToRome = (acc?: number) =>
      travelOf(
        go([
          login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.berlin, accuracyKm: acc }),
          login({ user: U, id: 'b', at: at('08:10'), ip: '192.0.2.2', place: PLACE.milan, accuracyKm: acc }),
        ]),
      );
    // Berlin–Milan ≈ 840 km: above 500 km as points, below once 2 × 200 km of uncertainty is removed.
    expect(milanToRome()).toHaveLength(1);
    expect(milanToRome(200)).toEqual([]);
    const [e] = milanToRome(50);
    expect(e.effective_distance_km).toBeCloseTo(e.distance_km - 100, 3);
  });

  it('a trusted network (VPN egress by CIDR or ASN) is never a travel end', () => {
    for (const trust of [{ trustedCidrs: ['203.0.113.0/24'] }, { trustedAsns: [64500] }]) {
      const cfg = config('default', { ...QUIET, impossibleTravel: trust });
      const out = run(
        [
          [
            login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.rome }),
            login({ user: U, id: 'vpn', at: at('08:05'), ip: '203.0.113.5', asn: 64500, place: PLACE.newYork }),
            login({ user: U, id: 'b', at: at('08:10'), ip: '192.0.2.1', place: PLACE.rome }),
          ],
        ],
        cfg,
        { states: oldUserState(U) },
      );
      expect(travelOf(out)).toEqual([]);
    }
  });

  it('mobile carrier hops inside one country are not travel; desktop or cross-border ones are', () => {
    const hop = (ua: typeof UA.iphone, to: typeof PLACE.losAngeles | typeof PLACE.rome) =>
      travelOf(
        go([
          login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.newYork, ua }),
          login({ user: U, id: 'b', at: at('08:10'), ip: '192.0.2.2', place: to, ua }),
        ]),
      ).length;
    expect(hop(UA.iphone, PLACE.losAngeles)).toBe(0);
    expect(hop(UA.macChrome, PLACE.losAngeles)).toBe(1);
    expect(hop(UA.iphone, PLACE.rome)).toBe(1);
  });

  it('the same IP geolocated elsewhere is not travel (GeoIP database change)', () => {
    const out = go([
      login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.rome }),
      login({ user: U, id: 'b', at: at('08:10'), ip: '192.0.2.1', place: PLACE.newYork }),
    ]);
    expect(travelOf(out)).toEqual([]);
  });

  it('uses the field thresholds: 450 km in a minute and 1,000 km at 800 km/h do not fire', () => {
    const near = { lat: 41.9028 + 4.05, lon: 12.4964, country: 'Italy', iso: 'IT' }; // ≈ 450 km
    expect(
      travelOf(
        go([
          login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.rome }),
          login({ user: U, id: 'b', at: at('08:01'), ip: '192.0.2.2', place: near }),
        ]),
      ),
    ).toEqual([]);
    const far = { lat: 41.9028 + 9, lon: 12.4964, country: 'Germany', iso: 'DE' }; // ≈ 1,000 km
    expect(
      travelOf(
        go([
          login({ user: U, id: 'a', at: at('08:00'), ip: '192.0.2.1', place: PLACE.rome }),
          login({ user: U, id: 'b', at: at('09:15'), ip: '192.0.2.2', place: far }),
        ]),
      ),
    ).toEqual([]);
  });
});

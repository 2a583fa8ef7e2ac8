import type { AlertDocument } from '../../common/alert_document';
import { newUserState, readUserState } from '../detection/user_state';
import { PLACE, UA, config, login, oldUserState, run } from '../detection/test_fixtures';
import { reapplyTeaching, taughtLists, teachBaseline, teachingFromAlert } from './teach_baseline';

const alert = (evidence: AlertDocument['buffalogs']['evidence']): AlertDocument =>
  ({
    '@timestamp': '2024-05-01T10:00:00Z',
    user: { name: 'alice' },
    source: { ip: '203.0.113.9', geo: { country_iso_code: 'BR', country_name: 'Brazil' } },
    buffalogs: { evidence },
  }) as unknown as AlertDocument;

describe('mark safe: what an alert teaches', () => {
  it("takes the novelty's value, the login's IP, and the device fingerprint only from new-device evidence", () => {
    expect(
      teachingFromAlert(alert({ kind: 'novelty', field: 'country', value: 'BR', known: ['IT'], known_count: 1 })),
    ).toEqual({
      country: 'BR',
      ip: '203.0.113.9',
    });
    expect(
      teachingFromAlert(
        alert({
          kind: 'novelty',
          field: 'device_fingerprint',
          value: 'windows-10-desktop-chrome',
          known: [],
          known_count: 0,
        }),
      ),
    ).toEqual({
      country: 'BR',
      device: 'windows-10-desktop-chrome',
      ip: '203.0.113.9',
    });
  });

  it('leaves out what the analyst excludes', () => {
    expect(
      teachingFromAlert(alert({ kind: 'anonymous_ip', signal: 'cidr_list', matched: 'x' }), {
        ip: false,
        country: false,
      }),
    ).toEqual({});
  });

  it('makes the values known at the login time without touching the stored state', () => {
    const state = newUserState('alice', 0);
    const at = Date.parse('2024-05-01T10:00:00Z');
    const next = teachBaseline(state, { country: 'BR', ip: '203.0.113.9', device: 'd' }, at, {
      maxCountries: 30,
      maxDevices: 20,
      maxIps: 30,
    });
    expect(next.countries).toEqual([{ value: 'BR', first: at, last: at, count: 1 }]);
    expect(next.ips.map((e) => e.value)).toEqual(['203.0.113.9']);
    expect(next.devices.map((e) => e.value)).toEqual(['d']);
    expect(state.countries).toEqual([]);
  });
});

describe("mark safe racing the detector: what the route taught survives the detector's write", () => {
  const bounds = { maxCountries: 30, maxDevices: 20, maxIps: 30 };
  const t0 = Date.parse('2024-05-01T00:00:00Z');
  const read = teachBaseline(newUserState('alice', 0), { country: 'IT', ip: '10.0.0.1' }, t0, bounds);

  it('teaches the computed state what the route added after the detector read, keeping the detection result', () => {
    const base = taughtLists(read);
    // The detector judged a login from Brazil and raised the risk…
    const computed = teachBaseline(read, { country: 'BR', ip: '198.51.100.7' }, t0 + 3_600_000, bounds);
    computed.risk = { level: 'medium', score: 2 };
    computed.lastLoginAt = t0 + 3_600_000;
    // …while an analyst marked an alert safe: Germany, another IP, a device.
    const taughtAt = t0 + 1_800_000;
    const stored = teachBaseline(
      read,
      { country: 'DE', ip: '203.0.113.9', device: 'windows-10-desktop-chrome' },
      taughtAt,
      bounds,
    );

    const merged = reapplyTeaching(computed, base, stored, bounds);
    expect(merged.countries.map((e) => e.value).sort()).toEqual(['BR', 'DE', 'IT']);
    expect(merged.ips.map((e) => e.value).sort()).toEqual(['10.0.0.1', '198.51.100.7', '203.0.113.9']);
    expect(merged.devices).toEqual([{ value: 'windows-10-desktop-chrome', first: taughtAt, last: taughtAt, count: 1 }]);
    expect(merged.risk).toEqual({ level: 'medium', score: 2 });
    expect(merged.lastLoginAt).toBe(t0 + 3_600_000);
    // IT was known before and not taught again: its count is the detector's, not doubled.
    expect(merged.countries.find((e) => e.value === 'IT')!.count).toBe(1);
  });

  it('a value taught again (already known) counts once more; nothing taught changes nothing', () => {
    const base = taughtLists(read);
    const computed = teachBaseline(read, { country: 'BR' }, t0 + 10, bounds);
    const stored = teachBaseline(read, { country: 'IT' }, t0 + 5, bounds);
    const merged = reapplyTeaching(computed, base, stored, bounds);
    expect(merged.countries.find((e) => e.value === 'IT')).toMatchObject({ count: 2, last: t0 + 5 });
    expect(reapplyTeaching(computed, base, read, bounds)).toBe(computed);
  });

  it('a user first stored by the route (the detector found none) keeps every taught value', () => {
    const computed = teachBaseline(newUserState('bob', 0), { country: 'US' }, t0, bounds);
    const stored = teachBaseline(newUserState('bob', 0), { country: 'FR', ip: '192.0.2.1' }, t0 - 10, bounds);
    const merged = reapplyTeaching(computed, undefined, stored, bounds);
    expect(merged.countries.map((e) => e.value).sort()).toEqual(['FR', 'US']);
    expect(merged.ips.map((e) => e.value)).toEqual(['192.0.2.1']);
  });
});

describe('mark safe on a suspicious_login alert: the login, its habits and the habit model', () => {
  const bounds = { maxCountries: 30, maxDevices: 20, maxIps: 30, maxAsns: 20, halfLifeDays: 30 };
  const agent = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
  const verdictAlert = {
    '@timestamp': '2024-05-01T03:00:00Z',
    user: { name: 'alice' },
    source: { ip: '203.0.113.9', as: { number: 28573 }, geo: { country_iso_code: 'BR', city_name: 'São Paulo' } },
    user_agent: { original: agent },
    buffalogs: {
      alert_id: 'a1',
      evidence: { kind: 'verdict', score: 75, threshold: 50, signals: [], why: '' },
    },
  } as unknown as AlertDocument;

  it('teaches the AS, the exact agent, device kind × AS, and the model (as TAUGHT_WEIGHT logins); remembers it once', () => {
    const t = teachingFromAlert(verdictAlert);
    expect(t).toMatchObject({
      country: 'BR',
      ip: '203.0.113.9',
      device: 'linux-unknownosmajor-desktop-firefox',
      login: { id: 'a1', asn: '28573', city: 'São Paulo', kind: 'desktop' },
    });
    const at = Date.parse('2024-05-01T03:00:00Z');
    const once = teachBaseline(newUserState('alice', 0), t, at, bounds);
    const twice = teachBaseline(once, t, at, bounds);
    expect(once.asns.map((e) => e.value)).toEqual(['28573']);
    expect(once.habits!.map((e) => e.value)).toEqual([t.login!.agent, 'desktop|28573']);
    expect(once.model!.v[0]).toEqual(['BR']);
    expect(once.model!.w[0]).toEqual([10]);
    expect(twice.taught!.map((x) => x.id)).toEqual(['a1']);
    // Excluding the network leaves the AS out.
    expect(teachingFromAlert(verdictAlert, { network: false }).login!.asn).toBeUndefined();
  });

  it('teaches the login at an @timestamp in epoch milliseconds, and no login at a time past what a Date holds', () => {
    // Elasticsearch's date field takes a number (another writer's document); Date.parse of it was NaN: no login.
    const at = Date.parse('2024-05-01T03:00:00Z');
    expect(teachingFromAlert({ ...verdictAlert, '@timestamp': at } as unknown as AlertDocument).login!.at).toBe(at);
    expect(
      teachingFromAlert({ ...verdictAlert, '@timestamp': 1e16 } as unknown as AlertDocument).login,
    ).toBeUndefined();
  });

  it('a login taught after the pass read the state is re-applied to what the pass computed', () => {
    const read = newUserState('alice', 0);
    const base = taughtLists(read);
    const computed = { ...newUserState('alice', 0), lastLoginAt: 5 };
    const stored = teachBaseline(read, teachingFromAlert(verdictAlert), Date.parse('2024-05-01T03:00:00Z'), bounds);
    const merged = reapplyTeaching(computed, base, stored, bounds);
    expect(merged.lastLoginAt).toBe(5);
    expect(merged.asns.map((e) => e.value)).toEqual(['28573']);
    expect(merged.model!.v[0]).toEqual(['BR']);
    expect(merged.taught!.map((x) => x.id)).toEqual(['a1']);
    // Already read by the pass: not applied twice.
    expect(reapplyTeaching(stored, taughtLists(stored), stored, bounds).model!.w[0]).toEqual([10]);
  });
});

describe('mark safe on a hostile stored alert: what is taught stays bounded', () => {
  const bounds = { maxCountries: 30, maxDevices: 20, maxIps: 30, maxAsns: 20, halfLifeDays: 30 };
  const huge = 'x'.repeat(1_000_000);
  const at = Date.parse('2024-05-01T10:00:00Z');
  const size = (s: unknown) => JSON.stringify(s).length;
  /** The value with long strings shown by their length (a failure prints no megabyte). */
  const brief = (x: unknown): unknown =>
    x === undefined
      ? x
      : JSON.parse(
          JSON.stringify(x, (_k, v: unknown) => (typeof v === 'string' && v.length > 80 ? `<${v.length} chars>` : v)),
        );

  it.each([
    ['a new country', { kind: 'novelty', field: 'country', value: huge, known: [], known_count: 0 }],
    ['a new device', { kind: 'novelty', field: 'device_fingerprint', value: huge, known: [], known_count: 0 }],
    ['a travel destination', { kind: 'travel', to: { country_name: huge, ip: huge } }],
  ])('teaches none of a 1 MB value as %s; the rest of the login still is', (_t, evidence) => {
    // Taught whole: the state stored per user grew by 1 MB, read and written again by every detection pass.
    const t = teachingFromAlert({
      ...alert(evidence as AlertDocument['buffalogs']['evidence']),
      source: { ip: '203.0.113.9', geo: { country_name: huge } },
    } as unknown as AlertDocument);
    expect(brief(t)).toEqual({ ip: '203.0.113.9' });
    expect(size(teachBaseline(newUserState('alice', 0), t, at, bounds))).toBeLessThan(2_000);
  });

  it('teaches a value up to what the habit model holds (512 characters) as it is: a later login can match it', () => {
    const long = 'd'.repeat(512);
    const novelty = { kind: 'novelty', field: 'device_fingerprint', value: long, known: [], known_count: 0 };
    expect(teachingFromAlert(alert(novelty as AlertDocument['buffalogs']['evidence'])).device).toBe(long);
  });

  it('teaches no IP that is no address (the detector keys only addresses), an address as the detector keys it', () => {
    const withIp = (ip: string) =>
      teachingFromAlert({
        ...alert({ kind: 'anonymous_ip', signal: 's', matched: 'm' }),
        source: { ip },
      } as unknown as AlertDocument);
    expect(brief(withIp(huge))).toEqual({});
    expect(withIp('not an address')).toEqual({});
    expect(withIp(' 2001:db8::1 ')).toEqual({ ip: '2001:db8::1' });
  });

  it('a suspicious_login alert with 1 MB values teaches a login and a model that stay small and usable', () => {
    const agent = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
    const newDevice = { rule: 'new_device', evidence: { kind: 'novelty', field: 'device_fingerprint', value: huge } };
    const hostile = {
      '@timestamp': '2024-05-01T03:00:00Z',
      user: { name: 'alice' },
      source: {
        ip: '203.0.113.9',
        as: { number: 28573 },
        geo: { country_iso_code: huge, country_name: 'Brazil', city_name: huge },
      },
      user_agent: { original: agent },
      buffalogs: {
        alert_id: 'a1',
        evidence: { kind: 'verdict', score: 75, threshold: 50, signals: [newDevice], why: '' },
      },
    } as unknown as AlertDocument;
    const t = teachingFromAlert(hostile);
    // The country falls back to its name, the device to the login's own agent's fingerprint, the city is left out.
    expect(brief(t)).toMatchObject({
      country: 'Brazil',
      device: 'linux-unknownosmajor-desktop-firefox',
      login: { id: 'a1', country: 'Brazil', asn: '28573', device: 'linux-unknownosmajor-desktop-firefox' },
    });
    expect(brief(t.login!.city)).toBeUndefined();
    const taught = teachBaseline(newUserState('alice', 0), t, at, bounds);
    expect(size(taught)).toBeLessThan(3_000);
    // As stored and read back by the next pass: the model is kept (a value over 512 characters dropped it whole).
    expect(readUserState(JSON.parse(JSON.stringify(taught)))!.model!.v[0]).toEqual(['Brazil']);
    // A 1 MB alert id is no id to remember: the lists are taught, no login (the `taught` log would hold it whole).
    const longId = teachingFromAlert({ ...hostile, buffalogs: { ...hostile.buffalogs, alert_id: huge } });
    expect(brief(longId.login)).toBeUndefined();
    expect(longId.country).toBe('Brazil');
  });
});

describe('mark safe keys a place as the detector does', () => {
  // Alerts copy the login's `source` as the source wrote it; the detector keys its country trimmed and upper-cased.
  const place = { country_iso_code: ' br ', country_name: 'Brazil', city_name: ' São Paulo ' };
  const marked = (evidence: AlertDocument['buffalogs']['evidence']) =>
    teachingFromAlert({ ...alert(evidence), source: { ip: '203.0.113.9', geo: place } } as unknown as AlertDocument);

  it('an alert whose login says ` br ` teaches BR: a later login from Brazil is then no new country', () => {
    const cfg = config('default', { filters: { learningPeriodDays: 0 } });
    const home = [1, 2, 3].map((d) =>
      login({ user: 'alice', id: `h${d}`, at: `2024-04-0${d}T08:00:00Z`, ip: '192.0.2.10', place: PLACE.rome }),
    );
    const state = run([home], cfg, { states: oldUserState('alice') }).states.get('alice')!;
    const t = marked({ kind: 'anonymous_ip', signal: 'cidr_list', matched: '203.0.113.0/24' });
    // Before: `br`, which matches no login (the detector's is BR): the analyst's mark safe was lost.
    expect(t.country).toBe('BR');
    const taught = teachBaseline(state, t, Date.parse('2024-05-01T10:00:00Z'), cfg.baseline);
    const brazil = { lat: -23.55, lon: -46.63, country: 'Brazil', iso: 'BR', city: 'São Paulo' };
    const next = login({ user: 'alice', id: 'b', at: '2024-05-02T10:00:00Z', ip: '203.0.113.9', place: brazil });
    const out = run([[next]], cfg, { states: new Map([['alice', taught]]) });
    expect(out.alerts.map((a) => a.rule.id)).not.toContain('new_country');
  });

  it("a suspicious_login alert teaches the model the country and city the detector's logins carry", () => {
    const verdict = { kind: 'verdict', score: 75, threshold: 50, signals: [], why: '' };
    const t = teachingFromAlert({
      ...alert(verdict as AlertDocument['buffalogs']['evidence']),
      source: { ip: '203.0.113.9', geo: place, as: { number: 28573 } },
      user_agent: { original: UA.macChrome.original },
      buffalogs: { alert_id: 'a1', evidence: verdict },
    } as unknown as AlertDocument);
    expect(t.login).toMatchObject({ country: 'BR', city: 'São Paulo' });
  });
});

import { normalizeLogin, stableDocumentId, type NormalizeResult } from './normalize_login';
import { parseIsoTimestamp } from '../../common/iso_timestamp';
import type { LoginEvent } from '../detection/types';

const LOGIN = { category: 'authentication', outcome: 'success', type: 'start' };

/** BuffaLogs' own normalisation example (spec §5.3), with the event fields its query requires. */
const BUFFALOGS_HIT = {
  _index: 'cloud',
  _id: 'log_id_0',
  _source: {
    '@timestamp': '2025-02-26T13:40:15.173Z',
    event: LOGIN,
    source: { geo: { country_name: 'Japan', location: { lon: 136.2759, lat: 37.2924 } }, ip: '192.0.2.1' },
    user: { name: 'Stitch' },
    user_agent: { original: 'Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:109.0) Gecko/20100101 Firefox/109.0' },
  },
};

function accepted(result: NormalizeResult): LoginEvent {
  if (!result.ok) throw new Error(`rejected: ${result.reason} (${result.detail})`);
  return result.event;
}

function withSource(patch: Record<string, unknown>): Record<string, unknown> {
  return { ...BUFFALOGS_HIT._source, ...patch };
}

describe('normalizeLogin: accepted shapes', () => {
  it('normalises an Elasticsearch hit as BuffaLogs does, with the user lower-cased once', () => {
    expect(accepted(normalizeLogin(BUFFALOGS_HIT))).toEqual({
      id: 'log_id_0',
      index: 'cloud',
      timestamp: Date.UTC(2025, 1, 26, 13, 40, 15, 173),
      user: 'stitch',
      ip: '192.0.2.1',
      geo: { lat: 37.2924, lon: 136.2759, countryName: 'Japan' },
      ecs: {
        source: { geo: { country_name: 'Japan', location: { lat: 37.2924, lon: 136.2759 } }, ip: '192.0.2.1' },
        user_agent: BUFFALOGS_HIT._source.user_agent,
      },
    });
  });

  it('reads dotted keys, and a mix of dotted and nested keys, as the same fields', () => {
    const dotted = {
      '@timestamp': '2025-02-26T13:40:15.173Z',
      'event.category': ['authentication'],
      'event.outcome': 'success',
      'event.type': ['start'],
      'user.name': '  Stitch ',
      'source.ip': '2001:db8::7',
      'source.geo.location': { lat: 37.2924, lon: 136.2759 },
      'source.geo.country_iso_code': 'jp',
      source: { 'as.number': '2516', as: { organization: { name: 'KDDI' } } },
      'user_agent.original': 'curl/8.5.0',
      'event.id': 'evt-1',
    };
    const event = accepted(normalizeLogin(dotted));
    expect(event).toMatchObject({
      id: 'evt-1',
      index: '',
      user: 'stitch',
      ip: '2001:db8::7',
      geo: { lat: 37.2924, lon: 136.2759, countryIso: 'JP' },
      asn: { number: 2516, organization: 'KDDI' },
    });
    expect(event.ecs.user_agent).toEqual({ original: 'curl/8.5.0' });
    expect(event.ecs.source).toMatchObject({
      ip: '2001:db8::7',
      as: { number: '2516', organization: { name: 'KDDI' } },
    });
  });

  it.each([
    ['an object', { lat: 37.5, lon: -122.25 }],
    ['an object of numeric strings', { lat: '37.5', lon: '-122.25' }],
    ['a [lon, lat] array', [-122.25, 37.5]],
    ['a "lat,lon" string', '37.5, -122.25'],
    ['WKT', 'POINT (-122.25 37.5)'],
    ['GeoJSON', { type: 'Point', coordinates: [-122.25, 37.5] }],
  ])('reads source.geo.location given as %s, and writes it back as {lat, lon}', (_shape, location) => {
    const event = accepted(normalizeLogin(withSource({ source: { ip: '192.0.2.1', geo: { location } } })));
    expect(event.geo).toEqual({ lat: 37.5, lon: -122.25 });
    expect((event.ecs.source?.geo as { location: unknown }).location).toEqual({ lat: 37.5, lon: -122.25 });
  });

  it('keeps a login at latitude/longitude 0 (BuffaLogs drops it as "missing")', () => {
    const event = accepted(
      normalizeLogin(withSource({ source: { ip: '192.0.2.1', geo: { location: { lat: 0, lon: 0 } } } })),
    );
    expect(event.geo).toEqual({ lat: 0, lon: 0 });
  });

  it('keeps a login without geo, ip or user agent (enrichment and the core decide what it can trigger)', () => {
    const event = accepted(normalizeLogin({ '@timestamp': '2025-02-26T13:40:15Z', event: LOGIN, user: { name: 'a' } }));
    expect(event.geo).toBeUndefined();
    expect(event.ip).toBeUndefined();
    expect(event.ecs).toEqual({});
  });

  it('reads city, country code and name, ASN and the BuffaLogs intelligence category', () => {
    const event = accepted(
      normalizeLogin(
        withSource({
          source: {
            ip: '192.0.2.1',
            geo: {
              location: { lat: 45.46, lon: 9.19 },
              country_iso_code: 'IT',
              country_name: 'Italy',
              city_name: 'Milan',
            },
            as: { number: 3269, organization: { name: 'Telecom Italia' } },
            intelligence_category: 'anonymizer',
          },
        }),
      ),
    );
    expect(event.geo).toEqual({ lat: 45.46, lon: 9.19, countryIso: 'IT', countryName: 'Italy', cityName: 'Milan' });
    expect(event.asn).toEqual({ number: 3269, organization: 'Telecom Italia' });
    expect(event.intelligenceCategory).toBe('anonymizer');
  });

  it('reads a megabyte country code, country name, city or AS organisation as absent: the login is kept, no state holds it', () => {
    const MB = 'x'.repeat(1 << 20);
    const geo = { location: { lat: 45.46, lon: 9.19 }, country_iso_code: MB, country_name: 'Italy', city_name: MB };
    const as = { number: 3269, organization: { name: MB } };
    const event = accepted(normalizeLogin(withSource({ source: { ip: '192.0.2.1', geo, as } })));
    expect(event.geo).toEqual({ lat: 45.46, lon: 9.19, countryName: 'Italy' });
    expect(event.asn).toEqual({ number: 3269 });
    const named = accepted(normalizeLogin(withSource({ source: { geo: { ...geo, country_name: MB } } })));
    expect(named.geo).toEqual({ lat: 45.46, lon: 9.19 });
  });

  it('accepts a missing event.type by default, requires "start" when asked, and ignores it with "any"', () => {
    const noType = withSource({ event: { category: 'authentication', outcome: 'success' } });
    expect(normalizeLogin(noType).ok).toBe(true);
    expect(normalizeLogin(noType, { eventType: 'start' })).toMatchObject({ ok: false, reason: 'not a login start' });
    const info = withSource({ event: { ...LOGIN, type: ['info'] } });
    expect(normalizeLogin(info)).toMatchObject({ ok: false, reason: 'not a login start' });
    expect(normalizeLogin(info, { eventType: 'any' }).ok).toBe(true);
  });
});

describe('normalizeLogin: event ids', () => {
  it('takes the hit _id first, then event.id, then a hash of the document', () => {
    const withEventId = { ...BUFFALOGS_HIT, _source: withSource({ event: { ...LOGIN, id: 'evt-9' } }) };
    expect(accepted(normalizeLogin(withEventId)).id).toBe('log_id_0');
    expect(accepted(normalizeLogin(withEventId._source)).id).toBe('evt-9');
    const bare = BUFFALOGS_HIT._source;
    expect(accepted(normalizeLogin(bare)).id).toMatch(/^sha256:[0-9a-f]{32}$/);
    // A megabyte id is no id the state can keep (a user's recent logins and incident hold it).
    const huge = { ...withEventId._source, event: { ...LOGIN, id: 'x'.repeat(1 << 20) } };
    expect(accepted(normalizeLogin(huge)).id).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(accepted(normalizeLogin({ ...BUFFALOGS_HIT, _id: 'x'.repeat(1 << 20) })).id).toMatch(/^sha256:/);
  });

  it('gives the same hashed id for the same document whatever its key order, and different ids otherwise', () => {
    const a = { '@timestamp': '2025-01-01T00:00:00Z', event: LOGIN, user: { name: 'x' }, source: { ip: '192.0.2.1' } };
    const b = {
      source: { ip: '192.0.2.1' },
      user: { name: 'x' },
      event: { type: 'start', outcome: 'success', category: 'authentication' },
      '@timestamp': '2025-01-01T00:00:00Z',
    };
    expect(stableDocumentId(a)).toBe(stableDocumentId(b));
    expect(stableDocumentId(a)).not.toBe(stableDocumentId({ ...a, '@timestamp': '2025-01-01T00:00:01Z' }));
  });
});

describe('normalizeLogin: rejections say why', () => {
  it.each([
    ['not a JSON object', [1, 2]],
    ['not an authentication event', withSource({ event: { ...LOGIN, category: ['network'] } })],
    ['not an authentication event', withSource({ event: { outcome: 'success' } })],
    ['not a successful login', withSource({ event: { ...LOGIN, outcome: 'failure' } })],
    ['not a login start', withSource({ event: { ...LOGIN, type: 'end' } })],
    ['missing @timestamp', withSource({ '@timestamp': undefined })],
    ['invalid @timestamp', withSource({ '@timestamp': '26/02/2025 13:40' })],
    ['invalid @timestamp', withSource({ '@timestamp': '2025-02-30T10:00:00Z' })],
    ['missing user.name', withSource({ user: { name: '   ' } })],
    ['missing user.name', withSource({ user: {} })],
    ['invalid source.ip', withSource({ source: { ip: '999.1.1.1' } })],
    ['invalid source.ip', withSource({ source: { ip: 12345 } })],
    // isIP takes an IPv6 zone of any length: a megabyte of it was an address, kept in the user's state.
    ['invalid source.ip', withSource({ source: { ip: `fe80::1%${'x'.repeat(1 << 20)}` } })],
    [
      'invalid source.geo.location',
      withSource({ source: { ip: '192.0.2.1', geo: { location: { lat: 123, lon: 5 } } } }),
    ],
    ['invalid source.geo.location', withSource({ source: { ip: '192.0.2.1', geo: { location: 'somewhere' } } })],
  ])('%s', (reason, doc) => {
    const result = normalizeLogin(doc);
    expect(result).toMatchObject({ ok: false, reason });
  });

  it('rejects a @timestamp no login can have (an unset clock, past year 9999, beyond a JavaScript Date)', () => {
    for (const t of [-1, 1e20, 8.64e15 + 1, Date.UTC(10000, 0, 1)]) {
      expect(normalizeLogin(withSource({ '@timestamp': t }))).toMatchObject({
        ok: false,
        code: 'invalid_timestamp',
        detail: expect.stringMatching(/is outside 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z/),
      });
    }
    expect(accepted(normalizeLogin(withSource({ '@timestamp': '9999-12-31T23:59:59.999Z' }))).timestamp).toBe(
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    );
  });

  it('rejects a login too far past the wall clock it is given, and only then', () => {
    const now = Date.UTC(2025, 2, 1);
    const future = { now, toleranceMs: 86_400_000 };
    expect(normalizeLogin(withSource({ '@timestamp': now + 86_400_001 }), { future })).toMatchObject({
      ok: false,
      reason: '@timestamp too far in the future',
      detail: '2025-03-02T00:00:00.001Z is more than 1 day after the clock, 2025-03-01T00:00:00.000Z',
    });
    expect(normalizeLogin(withSource({ '@timestamp': now + 86_400_000 }), { future }).ok).toBe(true);
    expect(normalizeLogin(withSource({ '@timestamp': now + 86_400_001 })).ok).toBe(true);
  });

  it('explains the rejected value in the detail', () => {
    expect(normalizeLogin(withSource({ event: { ...LOGIN, outcome: 'failure' } }))).toMatchObject({
      detail: 'event.outcome is "failure"',
    });
    expect(
      normalizeLogin(withSource({ source: { ip: '192.0.2.1', geo: { location: { lat: 123, lon: 5 } } } })),
    ).toMatchObject({
      detail: 'latitude 123 is outside [-90, 90]',
    });
  });
});

describe('parseIsoTimestamp', () => {
  const at = Date.UTC(2025, 1, 26, 13, 40, 15, 173);
  it.each([
    ['2025-02-26T13:40:15.173Z', at],
    ['2025-02-26T13:40:15.173456789Z', at],
    ['2025-02-26T15:40:15.173+02:00', at],
    ['2025-02-26T08:40:15,173-0500', at],
    ['2025-02-26T13:40:15.173', at],
    ['2025-02-26 13:40:15.173z', at],
    ['20250226T134015.173Z', at],
    ['2025-02-26T13:40Z', Date.UTC(2025, 1, 26, 13, 40)],
    ['2025-02-26', Date.UTC(2025, 1, 26)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2025-02-26T24:00:00Z', Date.UTC(2025, 1, 27)],
    [at, at],
  ])('%s', (input, expected) => {
    expect(parseIsoTimestamp(input)).toBe(expected);
  });

  it.each([
    'March 7, 2020',
    '2025-02-29T00:00:00Z',
    '2025-13-01',
    '2025-02-26T13:61:00Z',
    '2025-02-26T13:40:15+25:00',
    '',
    'now',
    null,
    {},
  ])('rejects %p', (input) => {
    expect(parseIsoTimestamp(input)).toBeUndefined();
  });

  // Elasticsearch's own form is read without the regular expression: the same dates must pass and fail.
  it.each([
    ['2024-02-29T23:59:59.999Z', Date.UTC(2024, 1, 29, 23, 59, 59, 999)],
    ['2025-02-26T24:00:00.000Z', Date.UTC(2025, 1, 27)],
    ['2016-12-31T23:59:60.000Z', Date.UTC(2017, 0, 1)],
    ['0050-01-01T00:00:00.000Z', new Date(Date.UTC(2000, 0, 1)).setUTCFullYear(50)],
    [' 2025-02-26T13:40:15.173Z ', at],
  ])('canonical form %s', (input, expected) => {
    expect(parseIsoTimestamp(input)).toBe(expected);
  });

  it.each([
    '2025-02-29T00:00:00.000Z',
    '2025-00-10T00:00:00.000Z',
    '2025-04-31T00:00:00.000Z',
    '2025-02-26T24:00:01.000Z',
    '2025-02-26T25:00:00.000Z',
    '2025-02-26T13:60:00.000Z',
    '2025-02-26T13:40:61.000Z',
    '2025-02-26T13:40:15.17aZ',
    '2025-02-26X13:40:15.173Z',
    '٢٠٢٥-02-26T13:40:15.173Z',
  ])('rejects the canonical-looking %p', (input) => {
    expect(parseIsoTimestamp(input)).toBeUndefined();
  });
});

describe('normalizeLogin: shapes a sloppy source writes', () => {
  it('reads a string of digits as epoch milliseconds, as a `date` field with epoch_millis does', () => {
    for (const t of ['1714550400000', ' 1714550400000 ', '1714550400000.75']) {
      expect(accepted(normalizeLogin(withSource({ '@timestamp': t }))).timestamp).toBe(1714550400000);
    }
    // Eight digits stay a basic ISO date (20250226 ms would be 1970-01-01T05:37, which no login is).
    expect(accepted(normalizeLogin(withSource({ '@timestamp': '20250226' }))).timestamp).toBe(Date.UTC(2025, 1, 26));
    expect(normalizeLogin(withSource({ '@timestamp': '17145504e5' }))).toMatchObject({
      ok: false,
      code: 'invalid_timestamp',
    });
  });

  it('takes a user.name array whose values are spellings of one name as that name', () => {
    expect(accepted(normalizeLogin(withSource({ user: { name: ['Alice', ' alice', null] } }))).user).toBe('alice');
    expect(accepted(normalizeLogin(withSource({ user: undefined, 'user.name': ['bob', 'BOB'] }))).user).toBe('bob');
  });

  it('rejects a user.name array naming several users, with the names: a login is one account', () => {
    expect(normalizeLogin(withSource({ user: { name: ['alice', 'bob'] } }))).toMatchObject({
      ok: false,
      code: 'ambiguous_user',
      reason: 'several user.name values',
      detail: '["alice","bob"]',
    });
    expect(normalizeLogin(withSource({ user: { name: [] } }))).toMatchObject({ ok: false, code: 'missing_user' });
    expect(normalizeLogin(withSource({ user: { name: [null, ' '] } }))).toMatchObject({
      ok: false,
      code: 'missing_user',
    });
  });

  it('ignores a byte-order mark around a value (it is whitespace to String.prototype.trim)', () => {
    expect(accepted(normalizeLogin(withSource({ user: { name: '\uFEFFAlice' } }))).user).toBe('alice');
  });
});

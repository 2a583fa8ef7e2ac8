/**
 * Hostile keys in a log line. A key such as `"source.__proto__.x"` must never write onto a prototype (before the fix
 * it set `Object.prototype.x` for the whole process: every later Elasticsearch request carried it in its query
 * string), and an inherited property must never be read as a field of the event.
 */
import { expandDottedKeys, getPath } from './ecs_document';
import { normalizeLogin } from './normalize_login';

const LOGIN = {
  '@timestamp': '2025-02-26T13:40:15Z',
  'event.category': 'authentication',
  'event.outcome': 'success',
  'user.name': 'alice',
  'source.ip': '192.0.2.1',
};

/** Whatever a failing run left behind must not leak into the next test. */
const POLLUTED = ['polluted', 'outcome', 'category', 'name', 'x', 'ip'];
afterEach(() => {
  for (const key of POLLUTED) delete (Object.prototype as Record<string, unknown>)[key];
});

const pristine = (): void => {
  for (const key of POLLUTED) expect(Object.prototype.hasOwnProperty.call(Object.prototype, key)).toBe(false);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
};

describe('dotted keys with hostile segments', () => {
  it.each([
    ['source.__proto__.polluted'],
    ['__proto__.polluted'],
    ['source.geo.__proto__.polluted'],
    ['constructor.prototype.polluted'],
    ['source.constructor.prototype.polluted'],
    ['prototype.polluted'],
  ])('"%s" writes onto no prototype; the login is kept with its other fields', (key) => {
    const result = normalizeLogin(JSON.parse(JSON.stringify({ ...LOGIN, [key]: 'yes' })));
    pristine();
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.event).toMatchObject({ user: 'alice', ip: '192.0.2.1' });
      expect(JSON.stringify(result.event.ecs)).not.toContain('polluted');
    }
  });

  it('a nested __proto__ (an own key after JSON.parse) merged with dotted keys pollutes nothing', () => {
    const doc = JSON.parse(
      '{"source.ip":"192.0.2.1","source":{"__proto__":{"polluted":"yes"},"geo":{"__proto__":{"polluted":1}}},' +
        '"__proto__":{"polluted":true},"a.b":1}',
    ) as Record<string, unknown>;
    const out = expandDottedKeys(doc);
    pristine();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(out.source)).toBe(Object.prototype);
    expect(out).toEqual({ source: { ip: '192.0.2.1', geo: {} }, a: { b: 1 } });
  });

  it('hostile keys inside nested objects are dropped from what the event carries on (the alert document)', () => {
    const doc = JSON.parse(
      '{"@timestamp":"2025-02-26T13:40:15Z","event":{"category":"authentication","outcome":"success"},' +
        '"user":{"name":"alice"},"source":{"ip":"192.0.2.1","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}},' +
        '"user_agent":{"original":"curl/8","__proto__":{"polluted":1}}}',
    ) as unknown;
    const result = normalizeLogin(doc);
    pristine();
    if (!result.ok) throw new Error(result.reason);
    expect(result.event.ecs).toEqual({ source: { ip: '192.0.2.1' }, user_agent: { original: 'curl/8' } });
  });

  it('an inherited property is never read as a field: a login without event.outcome stays rejected', () => {
    const parent = { outcome: 'success' };
    const event = Object.assign(Object.create(parent) as Record<string, unknown>, { category: 'authentication' });
    expect(getPath({ event }, ['event', 'outcome'])).toBeUndefined();
    expect(getPath({ event }, ['event', 'toString'])).toBeUndefined();
    const result = normalizeLogin({ '@timestamp': LOGIN['@timestamp'], event, user: { name: 'bob' } });
    expect(result).toMatchObject({ ok: false, code: 'not_success' });
  });

  it('a field named like an Object.prototype member is read as data, not as the inherited function', () => {
    const out = expandDottedKeys({ 'source.toString': 'x', 'source.hasOwnProperty.y': 1, 'source.ip': '192.0.2.1' });
    expect(out).toEqual({ source: { toString: 'x', hasOwnProperty: { y: 1 }, ip: '192.0.2.1' } });
  });
});

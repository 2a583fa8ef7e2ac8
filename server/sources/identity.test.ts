import { canonicalIdentity, isServiceAccount, parseIdentityConfig, DEFAULT_SERVICE_ACCOUNTS } from './identity';

const config = parseIdentityConfig({
  userDomains: { 'system.security': 'Corp.com', 'system.auth': 'corp.com' },
  userMap: { 'J.Smith@partner.org': 'jsmith@corp.com', 'svc-okta-jsmith': 'jsmith@corp.com' },
}).config;

describe('canonicalIdentity', () => {
  it('unifies case, DOMAIN\\user, bare names with the source domain and user@domain into one identity', () => {
    expect(canonicalIdentity('JSmith@Corp.com', 'okta.system', config)).toBe('jsmith@corp.com');
    expect(canonicalIdentity('CORP\\JSmith', 'system.security', config)).toBe('jsmith@corp.com');
    expect(canonicalIdentity(' jsmith ', 'system.auth', config)).toBe('jsmith@corp.com');
  });
  it('leaves a bare name bare when its source has no configured domain', () => {
    expect(canonicalIdentity('CORP\\jsmith', 'keycloak.log', config)).toBe('jsmith');
    expect(canonicalIdentity('jsmith', undefined, config)).toBe('jsmith');
  });
  it('applies userMap to any spelling, in any case', () => {
    expect(canonicalIdentity('j.smith@PARTNER.org', 'auth0.logs', config)).toBe('jsmith@corp.com');
    expect(canonicalIdentity('SVC-OKTA-JSMITH', 'okta.system', config)).toBe('jsmith@corp.com');
  });
  it('never reads a prototype property as a mapping', () => {
    expect(canonicalIdentity('constructor', 'x', config)).toBe('constructor');
    expect(canonicalIdentity('__proto__', 'system.auth', config)).toBe('__proto__@corp.com');
  });
});

describe('isServiceAccount', () => {
  it.each([
    ['SYSTEM', true],
    ['NT AUTHORITY\\ANONYMOUS LOGON', true],
    ['VAGRANT-2012-R2$', true],
    ['DWM-1', true],
    ['vagrant', false],
    ['jsmith@corp.com', false],
  ])('%s → %s', (name, expected) => expect(isServiceAccount(name, DEFAULT_SERVICE_ACCOUNTS)).toBe(expected));
});

describe('parseIdentityConfig', () => {
  it('refuses prototype-ish keys, wrong types and unknown settings, naming the key', () => {
    const { errors, config: parsed } = parseIdentityConfig(
      JSON.parse(
        '{"userMap": {"__proto__": "x@y", "ok": 3}, "userDomains": [], "serviceAccounts": [""], "excludeServiceAccounts": "yes", "other": 1}',
      ),
    );
    expect(errors).toEqual([
      'identity.other: unknown setting; known: userDomains, userMap, excludeServiceAccounts, serviceAccounts',
      'identity.userDomains: must be an object of strings',
      'identity.userMap.__proto__: reserved name',
      'identity.userMap.ok: must be a non-empty string of at most 256 characters',
      'identity.excludeServiceAccounts: must be true or false',
      'identity.serviceAccounts: must be a list of non-empty names of at most 256 characters',
    ]);
    expect(Object.getPrototypeOf(parsed.userMap)).toBeNull();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
  it('bounds the number of entries', () => {
    const big = Object.fromEntries(Array.from({ length: 10001 }, (_, i) => [`u${i}`, `u${i}@corp.com`]));
    expect(parseIdentityConfig({ userMap: big }).errors).toEqual(['identity.userMap: at most 10000 entries']);
    // A service-account list over the bound is refused by its count, whatever its entries hold.
    const many = [...Array.from({ length: 10000 }, (_, i) => `svc-${i}`), '*'];
    expect(parseIdentityConfig({ serviceAccounts: many }).errors).toEqual([
      'identity.serviceAccounts: at most 10000 names',
    ]);
    expect(parseIdentityConfig({ serviceAccounts: many.slice(0, 10000) }).errors).toEqual([]);
  });
  it('refuses a service-account pattern that would match every user, or a * it would take literally', () => {
    // `*` alone made every login a service logon: all login detection silently off.
    for (const pattern of ['*', ' * ', '**', 'svc-*-prod', '*a*'])
      expect(parseIdentityConfig({ serviceAccounts: ['svc-*', pattern] }).errors).toEqual([
        expect.stringMatching(/^identity\.serviceAccounts: ".*" is not a name or a pattern with one `\*`/),
      ]);
    expect(isServiceAccount('alice@corp.com', ['*'])).toBe(true); // why: the matcher takes `*` as "ends with nothing"
    expect(parseIdentityConfig({ serviceAccounts: ['*$', 'dwm-*', 'backup'] }).errors).toEqual([]);
  });
  it('checks reserved names as userMap compares them (trimmed, lower-cased)', () => {
    expect(parseIdentityConfig({ userMap: { ' Constructor ': 'x@y', __PROTO__: 'x@y' } }).errors).toEqual([
      'identity.userMap. Constructor : reserved name',
      'identity.userMap.__PROTO__: reserved name',
    ]);
  });
  it('lets service-account exclusion be turned off and the list replaced', () => {
    const { config: parsed, errors } = parseIdentityConfig({
      excludeServiceAccounts: false,
      serviceAccounts: ['svc-*'],
    });
    expect(errors).toEqual([]);
    expect(parsed.excludeServiceAccounts).toBe(false);
    expect(parsed.serviceAccounts).toEqual(['svc-*']);
  });
});

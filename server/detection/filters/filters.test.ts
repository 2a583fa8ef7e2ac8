/**
 * Every filter, in both profiles. The buffalogs-profile cases are BuffaLogs' own filter vectors
 * (tests/detection/test_alert_filter.py, spec §9.5): same alerts, same configs, same reasons in the same order.
 */
import type { AlertEvidence } from '../../../common/alert_document';
import type { RiskLevel, RuleId } from '../../../common/constants';
import type { ProfileName } from '../../../common/alert_document';
import { compileConfig } from '../compiled_config';
import type { LoginContext } from '../detectors/detector';
import { NOW, PLACE, UA, config, login, type Place } from '../test_fixtures';
import type { ParsedUserAgent } from '../types';
import { newUserState } from '../user_state';
import { filterReasons } from './index';

const CREATED = Date.parse('2025-10-01T00:00:00Z');
const NOVELTY: AlertEvidence = { kind: 'novelty', field: 'country', value: 'x', known: [], known_count: 0 };

interface AlertSpec {
  user: string;
  rule: RuleId;
  ip: string;
  place: Place;
  org: string;
  ua: ParsedUserAgent;
  risk?: RiskLevel;
  created?: number;
  evidence?: AlertEvidence;
}

const A1: AlertSpec = {
  user: 'Lorena Goldoni',
  rule: 'new_device',
  ip: '1.2.3.4',
  place: PLACE.rome,
  org: 'ISP1',
  ua: UA.win7Firefox12,
};
const A2: AlertSpec = {
  user: 'Lorygold',
  rule: 'new_country',
  ip: '5.6.7.8',
  place: PLACE.nagoya,
  org: 'ISP2',
  ua: UA.androidChrome,
};

/** The vectors' base: "No risk" minimum, nothing filtered by type, mobile not ignored. */
const BASE = { minimumRiskLevel: 'no_risk', filteredRules: [], ignoreMobileLogins: false };

function reasons(
  alert: AlertSpec,
  filters: Record<string, unknown> = {},
  profile: ProfileName = 'buffalogs',
  useBase = true,
): string[] {
  const cc = compileConfig(config(profile, { filters: { ...(useBase ? BASE : {}), ...filters } }));
  const event = login({
    user: alert.user,
    ip: alert.ip,
    place: alert.place,
    org: alert.org,
    ua: alert.ua,
    at: '2025-12-01T10:00:00Z',
  });
  const state = newUserState(alert.user, alert.created ?? CREATED);
  state.risk = { level: alert.risk ?? 'no_risk', score: 0 };
  state.firstLoginAt = Date.parse('2025-10-01T00:00:00Z');
  const ctx: LoginContext = {
    event,
    state,
    cc,
    country: event.geo?.countryName,
    mobile: cc.mobileOs.has(alert.ua.osName ?? ''),
    trusted: false,
  };
  return filterReasons({
    ctx,
    rule: alert.rule,
    evidence: alert.evidence ?? NOVELTY,
    riskBefore: state.risk.level,
    now: NOW,
  });
}

describe('filters, buffalogs profile: BuffaLogs vectors (spec §9.5)', () => {
  it('filters nothing without a filter configured', () => {
    expect(reasons(A1)).toEqual([]);
    expect(reasons(A2)).toEqual([]);
  });

  it('ignored users match exactly or as an unanchored regular expression', () => {
    expect(reasons(A1, { ignoredUsers: ['Lorena Goldoni', 'Lorena'] })).toEqual(['ignored_users filter']);
    expect(reasons(A2, { ignoredUsers: ['Lorena Goldoni', 'Lorena'] })).toEqual([]);
    const regex = { ignoredUsers: ['^[\\w.-]+@stores\\.company\\.com$', 'Lorena Goldoni'] };
    expect(reasons(A1, regex)).toEqual(['ignored_users filter']);
    expect(reasons({ ...A1, user: 'h.hesse@stores.company.com' }, regex)).toEqual(['ignored_users filter']);
    expect(reasons({ ...A1, user: 'test-user123@stores.company.com' }, regex)).toEqual(['ignored_users filter']);
    expect(reasons({ ...A1, user: 'hermann@company.com' }, regex)).toEqual([]);
    expect(reasons(A2, regex)).toEqual([]);
  });

  it('enabled users take precedence over ignored users; VIP lists do nothing unless VIP-only', () => {
    const cfg = { ignoredUsers: ['Lorena Goldoni'], enabledUsers: ['Lorygold'] };
    expect(reasons(A1, cfg)).toEqual(['ignored_users filter']);
    expect(reasons(A2, cfg)).toEqual([]);
    expect(reasons(A1, { ...cfg, vipUsers: ['Lorena Goldoni'] })).toEqual(['ignored_users filter']);
    expect(reasons(A2, { ...cfg, vipUsers: ['Lorena Goldoni'] })).toEqual([]);
  });

  it('VIP-only filters everyone not listed, by exact name, and skips the enabled/ignored lists', () => {
    expect(reasons(A1, { alertIsVipOnly: true, vipUsers: ['Lorygold'], enabledUsers: ['Lorena Goldoni'] })).toEqual([
      'is_vip_filter',
    ]);
    expect(reasons(A2, { alertIsVipOnly: true, vipUsers: ['Lorygold'], enabledUsers: ['Lorena Goldoni'] })).toEqual([]);
    expect(reasons(A1, { alertIsVipOnly: true, vipUsers: ['Lorena Goldoni', 'Lory'] })).toEqual([]);
    expect(reasons(A2, { alertIsVipOnly: true, vipUsers: ['Lorena Goldoni', 'Lory'] })).toEqual(['is_vip_filter']);
    expect(reasons(A1, { alertIsVipOnly: true, vipUsers: ['Lorena Goldoni', 'Lorygold'] })).toEqual([]);
    expect(reasons(A2, { alertIsVipOnly: true, vipUsers: ['Lorena Goldoni', 'Lorygold'] })).toEqual([]);
  });

  it('minimum risk compares the user risk before the alert', () => {
    const cfg = { alertIsVipOnly: true, vipUsers: ['Lorena Goldoni'], minimumRiskLevel: 'medium' };
    expect(reasons({ ...A1, risk: 'high' }, cfg)).toEqual([]);
    expect(reasons(A2, cfg)).toEqual(['is_vip_filter', 'alert_minimum_risk_score filter']);
  });

  it('ignored IPs, allowed countries, ignored ISPs, mobile logins and alert types each add their reason', () => {
    expect(reasons(A1, { ignoredIps: ['1.2.3.4'] })).toEqual(['ignored_ips filter']);
    expect(reasons(A2, { ignoredIps: ['1.2.3.4'] })).toEqual([]);
    expect(reasons(A1, { allowedCountries: ['Italy'] })).toEqual(['allowed_countries filter']);
    expect(reasons(A2, { allowedCountries: ['Italy'] })).toEqual([]);
    expect(reasons(A1, { ignoredIsps: ['ISP1'] })).toEqual(['ignored_ISPs filter']);
    expect(reasons(A2, { ignoredIsps: ['ISP1'] })).toEqual([]);
    expect(reasons(A1, { ignoreMobileLogins: true })).toEqual([]);
    expect(reasons(A2, { ignoreMobileLogins: true })).toEqual(['ignore_mobile_logins filter']);
    expect(reasons(A1, { filteredRules: ['impossible_travel', 'new_device'] })).toEqual([
      'filtered_alerts_types filter',
    ]);
    expect(reasons(A2, { filteredRules: ['impossible_travel', 'new_device'] })).toEqual([]);
  });

  it('all filters together accumulate their reasons in BuffaLogs order', () => {
    const all = {
      ignoredUsers: ['Lorena Goldoni', 'Lorygold'],
      enabledUsers: ['Lorena Goldoni', 'Lorygold'],
      vipUsers: ['Lorena', 'Lorygold'],
      alertIsVipOnly: true,
      minimumRiskLevel: 'medium',
      ignoredIps: ['5.6.7.8', '1.2.1.2'],
      allowedCountries: ['Italy', 'Romania', 'UK'],
      ignoredIsps: ['ISP1', 'ISP2'],
      ignoreMobileLogins: true,
      filteredRules: ['new_device', 'impossible_travel'],
    };
    expect(reasons(A1, all)).toEqual([
      'is_vip_filter',
      'alert_minimum_risk_score filter',
      'allowed_countries filter',
      'ignored_ISPs filter',
      'filtered_alerts_types filter',
    ]);
    expect(reasons(A2, all)).toEqual([
      'alert_minimum_risk_score filter',
      'ignored_ips filter',
      'ignored_ISPs filter',
      'ignore_mobile_logins filter',
    ]);
  });

  it('impossible travel: same-country and country couples (unordered, one reason per couple)', () => {
    const travel = (from: Place, to: Place): AlertSpec => ({
      ...A1,
      rule: 'impossible_travel',
      place: to,
      evidence: {
        kind: 'travel',
        from: { timestamp: '', country_name: from.country, country_iso_code: from.iso },
        to: { timestamp: '', country_name: to.country, country_iso_code: to.iso },
        distance_km: 500,
        effective_distance_km: 500,
        elapsed_seconds: 60,
        speed_kmh: 30000,
        speed_threshold_kmh: 300,
        distance_threshold_km: 100,
      },
    });
    const romania = { lat: 44.43, lon: 26.1, country: 'Romania', iso: 'RO' };
    expect(reasons(travel(PLACE.milan, PLACE.rome), { ignoreSameCountryTravel: true })).toEqual([
      'ignored_all_same_country',
    ]);
    const couples = {
      ignoreSameCountryTravel: false,
      ignoredCountryCouples: [
        ['Germany', 'Italy'],
        ['Romania', 'Romania'],
      ],
    };
    expect(reasons(travel(PLACE.milan, PLACE.rome), couples)).toEqual([]);
    expect(reasons(travel(PLACE.berlin, PLACE.rome), couples)).toEqual(['ignored_country_couple']);
    expect(reasons(travel(romania, PLACE.rome), couples)).toEqual([]);
    expect(reasons(travel(romania, romania), couples)).toEqual(['ignored_country_couple']);
  });

  it('a brand-new user is in the learning period (wall clock since first seen), even at high risk', () => {
    expect(reasons({ ...A1, rule: 'new_country', risk: 'high', created: NOW }, {}, 'buffalogs', false)).toEqual([
      'user_learning_period',
    ]);
  });

  it('does not crash on an unparsable user agent', () => {
    const odd = {
      original: 'Mozilla/5.0 (compatible; MSAL 1.0) PKeyAuth/1.0',
      fingerprint: 'other-unknownosmajor-other-other',
      osName: undefined,
    };
    expect(reasons({ ...A1, ua: odd }, {}, 'buffalogs', false)).toEqual([
      'alert_minimum_risk_score filter',
      'filtered_alerts_types filter',
    ]);
  });
});

describe('filters: BuffaLogs quirks kept in its profile, fixed in the default profile', () => {
  it('ignored IPs: CIDR entries never match in buffalogs, match IPv4 and IPv6 ranges in default', () => {
    const lan = { ...A1, ip: '192.168.1.77' };
    const v6 = { ...A1, ip: '2001:db8:1::5' };
    const cfg = { ignoredIps: ['192.168.1.0/24', '2001:db8::/32'] };
    expect(reasons(lan, cfg, 'buffalogs')).toEqual([]);
    expect(reasons(v6, cfg, 'buffalogs')).toEqual([]);
    expect(reasons(lan, cfg, 'default')).toEqual(['ignored_ips filter']);
    expect(reasons(v6, cfg, 'default')).toEqual(['ignored_ips filter']);
    expect(reasons({ ...A1, ip: '192.168.2.1' }, cfg, 'default')).toEqual([]);
  });

  it("user lists: BuffaLogs' capitalised defaults never match lower-cased names; the default profile matches any case", () => {
    const na = { ...A1, user: 'n/a' };
    expect(reasons(na, {}, 'buffalogs')).toEqual([]);
    expect(reasons(na, {}, 'default')).toEqual(['ignored_users filter']);
    expect(reasons({ ...A1, user: 'not available' }, {}, 'default')).toEqual(['ignored_users filter']);
    expect(
      reasons({ ...A1, user: 'lorena goldoni' }, { alertIsVipOnly: true, vipUsers: ['Lorena Goldoni'] }, 'default'),
    ).toEqual([]);
  });

  it('user lists: whole-name globs in the default profile (svc.backup is not svc-backup-admin), regex search in buffalogs', () => {
    const admin = { ...A1, user: 'svc-backup-admin' };
    expect(reasons(admin, { ignoredUsers: ['svc.backup'] }, 'buffalogs')).toEqual(['ignored_users filter']);
    expect(reasons(admin, { ignoredUsers: ['svc.backup'] }, 'default')).toEqual([]);
    expect(reasons({ ...A1, user: 'svc.backup' }, { ignoredUsers: ['svc.backup'] }, 'default')).toEqual([
      'ignored_users filter',
    ]);
    expect(reasons(admin, { ignoredUsers: ['svc-*'] }, 'default')).toEqual(['ignored_users filter']);
    expect(reasons(admin, { ignoredUsers: ['SVC-*-ADMIN'] }, 'default')).toEqual(['ignored_users filter']);
    expect(reasons(admin, { ignoredUsers: ['svc-*-user'] }, 'default')).toEqual([]);
    expect(reasons(admin, { ignoredUsers: ['backup*'] }, 'default')).toEqual([]);
    expect(reasons({ ...A1, user: 'bob1' }, { enabledUsers: ['bob?'] }, 'default')).toEqual([]);
    expect(reasons({ ...A1, user: 'bob12' }, { enabledUsers: ['bob?'] }, 'default')).toEqual(['ignored_users filter']);
  });

  it('default profile: nothing muted by default (no minimum risk, no muted types, mobile allowed)', () => {
    expect(reasons(A1, {}, 'default', false)).toEqual([]);
    expect(reasons(A2, {}, 'default', false)).toEqual([]);
    expect(reasons({ ...A1, rule: 'user_risk_threshold' }, {}, 'default', false)).toEqual([]);
  });

  it("buffalogs defaults: a new user's alert is filtered by minimum risk, learning period and type all at once", () => {
    expect(reasons({ ...A2, created: NOW }, {}, 'buffalogs', false)).toEqual([
      'alert_minimum_risk_score filter',
      'user_learning_period',
      'ignore_mobile_logins filter',
    ]);
  });

  it('default learning period counts log time from the first login, not wall-clock time', () => {
    // The event is 61 days after the first login: outside the 7-day learning period although the detector met the user "now".
    expect(reasons({ ...A1, created: NOW }, {}, 'default', false)).toEqual([]);
    expect(reasons({ ...A1, created: NOW }, { learningPeriodDays: 90 }, 'default', false)).toEqual([
      'user_learning_period',
    ]);
  });

  it('allowed countries accept ISO codes and any case', () => {
    expect(reasons(A1, { allowedCountries: ['it'] }, 'default')).toEqual(['allowed_countries filter']);
    expect(reasons(A1, { allowedCountries: ['ITALY'] }, 'default')).toEqual(['allowed_countries filter']);
  });
});

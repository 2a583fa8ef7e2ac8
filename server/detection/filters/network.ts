/**
 * Filters on where the login came from: ignored IPs (BuffaLogs: exact string, so its CIDR entries never match;
 * default: addresses and CIDR ranges, IPv4 and IPv6), allowed countries (name or ISO code, any case — equivalent to
 * BuffaLogs' exact names for the names its validator accepts), ignored ISPs (AS organisation, exact).
 */
import type { AlertFilter } from './filter';
import { FILTER_REASONS } from './reasons';

export const ignoredIpsFilter: AlertFilter = ({ ctx }, out) => {
  const ip = ctx.event.ip;
  if (ip === undefined) return;
  if (ctx.cc.ignoredIpsExact.has(ip) || ctx.cc.ignoredIpRanges.has(ip)) out.push(FILTER_REASONS.ignoredIps);
};

export const allowedCountriesFilter: AlertFilter = ({ ctx }, out) => {
  const allowed = ctx.cc.allowedCountries;
  const geo = ctx.event.geo;
  if (allowed.size === 0 || !geo) return;
  if (
    (geo.countryName !== undefined && allowed.has(geo.countryName.toLowerCase())) ||
    (geo.countryIso !== undefined && allowed.has(geo.countryIso.toLowerCase()))
  ) {
    out.push(FILTER_REASONS.allowedCountries);
  }
};

export const ignoredIspsFilter: AlertFilter = ({ ctx }, out) => {
  const org = ctx.event.asn?.organization;
  if (org !== undefined && ctx.cc.ignoredIsps.has(org)) out.push(FILTER_REASONS.ignoredIsps);
};

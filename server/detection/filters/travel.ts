/**
 * Impossible-travel-only filters: both ends in the same country, and ignored country couples (an unordered pair;
 * `[X, X]` matches travel within X; one reason per matching couple, as BuffaLogs). Countries compare by name or ISO
 * code, any case.
 */
import type { LoginPlace } from '../../../common/alert_document';
import type { AlertFilter } from './filter';
import { FILTER_REASONS } from './reasons';

const is = (place: LoginPlace, country: string): boolean =>
  place.country_name?.toLowerCase() === country || place.country_iso_code?.toLowerCase() === country;

function sameCountry(a: LoginPlace, b: LoginPlace): boolean {
  if (a.country_iso_code !== undefined && b.country_iso_code !== undefined)
    return a.country_iso_code === b.country_iso_code;
  return a.country_name !== undefined && a.country_name === b.country_name;
}

export const travelFilter: AlertFilter = ({ ctx, evidence }, out) => {
  if (evidence.kind !== 'travel') return;
  const { from, to } = evidence;
  if (ctx.cc.config.filters.ignoreSameCountryTravel && sameCountry(from, to)) out.push(FILTER_REASONS.sameCountry);
  for (const [a, b] of ctx.cc.ignoredCountryCouples) {
    if ((is(from, a) && is(to, b)) || (is(from, b) && is(to, a))) out.push(FILTER_REASONS.countryCouple);
  }
};

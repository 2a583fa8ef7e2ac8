/**
 * Every filter, in BuffaLogs' order (alert_filter.py); reasons accumulate in that order.
 */
import type { AlertFilter, FilterInput } from './filter';
import { allowedCountriesFilter, ignoredIpsFilter, ignoredIspsFilter } from './network';
import { alertTypesFilter, mobileFilter } from './mobile_and_types';
import { learningPeriodFilter, minimumRiskFilter } from './risk_and_learning';
import { travelFilter } from './travel';
import { userListsFilter } from './users';

export { FILTER_REASONS, type FilterReason } from './reasons';
export type { FilterInput } from './filter';

const FILTERS: readonly AlertFilter[] = [
  userListsFilter,
  minimumRiskFilter,
  learningPeriodFilter,
  ignoredIpsFilter,
  allowedCountriesFilter,
  ignoredIspsFilter,
  mobileFilter,
  alertTypesFilter,
  travelFilter,
];

export function filterReasons(input: FilterInput): string[] {
  const out: string[] = [];
  for (const filter of FILTERS) filter(input, out);
  return out;
}

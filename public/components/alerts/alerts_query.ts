import { API_LIMITS, type AlertsListQuery } from '../../../common/api';
import type { AlertsUrlState } from '../../router/routes';

/**
 * Maximum `page × size` the API serves by number (Elasticsearch's default `index.max_result_window`); deeper pages
 * continue from the previous page's `next_cursor`.
 */
export const NUMBERED_PAGE_WINDOW = 10_000;

/**
 * The list request for the URL's filters. `cursor` is the `next_cursor` the page before returned, if known: used only
 * where numbered pages stop, so the first pages stay directly addressable (and reloadable) by number.
 */
export function alertsListQuery(
  state: AlertsUrlState,
  range: { from?: string; to?: string },
  cursor: string | undefined,
): AlertsListQuery {
  const size = Math.min(state.pageSize, API_LIMITS.maxPageSize);
  const base: AlertsListQuery = {
    from: range.from,
    to: range.to,
    detector: state.detector,
    status: state.status,
    user: state.user,
    country: state.country,
    filtered: state.filtered ?? 'unfiltered',
    sequence_rule: state.sequenceRule,
    search: state.search,
    min_severity: state.minSeverity,
    min_score: state.minScore,
    users: state.users.length ? state.users : undefined,
    channel_users: state.channelUsers,
    time_field: state.timeField,
    sort: state.sort,
    direction: state.direction,
    size,
  };
  if ((state.pageIndex + 1) * size > NUMBERED_PAGE_WINDOW && cursor) return { ...base, cursor };
  return { ...base, page: state.pageIndex + 1 };
}

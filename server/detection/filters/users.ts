/**
 * User lists (BuffaLogs `_update_users_filters`): VIP-only mode, else enabled users, else ignored users. Entries
 * match when equal to the name or when the entry, as a regular expression, is found anywhere in it (Python
 * `re.search`); VIP names match exactly. The default profile matches case-insensitively, since usernames arrive
 * lower-cased and BuffaLogs' own defaults ("N/A") would otherwise never match.
 */
import type { UserMatcher } from '../compiled_config';
import type { AlertFilter } from './filter';
import { FILTER_REASONS } from './reasons';

const matches = (list: readonly UserMatcher[], name: string, lowerName: string, ci: boolean): boolean =>
  list.some((m) => m.text === (ci ? lowerName : name) || (m.regex !== undefined && m.regex.test(name)));

export const userListsFilter: AlertFilter = ({ ctx }, out) => {
  const { cc } = ctx;
  const f = cc.config.filters;
  const name = ctx.event.user;
  const ci = f.caseInsensitiveUsers;
  const lower = ci ? name.toLowerCase() : name;
  if (f.alertIsVipOnly) {
    if (!cc.vipUsers.has(lower)) out.push(FILTER_REASONS.isVip);
    return;
  }
  if (cc.enabledUsers.length > 0) {
    if (!matches(cc.enabledUsers, name, lower, ci)) out.push(FILTER_REASONS.ignoredUsers);
    return;
  }
  if (matches(cc.ignoredUsers, name, lower, ci)) out.push(FILTER_REASONS.ignoredUsers);
};

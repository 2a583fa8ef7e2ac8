/**
 * User lists (BuffaLogs `_update_users_filters`): VIP-only mode, else enabled users, else ignored users. Entries
 * match in the syntax of `filters.userPatterns` (common/user_patterns.ts): whole-name globs in the default profile,
 * BuffaLogs' exact-or-`re.search` in the buffalogs profile; VIP names match exactly. The default profile matches
 * case-insensitively, since usernames arrive lower-cased and BuffaLogs' own defaults ("N/A") would otherwise never
 * match.
 */
import type { UserPattern } from '../../../common/user_patterns';
import type { AlertFilter } from './filter';
import { FILTER_REASONS } from './reasons';

/** `name` is already lower-cased when matching is case-insensitive (the patterns were compiled the same way). */
const matches = (list: readonly UserPattern[], name: string): boolean => list.some((m) => m.test(name));

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
    if (!matches(cc.enabledUsers, lower)) out.push(FILTER_REASONS.ignoredUsers);
    return;
  }
  if (matches(cc.ignoredUsers, lower)) out.push(FILTER_REASONS.ignoredUsers);
};

/**
 * Mobile logins (a user agent whose OS is in `mobileOsNames`: iOS, Android, Windows Phone) and alert types that are
 * always filtered (BuffaLogs mutes `User Risk Threshold` and `New Device` by default).
 */
import type { AlertFilter } from './filter';
import { FILTER_REASONS } from './reasons';

export const mobileFilter: AlertFilter = ({ ctx }, out) => {
  if (ctx.cc.config.filters.ignoreMobileLogins && ctx.event.userAgent?.original && ctx.mobile) {
    out.push(FILTER_REASONS.ignoreMobileLogins);
  }
};

export const alertTypesFilter: AlertFilter = ({ ctx, rule }, out) => {
  if (ctx.cc.filteredRules.has(rule)) out.push(FILTER_REASONS.filteredAlertTypes);
};

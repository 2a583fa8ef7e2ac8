import dateMath from '@elastic/datemath';
import type { TimeRange } from '../router/routes';

/**
 * The picker's date math (`now-7d`, `now/d`) as the ISO instants the API takes. `end` rounds up so `now/d` means the
 * end of today. Invalid input yields undefined bounds (the whole history) rather than a broken request.
 */
export function toIsoRange(range: TimeRange): { from?: string; to?: string } {
  const from = dateMath.parse(range.start);
  const to = dateMath.parse(range.end, { roundUp: true });
  return {
    from: from?.isValid() ? from.toISOString() : undefined,
    to: to?.isValid() ? to.toISOString() : undefined,
  };
}

import { useMemo } from 'react';
import type { TimeRange } from '../router/routes';
import { toIsoRange } from '../services/time_range';

/**
 * Resolves `now` once per range (and per refresh): resolving it on every render would make a new request each time.
 */
export function useIsoRange(range: TimeRange, refreshCount = 0) {
  return useMemo(
    () => toIsoRange(range),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [range.start, range.end, refreshCount],
  );
}

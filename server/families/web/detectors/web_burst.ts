/**
 * Bursts: one error code (≥ `burst.minStatus`) answered `burst.count` times to one address within `burst.windowMs`.
 * Browsers' own favicon/touch-icon misses are left out, as in web_scanning.
 */
import { benignMiss } from '../paths';
import { inWindow, push } from '../state';
import type { WebDetector } from './detector';

export const webBurst: WebDetector = (event, { settings, state, raise }) => {
  const b = settings.burst;
  if (event.status < b.minStatus) return;
  // A browser's own favicon/touch-icon misses are not a burst of anything (a page load asks for several).
  if (event.status === 404 && event.path && benignMiss(event.path)) return;
  push(state.codes, [event.timestamp, event.status], b.windowMs);
  const same = inWindow(state.codes, event.timestamp, b.windowMs).filter(([, code]) => code === event.status);
  if (same.length < b.count) return;
  const seconds = Math.max(0, Math.round((event.timestamp - same[0][0]) / 1000));
  raise({
    rule: 'web_burst',
    severity: 'low',
    key: `web_burst:${event.status}`,
    message: `${event.ip} received ${same.length} "${event.status}" answers in ${seconds} s (threshold ${b.count} within ${b.windowMs / 1000} s)`,
    evidence: {
      status_code: event.status,
      count: same.length,
      seconds,
      threshold: b.count,
      window_seconds: b.windowMs / 1000,
    },
  });
};

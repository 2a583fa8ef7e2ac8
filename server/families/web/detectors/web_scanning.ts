/**
 * Endpoint scanning: within `scanning.windowMs`, many 404/410s, or many distinct missing path shapes, or probes for
 * several known sensitive paths. Misses browsers make on their own (favicon, apple-touch-icon…) are not counted, and
 * digits are folded in path shapes so a script fetching numbered files that are not there is one shape, not fifty.
 */
import { benignMiss, pathShape, sensitivePath } from '../paths';
import { inWindow, push } from '../state';
import { sample, type WebDetector } from './detector';

export const webScanning: WebDetector = (event, { settings, state, raise }) => {
  const s = settings.scanning;
  const path = event.path ?? '';
  const probe = path ? sensitivePath(path) : undefined;
  if (probe) push(state.probes, [event.timestamp, probe], s.windowMs);
  const missed = (event.status === 404 || event.status === 410) && !benignMiss(path);
  if (missed) push(state.misses, [event.timestamp, pathShape(path)], s.windowMs);
  if (!missed && !probe) return;
  const misses = inWindow(state.misses, event.timestamp, s.windowMs);
  const probes = inWindow(state.probes, event.timestamp, s.windowMs);
  const shapes = new Set(misses.map(([, shape]) => shape));
  const sensitive = new Set(probes.map(([, p]) => p));
  const reasons: string[] = [];
  if (misses.length >= s.notFound) reasons.push(`${misses.length} not-found answers (threshold ${s.notFound})`);
  if (shapes.size >= s.distinctMissingShapes)
    reasons.push(`${shapes.size} distinct missing paths (threshold ${s.distinctMissingShapes})`);
  if (sensitive.size >= s.sensitivePaths)
    reasons.push(
      `probes for ${sensitive.size} sensitive paths such as ${[...sensitive].slice(0, 3).join(', ')} (threshold ${s.sensitivePaths})`,
    );
  if (reasons.length === 0) return;
  raise({
    rule: 'web_scanning',
    severity: sensitive.size >= s.sensitivePaths ? 'high' : 'medium',
    message: `${event.ip} scanned for endpoints: ${reasons.join('; ')} within ${Math.round(s.windowMs / 60_000)} min`,
    evidence: {
      window_minutes: s.windowMs / 60_000,
      not_found: misses.length,
      not_found_threshold: s.notFound,
      distinct_missing_shapes: shapes.size,
      distinct_missing_shapes_threshold: s.distinctMissingShapes,
      sensitive_paths: [...sensitive].sort(),
      sensitive_paths_threshold: s.sensitivePaths,
      sample_missing_shapes: sample(misses.map(([, shape]) => shape)),
    },
  });
};

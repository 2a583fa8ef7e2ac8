/**
 * Scraping or brute force: within `flood.windowMs`, many 429 answers (the server said "too many" and the client kept
 * going), or login endpoints answered 401/403 many times (password guessing; a 418/406 "blocked" answer is the
 * server's firewall, counted by the scanner and burst detectors instead).
 */
import { loginEndpoint } from '../paths';
import { inWindow, push } from '../state';
import { sample, type WebDetector } from './detector';

export const webFlood: WebDetector = (event, { settings, state, raise }) => {
  const f = settings.flood;
  const loginFailure = (event.status === 401 || event.status === 403) && !!event.path && loginEndpoint(event.path);
  if (event.status === 429) push(state.tooMany, [event.timestamp, 0], f.windowMs);
  else if (loginFailure) push(state.loginFailures, [event.timestamp, event.path!.slice(0, 200)], f.windowMs);
  else return;
  const tooMany = inWindow(state.tooMany, event.timestamp, f.windowMs).length;
  const failures = inWindow(state.loginFailures, event.timestamp, f.windowMs);
  const reasons: string[] = [];
  if (tooMany >= f.tooManyRequests)
    reasons.push(`${tooMany} "429 Too Many Requests" answers (threshold ${f.tooManyRequests})`);
  if (failures.length >= f.loginFailures)
    reasons.push(
      `${failures.length} refused logins (401/403) on ${sample(
        failures.map(([, p]) => p),
        3,
      ).join(', ')} (threshold ${f.loginFailures})`,
    );
  if (reasons.length === 0) return;
  raise({
    rule: 'web_flood',
    severity: failures.length >= f.loginFailures ? 'high' : 'medium',
    message: `${event.ip} flooded the server: ${reasons.join('; ')} within ${Math.round(f.windowMs / 60_000)} min`,
    evidence: {
      window_minutes: f.windowMs / 60_000,
      too_many_requests: tooMany,
      too_many_requests_threshold: f.tooManyRequests,
      login_failures: failures.length,
      login_failures_threshold: f.loginFailures,
      login_paths: sample(failures.map(([, p]) => p)),
    },
  });
};

/**
 * Atypical country: a known country, but the user's last login from it is at least N whole days before this one
 * (days floored like Python's timedelta.days, as BuffaLogs; a login older than that last one never fires).
 */
import type { NoveltyEvidence } from '../../../common/alert_document';
import { knownCountries, lastSeenInCountry } from '../baselines';
import type { LoginDetector } from './detector';

const DAY_MS = 86_400_000;

export const atypicalCountryDetector: LoginDetector<NoveltyEvidence> = {
  id: 'atypical_country',
  name: 'Login from an atypical country',
  description: 'The login came from a country this user has not logged in from for a long time.',
  evaluate({ event, state, cc, country }) {
    const conf = cc.config.atypicalCountry;
    if (!conf.enabled || country === undefined) return undefined;
    const last = lastSeenInCountry(state, country, event.timestamp, cc);
    if (last === undefined) return undefined;
    const days = Math.floor((event.timestamp - last) / DAY_MS);
    if (days < conf.days) return undefined;
    const { known, count } = knownCountries(state, event.timestamp, cc);
    return {
      kind: 'novelty',
      field: 'country',
      value: country,
      known,
      known_count: count,
      last_seen: new Date(last).toISOString(),
      days_since_last_seen: days,
      threshold_days: conf.days,
    };
  },
  severity: () => 'low',
  message(user, e) {
    return `Atypical country for ${user}: last login from ${e.value} was ${e.days_since_last_seen} days earlier (${e.last_seen}), ≥ ${e.threshold_days} days`;
  },
};

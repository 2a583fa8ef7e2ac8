/**
 * New country: the user never logged in from this country (within the baseline's retention). BuffaLogs compares
 * the geo country name; the default profile the ISO code when there is one. Needs a baseline: a first located
 * login is learnt, not alerted.
 */
import type { NoveltyEvidence } from '../../../common/alert_document';
import { hasCountryBaseline, knownCountries, lastSeenInCountry } from '../baselines';
import type { LoginDetector } from './detector';

export const newCountryDetector: LoginDetector<NoveltyEvidence> = {
  id: 'new_country',
  name: 'Login from a new country',
  description: 'The login came from a country this user has not logged in from before.',
  evaluate({ event, state, cc, country }) {
    if (!cc.config.newCountry.enabled || country === undefined) return undefined;
    // Without any known country (e.g. the user's earlier logins had no geolocation) there is nothing to be new against.
    if (!hasCountryBaseline(state, event.timestamp, cc)) return undefined;
    if (lastSeenInCountry(state, country, event.timestamp, cc) !== undefined) return undefined;
    const { known, count } = knownCountries(state, event.timestamp, cc);
    return { kind: 'novelty', field: 'country', value: country, known, known_count: count };
  },
  severity: () => 'medium',
  message(user, e) {
    const shown = e.known.length ? `: ${e.known.join(', ')}${e.known_count > e.known.length ? ', …' : ''}` : '';
    return `New country for ${user}: ${e.value}, not among the ${e.known_count} countr${e.known_count === 1 ? 'y' : 'ies'} seen before${shown}`;
  },
};

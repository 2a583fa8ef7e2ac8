/**
 * Examples the conformance test (server/families/families.test.ts) runs through the login family's pure core with
 * its default settings: the documents are ECS authentication events as Elastic Agent writes them.
 */
import type { FamilyExample } from '../family';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0';
const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36';

const login = (
  id: string,
  timestamp: string,
  place: { ip: string; iso: string; country: string; city: string; lat: number; lon: number },
  agent: string,
) => ({
  '@timestamp': timestamp,
  event: {
    id,
    kind: 'event',
    category: ['authentication'],
    type: ['start'],
    outcome: 'success',
    dataset: 'okta.system',
  },
  user: { name: 'alice' },
  source: {
    ip: place.ip,
    geo: {
      country_iso_code: place.iso,
      country_name: place.country,
      city_name: place.city,
      location: { lat: place.lat, lon: place.lon },
    },
  },
  user_agent: { original: agent },
});

const MILAN = { ip: '203.0.113.10', iso: 'IT', country: 'Italy', city: 'Milan', lat: 45.46, lon: 9.19 };
const NEW_YORK = { ip: '198.51.100.20', iso: 'US', country: 'United States', city: 'New York', lat: 40.71, lon: -74.0 };

export const LOGIN_EXAMPLES: FamilyExample[] = [
  {
    name: 'a known user at home raises nothing',
    documents: [
      login('a1', '2024-05-01T08:00:00.000Z', MILAN, FIREFOX),
      login('a2', '2024-05-10T08:00:00.000Z', MILAN, FIREFOX),
    ],
    expect: [],
  },
  {
    name: 'a new device in a new country an hour after a login at home (after the learning period)',
    documents: [
      login('b1', '2024-05-01T08:00:00.000Z', MILAN, FIREFOX),
      login('b2', '2024-05-10T08:00:00.000Z', MILAN, FIREFOX),
      login('b3', '2024-05-10T09:00:00.000Z', NEW_YORK, CHROME_MAC),
    ],
    // One verdict per suspicious login in the default profile; its signals are new device, new country and travel.
    expect: ['suspicious_login'],
  },
];

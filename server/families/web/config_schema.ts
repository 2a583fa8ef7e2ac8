/**
 * `buffalogs.web` in kibana.yml: every key optional (defaults in common/web_config.ts, with their reasons).
 * server/config.ts adds it from the family registry.
 */
import { schema, type TypeOf } from '@kbn/config-schema';
import { boundedDuration } from '../../config_table_schema';
import { API_KEY_PATTERN } from './reputation/virustotal';

const optionalBoundedDuration = (min: number, max: number, range: string) =>
  schema.maybe(boundedDuration(min, max, range));
/**
 * A detector's window: 0 dropped each request as it was counted (the detector silently never fired); past a month a
 * window is no rate (the state keeps at most MAX_TRACKED requests per list) and its alert read "within 1.44e+23 min".
 */
const detectorWindow = () => optionalBoundedDuration(1000, 30 * 86_400_000, '1s to 30d');
// Thresholds stay under the state's per-list cap (state.ts MAX_TRACKED), so a capped list still decides correctly.
const threshold = (max = 1000) => schema.maybe(schema.number({ min: 1, max }));

export const webConfigSchema = schema.object({
  indices: schema.maybe(schema.arrayOf(schema.string({ minLength: 1 }), { minSize: 1 })),
  maliciousDomainsFile: schema.maybe(schema.string({ minLength: 1 })),
  maliciousDomains: schema.maybe(schema.arrayOf(schema.string({ minLength: 1, maxLength: 253 }), { maxSize: 10000 })),
  /** The site's own domains: referrers from them are internal navigation, left out of the top referrer domains. */
  siteDomains: schema.maybe(schema.arrayOf(schema.string({ minLength: 1, maxLength: 253 }), { maxSize: 100 })),
  /**
   * Optional VirusTotal lookups of referrer domains (issue 17). The key stays on the server: it is sent in the
   * `x-apikey` header to `url` and nowhere else (no route returns it, no message names it).
   */
  virusTotal: schema.maybe(
    schema.object({
      // Visible ASCII only: a pasted newline or tab cannot go in a header, and fetch's refusal would quote the key.
      apiKey: schema.string({
        minLength: 1,
        maxLength: 512,
        validate: (key) => (API_KEY_PATTERN.test(key) ? undefined : 'must be printable ASCII without spaces'),
      }),
      url: schema.maybe(schema.uri({ scheme: ['https', 'http'] })),
      requestsPerMinute: schema.maybe(schema.number({ min: 1, max: 10_000 })),
      requestsPerDay: schema.maybe(schema.number({ min: 1, max: 10_000_000 })),
      cacheTtl: optionalBoundedDuration(60_000, 366 * 86_400_000, '1m to 366d'),
      maliciousEngines: schema.maybe(schema.number({ min: 1, max: 100 })),
      // Past the witnesses a pass keeps per domain (family.ts MAX_WITNESSES_KEPT) no domain could ever qualify.
      minAddresses: schema.maybe(schema.number({ min: 1, max: 100 })),
      uncorroboratedShare: schema.maybe(schema.number({ min: 0, max: 1 })),
      // Beyond 2^31 ms a timer fires at once (node's TimeoutOverflowWarning): every lookup would time out.
      timeout: optionalBoundedDuration(100, 600_000, '100ms to 10m'),
    }),
  ),
  /** Under a minute re-raised at each request once a threshold was met (a 1,000-request scan: 1,972 alerts). */
  cooldown: optionalBoundedDuration(60_000, 366 * 86_400_000, '1m to 366d'),
  scanning: schema.maybe(
    schema.object({
      window: detectorWindow(),
      notFound: threshold(),
      distinctMissingShapes: threshold(),
      sensitivePaths: threshold(),
    }),
  ),
  flood: schema.maybe(
    schema.object({
      window: detectorWindow(),
      tooManyRequests: threshold(),
      loginFailures: threshold(),
    }),
  ),
  burst: schema.maybe(
    schema.object({
      window: detectorWindow(),
      count: threshold(),
      minStatus: schema.maybe(schema.number({ min: 100, max: 599 })),
    }),
  ),
  exfiltration: schema.maybe(
    schema.object({
      window: detectorWindow(),
      singleRequestBytes: schema.maybe(schema.number({ min: 1 })),
      totalRequestBytes: schema.maybe(schema.number({ min: 1 })),
    }),
  ),
});

export type WebConfig = TypeOf<typeof webConfigSchema>;

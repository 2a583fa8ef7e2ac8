import { schema, type TypeOf } from '@kbn/config-schema';
import {
  anonymizerListsSchema,
  detectionSchema,
  elasticsearchSchema,
  extraQuerySchema,
  geoipSchema,
  identitySchema,
  scheduleSchema,
} from './config_sections';

import { FAMILIES } from './families';
import { notifiersSchema } from './notifications/config_schema';
import { MAX_PARTITIONS, partitionsProblem } from './ingest/partition';
import { DEFAULT_SOURCE_INDICES } from './pass/pass_settings';
import { KIBANA_SPACE_ID } from './storage/index_names';
import { MAX_PASS_DURATION_MS, MAX_WINDOW_PROBLEM, MIN_MAX_WINDOW_MS, TOO_LONG_PROBLEM } from './pass/pass_window';

// Defined beside the pass settings, which `buffalogs run` loads without @kbn/config-schema.
export { DEFAULT_SOURCE_INDICES };

/**
 * The `buffalogs.*` section of kibana.yml. Kibana validates it with this schema at startup and refuses to start on
 * an invalid value, so every key has a safe default. Later issues add the detection settings here.
 */
/** The pass's durations end in dates: past MAX_PASS_DURATION_MS a start is no date (pass_window.ts). */
const notTooLong = (d: { asMilliseconds(): number }): string | undefined =>
  d.asMilliseconds() <= MAX_PASS_DURATION_MS ? undefined : TOO_LONG_PROBLEM;

export const configSchema = schema.object({
  enabled: schema.boolean({ defaultValue: true }),
  /** Index patterns read for authentication events. */
  indices: schema.arrayOf(schema.string({ minLength: 1 }), {
    minSize: 1,
    defaultValue: DEFAULT_SOURCE_INDICES,
  }),
  /** Background detection (server/task/, server/pass/); see config_sections.ts for the sections. */
  space: schema.string({
    defaultValue: 'default',
    validate: (v) =>
      KIBANA_SPACE_ID.test(v) ? undefined : 'must be a Kibana space id (lower-case letters, digits, _ and -)',
  }),
  extraQuery: schema.maybe(extraQuerySchema),
  login: schema.object({
    eventType: schema.oneOf([schema.literal('start_or_absent'), schema.literal('start'), schema.literal('any')], {
      defaultValue: 'start_or_absent',
    }),
  }),
  /** One person across sources: per-dataset domains, a user map, service accounts (config_sections.ts). */
  identity: schema.maybe(identitySchema),
  schedule: scheduleSchema,
  /** Windows end `lag` before now so late events are still seen; the first run looks `lookback` into the past. */
  lag: schema.duration({ defaultValue: '2m', validate: notTooLong }),
  lookback: schema.duration({ defaultValue: '7d', validate: notTooLong }),
  maxWindow: schema.duration({
    defaultValue: '1d',
    validate: (d) => (d.asMilliseconds() >= MIN_MAX_WINDOW_MS ? notTooLong(d) : MAX_WINDOW_PROBLEM),
  }),
  batch: schema.object({
    usersPerBatch: schema.number({ defaultValue: 10000, min: 1, max: 10000 }),
    /** Logins held per batch (memory); see PassSettings.eventsPerBatch for why larger is not faster. */
    eventsPerBatch: schema.number({ defaultValue: 100000, min: 1000, max: 5000000 }),
    pageSize: schema.number({ defaultValue: 5000, min: 10, max: 10000 }),
    /** Point-in-time slices read at once per batch (more Elasticsearch search threads, one page in flight each). */
    readSlices: schema.number({ defaultValue: 2, min: 1, max: 8 }),
  }),
  /** N task instances, each owning the users whose name hashes to it; several Kibana nodes then share the work. */
  partitions: schema.number({ defaultValue: 1, min: 1, max: MAX_PARTITIONS, validate: partitionsProblem }),
  elasticsearch: schema.maybe(elasticsearchSchema),
  geoip: schema.maybe(geoipSchema),
  anonymizerLists: anonymizerListsSchema,
  detection: detectionSchema,
  /** Built-in notification channels (server/notifications/): Slack, Teams, …, webhook, Telegram, e-mail. */
  notifiers: notifiersSchema,
  // Every detection family's own section, `buffalogs.<family id>` (server/families/): optional, defaults inside.
  ...Object.fromEntries(FAMILIES.flatMap((f) => (f.configSchema ? [[f.id, schema.maybe(f.configSchema)]] : []))),
});

export type BuffalogsConfig = TypeOf<typeof configSchema>;

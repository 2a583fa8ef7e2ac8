/**
 * Sections of the `buffalogs.*` kibana.yml schema (server/config.ts) for background detection: where to read, how
 * often, with which credentials, and every detection setting. Detection keys are generated from the login family's
 * settings table (common/detection_config_table.ts) and are all optional: unset keys take the chosen profile's value.
 * The table's own validator runs too, so a CIDR or regular expression that the schema's types cannot judge still
 * fails at startup, naming the key.
 */
import { schema } from '@kbn/config-schema';
import { DETECTION_TABLE } from '../common/detection_config_table';
import type { ProfileName } from '../common/alert_document';
import {
  DetectionConfigError,
  parseDetectionConfigOverrides,
  resolveDetectionConfig,
  type ConfigError,
  type DetectionConfigOverrides,
} from '../common/detection_config';
import { isPrototypeKey } from '../common/own_keys';
import { IDENTITY_LIMITS, parseIdentityConfig } from './sources/identity';
import { oneOfStrings, tableSectionSchemas } from './config_table_schema';
import { MAX_PASS_DURATION_MS, TOO_LONG_PROBLEM } from './pass/pass_window';

/**
 * `buffalogs.detection`: the profile, then every section and key of the login family's settings table
 * (common/detection_config_table.ts), each optional; unset keys take the chosen profile's value.
 */
export const detectionSchema = schema.object(
  {
    profile: schema.oneOf([schema.literal('default'), schema.literal('buffalogs')], { defaultValue: 'default' }),
    ...tableSectionSchemas(DETECTION_TABLE),
  },
  {
    validate: (value) => {
      const { profile, ...overrides } = value as Record<string, unknown>;
      const parsed = parseDetectionConfigOverrides(stripUndefined(overrides));
      const errors = parsed.ok ? crossFieldErrorsOf(profile as ProfileName, parsed.value) : parsed.errors;
      return errors.length ? errors.map((e) => `[${e.path}]: ${e.message}`).join('; ') : undefined;
    },
  },
);

/** What the merged values contradict (risk ladder, user-list entries in the profile's syntax), as at run time. */
function crossFieldErrorsOf(profile: ProfileName, overrides: DetectionConfigOverrides): ConfigError[] {
  try {
    resolveDetectionConfig(profile, overrides);
    return [];
  } catch (error) {
    if (error instanceof DetectionConfigError) return error.errors;
    throw error;
  }
}

/** Drops keys whose value is undefined (unset `maybe` keys), recursively, so the core's validator sees only what was set. */
export function stripUndefined(value: unknown): unknown {
  if (Array.isArray(value) || typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && !isPrototypeKey(k)) out[k] = stripUndefined(v);
  return out;
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** `30m` → 1,800,000 (the format is validated by `taskDuration`). */
export const taskDurationMs = (value: string): number =>
  Number(value.slice(0, -1)) * UNIT_MS[value.slice(-1) as keyof typeof UNIT_MS];

/** Task Manager's interval/timeout format (`30s`, `5m`, `1h`, `1d`), at most `maxMs` (`tooLong` says so). */
const taskDuration = (defaultValue: string, maxMs: number, tooLong: string) =>
  schema.string({
    defaultValue,
    validate: (v) => {
      if (!/^[1-9]\d*[smhd]$/.test(v)) return `must be a number followed by s, m, h or d (e.g. "5m"), not "${v}"`;
      return taskDurationMs(v) <= maxMs ? undefined : tooLong;
    },
  });

/**
 * The longest time-out: Node fires a timer of more than 2^31-1 ms (24.8 days) after 1 ms, so a time-out timer (the dev
 * host's Task Manager) would cancel every run at its start; the notifier also re-reads alerts from `now - timeout`,
 * which past ~274,000 years is no date ("Invalid time value" at every run, nothing ever sent).
 */
const MAX_TASK_TIMEOUT_MS = 24 * 86_400_000;

/**
 * `identity`: one person across sources (server/sources/identity.ts). `userDomains` maps a dataset to the mail domain
 * of its bare names, `userMap` any source spelling to an identity; service and machine accounts are excluded unless
 * `excludeServiceAccounts: false`. The identity parser checks keys (no prototype names) and bounds, naming the key.
 */
const boundedRecord = () =>
  schema.maybe(
    schema.recordOf(
      schema.string({ maxLength: IDENTITY_LIMITS.maxLength }),
      schema.string({ maxLength: IDENTITY_LIMITS.maxLength }),
    ),
  );
export const identitySchema = schema.object(
  {
    userDomains: boundedRecord(),
    userMap: boundedRecord(),
    excludeServiceAccounts: schema.maybe(schema.boolean()),
    serviceAccounts: schema.maybe(
      schema.arrayOf(schema.string({ maxLength: IDENTITY_LIMITS.maxLength }), { maxSize: IDENTITY_LIMITS.maxEntries }),
    ),
  },
  {
    validate: (value) => {
      const { errors } = parseIdentityConfig(stripUndefined(value));
      return errors.length ? errors.join('; ') : undefined;
    },
  },
);

export const scheduleSchema = schema.object({
  /** Task Manager's next run is start + interval: past ten years as for lag (a far larger one is no date). */
  interval: taskDuration('5m', MAX_PASS_DURATION_MS, TOO_LONG_PROBLEM),
  /** After this Task Manager cancels a run; the pass stops at the next request and resumes from its last batch. */
  timeout: taskDuration('30m', MAX_TASK_TIMEOUT_MS, 'must be at most 24d (a longer timer fires at once)'),
});

/**
 * Credentials for the task's own Elasticsearch client: `kibana_system` cannot read `logs-*`. Unset: the task uses
 * Kibana's internal user (enough only if that user was granted read on the source indices).
 */
export const elasticsearchSchema = schema.object(
  {
    hosts: schema.maybe(schema.arrayOf(schema.uri({ scheme: ['http', 'https'] }), { minSize: 1 })),
    apiKey: schema.maybe(schema.string({ minLength: 1 })),
    username: schema.maybe(schema.string({ minLength: 1 })),
    password: schema.maybe(schema.string({ minLength: 1 })),
    ssl: schema.maybe(
      schema.object({
        verificationMode: schema.maybe(oneOfStrings(['none', 'certificate', 'full'])),
        certificateAuthorities: schema.maybe(schema.arrayOf(schema.string())),
      }),
    ),
  },
  {
    validate: (v) => {
      if (v.apiKey && (v.username || v.password)) return 'set either apiKey or username/password, not both';
      if (Boolean(v.username) !== Boolean(v.password)) return 'username and password go together';
      return undefined;
    },
  },
);

const mmdbPaths = schema.oneOf([
  schema.string({ minLength: 1 }),
  schema.object({
    ipv4: schema.maybe(schema.string({ minLength: 1 })),
    ipv6: schema.maybe(schema.string({ minLength: 1 })),
  }),
]);
export const geoipSchema = schema.object({ city: schema.maybe(mmdbPaths), asn: schema.maybe(mmdbPaths) });

export const anonymizerListsSchema = schema.object({
  cidrFiles: schema.arrayOf(schema.string({ minLength: 1 }), { defaultValue: [] }),
  asnFiles: schema.arrayOf(schema.string({ minLength: 1 }), { defaultValue: [] }),
});

/** A Query DSL clause ANDed to the login query: one object with one clause type (`{"term": {...}}`). */
export const extraQuerySchema = schema.recordOf(schema.string(), schema.any(), {
  validate: (v) => {
    const keys = Object.keys(v);
    if (keys.length !== 1)
      return `must be one query clause, e.g. {"term": {"event.dataset": "okta.system"}}; got keys ${JSON.stringify(keys)}`;
    const body: unknown = v[keys[0]];
    if (typeof body !== 'object' || body === null) return `"${keys[0]}" must hold an object`;
    return undefined;
  },
});

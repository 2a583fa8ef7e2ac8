/**
 * Validation schemas shared by several routes. Every value a caller sends passes one of these before a handler
 * runs, so a bad one is a 400 naming the parameter (`[request query.size]: Value must be …`), never a query that
 * Elasticsearch rejects later. Query-string values arrive as strings: numbers and booleans are coerced by the schema,
 * and a repeated parameter (`?detector=a&detector=b`) arrives as an array, a single one as a string.
 */
import { isIP } from 'node:net';
import { schema, type Type } from '@kbn/config-schema';
import { ALERT_TIME_FIELDS, API_LIMITS, CHANNEL_NAME, type SortDirection } from '../../common/api';
import { SIGNAL_IDS, type SignalId } from '../../common/alert_document';
import { ALERT_STATUSES, RISK_LEVELS } from '../../common/constants';
import { isCalendarDay } from '../../common/iso_timestamp';
import { isSequenceRuleId, SEVERITIES } from '../../common/sequence_rule';
import { RULE_LIMITS } from '../families/sequence/validate_rule';
import { detectorName } from '../detector_name_schema';

/** ISO 8601 date or date-time (the forms Elasticsearch's `strict_date_optional_time` accepts, with a zone). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The instants a date may name: handlers write them in UTC, and Elasticsearch reads back only years 0000-9999 (an
 * offset turned 0000-01-01T00:00+01:00 into year -1 and 9999-12-31T23:59:59-23:59 into year 10000: a 502). From year
 * 0001, so a default range start (at most 30 days before `to`) stays in year 0000 at worst.
 */
const MIN_DATE_MS = Date.parse('0001-01-01T00:00:00Z');
const MAX_DATE_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** The date part names a day of its month: Date.parse rolls 2024-02-30 over to March 1 silently. */
function namesCalendarDay(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  return isCalendarDay(year, month, day);
}

/** Why `value` is not a date isoDate accepts, or undefined: for a date inside a body that schema.any() lets through. */
export function isoDateProblem(value: string): string | undefined {
  const ms = value.length <= 40 && ISO_DATE.test(value) && namesCalendarDay(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms))
    return `expected an ISO 8601 date such as 2024-05-01 or 2024-05-01T12:00:00Z, got [${value.slice(0, 40)}]`;
  if (ms < MIN_DATE_MS || ms > MAX_DATE_MS)
    return `expected a date from 0001-01-01 to 9999-12-31 (UTC), got [${value.slice(0, 40)}]`;
  return undefined;
}

export const isoDate = schema.string({ maxLength: 40, validate: isoDateProblem });

/** One of `values`, with a message that lists them (config-schema's oneOf-of-literals lists one error per value). */
export function oneOfStrings<T extends string>(values: readonly T[], hint = ''): Type<T> {
  return schema.string({
    maxLength: 64,
    validate: (value) =>
      values.includes(value as T)
        ? undefined
        : `expected one of [${values.join(', ')}], got [${value.slice(0, 64)}]${hint}`,
  }) as unknown as Type<T>;
}

/** A list parameter: repeated (`?x=a&x=b`), or one value. Normalise with `asList`. */
export function listOf<T extends string>(values: readonly T[]) {
  const one = oneOfStrings(values);
  return schema.oneOf([one, schema.arrayOf(one, { minSize: 1, maxSize: values.length })]);
}

export const asList = <T>(value: T | T[] | undefined): T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

/**
 * The fixed detectors and sequence rules by their own ids (a notifier channel's `detectors`, which its summary's link
 * carries), ORed: at most as many as a channel may name. Each value is a term of `rule.id` or `buffalogs.signal_ids`
 * (alert_filters.ts detectorClause), never a pattern or syntax.
 */
export const detectorParam = schema.oneOf([
  detectorName,
  schema.arrayOf(detectorName, { minSize: 1, maxSize: API_LIMITS.maxDetectorFilter }),
]);
/**
 * One signal of the login verdict (common/alert_document.ts SIGNAL_IDS), as observations store it in `signals.id`:
 * the observations list's `signal`. A term, never a pattern; a detector that is no signal (`suspicious_login`) or a
 * signal's display name is refused with the accepted ids.
 */
export const signalParam = oneOfStrings<SignalId>(SIGNAL_IDS, ": a signal's id, not its name");
export const statusParam = listOf(ALERT_STATUSES);
export const riskLevelParam = listOf(RISK_LEVELS);
export const directionParam = oneOfStrings<SortDirection>(['asc', 'desc']);
export const filteredParam = oneOfStrings(['unfiltered', 'filtered', 'all'] as const);

export const userNameParam = schema.string({ minLength: 1, maxLength: API_LIMITS.maxUserNameLength });

/** ISO 3166-1 alpha-2, any case (normalised to upper case). */
export const countryParam = schema.string({
  minLength: 2,
  maxLength: 2,
  validate: (value) =>
    /^[A-Za-z]{2}$/.test(value) ? undefined : `expected a two-letter ISO country code, got [${value}]`,
});

export const searchParam = schema.string({ minLength: 1, maxLength: API_LIMITS.maxSearchLength });

const integer = (min: number, max: number) =>
  schema.number({ min, max, validate: (n) => (Number.isInteger(n) ? undefined : `expected an integer, got [${n}]`) });

export const pageParam = integer(1, 10_000);
export const sizeParam = integer(1, API_LIMITS.maxPageSize);
/** Opaque base64url cursor; its content is checked when decoded (queries/cursor.ts). */
export const cursorParam = schema.string({
  minLength: 1,
  maxLength: API_LIMITS.maxCursorLength,
  validate: (value) => (/^[A-Za-z0-9_-]+$/.test(value) ? undefined : 'expected a cursor returned by a previous page'),
});

/** Alert ids are the detector's sha1 hex; anything else cannot name an alert. */
export const alertIdParam = schema.string({
  minLength: 1,
  maxLength: 128,
  validate: (value) =>
    /^[A-Za-z0-9_-]+$/.test(value)
      ? undefined
      : `expected an alert id (letters, digits, _ and -), got [${value.slice(0, 128)}]`,
});

export const tagsParam = schema.arrayOf(
  schema.string({
    minLength: 1,
    maxLength: API_LIMITS.maxTagLength,
    // Control characters in a tag are noise at best and log/terminal injection at worst.
    validate: (t) =>
      [...t].some((ch) => ch.charCodeAt(0) < 0x20) ? 'tags may not contain control characters' : undefined,
  }),
  { maxSize: API_LIMITS.maxTags },
);
export const noteParam = schema.string({ maxLength: API_LIMITS.maxNoteLength });

/** One sequence rule's id, as the rule routes take it: its alerts carry it as their `rule.id`. */
export const sequenceRuleParam = schema.string({
  minLength: 1,
  maxLength: RULE_LIMITS.idLength,
  validate: (value) =>
    isSequenceRuleId(value)
      ? undefined
      : `expected a sequence rule id ("sequence" then a-z, 0-9, "_", "-", "."), got [${value.slice(0, 64)}]`,
});

/** The time-range and alert filters the charts and the list share. */
export const alertFilterProps = {
  from: schema.maybe(isoDate),
  to: schema.maybe(isoDate),
  detector: schema.maybe(detectorParam),
  user: schema.maybe(userNameParam),
  country: schema.maybe(countryParam),
  status: schema.maybe(statusParam),
  filtered: schema.maybe(filteredParam),
  sequence_rule: schema.maybe(sequenceRuleParam),
};

const usersValue = schema.string({ minLength: 1, maxLength: API_LIMITS.maxUsersFilterLength });

/**
 * The alerts list's filters of a notification channel's summary (its link carries them, server/notifications):
 * the list then shows exactly the alerts the summary counted. Bounded as a channel's own are (config_schema.ts).
 */
export const channelFilterProps = {
  min_severity: schema.maybe(oneOfStrings(SEVERITIES)),
  // Not only integers: a channel's minScore is any number from 0 to 100.
  min_score: schema.maybe(schema.number({ min: 0, max: 100 })),
  users: schema.maybe(
    schema.oneOf([usersValue, schema.arrayOf(usersValue, { minSize: 1, maxSize: API_LIMITS.maxUsersFilter })]),
  ),
  time_field: schema.maybe(oneOfStrings(ALERT_TIME_FIELDS)),
  // A channel's name as kibana.yml takes one; whether it names a channel is the handler's to say (alerts_list.ts).
  channel_users: schema.maybe(
    schema.string({
      maxLength: 64,
      validate: (value) =>
        CHANNEL_NAME.test(value)
          ? undefined
          : `expected a notification channel's name (letters, digits, _, . or -), got [${value.slice(0, 64)}]`,
    }),
  ),
};

/** `users` or `channel_users` (a channel's users): both would leave which users were meant to a guess. */
export function checkChannelUsers({ users, channel_users }: { users?: unknown; channel_users?: string }) {
  if (users !== undefined && channel_users !== undefined)
    return '[users] and [channel_users] exclude each other: name the users, or the channel whose users to take';
  return undefined;
}

/** `from` must come before `to`: an object-level `validate`, since each field alone cannot know. */
export function checkRange({ from, to }: { from?: string; to?: string }): string | undefined {
  if (from && to && Date.parse(from) >= Date.parse(to))
    return `[from] must be before [to], got from [${from}] and to [${to}]`;
  return undefined;
}

export const isIpAddress = (value: string): boolean => isIP(value) !== 0;

/**
 * When a channel's daily or weekly summary is due (pure: no I/O, the clock is an argument). Times are UTC, as
 * BuffaLogs' Celery beat schedule was. A period ends at `time` (every day, or every week on `day`) and covers the
 * day or week before; the summary of the last period that has ended is due from its end on, and its delivery record's
 * id names the channel, the frequency and the period's end, so it is sent at most once (summary.ts). BuffaLogs shared
 * one bookkeeping row between its daily and weekly summaries, so its "weekly" one did not cover a week (spec §6.4);
 * here each period is computed from the clock alone.
 */
import { schema, type TypeOf } from '@kbn/config-schema';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const DAY_MS = 86_400_000;

export const summarySchema = schema.object({
  frequency: schema.oneOf([schema.literal('daily'), schema.literal('weekly')]),
  /** `HH:MM`, UTC: when a period ends and its summary is sent. */
  time: schema.string({
    defaultValue: '08:00',
    validate: (v) => (/^(?:[01]\d|2[0-3]):[0-5]\d$/.test(v) ? undefined : 'must be HH:MM (UTC), e.g. 08:00'),
  }),
  /** Weekly summaries: the day the week ends. */
  day: schema.oneOf(
    [
      schema.literal('monday'),
      schema.literal('tuesday'),
      schema.literal('wednesday'),
      schema.literal('thursday'),
      schema.literal('friday'),
      schema.literal('saturday'),
      schema.literal('sunday'),
    ],
    { defaultValue: 'monday' },
  ),
  /** How many users the summary lists, most alerts first. */
  topUsers: schema.number({ min: 1, max: 50, defaultValue: 10 }),
});

export type SummaryConfig = TypeOf<typeof summarySchema>;

export interface SummaryPeriod {
  frequency: SummaryConfig['frequency'];
  /** Inclusive, ms. */
  start: number;
  /** Exclusive, ms: the moment the summary became due. */
  end: number;
}

/** The last period that ended at or before `now`. */
export function lastEndedPeriod(config: Pick<SummaryConfig, 'frequency' | 'time' | 'day'>, now: number): SummaryPeriod {
  const d = new Date(now);
  const [hours, minutes] = config.time.split(':').map(Number);
  let end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hours, minutes);
  if (end > now) end -= DAY_MS;
  if (config.frequency === 'daily') return { frequency: 'daily', start: end - DAY_MS, end };
  // Back to the last `day` at `time` (UTC has no daylight saving: a day is always 24 h).
  end -= ((new Date(end).getUTCDay() - WEEKDAYS.indexOf(config.day) + 7) % 7) * DAY_MS;
  return { frequency: 'weekly', start: end - 7 * DAY_MS, end };
}

/** The summary's id in the delivery log, `summary:<frequency>:<end ISO>` (the channel's name is prefixed). */
export const summaryKey = (period: SummaryPeriod): string =>
  `summary:${period.frequency}:${new Date(period.end).toISOString()}`;

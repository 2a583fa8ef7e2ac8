/**
 * The provider's budget arithmetic, kept free of Elasticsearch so it can be followed over a simulated day: one counter
 * document per provider (ReputationStore.claim stores it with optimistic concurrency, so every node of a space shares
 * it) counting requests per minute and per UTC day, and of them those for domains short of the evidence the whole
 * budget asks for (common/web_config.ts `minAddresses`, `uncorroboratedShare`).
 */
import { MAX_DATE_MS } from '../../../../common/alert_document';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A finite number, or undefined (stored documents are read as hostile: hand-edited or from another version). */
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A stored time a Date can hold: the detector and the referrer table write it with toISOString, which throws past it. */
export const storedTime = (v: unknown): number | undefined => {
  const n = num(v);
  return n !== undefined && Math.abs(n) <= MAX_DATE_MS ? n : undefined;
};

export interface QuotaLimits {
  perMinute: number;
  perDay: number;
  /** The share of both that uncorroborated domains may spend (common/web_config.ts `uncorroboratedShare`); 1 if absent. */
  uncorroboratedShare?: number;
}

export interface QuotaDoc {
  kind: 'quota';
  provider: string;
  minute: number;
  minute_count: number;
  day: number;
  day_count: number;
  /** Of the counts, lookups of domains short of the evidence the whole budget asks for (`minAddresses`). */
  minute_uncorroborated?: number;
  day_uncorroborated?: number;
  /** Distinct minutes of `day` in which the provider answered 429 although our own count left room. */
  day_refusals?: number;
  refused_minute?: number;
}

/**
 * What uncorroborated domains may spend: the minute's share rounded up (a key allowed one a minute can still ask about
 * a one-off now and then), the day's rounded down (the share is a ceiling: the rest of the day is kept).
 */
export function uncorroboratedLimits(limits: QuotaLimits): { perMinute: number; perDay: number } {
  const share = Math.min(1, Math.max(0, limits.uncorroboratedShare ?? 1));
  return { perMinute: Math.ceil(limits.perMinute * share), perDay: Math.floor(limits.perDay * share) };
}

/**
 * What lookups that no referral asks for now (domains still waiting from earlier passes, service.ts `sweep`) may leave
 * the day's count at: the day's budget spread evenly over the UTC day, up to `now`. They take only what the passes'
 * own lookups left, and this keeps them from taking it all in the morning: a new referrer in the evening still finds
 * the rest of the day's budget.
 */
export function pacedDayLimit(limits: QuotaLimits, now: number): number {
  const dayStart = Math.floor(now / DAY) * DAY;
  return Math.floor((limits.perDay * (now - dayStart)) / DAY);
}

/**
 * The counter document after one claim at `now`, or undefined when the budget is spent (for this kind of domain).
 * `exhaust`: the provider answered 429: this minute is marked spent for every node. VirusTotal answers the same 429
 * `QuotaExceededError` whether the minute's or the day's quota is spent, and our own counter keeps within the
 * minute's; so a second refusal in another minute of the same UTC day means the day's quota is gone (another consumer
 * of the key, or a smaller quota than configured): the day is marked spent too, instead of asking again every minute
 * until midnight. `paced`: the claim is refused once the day's count reaches pacedDayLimit.
 */
export function nextQuota(
  provider: string,
  stored: QuotaDoc | undefined,
  limits: QuotaLimits,
  now: number,
  options: { exhaust?: boolean; uncorroborated?: boolean; paced?: boolean } = {},
): QuotaDoc | undefined {
  const minute = Math.floor(now / MINUTE);
  const day = Math.floor(now / DAY);
  const sameMinute = stored !== undefined && stored.minute === minute;
  const sameDay = stored !== undefined && stored.day === day;
  const doc: QuotaDoc = {
    kind: 'quota',
    provider,
    minute,
    day,
    minute_count: sameMinute ? (num(stored.minute_count) ?? 0) : 0,
    day_count: sameDay ? (num(stored.day_count) ?? 0) : 0,
    minute_uncorroborated: sameMinute ? (num(stored.minute_uncorroborated) ?? 0) : 0,
    day_uncorroborated: sameDay ? (num(stored.day_uncorroborated) ?? 0) : 0,
  };
  if (options.exhaust) {
    doc.minute_count = Math.max(doc.minute_count, limits.perMinute);
    const before = sameDay ? (num(stored.day_refusals) ?? 0) : 0;
    const refusedThisMinute = sameDay && stored.refused_minute === minute;
    doc.day_refusals = refusedThisMinute ? before : before + 1;
    doc.refused_minute = minute;
    if (doc.day_refusals >= 2) doc.day_count = Math.max(doc.day_count, limits.perDay);
    return doc;
  }
  if (sameDay) {
    const refusals = num(stored.day_refusals);
    if (refusals !== undefined) doc.day_refusals = refusals;
    if (num(stored.refused_minute) !== undefined) doc.refused_minute = stored.refused_minute;
  }
  if (doc.minute_count >= limits.perMinute || doc.day_count >= limits.perDay) return undefined;
  if (options.paced && doc.day_count >= pacedDayLimit(limits, now)) return undefined;
  if (options.uncorroborated) {
    const share = uncorroboratedLimits(limits);
    const [inMinute, inDay] = [doc.minute_uncorroborated ?? 0, doc.day_uncorroborated ?? 0];
    if (inMinute >= share.perMinute || inDay >= share.perDay) return undefined;
    doc.minute_uncorroborated = inMinute + 1;
    doc.day_uncorroborated = inDay + 1;
  }
  doc.minute_count++;
  doc.day_count++;
  return doc;
}

/**
 * Everything one detection pass needs to know, in plain values (milliseconds, numbers): built from the plugin config
 * by the task and from the config file/flags by `buffalogs run`, so both run the same pass.
 */
import type { DetectionConfig } from '../detection';
import type { EventTypeRule } from '../events';
import type { IdentityConfig } from '../sources';
import type { RetryPolicy } from '../storage';

export interface PassSettings {
  /** Kibana space whose indices receive alerts and state. */
  space: string;
  /** Source index patterns. */
  indices: string[];
  /** Extra Query DSL ANDed to the login query (already validated). */
  extraQuery?: Record<string, unknown>;
  eventType: EventTypeRule;
  /** Per-source domains, the user map and service accounts (server/sources/identity.ts); default: built-in list. */
  identity?: IdentityConfig;
  /** Windows end this long before now, so events that arrive late are still inside a window not yet judged. */
  lagMs: number;
  /** First run: how far back the first window starts. */
  lookbackMs: number;
  /** Longest window; a backlog is worked through in windows of this size, each checkpointed when done. */
  maxWindowMs: number;
  /** At most this many users are judged together. */
  usersPerBatch: number;
  /**
   * A batch closes before its users' logins in the window exceed this (counted when users are listed): memory is
   * bounded by it, at about 240 bytes a login when a user's logins repeat their source and browser, up to ~1 KB when
   * every login differs (two batches at most are in memory: one read while the other is judged). Bigger is not
   * faster: 1M logins of 10,000 users (`npm run bench:pass`) took 26.7 s in batches of 500,000, 21.2 s of 250,000,
   * 18.2–19.2 s of 100,000 and 18.8 s of 50,000 — a smaller live heap makes Node's garbage collection cheaper and the
   * last batch's commit, which nothing overlaps, shorter. (Reading a batch's documents scattered through the index
   * costs Elasticsearch more than a sequential scan, but that is paid once a window has two batches, whatever their
   * number.)
   */
  eventsPerBatch: number;
  /** Hits per search page, and buckets per user-listing page. */
  pageSize: number;
  /**
   * Slices of the point in time read side by side for each batch. Elasticsearch fetches one search's hits on one
   * thread per shard; with two slices the 1M-login pass of `npm run bench:pass` (one shard, 2 cores) read in 28–30 s
   * instead of 35 s. Each slice holds one page in flight, so memory grows by a page per slice.
   */
  readSlices: number;
  partition: number;
  partitions: number;
  /** The detection settings (kibana.yml / --config); settings saved through the API override them when the pass is given `savedSettings`. */
  detection: DetectionConfig;
  retry: RetryPolicy;
  /** How long a point in time survives between two searches. */
  pitKeepAlive: string;
}

/** ECS authentication logs usually land in these (Elastic Agent / Filebeat / Winlogbeat). */
export const DEFAULT_SOURCE_INDICES = ['logs-*', 'filebeat-*', 'winlogbeat-*'];

export const PASS_DEFAULTS = {
  space: 'default',
  eventType: 'start_or_absent' as EventTypeRule,
  lagMs: 2 * 60_000,
  lookbackMs: 7 * 24 * 3_600_000,
  maxWindowMs: 24 * 3_600_000,
  usersPerBatch: 10_000,
  eventsPerBatch: 100_000,
  pageSize: 5_000,
  readSlices: 2,
  partition: 0,
  partitions: 1,
  pitKeepAlive: '5m',
};

/**
 * One detection pass: window → users → their logins → detect → write, through injected client, logger, clock,
 * enricher and abort signal, so the Kibana task, `buffalogs run` and the tests run exactly this code.
 *
 * Durability order, per batch: alerts (bulk create, deterministic ids) → user states → checkpoint cursor. Each step
 * starts only once the previous one is acknowledged, so an interruption anywhere leaves the checkpoint at or before
 * the last durable batch; redoing a batch then finds its alerts already stored (409) and, if its states were written,
 * the core recognises the logins it has already seen. Nothing is lost (BuffaLogs marked a window done before judging
 * it, spec §6.2) and nothing is written twice.
 */
import { detect, type LoginEvent, type UserState } from '../detection';
import type { Enricher } from '../enrichment';
import {
  loginQuery,
  normaliseUserName,
  ownedUsers,
  spellingCandidates,
  type SpellingCandidates,
  partitionOf,
  PointInTime,
  readBatchEvents,
  windowRange,
  windowUserNames,
  type BatchEvents,
  type Query,
} from '../ingest';
import {
  bulkWrite,
  checkpointBulkDoc,
  earliestCompleted,
  installIndices,
  loadStates,
  pluginIndices,
  readCheckpoint,
  throwIfAborted,
  writeAlerts,
  writeStates,
  type Checkpoint,
  type EsClient,
  type LoadedStates,
} from '../storage';
import { reapplyTeaching, taughtLists, type TaughtLists } from '../triage/teach_baseline';
import { savedDetectionConfig, type SavedSettingsSource } from './detection_runtime';
import type { PassSettings } from './pass_settings';
import { emptyPassResult, type PassResult } from './pass_result';
import { checkPrivileges } from './privileges';

export interface PassLogger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export interface BatchDone {
  window: { from: number; to: number };
  lastUser: string;
  users: number;
}

export interface PassDeps {
  client: EsClient;
  logger: PassLogger;
  /** Wall clock, epoch ms; read once per pass. */
  now: () => number;
  enricher: Enricher;
  signal?: AbortSignal;
  /**
   * Where settings saved through the API come from (the task's and `buffalogs run`'s runtime): when given, they
   * override `settings.detection` for this pass (invalid ones are ignored with a warning). Absent: `settings.detection`.
   */
  savedSettings?: SavedSettingsSource;
  /** Called once a batch is durable (tests interrupt here). */
  onBatchDone?: (batch: BatchDone) => void | Promise<void>;
}

interface BatchRead {
  names: string[];
  users: string[];
  events: BatchEvents;
  loaded: LoadedStates;
  readMs: number;
}

/** An explicit window (`buffalogs run --from/--to`): judged without reading or moving the checkpoint. */
export interface ExplicitWindow {
  from?: number;
  to?: number;
}

export async function runDetectionPass(
  settings: PassSettings,
  deps: PassDeps,
  explicit?: ExplicitWindow,
): Promise<PassResult> {
  const { client, signal } = deps;
  const now = deps.now();
  // Timings measure this process, not the injected wall clock (which tests and --now freeze).
  const startedAt = performance.now();
  const elapsed = (): number => Math.round(performance.now() - startedAt);
  const result = emptyPassResult();
  await checkPrivileges(client, settings, signal);
  await installIndices(client, settings.space, { signal });
  // Read per pass, so a change saved through the settings API applies from the next run on.
  const detection = deps.savedSettings
    ? await savedDetectionConfig(client, settings.space, deps.savedSettings, deps.logger)
    : settings.detection;
  const indices = pluginIndices(settings.space);
  const end = explicit?.to ?? now - settings.lagMs;

  if (explicit && (explicit.from !== undefined || explicit.to !== undefined)) {
    const window = { from: explicit.from ?? end - settings.lookbackMs, to: end };
    if (window.from < window.to) await judgeWindow(window, undefined);
    result.timings.totalMs = elapsed();
    return result;
  }

  let checkpoint: Checkpoint = (await readCheckpoint(
    client,
    indices.checkpoints,
    settings.partition,
    settings.partitions,
    signal,
  )) ?? { partition: settings.partition, partitions: settings.partitions };
  if (checkpoint.completedTo === undefined && !checkpoint.current) {
    checkpoint.completedTo =
      (await earliestCompleted(client, indices.checkpoints, signal)) ?? end - settings.lookbackMs;
  }
  for (;;) {
    throwIfAborted(signal);
    const from = checkpoint.completedTo ?? end - settings.lookbackMs;
    const window =
      checkpoint.current ?? (from < end ? { from, to: Math.min(from + settings.maxWindowMs, end) } : undefined);
    if (!window) break;
    checkpoint.current = {
      from: window.from,
      to: window.to,
      ...(checkpoint.current?.afterUser !== undefined ? { afterUser: checkpoint.current.afterUser } : {}),
    };
    await judgeWindow(window, checkpoint);
    checkpoint = { partition: settings.partition, partitions: settings.partitions, completedTo: window.to };
    await bulkWrite(client, [checkpointBulkDoc(indices.checkpoints, checkpoint, now)], settings.retry, signal);
  }
  result.completedTo = checkpoint.completedTo;
  result.timings.totalMs = elapsed();
  return result;

  async function judgeWindow(window: { from: number; to: number }, progress: Checkpoint | undefined): Promise<void> {
    result.windows.push(window);
    const windowQuery = loginQuery({ ...window, eventType: settings.eventType, extraQuery: settings.extraQuery });
    const pit = await PointInTime.open(client, settings.indices, settings.pitKeepAlive, windowRange(window), signal);
    // Two batches in flight: batch N+1 is read (Elasticsearch, parsing) while batch N is judged and written. Their
    // users are disjoint, so N+1's states can be loaded before N's are written; commits stay in order.
    let reading: Promise<BatchRead> | undefined;
    try {
      const candidates = await spellingCandidates(pit, windowQuery, { pageSize: settings.pageSize, signal });
      const next = async (names: string[], events: number): Promise<void> => {
        // Reads never overlap each other (they compete for the same cores); a read overlaps the previous commit.
        const previous = reading ? await reading : undefined;
        const read = readBatch(pit, windowQuery, names, events, candidates);
        read.catch(() => undefined); // awaited later; an abort must not surface as unhandled meanwhile
        reading = read;
        if (previous) await commitBatch(previous, window, progress);
      };
      let batch: string[] = [];
      let batchEvents = 0;
      const users = windowUserNames(pit, windowQuery, {
        pageSize: settings.pageSize,
        after: progress?.current?.afterUser,
        signal,
      });
      for await (const user of users) {
        if (partitionOf(normaliseUserName(user.name), settings.partitions) !== settings.partition) continue;
        // Cut before a user who would overflow the event budget (a user alone over budget is a batch of one).
        if (batch.length > 0 && batchEvents + user.events > settings.eventsPerBatch) {
          await next(batch, batchEvents);
          batch = [];
          batchEvents = 0;
        }
        batch.push(user.name);
        batchEvents += user.events;
        if (batch.length >= settings.usersPerBatch) {
          await next(batch, batchEvents);
          batch = [];
          batchEvents = 0;
        }
      }
      if (batch.length > 0) await next(batch, batchEvents);
      if (reading) await commitBatch(await reading, window, progress);
    } finally {
      await pit.close();
    }
  }

  /** `listed`: the batch's logins as the listing counted them, so a batch that fits in a page is read unsliced. */
  async function readBatch(
    pit: PointInTime,
    windowQuery: Query,
    names: string[],
    listed: number,
    candidates: SpellingCandidates,
  ): Promise<BatchRead> {
    const t0 = performance.now();
    const owned = await ownedUsers(pit, windowQuery, names, { pageSize: settings.pageSize, signal, candidates });
    const storedNames = [...owned.users.values()].flat();
    const users = [...owned.users.keys()];
    const events = storedNames.length
      ? await readBatchEvents(pit, windowQuery, storedNames, {
          pageSize: settings.pageSize,
          slices: Math.min(settings.readSlices, Math.ceil(listed / settings.pageSize)),
          eventType: settings.eventType,
          enricher: deps.enricher,
          signal,
        })
      : { events: [], hits: 0, pages: 0, rejected: {} };
    const loaded = await loadStates(client, indices.state, users, signal);
    return { names, users, events, loaded, readMs: performance.now() - t0 };
  }

  async function commitBatch(
    batch: BatchRead,
    window: { from: number; to: number },
    progress: Checkpoint | undefined,
  ): Promise<void> {
    throwIfAborted(signal);
    const { names, users, events: read, loaded } = batch;
    if (loaded.invalid.length) {
      deps.logger.warn(
        `stored state unusable for ${loaded.invalid.length} user(s) (e.g. "${loaded.invalid[0]}"); they start afresh`,
      );
    }
    const t1 = performance.now();
    // What marking safe may change, as read: if an analyst teaches a user between this read and our write, the
    // write meets a 409 and what was taught is merged into our result (detect updates the states in place).
    const taughtBefore = new Map<string, TaughtLists>();
    for (const [user, state] of loaded.states) taughtBefore.set(user, taughtLists(state));
    // A checkpointed window read again (an interrupted pass resumed, a new partition layout starting earlier): what a
    // user's stored state says it already holds is not judged twice, however many logins that was. Explicit
    // --from/--to windows judge everything they read: they are how logins indexed after their window are backfilled.
    const alreadyJudged = progress ? dropAlreadyJudged(read.events, loaded.states) : 0;
    const output = detect({
      events: read.events,
      states: loaded.states as ReadonlyMap<string, UserState>,
      config: detection,
      now,
      reuseStates: true,
    });
    if (progress)
      for (const state of output.states.values()) state.judgedTo = Math.max(state.judgedTo ?? -Infinity, window.to);
    // The logins are judged: let them go while the writes run and the next batch is read.
    const logins = read.events.length;
    read.events = [];
    const t2 = performance.now();
    const alerts = await writeAlerts(client, indices.alerts, output.alerts, settings.retry, signal, {
      index: indices.deadletter,
      window,
      partition: settings.partition,
      now,
    });
    if (alerts.deadLettered) {
      deps.logger.warn(
        `${alerts.deadLettered} alert(s) refused by Elasticsearch were kept in ${indices.deadletter}; detection goes on`,
      );
    }
    const merge = (computed: UserState, stored: UserState): UserState =>
      reapplyTeaching(computed, taughtBefore.get(computed.user), stored, detection.baseline);
    const states = await writeStates(
      client,
      indices.state,
      output.states,
      loaded.versions,
      merge,
      now,
      settings.retry,
      signal,
    );
    if (states.merged)
      deps.logger.info(`${states.merged} user state(s) changed while this batch was judged (marked safe); merged`);
    const lastUser = names[names.length - 1];
    if (progress?.current) {
      progress.current.afterUser = lastUser;
      await bulkWrite(client, [checkpointBulkDoc(indices.checkpoints, progress, now)], settings.retry, signal);
    }
    const t3 = performance.now();

    result.batches++;
    result.users += output.stats.users;
    result.hits += read.hits;
    result.events += logins;
    result.duplicates += output.stats.duplicates;
    result.skipped += output.stats.skipped;
    result.outOfOrder += output.stats.outOfOrder;
    result.alreadyJudged += alreadyJudged;
    for (const [code, n] of Object.entries(read.rejected)) {
      const key = code as keyof PassResult['rejected'];
      result.rejected[key] = (result.rejected[key] ?? 0) + (n ?? 0);
    }
    result.alertsCreated += alerts.written;
    result.alertsExisting += alerts.existing;
    result.deadLetters += alerts.deadLettered;
    result.reshapedAlerts += alerts.reshaped;
    result.statesWritten += states.written;
    result.invalidStates += loaded.invalid.length;
    result.retries += alerts.retries + states.retries;
    result.timings.readMs += Math.round(batch.readMs);
    result.timings.detectMs += Math.round(t2 - t1);
    result.timings.writeMs += Math.round(t3 - t2);
    deps.logger.debug(`batch up to "${lastUser}": ${users.length} users, ${logins} logins, ${alerts.written} alerts`);
    await deps.onBatchDone?.({ window, lastUser, users: users.length });
    throwIfAborted(signal);
  }
}

/** Removes (in place) the logins at or before their user's `judgedTo`; returns how many. */
function dropAlreadyJudged(events: LoginEvent[], states: ReadonlyMap<string, UserState>): number {
  let kept = 0;
  for (const event of events) {
    const judgedTo = states.get(event.user)?.judgedTo;
    if (judgedTo === undefined || event.timestamp > judgedTo) events[kept++] = event;
  }
  const dropped = events.length - kept;
  events.length = kept;
  return dropped;
}

/**
 * One detection pass of one family: window → entities → their events → detect → write, through injected client,
 * logger, clock and abort signal, so the Kibana task, `buffalogs run` and the tests run exactly this code for every
 * family. What is specific to a family (its query, how its entities are listed and read, its state, its detectors)
 * comes from its `FamilyPass` (server/families/family.ts).
 *
 * Durability order, per batch: alerts (bulk create, deterministic ids) → the family's other records (observations,
 * also created under deterministic ids) → entity states → what the family learned across entities → checkpoint
 * cursor. Each step
 * starts only once the previous one is acknowledged, so an interruption anywhere leaves the checkpoint at or before
 * the last durable batch; redoing a batch then finds its alerts already stored (409) and, if its states were written,
 * the core recognises the events it has already seen. Nothing is lost (BuffaLogs marked a window done before judging
 * it, spec §6.2) and nothing is written twice.
 */
import type { FamilyAlertDocument } from '../../common/alert_document';
import type { DetectionFamily, FamilyPass, LoadedStates, ReadEvents, Window } from '../families/family';
import { dispatched, partitionOf, PointInTime, windowRange, type Query } from '../ingest';
import { checkPrivileges } from '../pass/privileges';
import { emptyPassResult, PASS_STATS, type PassResult } from '../pass/pass_result';
import { nextWindow } from '../pass/pass_window';
import {
  bulkWrite,
  checkpointBulkDoc,
  earliestCompleted,
  installIndices,
  pluginIndices,
  readCheckpoint,
  throwIfAborted,
  writeAlerts,
  type AlertsWritten,
  type Checkpoint,
  type EsClient,
  type RetryPolicy,
  type StoredVersion,
} from '../storage';

/** How every family's pass reads and commits: windows, batches, partitions (one task instance's share). */
export interface RunnerSettings {
  /** Kibana space whose indices receive alerts and state. */
  space: string;
  /** Windows end this long before now, so events that arrive late are still inside a window not yet judged. */
  lagMs: number;
  /** First run: how far back the first window starts. */
  lookbackMs: number;
  /** Longest window; a backlog is worked through in windows of this size, each checkpointed when done. */
  maxWindowMs: number;
  /** At most this many entities (users, for the login pass) are judged together. */
  usersPerBatch: number;
  /**
   * A batch closes before its entities' events in the window exceed this (counted when entities are listed): memory
   * is bounded by it, at about 240 bytes a login when a user's logins repeat their source and browser, up to ~1 KB
   * when every login differs (two batches at most are in memory: one read while the other is judged). Bigger is not
   * faster: 1M logins of 10,000 users (`npm run bench:pass`) took 26.7 s in batches of 500,000, 21.2 s of 250,000,
   * 18.2–19.2 s of 100,000 and 18.8 s of 50,000 — a smaller live heap makes Node's garbage collection cheaper and the
   * last batch's commit, which nothing overlaps, shorter. (Reading a batch's documents scattered through the index
   * costs Elasticsearch more than a sequential scan, but that is paid once a window has two batches, whatever their
   * number.)
   */
  eventsPerBatch: number;
  /** Hits per search page, and buckets per listing page. */
  pageSize: number;
  /**
   * Slices of the point in time read side by side for each batch. Elasticsearch fetches one search's hits on one
   * thread per shard; with two slices the 1M-login pass of `npm run bench:pass` (one shard, 2 cores) read in 28–30 s
   * instead of 35 s. Each slice holds one page in flight, so memory grows by a page per slice.
   */
  readSlices: number;
  partition: number;
  partitions: number;
  retry: RetryPolicy;
  /** How long a point in time survives between two searches. */
  pitKeepAlive: string;
}

export interface PassLogger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export interface BatchDone {
  window: Window;
  /** The last entity of the batch, as stored (the checkpoint's cursor). */
  lastUser: string;
  users: number;
}

export interface RunnerDeps {
  client: EsClient;
  logger: PassLogger;
  /** Wall clock, epoch ms; read once per pass. */
  now: () => number;
  signal?: AbortSignal;
  /** Called once a batch is durable (tests interrupt here). */
  onBatchDone?: (batch: BatchDone) => void | Promise<void>;
}

/** An explicit window (`buffalogs run --from/--to`): judged without reading or moving the checkpoint. */
export interface ExplicitWindow {
  from?: number;
  to?: number;
}

interface BatchRead<E, L> {
  keys: string[];
  read: ReadEvents<E>;
  loaded: L;
  readMs: number;
}

export async function runFamilyPass<Settings, E, S, L extends LoadedStates<S>>(
  family: DetectionFamily<Settings, E, S, L>,
  settings: RunnerSettings,
  familySettings: Settings,
  sourceIndices: readonly string[],
  deps: RunnerDeps,
  explicit?: ExplicitWindow,
): Promise<PassResult> {
  const { client, signal } = deps;
  const now = deps.now();
  // Timings measure this process, not the injected wall clock (which tests and --now freeze).
  const startedAt = performance.now();
  const elapsed = (): number => Math.round(performance.now() - startedAt);
  const result = emptyPassResult();
  await checkPrivileges(client, { indices: sourceIndices, space: settings.space }, signal);
  await installIndices(client, settings.space, { signal });
  const pass = await family.open({
    client,
    space: settings.space,
    partition: settings.partition,
    partitions: settings.partitions,
    settings: familySettings,
    retry: settings.retry,
    logger: deps.logger,
    signal,
  });
  if (!pass) {
    result.timings.totalMs = elapsed();
    return result;
  }
  const indices = pluginIndices(settings.space);
  const checkpointId = family.checkpointId(settings.partition, settings.partitions);
  const end = explicit?.to ?? now - settings.lagMs;

  if (explicit && (explicit.from !== undefined || explicit.to !== undefined)) {
    const window = { from: explicit.from ?? end - settings.lookbackMs, to: end };
    if (window.from < window.to) await judgeWindow(pass, window, undefined);
    await finishPass(pass);
    result.timings.totalMs = elapsed();
    return result;
  }

  let checkpoint: Checkpoint = (await readCheckpoint(
    client,
    indices.checkpoints,
    settings.partition,
    settings.partitions,
    signal,
    checkpointId,
  )) ?? { partition: settings.partition, partitions: settings.partitions };
  if (checkpoint.completedTo === undefined && !checkpoint.current) {
    checkpoint.completedTo =
      (await earliestCompleted(client, indices.checkpoints, signal, checkpointId, settings.partitions)) ??
      end - settings.lookbackMs;
  }
  for (;;) {
    throwIfAborted(signal);
    const from = checkpoint.completedTo ?? end - settings.lookbackMs;
    const window = checkpoint.current ?? nextWindow(from, end, settings.maxWindowMs);
    if (!window) break;
    // A stored window that does not advance (a checkpoint written by hand, or by a version without this check) would
    // be judged and re-stored for ever.
    if (!(window.to > window.from))
      throw new Error(
        `the checkpoint's window is empty (${window.from} to ${window.to}); delete ${indices.checkpoints} to restart`,
      );
    checkpoint.current = {
      from: window.from,
      to: window.to,
      ...(checkpoint.current?.afterUser !== undefined ? { afterUser: checkpoint.current.afterUser } : {}),
    };
    await judgeWindow(pass, window, checkpoint);
    checkpoint = { partition: settings.partition, partitions: settings.partitions, completedTo: window.to };
    await bulkWrite(
      client,
      [checkpointBulkDoc(indices.checkpoints, checkpoint, now, checkpointId)],
      settings.retry,
      signal,
    );
  }
  await finishPass(pass);
  result.completedTo = checkpoint.completedTo;
  result.timings.totalMs = elapsed();
  return result;

  /** The family's work after its windows: alerts first, then what it learned (forgets), as a batch commits. */
  async function finishPass(pass: FamilyPass<E, S, L>): Promise<void> {
    if (!pass.finish) return;
    throwIfAborted(signal);
    const t0 = performance.now();
    const output = await pass.finish(now, signal);
    const alerts = await commitAlerts(output.alerts, {});
    await pass.saveLearned?.(now, signal);
    addFamilyCounts(output.stats);
    countAlerts(alerts);
    result.retries += alerts.retries;
    result.timings.writeMs += Math.round(performance.now() - t0);
  }

  /** Writes alerts (a batch's, or the pass's end's), keeping those Elasticsearch refuses as dead letters, and says so. */
  async function commitAlerts(
    docs: readonly FamilyAlertDocument[],
    options: { window?: Window; guards?: ReadonlyMap<string, StoredVersion> },
  ): Promise<AlertsWritten> {
    const alerts = await writeAlerts(client, indices.alerts, docs, settings.retry, signal, {
      index: indices.deadletter,
      partition: settings.partition,
      now,
      alertUpdate: family.alertUpdate,
      alertSignalIds: family.alertSignalIds,
      ...options,
    });
    if (alerts.deadLettered) {
      deps.logger.warn(
        `${alerts.deadLettered} alert(s) refused by Elasticsearch were kept in ${indices.deadletter}; detection goes on`,
      );
    }
    return alerts;
  }

  function countAlerts(alerts: AlertsWritten): void {
    result.deadLetters += alerts.deadLettered;
    result.reshapedAlerts += alerts.reshaped;
    result.alertsCreated += alerts.written - alerts.updated;
    result.alertsUpdated += alerts.updated;
    result.alertsExisting += alerts.existing;
  }

  function addFamilyCounts(stats: Record<string, number>): void {
    for (const [name, n] of Object.entries(stats))
      if (!PASS_STATS.has(name) && Number.isFinite(n))
        result.familyCounts[name] = (Object.hasOwn(result.familyCounts, name) ? result.familyCounts[name] : 0) + n;
  }

  async function judgeWindow(
    pass: FamilyPass<E, S, L>,
    window: Window,
    progress: Checkpoint | undefined,
  ): Promise<void> {
    result.windows.push(window);
    const windowQuery = pass.query(window);
    const { reader } = pass;
    const pit = await PointInTime.open(client, pass.indices, settings.pitKeepAlive, windowRange(window), signal);
    // Two batches in flight: batch N+1 is read (Elasticsearch, parsing) while batch N is judged and written. Their
    // entities are disjoint, so N+1's states can be loaded before N's are written; commits stay in order.
    let reading: Promise<BatchRead<E, L>> | undefined;
    try {
      await reader.prepare?.(pit, windowQuery, { pageSize: settings.pageSize, signal });
      const next = async (keys: string[], events: number): Promise<void> => {
        // Reads never overlap each other (they compete for the same cores); a read overlaps the previous commit.
        const previous = reading ? await reading : undefined;
        const read = readBatch(pass, pit, windowQuery, keys, events);
        read.catch(() => undefined); // awaited later; an abort must not surface as unhandled meanwhile
        reading = read;
        if (previous) {
          // The previous batch is judged synchronously: let this read's first requests reach Elasticsearch before,
          // so it serves their pages meanwhile instead of waiting out the judging (a third of a second a batch).
          await dispatched();
          await commitBatch(pass, previous, window, progress);
        }
      };
      let batch: string[] = [];
      let batchEvents = 0;
      const entities = reader.list(pit, windowQuery, {
        pageSize: settings.pageSize,
        after: progress?.current?.afterUser,
        signal,
      });
      for await (const entity of entities) {
        if (partitionOf(reader.normalise(entity.key), settings.partitions) !== settings.partition) continue;
        // Cut before an entity that would overflow the event budget (an entity alone over budget is a batch of one).
        if (batch.length > 0 && batchEvents + entity.events > settings.eventsPerBatch) {
          await next(batch, batchEvents);
          batch = [];
          batchEvents = 0;
        }
        batch.push(entity.key);
        batchEvents += entity.events;
        if (batch.length >= settings.usersPerBatch) {
          await next(batch, batchEvents);
          batch = [];
          batchEvents = 0;
        }
      }
      if (batch.length > 0) await next(batch, batchEvents);
      if (reading) await commitBatch(pass, await reading, window, progress);
    } finally {
      await pit.close();
    }
  }

  async function readBatch(
    pass: FamilyPass<E, S, L>,
    pit: PointInTime,
    windowQuery: Query,
    keys: string[],
    listed: number,
  ): Promise<BatchRead<E, L>> {
    const t0 = performance.now();
    const slices = Math.min(settings.readSlices, Math.ceil(listed / settings.pageSize));
    const read = await pass.reader.read(pit, windowQuery, keys, listed, {
      pageSize: settings.pageSize,
      slices,
      signal,
    });
    const [loaded] = await Promise.all([
      pass.states.load(read.entities, signal),
      pass.prepare?.(read.events, now, signal),
    ]);
    return { keys, read, loaded, readMs: performance.now() - t0 };
  }

  async function commitBatch(
    pass: FamilyPass<E, S, L>,
    batch: BatchRead<E, L>,
    window: Window,
    progress: Checkpoint | undefined,
  ): Promise<void> {
    throwIfAborted(signal);
    const { keys, read, loaded } = batch;
    if (loaded.invalid.length) {
      deps.logger.warn(
        `stored state unusable for ${loaded.invalid.length} ${family.entityName}(s) (e.g. "${loaded.invalid[0]}"); they start afresh`,
      );
    }
    const t1 = performance.now();
    const output = pass.detect(read.events, loaded, now, window, progress !== undefined);
    // The events are judged: let them go while the writes run and the next batch is read.
    const events = read.events.length;
    read.events = [];
    const t2 = performance.now();
    const alerts = await commitAlerts(output.alerts, { window, guards: output.alertGuards });
    let records = 0;
    if (output.records?.length && pass.recordsIndex) {
      const index = pass.recordsIndex;
      const docs = output.records.map((r) => ({ action: 'create' as const, index, id: r.id, doc: r.document }));
      records = (await bulkWrite(client, docs, settings.retry, signal)).written;
    }
    const states = await pass.states.write(output.states, loaded, now, signal);
    if (states.merged)
      deps.logger.info(`${states.merged} ${family.entityName} state(s) changed while this batch was judged; merged`);
    await pass.saveLearned?.(now, signal);
    const lastKey = keys[keys.length - 1];
    if (progress?.current) {
      progress.current.afterUser = lastKey;
      await bulkWrite(
        client,
        [checkpointBulkDoc(indices.checkpoints, progress, now, checkpointId)],
        settings.retry,
        signal,
      );
    }
    const t3 = performance.now();

    result.batches++;
    result.users += output.stats.entities;
    result.hits += read.hits;
    result.events += events;
    for (const [code, n] of Object.entries(read.rejected)) {
      const key = code as keyof PassResult['rejected'];
      result.rejected[key] = (result.rejected[key] ?? 0) + n;
    }
    // What the family dropped or skipped, by cause (every family reports what applies to it).
    result.duplicates += output.stats.duplicates ?? 0;
    result.skipped += output.stats.skipped ?? 0;
    result.outOfOrder += output.stats.outOfOrder ?? 0;
    result.alreadyJudged += output.stats.alreadyJudged ?? 0;
    addFamilyCounts(output.stats);
    countAlerts(alerts);
    result.recordsCreated += records;
    result.statesWritten += states.written;
    result.invalidStates += loaded.invalid.length;
    result.retries += alerts.retries + states.retries;
    result.timings.readMs += Math.round(batch.readMs);
    result.timings.detectMs += Math.round(t2 - t1);
    result.timings.writeMs += Math.round(t3 - t2);
    deps.logger.debug(
      `batch up to "${lastKey}": ${read.entities.length} ${family.entityName}s, ${events} events, ${alerts.written} alerts`,
    );
    await deps.onBatchDone?.({ window, lastUser: lastKey, users: read.entities.length });
    throwIfAborted(signal);
  }
}

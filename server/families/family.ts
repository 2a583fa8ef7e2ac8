/**
 * What a detection family is: the kind of events it reads, the entity it keys them by, the state it keeps per entity
 * and the detectors that turn one batch of entities' events into alerts. The generic runner (server/runner/) owns
 * everything else — windows and lag, the point in time and its slices, listing entities in key order, partitions,
 * batches, the durability order (alerts, then states, then checkpoint) and exactly-once ids — so every family gets
 * those guarantees without repeating them.
 *
 * The shape follows Kibana's alerting rule-type registry (a rule type is a plain object the framework registers one
 * Task Manager task type for) and Elastic's detection engine (a shared wrapper owns time ranges and bulk writes, the
 * type's executor only judges); see ../shared/reference/architecture-notes.md. A family is one folder
 * `server/families/<id>/`; the registry (`./index.ts`) lists them, and the task and the CLI iterate it.
 *
 * Everything here is types: a family's detection core stays pure (events and state in, alerts and state out).
 */
import type { FamilyAlertDocument } from '../../common/alert_document';
import type { Type } from '@kbn/config-schema';
import type { PointInTime, Query } from '../ingest';
import type { AlertSignalIds, AlertUpdate, EsClient, RetryPolicy, StoredVersion } from '../storage';

/** Event time, epoch ms: `(from, to]` as the checkpoints record it. */
export interface Window {
  from: number;
  to: number;
}

/** One entity with events in a window, as the listing found it: its key as stored and how many events it has there. */
export interface ListedEntity {
  key: string;
  events: number;
}

/** One batch's events, read and normalised. */
export interface ReadEvents<E> {
  /** The batch's entities, by normalised key (the key the core judges under and partitions hash). */
  entities: string[];
  events: E[];
  hits: number;
  /** Hits the family's normaliser refused, by reason. */
  rejected: Record<string, number>;
}

export interface ListOptions {
  pageSize: number;
  /** Resume after this stored key (the checkpoint's last completed entity). */
  after?: string;
  signal?: AbortSignal;
}

export interface ReadOptions {
  pageSize: number;
  /** Point-in-time slices read side by side. */
  slices: number;
  signal?: AbortSignal;
}

/**
 * How a family finds its events: lists the window's entities in stored key order (so an interrupted window resumes
 * after the last durable one) and reads one batch of them. A family keyed by a plain field uses `keyedReader`
 * (server/runner/keyed_reader.ts); the login family adds spelling variants of user names.
 */
export interface EntityReader<E> {
  /** The ECS field entities are keyed by (`user.name`, `source.ip`, …): shown in alerts as `buffalogs.entity.field`. */
  field: string;
  /** The normalised key of a stored one: what the core judges under, partitions hash and states are stored by. */
  normalise(stored: string): string;
  /** Called once per window before listing (e.g. to learn which keys have several spellings). */
  prepare?(pit: PointInTime, query: Query, options: ListOptions): Promise<void>;
  list(pit: PointInTime, query: Query, options: ListOptions): AsyncIterable<ListedEntity>;
  /** `listed`: the batch's events as the listing counted them (a batch that fits in a page is read unsliced). */
  read(
    pit: PointInTime,
    query: Query,
    storedKeys: readonly string[],
    listed: number,
    options: ReadOptions,
  ): Promise<ReadEvents<E>>;
}

/** A batch's stored states, as loaded: opaque to the runner, handed back when the new states are written. */
export interface LoadedStates<S> {
  states: Map<string, S>;
  /** Entities whose stored state this version cannot use (they start afresh; the pass reports them). */
  invalid: string[];
}

export interface StatesWritten {
  written: number;
  retries: number;
  /** Writes that met a concurrent change (e.g. an analyst marking an alert safe) and were merged. */
  merged: number;
}

/**
 * Where a family keeps its per-entity state for one space. Writes are guarded by the versions read at load time;
 * the store's merge rule folds a concurrent writer's change into the computed state.
 */
export interface StateStore<S, L extends LoadedStates<S> = LoadedStates<S>> {
  index: string;
  load(keys: readonly string[], signal?: AbortSignal): Promise<L>;
  write(states: ReadonlyMap<string, S>, loaded: L, now: number, signal?: AbortSignal): Promise<StatesWritten>;
}

export interface DetectOutput<S> {
  alerts: FamilyAlertDocument[];
  /** Every judged entity's new state. */
  states: Map<string, S>;
  /** Counters the pass adds up and reports (entities judged, duplicates, skipped…). */
  stats: { entities: number } & Record<string, number>;
  /**
   * Documents of the batch that are not alerts (the login family's observations), for `FamilyPass.recordsIndex`:
   * created with these deterministic ids right after the alerts and before the states, so a batch redone after an
   * interruption finds them stored rather than losing them (its states would no longer judge those events again).
   */
  records?: Array<{ id: string; document: unknown }>;
  /**
   * Alerts that may be stored already and are rewritten in part (the login family's incidents), with the version
   * read when the batch was loaded: written only over that version (server/storage/alerts_writer.ts).
   */
  alertGuards?: ReadonlyMap<string, StoredVersion>;
}

/** One family's work for one pass, with its settings resolved (settings saved through the API apply per pass). */
export interface FamilyPass<E, S, L extends LoadedStates<S> = LoadedStates<S>> {
  /** Source indices to read. */
  indices: string[];
  /** The family's events in a window. */
  query(window: Window): Query;
  reader: EntityReader<E>;
  states: StateStore<S, L>;
  /**
   * Asynchronous lookups a batch needs before its pure core judges it (the web family's domain reputation): called
   * with each batch's events as soon as they are read, beside the states' load, so the core stays free of I/O.
   */
  prepare?(events: readonly E[], now: number, signal?: AbortSignal): Promise<void>;
  /**
   * The pure core: a batch of entities' events and their states in, alerts and new states out. `window`: the window
   * being judged — every event up to `window.to` is in it, so a family whose verdict depends on what did *not* happen
   * (the sequence family's `none` rules) may decide windows that end at or before it. `checkpointed`: the window is
   * the task's (read again only after an interruption or a partition change, so what a state says it has judged up to
   * `window.to` may be skipped); false for an explicit `--from/--to` backfill, which judges everything it reads.
   */
  detect(events: E[], loaded: L, now: number, window: Window, checkpointed: boolean): DetectOutput<S>;
  /** Where `DetectOutput.records` go. */
  recordsIndex?: string;
  /**
   * Saves what the family learned across entities in the batch (the login family's population context): called after
   * the states are written and before the checkpoint moves, so what is saved never runs ahead of the states.
   */
  saveLearned?(now: number, signal?: AbortSignal): Promise<void>;
  /**
   * Work once the pass's windows are judged, with what its batches left (the web family spends the lookup budget they
   * did not on referrer domains still waiting for one, which may never refer again): its alerts are written as a
   * batch's are, then `saveLearned` runs. Called when the pass has nothing to judge too; not after an interruption.
   */
  finish?(now: number, signal?: AbortSignal): Promise<{ alerts: FamilyAlertDocument[]; stats: Record<string, number> }>;
}

/** What the runner hands a family to open a pass. */
export interface PassContext<Settings> {
  client: EsClient;
  space: string;
  /** This pass's share of the entities (what it learns across entities is saved per partition). */
  partition: number;
  partitions: number;
  /** The family's own settings (from kibana.yml or the CLI). */
  settings: Settings;
  retry: RetryPolicy;
  logger: { info(message: string): void; warn(message: string): void; debug(message: string): void };
  signal?: AbortSignal;
}

/** What every family's settings may build on: the plugin's source indices and detection profile. */
export interface SharedFamilyConfig {
  /** `buffalogs.indices`: where the ECS authentication events are. */
  indices: string[];
  profile: 'default' | 'buffalogs';
}

/** An example the conformance test runs for every family: events through the pure core, the rule ids expected. */
export interface FamilyExample {
  name: string;
  /** ECS documents, as the source indices hold them. */
  documents: Array<Record<string, unknown>>;
  /** `rule.id` of each alert the documents must raise, in order. */
  expect: string[];
}

export interface DetectionFamily<
  Settings = unknown,
  E = unknown,
  S = unknown,
  L extends LoadedStates<S> = LoadedStates<S>,
> {
  /** Stable id: `buffalogs.family` on its alerts, part of its task type and checkpoint ids. */
  id: string;
  title: string;
  /** What one entity is, for messages: `user`, `source`, … */
  entityName: string;
  /** What one event it reads is, for one and for several (the app's detection status: "3 logins rejected"). */
  eventName: readonly [string, string];
  /**
   * What its normaliser's rejection codes mean, in words (the app's detection status says why events were not
   * judged); a code not listed is shown as it is.
   */
  rejections?: Readonly<Record<string, string>>;
  /** The Task Manager task type that runs it (one per family: one family's failure or time-out never stops another). */
  taskType: string;
  /** The checkpoint document of one partition (in `buffalogs-checkpoints-<space>`). */
  checkpointId(partition: number, partitions: number): string;
  /**
   * Its section of kibana.yml, `buffalogs.<id>` (server/config.ts adds every family's): all keys optional, so a user
   * who configures nothing gets the family's defaults. Absent: the family has no kibana.yml settings.
   */
  configSchema?: Type<unknown>;
  /**
   * Its settings for the background task and `buffalogs run`, from its validated kibana.yml section (undefined when
   * unset) and what every family shares. Undefined: the family does not run (e.g. no web log indices exist).
   * The login family's settings come from the plugin's historical top-level keys instead (server/task/).
   */
  settingsFrom?(section: unknown, shared: SharedFamilyConfig): Settings | undefined;
  /** The indices its passes read, for the privilege check before a pass (default: the plugin's `buffalogs.indices`). */
  sourceIndices?(settings: Settings): string[];
  /** Its work for one pass; undefined when the family has nothing to do (e.g. no source indices configured). */
  open(context: PassContext<Settings>): Promise<FamilyPass<E, S, L> | undefined>;
  /**
   * Which of its alerts it raises again as they grow (an incident, an attack followed) and what of them it then
   * rewrites, as a partial update of the stored alert (server/storage/alerts_writer.ts). Absent: every alert is
   * written once, and raised again it is found already stored.
   */
  alertUpdate?: AlertUpdate;
  /**
   * The detector ids each of its alerts stands for besides its rule, read from its own evidence, which the pass writes
   * as `buffalogs.signal_ids` (server/storage/alerts_writer.ts): the login family's verdict, one `suspicious_login`
   * alert per login, is found by its signals (`impossible_travel`, `new_device`, …) by the alerts list's detector
   * filter, the notifications' and the map. Absent: its alerts have none.
   */
  alertSignalIds?: AlertSignalIds;
  /**
   * The pure core alone, for the conformance test and offline replay: documents in (any order), alerts out, no
   * Elasticsearch. It must give the alerts a pass over the same documents gives.
   */
  replay(documents: ReadonlyArray<Record<string, unknown>>, settings: Settings, now: number): FamilyAlertDocument[];
  /** Settings for `replay` with nothing configured (the examples run with them). */
  exampleSettings(): Settings;
  examples: FamilyExample[];
}

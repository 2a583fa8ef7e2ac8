/**
 * Shared set-up of the tests that run a detection family through the generic runner (server/runner/family_pass.ts):
 * runner settings with small batches and pages (so a few dozen entities make many batches and listing pages), quiet
 * deps with a frozen clock, the ECS authentication source the credential tests read, the clean-up of each space, and
 * `familySuite`: the suite that runs one family's passes (one, partitioned, crashed and resumed) and reads its alerts.
 */
import type { Client } from '@elastic/elasticsearch';
import type { DetectionFamily, LoadedStates } from '../../../server/families/family';
import type { PassResult } from '../../../server/pass';
import {
  runFamilyPass,
  type ExplicitWindow,
  type PassLogger,
  type RunnerDeps,
  type RunnerSettings,
} from '../../../server/runner/family_pass';
import { familyStateIndex, pluginIndices, stateDocId } from '../../../server/storage';
import { deleteIndices, esClient } from '../../helpers/es';
import { uniqueSpace } from './detection_pass';

export function runnerSettings(space: string, overrides: Partial<RunnerSettings> = {}): RunnerSettings {
  return {
    space,
    lagMs: 60_000,
    lookbackMs: 24 * 3_600_000,
    maxWindowMs: 24 * 3_600_000,
    usersPerBatch: 2,
    eventsPerBatch: 1000,
    pageSize: 7,
    readSlices: 2,
    partition: 0,
    partitions: 1,
    retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 },
    pitKeepAlive: '1m',
    ...overrides,
  };
}

export const quietLogger: PassLogger = { info: () => {}, warn: () => {}, debug: () => {} };

export function runnerDeps(client: Client, now: number): RunnerDeps {
  return { client, logger: quietLogger, now: () => now };
}

/** Creates `index` with the ECS authentication fields mapped as the families query them, holding `documents`. */
export async function createAuthSource(client: Client, index: string, documents: object[]): Promise<void> {
  await client.indices.create({
    index,
    mappings: {
      properties: {
        '@timestamp': { type: 'date' },
        event: {
          properties: { id: { type: 'keyword' }, outcome: { type: 'keyword' }, category: { type: 'keyword' } },
        },
        source: { properties: { ip: { type: 'ip' } } },
        user: { properties: { name: { type: 'keyword' } } },
      },
    },
  });
  await client.bulk({ refresh: true, operations: documents.flatMap((d) => [{ index: { _index: index } }, d]) });
}

/** Deletes what passes of `family` stored in each space: the plugin's indices and the family's state index. */
export async function deleteFamilySpaces(client: Client, family: string, spaces: readonly string[]): Promise<void> {
  for (const space of spaces)
    await deleteIndices(client, ...Object.values(pluginIndices(space)), familyStateIndex(family, space));
}

/** The state `family` stored for `key` in `space` (refreshed first), undefined when there is none. */
export async function storedFamilyState<S>(
  client: Client,
  family: string,
  space: string,
  key: string,
): Promise<S | undefined> {
  const index = familyStateIndex(family, space);
  await client.indices.refresh({ index });
  const doc = await client.get<{ state: S }>({ index, id: stateDocId(key) }, { ignore: [404] });
  return doc.found ? doc._source!.state : undefined;
}

/** Rewrites the state `family` stored for `key` in `space` as `edit` returns it: a hand edit of the state index. */
export async function editFamilyState<S>(
  client: Client,
  family: string,
  space: string,
  key: string,
  edit: (state: S) => S,
): Promise<void> {
  const index = familyStateIndex(family, space);
  await client.indices.refresh({ index });
  const doc = await client.get<{ state: S }>({ index, id: stateDocId(key) });
  await client.index({
    index,
    id: doc._id,
    document: { ...doc._source, state: edit(doc._source!.state) },
    refresh: true,
  });
}

/**
 * `client` as a pass sees it, except that right before its first bulk write to the state index of `family` in `space`
 * the state stored for `key` is rewritten as `edit` returns it (editFamilyState): a hand edit landing between the
 * pass's read and its write, so the write meets a 409 and the store merges the edited state into the computed one.
 * `edited()` says whether it happened.
 */
export function editedBeforeStateWrite<S>(
  client: Client,
  family: string,
  space: string,
  key: string,
  edit: (state: S) => S,
): { client: Client; edited: () => boolean } {
  const index = familyStateIndex(family, space);
  let edited = false;
  const proxy = new Proxy(client, {
    get(target, prop) {
      if (prop === 'bulk') {
        return async (params: { operations: Array<Record<string, { _index?: string }>> }, options?: unknown) => {
          const first = params.operations[0];
          if (!edited && Object.values(first)[0]?._index === index) {
            edited = true;
            await editFamilyState(target, family, space, key, edit);
          }
          return target.bulk(params as never, options as never);
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { client: proxy, edited: () => edited };
}

/** `deps` whose pass throws `crash` as soon as its `stopAfter`-th batch is durable: a crash between two batches. */
export function crashingAfter(deps: RunnerDeps, stopAfter: number, crash: Error): RunnerDeps {
  let batches = 0;
  return {
    ...deps,
    onBatchDone: () => {
      if (++batches === stopAfter) throw crash;
    },
  };
}

/** An ECS authentication event as the credential families read it: `outcome` of `user`'s login from `ip`. */
export function authEvent(timestamp: string, ip: string, user: string, outcome: 'success' | 'failure', id: string) {
  return {
    '@timestamp': timestamp,
    event: { id, category: ['authentication'], type: ['start'], outcome },
    source: { ip },
    user: { name: user },
  };
}

/** What a test compares of one stored alert of a family pass. */
export interface StoredFamilyAlert {
  id: string;
  family: string;
  rule: string;
  severity: string;
  entity: { field: string; value: string };
  /** The source document's `_id`. */
  trigger: string;
  /** The attack alert a compromised account links to. */
  attack?: string;
}

/** Every alert stored in `space`, by id. */
export async function storedFamilyAlerts(client: Client, space: string): Promise<StoredFamilyAlert[]> {
  const index = pluginIndices(space).alerts;
  await client.indices.refresh({ index });
  const response = await client.search<{
    rule: { id: string };
    buffalogs: {
      family: string;
      severity: string;
      entity: { field: string; value: string };
      trigger: { event_id: string };
      evidence?: { attack?: { alert_id: string } };
    };
  }>({ index, size: 1000 });
  return response.hits.hits
    .map((h) => {
      const b = h._source!.buffalogs;
      return {
        id: h._id!,
        family: b.family,
        rule: h._source!.rule.id,
        severity: b.severity,
        entity: b.entity,
        trigger: b.trigger.event_id,
        ...(b.evidence?.attack ? { attack: b.evidence.attack.alert_id } : {}),
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Passes of one family over one source index, each into a space of its own (see familySuite). */
export interface FamilySuite {
  /** The suite's client, from its beforeAll on. */
  readonly client: Client;
  /** A new space of its own, deleted after the suite. */
  space(label: string): string;
  /** One pass into `space`: the suite's runner settings with `settings`, the frozen-clock deps unless `deps`. */
  pass(
    space: string,
    options?: { settings?: Partial<RunnerSettings>; deps?: RunnerDeps; window?: ExplicitWindow },
  ): Promise<PassResult>;
  /** A pass over the window a first pass read (the last 24 h up to the lag) again, as `buffalogs run --from --to`. */
  passAgain(space: string): Promise<PassResult>;
  /** A pass into `space` in `partitions` partitions, one after the other (`afterEach` after each): the entities each read. */
  partitioned(space: string, partitions: number, afterEach?: () => Promise<void>): Promise<number[]>;
  /** A pass into `space` that must crash once its `stopAfter`-th batch is durable, then the pass that resumes it. */
  crashThenResume(space: string, stopAfter: number): Promise<PassResult>;
}

/**
 * The set-up of a suite that runs `family` through the runner: registers its beforeAll (a client, `documents` in
 * `source`) and afterAll (every space it gave out and `source` deleted), and runs the family's passes for its tests.
 */
export function familySuite<Settings, E, S, L extends LoadedStates<S>>(options: {
  family: DetectionFamily<Settings, E, S, L>;
  familySettings: Settings;
  source: string;
  documents: object[];
  now: number;
  settings?: Partial<RunnerSettings>;
}): FamilySuite {
  const { family, familySettings, source, now } = options;
  const spaces: string[] = [];
  let client: Client | undefined;
  let deps: RunnerDeps;
  beforeAll(async () => {
    client = esClient();
    deps = runnerDeps(client, now);
    await createAuthSource(client, source, options.documents);
  });
  afterAll(async () => {
    if (!client) return;
    await deleteFamilySpaces(client, family.id, spaces);
    await deleteIndices(client, source);
    await client.close();
  });
  const suite: FamilySuite = {
    get client() {
      if (!client) throw new Error('the suite has no client before its beforeAll');
      return client;
    },
    space(label) {
      const space = uniqueSpace(label);
      spaces.push(space);
      return space;
    },
    pass(space, { settings, deps: passDeps, window } = {}) {
      const runner = runnerSettings(space, { ...options.settings, ...settings });
      return runFamilyPass(family, runner, familySettings, [source], passDeps ?? deps, window);
    },
    passAgain(space) {
      return suite.pass(space, { window: { from: now - 24 * 3_600_000, to: now - 60_000 } });
    },
    async partitioned(space, partitions, afterEach) {
      const entities: number[] = [];
      for (let partition = 0; partition < partitions; partition++) {
        const result = await suite.pass(space, { settings: { partition, partitions } });
        await afterEach?.();
        entities.push(result.users);
      }
      return entities;
    },
    async crashThenResume(space, stopAfter) {
      const crash = new Error('crash');
      await expect(suite.pass(space, { deps: crashingAfter(deps, stopAfter, crash) })).rejects.toBe(crash);
      return suite.pass(space);
    },
  };
  return suite;
}

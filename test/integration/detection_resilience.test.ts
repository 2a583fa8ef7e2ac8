/**
 * Exactly-once under interruption and partitioning, on the real node. The reference is one uninterrupted pass; every
 * other way of getting through the same events must end with the same alerts, none lost and none twice:
 * - aborting the pass many times at random points (between batches, before a request, while a request is in flight),
 *   then letting it finish;
 * - killing a `buffalogs run` child process (SIGKILL, no clean-up) at random moments, then letting it finish;
 * - three partitions run one after the other.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import type { AlertDocument } from '../../common/alert_document';
import { runDetectionPass, type PassDeps } from '../../server/pass';
import { isAbortError, pluginIndices } from '../../server/storage';
import { deleteIndices, esClient, esUrl, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, generateAuthEvents } from './fixtures/auth_events';
import { deleteSpace, storedAlerts, storedStates, testDeps, testSettings, uniqueSpace } from './helpers/detection_pass';

jest.setTimeout(240_000);

const NOW = Date.parse('2025-03-10T12:00:00Z');
let client: Client;
let source: string;
let reference: Map<string, AlertDocument>;
const spaces: string[] = [];
const events = generateAuthEvents({ users: 24, perUser: 14, end: NOW - 10 * 60_000, hours: 50, seed: 7 });

/** Seeded, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => ((a = (Math.imul(a, 1103515245) + 12345) >>> 0) / 4294967296);
}

function space(label: string): string {
  const s = uniqueSpace(label);
  spaces.push(s);
  return s;
}

beforeAll(async () => {
  client = esClient();
  source = uniqueIndexName('auth-resilience');
  await createSourceIndex(client, source, events);
  const s = space('reference');
  await runDetectionPass(testSettings([source], s, { usersPerBatch: 3, pageSize: 20 }), testDeps(client, NOW));
  reference = await storedAlerts(client, s);
  expect(reference.size).toBeGreaterThan(20);
});

afterAll(async () => {
  for (const s of spaces) await deleteSpace(client, s);
  await deleteIndices(client, source);
  await client.close();
});

/** The same alerts, and no triggering login alerted twice by one detector. */
async function expectSameAlertsAsReference(s: string): Promise<void> {
  const alerts = await storedAlerts(client, s);
  expect([...alerts.keys()].sort()).toEqual([...reference.keys()].sort());
  for (const [id, alert] of alerts) expect(alert).toEqual(reference.get(id));
  const triggers = [...alerts.values()].map((a) => `${a.rule.id}|${a.user?.name}|${a.buffalogs.trigger.event_id}`);
  expect(new Set(triggers).size).toBe(triggers.length);
}

/** A client whose n-th data call aborts the pass, either just before the request or while it is in flight. */
function abortingClient(controller: AbortController, abortAtCall: number, inFlight: boolean): PassDeps['client'] {
  let calls = 0;
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || !['search', 'bulk', 'mget'].includes(String(prop))) return value;
      return (...args: unknown[]) => {
        calls++;
        if (calls === abortAtCall && !inFlight) controller.abort();
        const pending = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (calls === abortAtCall && inFlight) setImmediate(() => controller.abort());
        return pending;
      };
    },
  }) as unknown as PassDeps['client'];
}

test('aborted many times at random points, then resumed: the same alerts as one uninterrupted pass', async () => {
  const s = space('aborted');
  const settings = testSettings([source], s, { usersPerBatch: 3, pageSize: 20 });
  const next = random(20250310);
  let interrupted = 0;
  for (let attempt = 0; attempt < 12; attempt++) {
    const controller = new AbortController();
    const mode = next();
    const deps =
      mode < 0.34
        ? testDeps(client, NOW, {
            signal: controller.signal,
            onBatchDone: () => {
              if (next() < 0.25) controller.abort();
            },
          })
        : testDeps(abortingClient(controller, 1 + Math.floor(next() * 40), mode >= 0.67), NOW, { signal: controller.signal });
    try {
      await runDetectionPass(settings, deps);
    } catch (error) {
      expect(isAbortError(error) || controller.signal.aborted).toBe(true);
      interrupted++;
    }
  }
  expect(interrupted).toBeGreaterThan(3);
  const last = await runDetectionPass(settings, testDeps(client, NOW));
  expect(last.completedTo).toBe(NOW - settings.lagMs);
  await expectSameAlertsAsReference(s);
});

test('a killed `buffalogs run` process, restarted until it finishes, leaves the same alerts', async () => {
  const s = space('killed');
  const bin = join(__dirname, '..', '..', 'bin', 'buffalogs.js');
  // The reference's settings (the verdict off, see helpers/detection_pass.ts) and only the login family, whose alerts
  // the reference holds.
  const config = join(mkdtempSync(join(tmpdir(), 'buffalogs-run-')), 'config.json');
  writeFileSync(config, JSON.stringify({ detection: { verdict: { enabled: false } } }));
  const args = [bin, 'run', '--es', esUrl(), '--index', source, '--space', s, '--now', new Date(NOW).toISOString(), '--users-per-batch', '1', '--page-size', '20', '--config', config, '--families', 'login'];
  /** Resolves once a batch is durable (the checkpoint names a user) or the child has exited. */
  const progressMade = async (exited: () => boolean): Promise<void> => {
    const index = pluginIndices(s).checkpoints;
    while (!exited()) {
      const doc = await client.get<{ current?: { after_user?: string } }>({ index, id: 'detect:0-of-1' }).catch(() => undefined);
      if (doc?._source?.current?.after_user) return;
      await new Promise((r) => setTimeout(r, 15));
    }
  };
  const runOnce = (killDelayMs?: number) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let exited = false;
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      if (killDelayMs !== undefined) {
        // SIGKILL a random moment after the run has made progress, so the kill lands mid-pass.
        void progressMade(() => exited).then(() => setTimeout(() => child.kill('SIGKILL'), killDelayMs));
      }
      child.on('exit', (code, signal) => {
        exited = true;
        resolve({ code, signal, out });
      });
    });
  const next = random(42);
  let killed = 0;
  for (let i = 0; i < 5; i++) {
    const result = await runOnce(Math.floor(next() * 150));
    if (result.signal === 'SIGKILL') killed++;
    else expect(result.code).toBe(0);
  }
  expect(killed).toBeGreaterThan(0);
  const final = await runOnce();
  expect(final.code).toBe(0);
  expect(final.out).toMatch(/checkpoint at 2025-03-10T11:58:00.000Z/);
  await expectSameAlertsAsReference(s);
});

test('three partitions, run one after the other, equal one partition', async () => {
  const s = space('partitions');
  const users: number[] = [];
  for (let partition = 0; partition < 3; partition++) {
    const result = await runDetectionPass(testSettings([source], s, { partition, partitions: 3 }), testDeps(client, NOW));
    users.push(result.users);
  }
  // Each partition judged some of the users, and each user exactly once (24 users, one window per day of data).
  expect(users.every((n) => n > 0)).toBe(true);
  await expectSameAlertsAsReference(s);
  expect((await storedStates(client, s)).size).toBe(24);
});

test("a partition whose first run comes after a sibling's has finished still reads the whole look-back", async () => {
  // Before families, a new partition started where any checkpoint in the index stood, its own layout's included: on
  // a first install with 3 partitions, the one whose task ran last started where the first had finished, and its
  // users' history was never judged. The checkpoints are refreshed here so that the search sees them at once.
  const s = space('late-sibling');
  const users: number[] = [];
  for (let partition = 0; partition < 3; partition++) {
    const result = await runDetectionPass(testSettings([source], s, { partition, partitions: 3 }), testDeps(client, NOW));
    await client.indices.refresh({ index: pluginIndices(s).checkpoints });
    users.push(result.users);
  }
  expect(users.every((n) => n > 0)).toBe(true);
  expect(users.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(24);
  await expectSameAlertsAsReference(s);
});

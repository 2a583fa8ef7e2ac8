/**
 * The Task Manager adapter without Kibana: cancellation reaches the pass through `cancel()`, the newest `signal` and
 * the ~9.2 `abortController`; a run returns its state; an instance beyond the configured partitions deletes itself.
 */
import type { Logger } from '@kbn/core/server';
import type { RunContext } from '@kbn/task-manager-plugin/server';
import { resolveDetectionConfig } from '../detection';
import { emptyEnrichmentStats, UserAgentParser } from '../enrichment';
import { PASS_DEFAULTS } from '../pass';
import { DEFAULT_RETRY_POLICY } from '../storage';
import { createDetectionRunner, type DetectionServices } from './detect_task';

const logged: string[] = [];
const logger = {
  info: (m: string) => logged.push(`info ${m}`),
  warn: (m: string) => logged.push(`warn ${m}`),
  error: (m: string) => logged.push(`error ${m}`),
  debug: () => {},
} as unknown as Logger;

/** A client whose every call waits until its signal aborts, as a slow cluster would. */
function hangingClient(seen: AbortSignal[]) {
  const hang = (_params: unknown, options?: { signal?: AbortSignal }) =>
    new Promise((_resolve, reject) => {
      if (options?.signal) seen.push(options.signal);
      options?.signal?.addEventListener('abort', () =>
        reject(Object.assign(new Error('aborted'), { name: 'RequestAbortedError' })),
      );
    });
  return { security: { hasPrivileges: hang } } as unknown as DetectionServices['client'];
}

function services(client: DetectionServices['client'], partitions = 1): () => Promise<DetectionServices> {
  return async () => ({
    client,
    identity: 'test',
    enricher: { userAgents: new UserAgentParser(), stats: emptyEnrichmentStats() },
    settings: {
      ...PASS_DEFAULTS,
      indices: ['logs-*'],
      partitions,
      detection: resolveDetectionConfig('default'),
      retry: DEFAULT_RETRY_POLICY,
    },
  });
}

const context = (
  extra: Partial<RunContext> = {},
  params: Record<string, unknown> = { partition: 0, partitions: 1 },
): RunContext =>
  ({ taskInstance: { id: 'buffalogs:detect:0', params, state: { runs: 4 } }, ...extra }) as unknown as RunContext;

test.each([
  ['cancel()', (_ctx: RunContext, runner: { cancel?: () => Promise<unknown> }) => runner.cancel!()],
  ['ctx.signal', (ctx: RunContext) => (ctx as unknown as { controller: AbortController }).controller.abort()],
  ['ctx.abortController', (ctx: RunContext) => ctx.abortController!.abort()],
])('%s stops a running pass at its in-flight request and the run reports "cancelled"', async (name, cancel) => {
  const seen: AbortSignal[] = [];
  const external = new AbortController();
  const ctx =
    name === 'ctx.signal'
      ? Object.assign(context({ signal: external.signal }), { controller: external })
      : name === 'ctx.abortController'
        ? context({ abortController: external })
        : context();
  const runner = createDetectionRunner(ctx, { logger, services: services(hangingClient(seen)) });
  const running = runner.run();
  await new Promise((r) => setTimeout(r, 20));
  expect(seen).toHaveLength(1); // the pass passed its signal to the client
  await cancel(ctx, runner);
  const result = (await running) as { state: Record<string, unknown>; error?: Error };
  expect(result.error).toBeUndefined();
  expect(result.state).toMatchObject({ runs: 5, lastOutcome: 'cancelled' });
  expect(logged.pop()).toMatch(
    /^warn detection 1\/1: cancelled after \d+ ms; the next run resumes after the last completed batch/,
  );
});

test('a failing pass returns its error and the message, and keeps counting runs', async () => {
  const client = {
    security: { hasPrivileges: async () => Promise.reject(new Error('connect ECONNREFUSED')) },
  } as unknown as DetectionServices['client'];
  const result = (await createDetectionRunner(context(), { logger, services: services(client) }).run()) as {
    state: Record<string, unknown>;
    error?: Error;
  };
  expect(result.error?.message).toBe('connect ECONNREFUSED');
  expect(result.state).toMatchObject({ runs: 5, lastOutcome: 'failed', lastError: 'connect ECONNREFUSED' });
});

test('an instance left over from a larger partition count deletes itself', async () => {
  const runner = createDetectionRunner(context({}, { partition: 2, partitions: 3 }), {
    logger,
    services: services(hangingClient([]), 2),
  });
  expect(await runner.run()).toMatchObject({ shouldDeleteTask: true });
});

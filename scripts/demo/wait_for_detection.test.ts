/**
 * The waiter the demo and the e2e tests use must ride out the plugin's start (the task route answers 503 while the
 * plugin's indices are still being created) but stop at once on anything else.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_PATHS } from '../../common/api';
import { waitForDetection } from './wait_for_detection';

async function serve(
  answer: (path: string, call: number) => [number, unknown],
): Promise<{ url: string; close: () => void }> {
  let calls = 0;
  const server = http.createServer((req, res) => {
    const [status, body] = answer(new URL(req.url ?? '/', 'http://x').pathname, ++calls);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const finishedTask = {
  task_manager_available: true,
  tasks: [
    {
      status: 'idle',
      attempts: 0,
      last_run_state: { runs: 1, lastOutcome: 'ok', lastCounts: { users: 2, events: 5, alertsCreated: 0 } },
    },
  ],
};

test('503s from the task route while the plugin starts are waited out', async () => {
  const host = await serve((path, call) => {
    if (path === API_PATHS.task)
      return call <= 2 ? [503, { message: 'no_shard_available_action_exception' }] : [200, finishedTask];
    return [200, { items: [], total: 0, total_relation: 'eq', size: 1 }];
  });
  try {
    const summary = await waitForDetection(host.url, { timeoutMs: 10_000, pollMs: 10 });
    expect(summary).toMatchObject({ runs: 1, events: 5, users: 2, alerts: 0 });
  } finally {
    host.close();
  }
});

test('any other failure of the task route stops the wait with its answer', async () => {
  const host = await serve(() => [500, { message: 'boom' }]);
  try {
    await expect(waitForDetection(host.url, { timeoutMs: 10_000, pollMs: 10 })).rejects.toThrow(/500.*boom/);
  } finally {
    host.close();
  }
});

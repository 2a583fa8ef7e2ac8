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

test("counts each rule's own alerts: the list's detector filter also matches verdicts with that signal", async () => {
  // detector=impossible_travel also lists the default profile's suspicious_login verdicts with that signal: its
  // total made the demo say "impossible_travel 2" where the profile wrote none of its own.
  const verdict = { id: 'v', rule: { id: 'suspicious_login' }, buffalogs: { signal_ids: ['impossible_travel'] } };
  const lists = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === API_PATHS.task) return res.end(JSON.stringify(finishedTask));
    const detector = url.searchParams.get('detector');
    const cursor = url.searchParams.get('cursor');
    // Two pages for suspicious_login (the walk follows next_cursor), one for impossible_travel.
    const items =
      detector === 'suspicious_login'
        ? cursor
          ? [{ ...verdict, id: 'v2' }]
          : [verdict]
        : detector === 'impossible_travel'
          ? [verdict, { id: 't', rule: { id: 'impossible_travel' } }]
          : [];
    const next = detector === 'suspicious_login' && !cursor ? { next_cursor: 'c1' } : {};
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ items, total: detector === 'suspicious_login' ? 2 : items.length, size: 500, ...next }));
  });
  await new Promise<void>((resolve) => lists.listen(0, '127.0.0.1', resolve));
  try {
    const summary = await waitForDetection(`http://127.0.0.1:${(lists.address() as AddressInfo).port}`, {
      timeoutMs: 10_000,
      pollMs: 10,
    });
    expect(summary.byDetector).toEqual({ suspicious_login: 2, impossible_travel: 1 });
  } finally {
    lists.close();
  }
});

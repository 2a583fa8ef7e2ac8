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

/** A host whose alert list (unfiltered by detector) answers `pages`, one after the other by cursor. */
async function listHost(pages: object[][]) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === API_PATHS.task) return res.end(JSON.stringify(finishedTask));
    const detector = url.searchParams.get('detector');
    const at = Number(url.searchParams.get('cursor') ?? 0);
    const items = detector ? [] : (pages[at] ?? []);
    const next = !detector && at + 1 < pages.length ? { next_cursor: String(at + 1) } : {};
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ items, total: pages.flat().length, size: 500, ...next }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

test("counts each rule's own alerts: a verdict with a detector's signal is the verdict's", async () => {
  // detector=impossible_travel also lists the default profile's suspicious_login verdicts with that signal: its
  // total made the demo say "impossible_travel 2" where the profile wrote none of its own.
  const verdict = {
    id: 'v',
    rule: { id: 'suspicious_login', name: 'Suspicious login' },
    buffalogs: { family: 'login', signal_ids: ['impossible_travel'] },
  };
  const host = await listHost([
    [verdict, { id: 't', rule: { id: 'impossible_travel', name: 'Impossible travel' } }],
    [{ ...verdict, id: 'v2' }],
  ]);
  try {
    const summary = await waitForDetection(host.url, { timeoutMs: 10_000, pollMs: 10 });
    expect(summary.byDetector).toEqual({ suspicious_login: 2, impossible_travel: 1 });
  } finally {
    host.close();
  }
});

test("lists every family's alerts by rule, families by the registry's titles (the demo printed only logins')", async () => {
  const alert = (id: string, family: string | undefined, rule: string, name: string) => ({
    id,
    rule: { id: rule, name },
    buffalogs: family ? { family } : {},
  });
  const host = await listHost([
    [
      alert('s1', 'login', 'suspicious_login', 'Suspicious login'),
      alert('p1', 'credential', 'password_spray', 'Password spray'),
      alert('p2', 'credential', 'password_spray', 'Account compromised by password spray'),
    ],
    [
      alert('q1', 'sequence', 'sequence_porlock_otp_password_change', 'OTP login then password change'),
      // Written before families existed: the login family's.
      alert('s2', undefined, 'suspicious_login', 'Suspicious login'),
    ],
  ]);
  try {
    const summary = await waitForDetection(host.url, { timeoutMs: 10_000, pollMs: 10 });
    expect(summary.byFamily).toEqual([
      { family: 'login', title: 'Logins', rules: [{ id: 'suspicious_login', name: 'Suspicious login', count: 2 }] },
      {
        family: 'credential',
        title: 'Credential attacks by source',
        rules: [
          { id: 'password_spray', name: 'Account compromised by password spray', count: 1 },
          { id: 'password_spray', name: 'Password spray', count: 1 },
        ],
      },
      {
        family: 'sequence',
        title: 'Sequence rules',
        rules: [{ id: 'sequence_porlock_otp_password_change', name: 'OTP login then password change', count: 1 }],
      },
    ]);
    expect(summary.byDetector).toEqual({ suspicious_login: 2 });
  } finally {
    host.close();
  }
});

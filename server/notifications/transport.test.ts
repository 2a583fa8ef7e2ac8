/**
 * A receiver we do not control answering without end (a compromised or hostile webhook URL): the notifier keeps the
 * first 200 characters of the answer for the delivery log, and must not read, let alone hold, the rest.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { notifiersSchema } from './config_schema';
import { DeliveryError, postJson } from './transport';

let server: Server;
let url: string;
let sent = 0;
let status = 500;

/** Writes up to 64 MB of `x`, chunked (no content-length), as fast as the client takes it. */
function flood(res: ServerResponse): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  const chunk = Buffer.alloc(64 * 1024, 0x78);
  const pump = (): void => {
    while (sent < 64 * 1024 * 1024) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => flood(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => (sent = 0));

const post = () => postJson(url, { text: 'hi' }, { timeoutMs: 20_000, signal: new AbortController().signal });

test('an endless error answer: the failure quotes its first 200 characters, the rest is never read', async () => {
  status = 500;
  const error = (await post().catch((e: unknown) => e)) as DeliveryError;
  expect(error).toBeInstanceOf(DeliveryError);
  expect(error.message).toBe(`HTTP 500: ${'x'.repeat(200)}`);
  expect(error.retryable).toBe(true);
  expect(sent).toBeLessThan(16 * 1024 * 1024);
});

test('an endless 2xx answer is a delivered message, read no further either', async () => {
  status = 200;
  await expect(post()).resolves.toBeUndefined();
  expect(sent).toBeLessThan(16 * 1024 * 1024);
});

test('a channel time-out a timer cannot hold is refused at startup, naming the key', () => {
  // Node fires a timer past 2^31 ms at once (TimeoutOverflowWarning): every delivery would "time out" immediately.
  const channel = (retry: Record<string, string>) => [
    { type: 'webhook', name: 'hook', url: 'https://h.example/x', retry },
  ];
  expect(() => notifiersSchema.validate(channel({ timeout: '30d' }))).toThrow(/retry\.timeout\]: must be 100ms to 10m/);
  expect(() => notifiersSchema.validate(channel({ maxDelay: '60d' }))).toThrow(/retry\.maxDelay\]: must be 0s to 1h/);
  expect(notifiersSchema.validate(channel({ timeout: '30s' }))[0].retry.timeout.asSeconds()).toBe(30);
});

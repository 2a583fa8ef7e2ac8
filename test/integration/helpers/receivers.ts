/**
 * Real local receivers for the notifier tests: an HTTP server on 127.0.0.1 that records every request by path and
 * answers with scripted faults (a status, a 429 with Retry-After, no answer, a reset connection), and a real SMTP
 * server (smtp-server) that keeps every e-mail it accepts.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: unknown;
  /** On a path guarded by `requireJwt`: the verified token's claims. */
  jwt?: Record<string, unknown>;
}

/**
 * A receiver's check of a Bearer JWT (RFC 7519 with JWS HS256), written from the RFCs independently of the
 * notifier's signer: the header must say HS256, the signature must match in constant time, `exp` must be in the future
 * and `iat` not in it. Returns the claims, or why the token is refused.
 */
export function verifyHs256(
  authorization: string | undefined,
  secret: string,
  nowSeconds: number,
): { claims: Record<string, unknown> } | { refused: string } {
  const m = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!m) return { refused: 'no bearer token' };
  const [, header, payload, signature] = m;
  const decoded = (part: string) =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (decoded(header).alg !== 'HS256') return { refused: 'not HS256' };
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { refused: 'bad signature' };
  const claims = decoded(payload);
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return { refused: 'expired' };
  if (typeof claims.iat !== 'number' || claims.iat > nowSeconds + 60) return { refused: 'issued in the future' };
  return { claims };
}

export type Fault = { status: number; retryAfter?: string } | { hang: true } | { reset: true };

export interface HttpReceiver {
  url: (path: string) => string;
  received: Received[];
  /** Faults answered to the next requests on `path`, in order; after them, 200. */
  fail(path: string, ...faults: Fault[]): void;
  /** Requests on `path` need a valid HS256 Bearer token (at the receiver's clock `now`); others get a 401. */
  requireJwt(path: string, secret: string, now: () => number): void;
  /** Tokens the receiver refused, with why. */
  refused: Array<{ path: string; why: string }>;
  close(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const received: Received[] = [];
  const faults = new Map<string, Fault[]>();
  const guarded = new Map<string, { secret: string; now: () => number }>();
  const refused: HttpReceiver['refused'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      const fault = faults.get(path)?.shift();
      if (fault && 'reset' in fault) return req.socket.destroy();
      if (fault && 'hang' in fault) return; // never answers: the sender's time-out fires
      const raw = Buffer.concat(chunks).toString('utf8');
      if (fault && 'status' in fault) {
        res.writeHead(fault.status, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
        return res.end('receiver says no');
      }
      let jwt: Record<string, unknown> | undefined;
      const guard = guarded.get(path);
      if (guard) {
        const verdict = verifyHs256(req.headers.authorization, guard.secret, Math.floor(guard.now() / 1000));
        if ('refused' in verdict) {
          refused.push({ path, why: verdict.refused });
          res.writeHead(401);
          return res.end('invalid token');
        }
        jwt = verdict.claims;
      }
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      received.push({ path, headers: req.headers, raw, body, ...(jwt ? { jwt } : {}) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    fail: (path, ...f) => faults.set(path, [...(faults.get(path) ?? []), ...f]),
    requireJwt: (path, secret, now) => guarded.set(path, { secret, now }),
    refused,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SmtpReceiver {
  port: number;
  mails: Array<{ from: string; to: string[]; data: string }>;
  close(): Promise<void>;
}

export async function startSmtpReceiver(auth: { user: string; pass: string }): Promise<SmtpReceiver> {
  const mails: SmtpReceiver['mails'] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(a, _session, callback) {
      if (a.username === auth.user && a.password === auth.pass) callback(null, { user: a.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * Both credential families on real event shapes: every stored fixture document (Elastic's own pipeline output,
 * test/fixtures/integrations/, never edited) that is a failure or an MFA step, as the credential normaliser reads it,
 * and attacks built by repeating one real failure — only `@timestamp`, `event.id` and, for the source-keyed attacks,
 * `user.name` differ between the copies, so every other field is the source's own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CREDENTIAL_THRESHOLDS } from '../credential/config';
import { normaliseCredential, replayEvents } from '../credential/events';
import { judgeSources } from '../credential/judge';
import { DEFAULT_USER_THRESHOLDS } from './config';
import { judgeUsers } from './judge';

const ROOT = join(__dirname, '../../../test/fixtures/integrations');
const NOW = Date.parse('2024-06-01T00:00:00Z');
const BASE = Date.parse('2024-05-01T08:00:00Z');

type Doc = Record<string, unknown>;
/** One stored document with the `data_stream.dataset` Elastic Agent adds (as server/sources/fixtures.test.ts does). */
const fixture = (file: string, i: number, dataset: string): Doc => ({
  ...(JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { expected: Doc[] }).expected[i],
  data_stream: { dataset },
});

interface Case {
  is: string;
  doc: Doc;
  kind: 'failure' | 'mfa';
  mfa?: 'approve' | 'deny' | 'timeout' | 'challenge';
  userName: string;
  ip?: string;
}

const CASES: Case[] = [
  {
    is: 'sshd "Invalid user" (system.auth)',
    doc: fixture('system/auth/test-auth.log-expected.json', 2, 'system.auth'),
    kind: 'failure',
    userName: 'test',
    ip: '10.0.2.2',
  },
  {
    is: 'sshd "Failed password for root" (system.auth)',
    doc: fixture('system/auth/test-auth.log-expected.json', 3, 'system.auth'),
    kind: 'failure',
    userName: 'root',
    ip: '89.160.20.156',
  },
  {
    is: 'Auth0 invalid-username-or-email (an `f*` code)',
    doc: fixture('auth0/logs/test-login-failure.json-expected.json', 0, 'auth0.logs'),
    kind: 'failure',
    userName: 'neo@gmail.com',
    ip: '81.2.69.143',
  },
  {
    is: 'AWS ConsoleLogin failure',
    doc: fixture('aws/cloudtrail/test-console-login-json.log-expected.json', 1, 'aws.cloudtrail'),
    kind: 'failure',
    userName: 'JaneDoe',
    ip: '89.160.20.156',
  },
  {
    is: 'Keycloak LOGIN_ERROR',
    doc: fixture('keycloak/log/test-log.log-expected.json', 0, 'keycloak.log'),
    kind: 'failure',
    userName: 'admin',
    ip: '172.18.0.1',
  },
  {
    is: 'Duo push approved (user_approved)',
    doc: fixture('cisco_duo/auth/test-auth.log-expected.json', 0, 'cisco_duo.auth'),
    kind: 'mfa',
    mfa: 'approve',
    userName: 'narroway@example.com',
    ip: '89.160.20.156',
  },
];

describe.each(CASES.map((c) => [c.is, c] as const))('%s', (_is, c) => {
  test('is read as what it is, with its account and address', () => {
    const r = normaliseCredential(c.doc, 'logs-fixture', 'fixture-id');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect({ kind: r.event.kind, mfa: r.event.mfa, userName: r.event.userName, ip: r.event.ip }).toEqual({
      kind: c.kind,
      mfa: c.mfa,
      userName: c.userName,
      ip: c.ip,
    });
  });
});

/** `n` copies of a real document, a `stepMinutes` apart, each its own event (and, given `user`, its own account). */
const copies = (doc: Doc, n: number, stepMinutes: number, user?: (i: number) => string): Doc[] =>
  Array.from({ length: n }, (_, i) => ({
    ...doc,
    '@timestamp': new Date(BASE + i * stepMinutes * 60_000).toISOString(),
    event: { ...(doc.event as Doc), id: `copy-${i}` },
    ...(user ? { user: { ...(doc.user as Doc), name: user(i) } } : {}),
  }));

describe.each(CASES.filter((c) => c.kind === 'failure').map((c) => [c.is, c] as const))('%s repeated', (_is, c) => {
  test('12 in 6 minutes on its account is a brute force (the user-keyed family)', () => {
    const out = judgeUsers(replayEvents(copies(c.doc, 12, 0.5)), new Map(), DEFAULT_USER_THRESHOLDS, NOW);
    expect(out.alerts.map((a) => [a.rule.id, a.buffalogs.entity?.value])).toEqual([['brute_force', c.userName]]);
  });
  test('100 distinct accounts in 50 minutes from its address is stuffing (the source-keyed family)', () => {
    const docs = copies(c.doc, 100, 0.5, (i) => `victim${i}`);
    const out = judgeSources(replayEvents(docs), new Map(), DEFAULT_CREDENTIAL_THRESHOLDS, NOW);
    expect(out.alerts.map((a) => [a.rule.id, a.buffalogs.entity?.value])).toEqual([['credential_stuffing', c.ip]]);
  });
});

test('Duo: three real pushes marked fraud (the stored approval with its reason changed) then the stored approval', () => {
  const approval = CASES.find((c) => c.mfa === 'approve')!.doc;
  const duo = approval.cisco_duo as { auth: Doc };
  const denied = copies(
    { ...approval, cisco_duo: { ...duo, auth: { ...duo.auth, reason: 'user_marked_fraud' } } },
    3,
    1,
  );
  const approved = copies(approval, 4, 1).slice(3);
  const out = judgeUsers(replayEvents([...denied, ...approved]), new Map(), DEFAULT_USER_THRESHOLDS, NOW);
  expect(out.alerts.map((a) => [a.rule.id, a.buffalogs.entity?.value])).toEqual([
    ['mfa_fatigue', 'narroway@example.com'],
  ]);
});

/** What the alerts writer sends Elasticsearch beside each alert, through @elastic/elasticsearch-mock. */
import { Client } from '@elastic/elasticsearch';
import Mock from '@elastic/elasticsearch-mock';
import type { AlertDocument, FamilyAlertDocument } from '../../common/alert_document';
import { incidentUpdate } from '../detection/verdict/incident';
import { loginFamily } from '../families/login/family';
import { writeAlerts } from './alerts_writer';
import type { RetryPolicy } from './retry';

const policy: RetryPolicy = { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };

function recordingClient(): { client: Client; ops: Array<Record<string, unknown>> } {
  const mock = new Mock();
  const ops: Array<Record<string, unknown>> = [];
  mock.add({ method: 'POST', path: '/_bulk' }, (params) => {
    const body = params.body as unknown as Array<Record<string, unknown>>;
    ops.push(...body);
    const actions = body.filter((_, i) => i % 2 === 0);
    return {
      errors: false,
      took: 1,
      items: actions.map((a) => {
        const [action, meta] = Object.entries(a)[0] as [string, { _id: string }];
        return { [action]: { _index: 'alerts', _id: meta._id, status: 201, result: 'created' } };
      }),
    } as never;
  });
  return { client: new Client({ node: 'http://localhost:9200', Connection: mock.getConnection() }), ops };
}

const alert = (id: string, evidence: Record<string, unknown>) =>
  ({
    '@timestamp': '2026-01-01T00:00:00.000Z',
    event: { kind: 'alert', category: ['authentication'], type: ['info'], risk_score: 90, severity: 73 },
    rule: { id: 'suspicious_login', name: 'Suspicious login', description: '…', ruleset: 'buffalogs' },
    message: 'm',
    user: { name: 'alice' },
    buffalogs: {
      alert_id: id,
      sort_key: 1,
      family: 'login',
      entity: { field: 'user.name', value: 'alice' },
      severity: 'high',
      trigger: { event_id: 'e', index: 'logs' },
      filtered: false,
      filter_reasons: [],
      evidence,
      status: 'open',
    },
  }) as unknown as FamilyAlertDocument;

const signals = [
  { id: 'new_device', weight: 30, base_weight: 30, reason: 'r', evidence: { kind: 'novelty' } },
  { id: 'impossible_travel', weight: 30, base_weight: 30, reason: 'r', evidence: { kind: 'travel' } },
];
const incident = { count: 2, start: 's', end: 'e', gap_minutes: 30, logins: [] };
const loginUpdate = (a: FamilyAlertDocument) => incidentUpdate(a as AlertDocument);

test("a verdict's signal ids are written beside its evidence, in a new alert and in an incident's update", async () => {
  // The map finds the default profile's impossible travels by them (server/queries/alert_stats.ts).
  const { client, ops } = recordingClient();
  await writeAlerts(
    client as never,
    'alerts',
    [
      alert('v1', { kind: 'verdict', score: 60, threshold: 50, why: 'w', signals }),
      alert('v2', { kind: 'verdict', score: 60, threshold: 50, why: 'w', signals, incident }),
      alert('t1', { kind: 'travel', speed_kmh: 5000 }),
    ],
    policy,
    undefined,
    // The login family's rules (server/families/login/family.ts): its incidents' alerts are rewritten in part, and
    // its verdicts' signal ids are read from their evidence by the family, not by storage.
    {
      now: 0,
      index: 'alerts',
      deadLetterIndex: 'dead',
      alertUpdate: loginUpdate,
      alertSignalIds: loginFamily.alertSignalIds,
    } as never,
  );
  type Written = { buffalogs: { signal_ids?: string[]; evidence: { signals?: unknown } } };
  const sources = ops.filter((_, i) => i % 2 === 1) as unknown as Array<Written & { doc: Written; upsert: Written }>;
  expect(sources[0].buffalogs.signal_ids).toEqual(['new_device', 'impossible_travel']);
  expect(sources[1].doc.buffalogs.signal_ids).toEqual(['new_device', 'impossible_travel']);
  expect(sources[1].upsert.buffalogs.signal_ids).toEqual(['new_device', 'impossible_travel']);
  expect(sources[2].buffalogs.signal_ids).toBeUndefined();
  // The evidence itself is written as the core made it.
  expect(sources[0].buffalogs.evidence.signals).toEqual(signals);
});

test("without its family's update rule every alert is created, an incident's and an attack's too", async () => {
  // An analysis's alerts, or a family that never rewrites its alerts: storage does not guess from the evidence.
  const { client, ops } = recordingClient();
  await writeAlerts(
    client as never,
    'alerts',
    [
      alert('v2', { kind: 'verdict', score: 60, threshold: 50, why: 'w', signals, incident }),
      alert('c1', { kind: 'credential_attack', usersTargeted: 24 }),
    ],
    policy,
    undefined,
    { now: 0, index: 'alerts', deadLetterIndex: 'dead' } as never,
  );
  const actions = ops.filter((_, i) => i % 2 === 0).map((a) => Object.keys(a)[0]);
  expect(actions).toEqual(['create', 'create']);
});

test('with it, only the alerts the rule names are updates, the whole alert their upsert', async () => {
  const { client, ops } = recordingClient();
  const attackOnly = (a: FamilyAlertDocument) =>
    (a.buffalogs.evidence as { kind: string }).kind === 'credential_attack' ? { message: a.message } : undefined;
  const attack = alert('c1', { kind: 'credential_attack', usersTargeted: 24 });
  await writeAlerts(
    client as never,
    'alerts',
    [alert('v2', { kind: 'verdict', score: 60, threshold: 50, why: 'w', signals, incident }), attack],
    policy,
    undefined,
    { now: 0, index: 'alerts', deadLetterIndex: 'dead', alertUpdate: attackOnly } as never,
  );
  expect(ops.filter((_, i) => i % 2 === 0).map((a) => Object.keys(a)[0])).toEqual(['create', 'update']);
  expect(ops[3]).toEqual({ doc: { message: 'm' }, upsert: attack });
});

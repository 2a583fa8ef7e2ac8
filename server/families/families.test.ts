/**
 * The conformance test every detection family passes: a unique id, task type and checkpoint ids; its examples,
 * replayed through its pure core with nothing configured, raise exactly the alerts they list, each saying which
 * family raised it and what it is about. A small test-only family (keyed by source address) shows that a new family
 * is its folder plus one registry line: it passes the same checks, and test/integration/family_runner.test.ts runs
 * it through the generic runner on a real Elasticsearch.
 */
import type { FamilyAlertDocument } from '../../common/alert_document';
import { checkpointFamily } from '../storage/checkpoint_store';
import { FAMILIES, type AnyFamily } from '.';
import { failedLoginsFamily } from './__test_family__/family';

const registry: readonly AnyFamily[] = [...FAMILIES, failedLoginsFamily];
const NOW = Date.parse('2024-06-01T00:00:00Z');

test('family ids, task types and checkpoint ids never collide', () => {
  expect(new Set(registry.map((f) => f.id)).size).toBe(registry.length);
  expect(new Set(registry.map((f) => f.taskType)).size).toBe(registry.length);
  const ids = registry.flatMap((f) => [f.checkpointId(0, 1), f.checkpointId(1, 3)]);
  expect(new Set(ids).size).toBe(ids.length);
  for (const family of registry) expect(checkpointFamily(family.checkpointId(2, 4))).toBe(family.id);
});

test('the login family keeps the task type and checkpoint ids of the plugin before families', () => {
  const login = FAMILIES.find((f) => f.id === 'login')!;
  expect(login.taskType).toBe('buffalogs:detect');
  expect(login.checkpointId(0, 1)).toBe('detect:0-of-1');
});

test("the alerts a family rewrites in part: the login family's incidents, the credential family's attacks", () => {
  // Storage writes every other alert once (server/storage/alerts_writer.ts): it does not know the families.
  const withEvidence = (evidence: Record<string, unknown>) =>
    ({ event: {}, message: 'm', buffalogs: { evidence } }) as unknown as FamilyAlertDocument;
  const incident = withEvidence({ kind: 'verdict', signals: [], incident: { count: 2, logins: [] } });
  const attack = withEvidence({ kind: 'credential_attack', usersTargeted: 24 });
  const verdict = withEvidence({ kind: 'verdict', signals: [] });
  const rewritten = (family: AnyFamily) =>
    [incident, attack, verdict].map((alert) => family.alertUpdate?.(alert) !== undefined);
  expect(Object.fromEntries(registry.map((f) => [f.id, rewritten(f)]))).toEqual({
    login: [true, false, false],
    credential: [false, true, false],
    credential_user: [false, false, false],
    sequence: [false, false, false],
    web: [false, false, false],
    test_failed_logins: [false, false, false],
  });
});

test("the alerts a family indexes signal ids of: the login family's verdicts, each signal's id in order", () => {
  // Written as buffalogs.signal_ids by the pass (server/storage/alerts_writer.ts), which does not read evidence: the
  // alerts list's detector filter, the notifications' and the map find the default profile's travels by them.
  const withEvidence = (evidence: Record<string, unknown>) =>
    ({ event: {}, message: 'm', buffalogs: { evidence } }) as unknown as FamilyAlertDocument;
  const signals = [{ id: 'new_device' }, { id: 'impossible_travel' }, { id: 7 }, null];
  const verdict = withEvidence({ kind: 'verdict', signals });
  const incident = withEvidence({ kind: 'verdict', signals: [{ id: 'anonymous_ip' }], incident: { count: 2 } });
  const travel = withEvidence({ kind: 'travel', speed_kmh: 5000 });
  const attack = withEvidence({ kind: 'credential_attack', usersTargeted: 24 });
  const indexed = (family: AnyFamily) => [verdict, incident, travel, attack].map((a) => family.alertSignalIds?.(a));
  expect(Object.fromEntries(registry.map((f) => [f.id, indexed(f)]))).toEqual({
    login: [['new_device', 'impossible_travel'], ['anonymous_ip'], undefined, undefined],
    credential: [undefined, undefined, undefined, undefined],
    credential_user: [undefined, undefined, undefined, undefined],
    sequence: [undefined, undefined, undefined, undefined],
    web: [undefined, undefined, undefined, undefined],
    test_failed_logins: [undefined, undefined, undefined, undefined],
  });
  // A verdict the login family's core raised, as the pass gives it to the writer.
  const example = FAMILIES.find((f) => f.id === 'login')!;
  const raised = example.examples.flatMap((e) => example.replay(e.documents, example.exampleSettings(), NOW));
  const verdicts = raised.filter((a) => (a.buffalogs.evidence as { kind?: string }).kind === 'verdict');
  expect(verdicts.length).toBeGreaterThan(0);
  for (const alert of verdicts)
    expect(example.alertSignalIds?.(alert)).toEqual(
      (alert.buffalogs.evidence as { signals: Array<{ id: string }> }).signals.map((s) => s.id),
    );
});

describe.each(registry.map((f) => [f.id, f] as const))('family %s', (_id, family) => {
  test('has examples', () => {
    expect(family.examples.length).toBeGreaterThan(0);
  });
  test.each(family.examples.map((e) => [e.name, e] as const))('example: %s', (_name, example) => {
    const alerts = family.replay(example.documents, family.exampleSettings(), NOW);
    expect(alerts.map((a) => a.rule.id)).toEqual(example.expect);
    for (const alert of alerts) {
      expect(alert.buffalogs.family).toBe(family.id);
      expect(alert.buffalogs.entity?.field).toEqual(expect.any(String));
      expect(alert.buffalogs.entity?.value).toEqual(expect.any(String));
      expect(alert.message.length).toBeGreaterThan(0);
    }
    // Any order of the same documents gives the same alerts (a family judges each entity's events in time order).
    const reversed = family.replay([...example.documents].reverse(), family.exampleSettings(), NOW);
    expect(reversed.map((a) => a.buffalogs.alert_id)).toEqual(alerts.map((a) => a.buffalogs.alert_id));
  });
});

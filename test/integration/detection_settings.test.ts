/**
 * Settings saved through the API (PUT /api/buffalogs/settings stores them with saveSettings) take effect on the
 * task's next run, on the real node: the task runner reads them per run, over kibana.yml's; stored settings that no
 * longer validate are ignored with a warning naming why, and detection goes on with kibana.yml's.
 */
import type { Client } from '@elastic/elasticsearch';
import type { Logger } from '@kbn/core/server';
import type { RunContext } from '@kbn/task-manager-plugin/server';
import type { AlertDocument, TravelEvidence } from '../../common/alert_document';
import type { DetectionConfigOverrides } from '../../common/detection_config';
import { loadDetectionRuntime } from '../../server/pass';
import { saveSettings, settingsIndexName } from '../../server/settings/settings_store';
import { createDetectionRunner } from '../../server/task';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, generateAuthEvents } from './fixtures/auth_events';
import { deleteSpace, storedAlerts, testSettings, uniqueSpace } from './helpers/detection_pass';

// Each test runs the task two or three times over 30 users in batches of 4 (≈5 s alone, more beside other suites).
jest.setTimeout(60_000);

const NOW = Date.parse('2025-03-10T12:00:00Z');
let client: Client;
let source: string;
const spaces: string[] = [];

beforeAll(async () => {
  client = esClient();
  source = uniqueIndexName('auth-settings');
  await createSourceIndex(client, source, generateAuthEvents({ users: 30, perUser: 16, end: NOW - 10 * 60_000, hours: 60 }));
});

afterAll(async () => {
  for (const space of spaces) {
    await deleteSpace(client, space);
    await deleteIndices(client, settingsIndexName(space));
  }
  await deleteIndices(client, source);
  await client.close();
});

/** One run of the Kibana task runner for `space`, with kibana.yml's detection settings at the profile's defaults. */
async function runTask(space: string): Promise<{ travel: TravelEvidence[]; warnings: string[] }> {
  const warnings: string[] = [];
  const logger = { info: () => {}, debug: () => {}, error: (m: string) => warnings.push(m), warn: (m: string) => warnings.push(m) } as unknown as Logger;
  const runtime = await loadDetectionRuntime({ profile: 'default', overrides: { verdict: { enabled: false } } });
  const context = { taskInstance: { id: 'buffalogs:detect:0', params: { partition: 0 }, state: {} } } as unknown as RunContext;
  const runner = createDetectionRunner(context, {
    logger,
    now: () => NOW,
    services: async () => ({
      client,
      identity: 'test',
      enricher: runtime.enricher,
      savedSettings: runtime,
      settings: { ...testSettings([source], space), detection: runtime.detection },
    }),
  });
  const result = (await runner.run()) as { state: { lastOutcome?: string } };
  expect(result.state.lastOutcome).toBe('ok');
  const alerts: AlertDocument[] = [...(await storedAlerts(client, space)).values()];
  const travel = alerts.filter((a) => a.rule.id === 'impossible_travel').map((a) => a.buffalogs.evidence as TravelEvidence);
  return { travel, warnings };
}

function space(label: string): string {
  const s = uniqueSpace(label);
  spaces.push(s);
  return s;
}

test('a speed threshold saved through the settings store is what the next run alerts with', async () => {
  const defaults = await runTask(space('settings-default'));
  expect(defaults.travel.length).toBeGreaterThan(2);
  expect(new Set(defaults.travel.map((e) => e.speed_threshold_kmh))).toEqual(new Set([900]));

  // A threshold between the observed speeds: only the faster journeys may still alert.
  const speeds = defaults.travel.map((e) => e.speed_kmh).sort((a, b) => a - b);
  const threshold = Math.floor(speeds[Math.floor(speeds.length / 2)]);
  const changed = space('settings-changed');
  await saveSettings(client, changed, { overrides: { impossibleTravel: { maxSpeedKmh: threshold } }, user: 'admin', now: new Date(NOW) });
  const after = await runTask(changed);
  expect(after.warnings).toEqual([]);
  expect(after.travel.length).toBeGreaterThan(0);
  expect(after.travel.length).toBeLessThan(defaults.travel.length);
  for (const evidence of after.travel) {
    expect(evidence.speed_threshold_kmh).toBe(threshold);
    expect(evidence.speed_kmh).toBeGreaterThanOrEqual(threshold); // speed_kmh is rounded to whole km/h
  }
});

test('stored settings that no longer validate are ignored with the reason, and kibana.yml\'s apply', async () => {
  const broken = space('settings-broken');
  // As an older version might have stored them: saveSettings stores what it is given (the route validates first).
  await saveSettings(client, broken, {
    overrides: { impossibleTravel: { maxSpeedKmh: -5 } } as DetectionConfigOverrides,
    user: 'admin',
    now: new Date(NOW),
  });
  const run = await runTask(broken);
  expect(run.warnings).toHaveLength(1);
  expect(run.warnings[0]).toMatch(/settings saved through the API are ignored, running with kibana\.yml's settings: .*impossibleTravel\.maxSpeedKmh/);
  expect(run.travel.length).toBeGreaterThan(0);
  expect(new Set(run.travel.map((e) => e.speed_threshold_kmh))).toEqual(new Set([900]));
});

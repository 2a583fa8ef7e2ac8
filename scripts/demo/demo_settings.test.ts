import { validatePluginConfig } from '../../dev/host/config';
import { config } from '../../server';
import type { BuffalogsConfig } from '../../server/config';
import { demoHostSettings } from './load_sample';

const opts = { index: 'logs-demo', space: 'buffalogs-demo', days: 30 };
const HOST_CONTEXT = { dist: false, dev: true, prod: false, version: '9.5.3' };

test('KIBANA_HOST_CONFIG_JSON is merged over the demo settings: a notifier channel is added, the rest kept', () => {
  const channel = { name: 'demo-hook', type: 'webhook', url: 'http://127.0.0.1:9999/buffalogs' };
  const settings = demoHostSettings(opts, {
    KIBANA_HOST_CONFIG_JSON: JSON.stringify({ buffalogs: { notifiers: [channel], schedule: { interval: '1m' } } }),
  }) as { buffalogs: Record<string, unknown> };
  expect(settings.buffalogs.notifiers).toEqual([channel]);
  expect(settings.buffalogs.schedule).toEqual({ interval: '1m' });
  expect(settings.buffalogs.indices).toEqual(['logs-demo']);
  expect(settings.buffalogs.space).toBe('buffalogs-demo');
});

test('without host settings the demo settings are unchanged, and a __proto__ key pollutes nothing', () => {
  expect(demoHostSettings(opts, {})).toEqual(demoHostSettings(opts, { KIBANA_HOST_CONFIG_JSON: '{}' }));
  const settings = demoHostSettings(opts, {
    KIBANA_HOST_CONFIG_JSON: '{"__proto__":{"polluted":true},"buffalogs":{"__proto__":{"polluted":true}}}',
  });
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((settings.buffalogs as Record<string, unknown>).polluted).toBeUndefined();
});

test("a webhook channel from KIBANA_HOST_CONFIG_JSON reaches the plugin's validated config as the host builds it", () => {
  const hook = { name: 'demo-hook', type: 'webhook', url: 'http://127.0.0.1:9999/buffalogs', secret: 's'.repeat(20) };
  const settings = demoHostSettings(opts, {
    KIBANA_HOST_CONFIG_JSON: JSON.stringify({ buffalogs: { notifiers: [hook] } }),
  });
  // What dev/host/host.ts does with the settings before the plugin's setup: the plugin's own config schema.
  const validated = validatePluginConfig(config, 'buffalogs', settings, HOST_CONTEXT) as BuffalogsConfig;
  expect(validated.notifiers).toEqual([
    expect.objectContaining({
      ...hook,
      filters: { minSeverity: 'low', minScore: 0, detectors: [], users: [], includeFiltered: false },
      groupByUser: true,
    }),
  ]);
  // The demo's own settings are still what detection reads, so the channel gets the demo's alerts.
  expect(validated.indices).toEqual(['logs-demo']);
  expect(validated.space).toBe('buffalogs-demo');
});

test('a channel the schema refuses stops the host with the key named, as Kibana refuses to start', () => {
  const settings = demoHostSettings(opts, {
    KIBANA_HOST_CONFIG_JSON: JSON.stringify({ buffalogs: { notifiers: [{ name: 'demo-hook', type: 'webhook' }] } }),
  });
  expect(() => validatePluginConfig(config, 'buffalogs', settings, HOST_CONTEXT)).toThrow(/buffalogs\.notifiers\.0/);
});

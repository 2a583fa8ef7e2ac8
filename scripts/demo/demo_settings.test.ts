import { demoHostSettings } from './load_sample';

const opts = { index: 'logs-demo', space: 'buffalogs-demo', days: 30 };

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

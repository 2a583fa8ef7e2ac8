/**
 * The README's kibana.yml example is what administrators copy: it must pass the plugin's real config schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { configSchema } from './config';

/** kibana.yml allows dotted keys (`buffalogs.schedule: {...}`); Kibana nests them before validation. */
function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = value;
  }
  return out;
}

test('the kibana.yml example in the README validates against the config schema', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### `kibana.yml`'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  expect(block).not.toBeNull();
  const settings = nest(YAML.parse(block![1]) as Record<string, unknown>).buffalogs as Record<string, unknown>;
  expect(Object.keys(settings).length).toBeGreaterThan(10);
  const config = configSchema.validate(settings);
  expect(config.detection.impossibleTravel?.maxSpeedKmh).toBe(900);
  expect(config.elasticsearch?.apiKey).toBe('…');
});

test('a bad value fails naming its key, as the README says', () => {
  expect(() => configSchema.validate({ partitions: 100 }, {}, 'buffalogs')).toThrow(
    '[buffalogs.partitions]: Value must be equal to or lower than [64].',
  );
});

test('the README notifiers example validates against the config schema, one channel per type', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Notifications'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  const settings = nest(YAML.parse(block![1]) as Record<string, unknown>).buffalogs as Record<string, unknown>;
  const config = configSchema.validate(settings);
  expect(new Set(config.notifiers.map((c) => c.type))).toEqual(
    new Set(['webhook', 'slack', 'teams', 'googlechat', 'mattermost', 'discord', 'rocketchat', 'telegram', 'email']),
  );
  // Every channel type shows its mention syntax; the new options are what the schema reads.
  expect(
    config.notifiers
      .filter((c) => Object.keys(c.mentions).length > 0)
      .map((c) => c.type)
      .sort(),
  ).toEqual(['discord', 'email', 'googlechat', 'mattermost', 'rocketchat', 'slack', 'teams', 'telegram', 'webhook']);
  const hook = config.notifiers.find((c) => c.type === 'webhook');
  expect(hook?.type === 'webhook' && hook.jwt?.expiresIn.asSeconds()).toBe(300);
  expect(config.notifiers.find((c) => c.name === 'weekly-report')).toMatchObject({
    sendAlerts: false,
    summary: { frequency: 'weekly', day: 'monday', time: '07:00' },
  });
});

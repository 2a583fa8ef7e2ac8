import { readFileSync } from 'fs';
import { join } from 'path';
import {
  KIBANA_JSON_ALLOWED_KEYS,
  KIBANA_JSON_REQUIRED_KEYS,
  REPO_ROOT,
  committedKibanaJson,
  readRepoManifest,
} from './manifest';

const committed = JSON.parse(readFileSync(join(REPO_ROOT, 'kibana.json'), 'utf8')) as Record<string, unknown>;

describe('plugin manifests', () => {
  it('kibana.json is what kibana.jsonc and package.json produce (run `npm run manifests` after editing them)', () => {
    expect(committed).toEqual(committedKibanaJson());
  });

  it('kibana.json carries only keys Kibana’s manifest parser accepts, and the required ones', () => {
    const unknown = Object.keys(committed).filter((k) => !(KIBANA_JSON_ALLOWED_KEYS as readonly string[]).includes(k));
    expect(unknown).toEqual([]);
    for (const key of KIBANA_JSON_REQUIRED_KEYS) expect(committed[key]).toBeDefined();
    expect(committed.server || committed.ui).toBe(true);
    expect(typeof (committed.owner as { name?: unknown }).name).toBe('string');
  });

  it('declares the buffalogs plugin id (camelCase, no dots), its config path and its plugin dependencies', () => {
    const { plugin } = readRepoManifest();
    expect(plugin.id).toBe('buffalogs');
    expect(committed.id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
    expect(committed.configPath).toEqual(['buffalogs']);
    expect(committed.requiredPlugins).toEqual(['taskManager', 'features']);
    expect(committed.optionalPlugins).toEqual(['security', 'alerting', 'spaces']);
    expect(committed).toMatchObject({ server: true, ui: true, requiredBundles: [] });
  });
});

/**
 * The host's kibana.yml: settings come from a file (`KIBANA_HOST_CONFIG`, JSON or flat `a.b.c: value` YAML lines as
 * people write kibana.yml) and/or inline JSON (`KIBANA_HOST_CONFIG_JSON`). The plugin's section (its manifest's
 * `configPath`) is validated with the plugin's own `config.schema`, with the path as namespace, as Kibana core does,
 * so a bad value fails startup with e.g. `[buffalogs.interval]: expected value of type [number] but got [string]`.
 */
import { isPrototypeKey } from '../../common/own_keys';
import fs from 'node:fs';
import { isConfigSchema } from '@kbn/config-schema';
import type { PluginConfigDescriptor } from '@kbn/core/server';

type Settings = Record<string, unknown>;

function setPath(target: Settings, dotted: string, value: unknown) {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Settings;
  }
  node[keys[keys.length - 1]] = value;
}

/** Merges `source` over `target` (objects key by key, anything else replaced); `__proto__` and the like are skipped. */
export function mergeDeep(target: Settings, source: Settings): Settings {
  for (const [key, value] of Object.entries(source)) {
    if (isPrototypeKey(key)) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      target[key] = mergeDeep((target[key] as Settings) ?? {}, value as Settings);
    } else if (key.includes('.')) {
      setPath(target, key, value);
    } else {
      target[key] = value;
    }
  }
  return target;
}

/** Flat kibana.yml: `buffalogs.indices: ["logs-*"]`; values are read as JSON when they parse, else as strings. */
export function parseFlatYaml(text: string): Settings {
  const out: Settings = {};
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^([A-Za-z0-9_.-]+)\s*:\s*(.*)$/.exec(line);
    if (!match) throw new Error(`Cannot read line ${index + 1} of the host config: "${raw}" (use "key.path: value")`);
    let value: unknown = match[2];
    try {
      value = JSON.parse(match[2]);
    } catch {
      value = match[2].replace(/^'(.*)'$/, '$1');
    }
    setPath(out, match[1], value);
  }
  return out;
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const settings: Settings = {};
  if (env.KIBANA_HOST_CONFIG) {
    const text = fs.readFileSync(env.KIBANA_HOST_CONFIG, 'utf8');
    mergeDeep(settings, env.KIBANA_HOST_CONFIG.endsWith('.json') ? JSON.parse(text) : parseFlatYaml(text));
  }
  if (env.KIBANA_HOST_CONFIG_JSON) mergeDeep(settings, JSON.parse(env.KIBANA_HOST_CONFIG_JSON));
  return settings;
}

export function readPath(settings: Settings, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (node as Settings | undefined)?.[key], settings);
}

/** Validates the plugin's section (core: `ConfigService.validate` → `schema.validate(value, context, path)`). */
export function validatePluginConfig(
  descriptor: PluginConfigDescriptor | undefined,
  configPath: string,
  settings: Settings,
  context: Record<string, unknown>,
): unknown {
  const raw = (readPath(settings, configPath) ?? {}) as Settings;
  if (!descriptor) return raw;
  if (!isConfigSchema(descriptor.schema)) {
    throw new Error('Configuration schema expected to be an instance of Type');
  }
  return descriptor.schema.validate(raw, context, configPath);
}

/** `exposeToBrowser`: only keys set to `true` (or nested objects of such keys) reach the browser. */
export function pickExposedToBrowser(config: unknown, exposure: Record<string, unknown> | undefined): Settings {
  const out: Settings = {};
  if (!exposure || !config || typeof config !== 'object') return out;
  for (const [key, expose] of Object.entries(exposure)) {
    const value = (config as Settings)[key];
    if (expose === true && value !== undefined) out[key] = value;
    else if (expose && typeof expose === 'object') out[key] = pickExposedToBrowser(value, expose as Settings);
  }
  return out;
}

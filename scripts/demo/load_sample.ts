/**
 * Loads a generated sample into Elasticsearch and says how the plugin must be configured to read it. Shared by
 * `npm run demo` and the end-to-end tests, so both exercise the same data path.
 */
import type { Client, estypes } from '@elastic/elasticsearch';
import { loadSettings, mergeDeep } from '../../dev/host/config';
import { pluginIndices } from '../../server/storage/index_names';
import { settingsIndexName } from '../../server/settings/settings_store';
import type { StoryEvent } from './account_story';
import type { EcsLogin } from './generate_logins';
import { CORPORATE_VPN, TOR_EXITS } from './world';

/** A data-stream-style name, as Elastic Agent would write a custom integration's logs. */
export const DEMO_INDEX = 'logs-buffalogs.demo-default';
/** The Kibana space the demo's detection writes to: its own indices, so resetting them touches nothing else. */
export const DEMO_SPACE = 'demo';

/** ECS types for the fields the detection reads (keyword user.name, ip, geo_point), as ECS templates map them. */
const ECS_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic_templates: [{ strings: { match_mapping_type: 'string', mapping: { type: 'keyword', ignore_above: 1024 } } }],
  properties: {
    '@timestamp': { type: 'date' },
    user_agent: { properties: { original: { type: 'keyword', ignore_above: 1024 } } },
    source: {
      properties: {
        ip: { type: 'ip' },
        geo: { properties: { location: { type: 'geo_point' } } },
        as: { properties: { number: { type: 'long' } } },
      },
    },
  },
};

/**
 * Deletes the demo's source index and the plugin's indices of `space` (alerts, user state, checkpoints, settings),
 * so a re-run starts from scratch. Nothing outside those names is touched.
 */
export async function resetDemoData(client: Client, opts: { index: string; space: string }): Promise<void> {
  const { alerts, state, checkpoints } = pluginIndices(opts.space);
  await client.indices.delete(
    { index: [opts.index, alerts, state, checkpoints, settingsIndexName(opts.space)], ignore_unavailable: true },
    { ignore: [404] },
  );
  // On a cluster with Elastic's `logs-*-*` template the name is a data stream, which the index delete leaves alone.
  await client.indices.deleteDataStream({ name: opts.index }, { ignore: [404] }).catch(() => undefined);
}

/**
 * Creates the index with ECS mappings (or, where `logs-*-*` only makes data streams, lets the first write create
 * one with Elastic's ECS mappings) and bulk-loads the events (`create`, `_id` = `event.id`). Refreshes at the end.
 */
export async function loadSample(
  client: Client,
  events: ReadonlyArray<EcsLogin | StoryEvent>,
  opts: { index: string },
): Promise<{ loaded: number }> {
  try {
    await client.indices.create({
      index: opts.index,
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: ECS_MAPPINGS,
    });
  } catch (e) {
    const reason = JSON.stringify((e as { meta?: { body?: unknown } }).meta?.body ?? (e as Error).message);
    if (!/creates data streams only/.test(reason)) throw e;
  }
  let loaded = 0;
  for (let i = 0; i < events.length; i += 5000) {
    const chunk = events.slice(i, i + 5000);
    const response = await client.bulk({
      operations: chunk.flatMap((e) => [{ create: { _index: opts.index, _id: e.event.id } }, e]),
    });
    if (response.errors) {
      const failed = response.items.find((item) => item.create?.error)?.create?.error;
      throw new Error(`loading the sample into ${opts.index} failed: ${JSON.stringify(failed)}`);
    }
    loaded += chunk.length;
  }
  await client.indices.refresh({ index: opts.index });
  return { loaded };
}

/**
 * The `buffalogs.*` settings (kibana.yml) that point detection at the sample: its index, a look-back that covers
 * all of it on the first run, the demo's space, and the company's allow-lists (the corporate VPN egress is not
 * travel; the Tor exit ranges are anonymizers). No credentials: the local node has no security.
 */
export function demoPluginSettings(opts: {
  index: string;
  space: string;
  days: number;
  /** The web access index the Web traffic views read (scripts/demo/load_web_day.ts), and the site's own domains. */
  web?: { index: string; siteDomains: string[] };
}): Record<string, unknown> {
  return {
    buffalogs: {
      indices: [opts.index],
      space: opts.space,
      // The sequence family (porlock's rules) reads the sample too: its account story fires the built-in OTP rule.
      sequence: { indices: [opts.index] },
      lookback: `${opts.days + 1}d`,
      // One window per week: fewer round trips for the first pass over the whole sample.
      maxWindow: '7d',
      schedule: { interval: '5m' },
      detection: {
        impossibleTravel: {
          trustedCidrs: CORPORATE_VPN.egress.map((e) => e.cidr),
          trustedAsns: [CORPORATE_VPN.network.asn],
        },
        anonymousIp: { cidrs: TOR_EXITS.cidrs },
      },
      ...(opts.web ? { web: { indices: [opts.web.index], siteDomains: opts.web.siteDomains } } : {}),
    },
  };
}

/**
 * The demo's settings with the host's own on top (`KIBANA_HOST_CONFIG` file, `KIBANA_HOST_CONFIG_JSON` inline), as
 * `npm run host` reads them: `KIBANA_HOST_CONFIG_JSON='{"buffalogs":{"notifiers":[…]}}' npm run demo` adds a channel.
 */
export function demoHostSettings(
  opts: Parameters<typeof demoPluginSettings>[0],
  env: NodeJS.ProcessEnv = process.env,
): Record<string, unknown> {
  return mergeDeep(demoPluginSettings(opts), loadSettings(env));
}

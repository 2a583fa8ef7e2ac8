/**
 * `npm run host`: serve the BUILT plugin (build/buffalogs-<version>.zip) the way Kibana would, against ES_URL or a
 * fresh local Elasticsearch node. It builds nothing: run `npm run build` first.
 *
 * Environment:
 *   ES_URL                    use this cluster instead of starting a node
 *   KIBANA_HOST_PORT          default 5601 (0 = any free port)
 *   KIBANA_HOST_BASE_PATH     Kibana's server.basePath, e.g. /kbn
 *   KIBANA_HOST_VERSION       which zip to load, by Kibana version (default: the newest built)
 *   KIBANA_HOST_BUILD_DIR     where the zips are (default build/)
 *   KIBANA_HOST_CONFIG        kibana.yml-like file (JSON, or flat `buffalogs.key: value` lines)
 *   KIBANA_HOST_CONFIG_JSON   inline settings, e.g. {"buffalogs":{"indices":["logs-*"]}}
 *   KIBANA_HOST_PRIVILEGE     the user's feature privilege: all (default) | read | none | superuser
 *   KIBANA_HOST_SPACES        false to run without the spaces plugin (no /s/<space> URLs)
 *   KIBANA_HOST_SECURITY      false to run without the security plugin (no current user)
 *   KIBANA_HOST_ALERTING      false to run without the alerting plugin (no rule types; see dev/host/alerting.ts)
 *   KIBANA_HOST_USER          the current user's name (default analyst)
 *   KIBANA_HOST_DARK_MODE     true for the dark theme
 *   KIBANA_HOST_LOG_LEVEL     info (default) | debug | …
 *   KIBANA_HOST_TASK_POLL_MS  Task Manager poll interval (default 3000)
 *   KIBANA_HOST_SHARED_DEPS_DIR  serve the shared packages found in <dir>/node_modules (React, EUI, charts…) instead
 *                             of the tree's, e.g. test/e2e/kibana_9_5_shared_deps (see browser_assets.ts)
 *   KIBANA_HOST_RENDER_CONTEXT  `none`: the page lacks rendering.addContext and the render-context shared deps, as
 *                             Kibana before 8.18 (the plugin's fallback provider; see public/render_context.tsx)
 * `server.prototypeHardening` in the settings seals the browser's built-in prototypes as Kibana does (default: true
 * from Kibana 9.3, false before).
 * Prints `Kibana host: <url>` once ready; Ctrl-C / SIGTERM stops it (and the node it started).
 */
import './kbn_module_resolution';
import type { LogLevelId } from '@kbn/core/server';
import { startElasticsearch } from '../../scripts/es';
import type { FeaturePrivilegeLevel } from './features';
import { startPluginHost } from './host';

async function main() {
  const env = process.env;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (!env.ES_URL) log('[dev-host] No ES_URL: starting a local Elasticsearch node…');
  // With ES_URL the host waits as Kibana does (startPluginHost → waitForElasticsearch: the nodes answer), not for a
  // green cluster: Kibana starts on a yellow one. A node it starts itself is waited for by startElasticsearch.
  const es = env.ES_URL
    ? { url: env.ES_URL, stop: async () => {} }
    : await startElasticsearch({ log: (line) => log(`[es] ${line}`) });
  let host: Awaited<ReturnType<typeof startPluginHost>> | undefined;
  const shutdown = async (code: number) => {
    // A stop step that never settles (a request or a detection pass in flight) must not keep the process, and with it
    // the test run that started it, alive: exit regardless after a grace period.
    setTimeout(() => {
      log('[dev-host] stop did not finish within 30 s: exiting anyway');
      process.exit(code);
    }, 30_000).unref();
    try {
      await host?.stop();
    } finally {
      await es.stop();
      process.exit(code);
    }
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  try {
    host = await startPluginHost({
      esUrl: es.url,
      port: env.KIBANA_HOST_PORT !== undefined ? Number(env.KIBANA_HOST_PORT) : 5601,
      basePath: env.KIBANA_HOST_BASE_PATH,
      kibanaVersion: env.KIBANA_HOST_VERSION,
      buildDir: env.KIBANA_HOST_BUILD_DIR,
      privilege: (env.KIBANA_HOST_PRIVILEGE as FeaturePrivilegeLevel | 'superuser' | undefined) ?? 'all',
      plugins: {
        spaces: env.KIBANA_HOST_SPACES !== 'false',
        security: env.KIBANA_HOST_SECURITY !== 'false',
        alerting: env.KIBANA_HOST_ALERTING !== 'false',
      },
      username: env.KIBANA_HOST_USER,
      darkMode: env.KIBANA_HOST_DARK_MODE === 'true',
      logLevel: (env.KIBANA_HOST_LOG_LEVEL as LogLevelId | undefined) ?? 'info',
      taskPollIntervalMs: env.KIBANA_HOST_TASK_POLL_MS ? Number(env.KIBANA_HOST_TASK_POLL_MS) : undefined,
      withoutRenderContext: env.KIBANA_HOST_RENDER_CONTEXT === 'none',
    });
  } catch (e) {
    log(`[dev-host] FAILED: ${(e as Error).message}`);
    await shutdown(1);
    return;
  }
  log(`[dev-host] Elasticsearch: ${es.url}`);
  log(`Kibana host: ${host.appUrl}`);
}

void main();

/**
 * `npm run demo` (first version): build the plugin zip, start Elasticsearch (or use ES_URL), serve the built plugin
 * through the dev host and print the app URL. Ctrl-C stops everything it started. The host's environment variables
 * (dev/host/index.ts) apply; KIBANA_HOST_PORT defaults to 5601.
 */
import './kbn_module_resolution';
import { spawnSync } from 'node:child_process';
import { startElasticsearch } from '../../scripts/es';
import { REPO_ROOT, startPluginHost } from './host';

const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);

async function main() {
  say('1/3 Building the plugin zip (npm run build)…');
  const built = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (built.status !== 0) {
    say('The build failed; nothing was started.');
    process.exit(built.status ?? 1);
  }

  say(
    process.env.ES_URL
      ? `2/3 Using Elasticsearch at ES_URL=${process.env.ES_URL}`
      : '2/3 Starting a local Elasticsearch node (first start downloads nothing but can take a minute)…',
  );
  const es = await startElasticsearch({ log: (line) => process.stdout.write(`[es] ${line}\n`) });

  say('3/3 Starting the Kibana plugin host with the built zip…');
  let host: Awaited<ReturnType<typeof startPluginHost>> | undefined;
  const stop = async (code: number) => {
    say('Stopping…');
    try {
      await host?.stop();
    } finally {
      await es.stop();
      process.exit(code);
    }
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  try {
    host = await startPluginHost({
      esUrl: es.url,
      port: process.env.KIBANA_HOST_PORT !== undefined ? Number(process.env.KIBANA_HOST_PORT) : 5601,
      basePath: process.env.KIBANA_HOST_BASE_PATH,
      kibanaVersion: process.env.KIBANA_HOST_VERSION,
      darkMode: process.env.KIBANA_HOST_DARK_MODE === 'true',
    });
  } catch (e) {
    say(`FAILED: ${(e as Error).message}`);
    await stop(1);
    return;
  }
  say(`Elasticsearch: ${es.url}`);
  say(`Plugin: ${host.manifest.id} ${host.manifest.version} from ${host.zipPath}, as Kibana ${host.kibanaVersion}`);
  say(`Open the app: ${host.appUrl}`);
  say('Press Ctrl-C to stop.');
}

void main();

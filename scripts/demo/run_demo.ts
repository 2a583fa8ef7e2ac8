/**
 * `npm run demo [-- --users N --days D --seed S]`: everything from a fresh clone to a working app.
 *
 *   1. build the plugin zips (npm run build), while a local Elasticsearch node starts (or ES_URL is used);
 *   2. generate the sample (scripts/demo/generate_logins.ts) and load it into `logs-buffalogs.demo-default`;
 *   3. start the dev Kibana host (dev/host/) with the built zip, configured to read the sample (demoHostSettings);
 *   4. wait until the detection task, scheduled by the plugin at start, has judged the sample and alerts exist;
 *   5. import a real day of web access logs (SecRepo, 2019-03-06) into `logs-buffalogs.demo-web` and judge it with
 *      the web family (scripts/demo/load_web_day.ts), for the Web traffic views and the web alerts;
 *   6. save and run the anomaly explorer's logins analysis over the sample (scripts/demo/demo_analysis.ts);
 *   7. print the app's URL and what to look at; Ctrl-C stops everything it started.
 *
 * Environment: ES_URL (use that cluster: the demo resets only its own index and the `demo` space's indices),
 * KIBANA_HOST_PORT (default 5601; 0 = any free port), KIBANA_HOST_VERSION (which zip to serve).
 */
import '../../dev/host/kbn_module_resolution';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { REPO_ROOT, startPluginHost, type PluginHost } from '../../dev/host/host';
import { startElasticsearch } from '../es';
import { porlockStory, STORY_USER } from './account_story';
import { generateLogins, parseGeneratorArgs, rng } from './generate_logins';
import { DEMO_INDEX, DEMO_SPACE, demoHostSettings, loadSample, resetDemoData } from './load_sample';
import { DEMO_SITE_DOMAINS, DEMO_WEB_DAY, DEMO_WEB_INDEX, loadWebDay } from './load_web_day';
import { DEMO_ANALYSIS_NAME, runDemoAnalysis, takeoversAmongTop } from './demo_analysis';
import { familyStateIndex } from '../../server/storage';
import { alertsByFamily, waitForDetection, type FamilyAlerts } from './wait_for_detection';
import { webFamily } from '../../server/families/web/family';

const LOG_DIR = path.join(REPO_ROOT, 'artifacts', 'demo');
const startedAt = Date.now();
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const say = (line: string) => process.stdout.write(`[demo ${secs(Date.now() - startedAt).padStart(7)}] ${line}\n`);

async function phase<T>(label: string, work: () => Promise<T>): Promise<T> {
  say(`${label}…`);
  const t0 = Date.now();
  const result = await work();
  say(`${label}: done in ${secs(Date.now() - t0)}`);
  return result;
}

function build(logFile: string, track: (child: ChildProcess) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'w');
    const child = spawn('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', out, out] });
    track(child);
    child.once('error', reject);
    child.once('exit', (code) => {
      fs.closeSync(out);
      if (code === 0) resolve();
      else {
        const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n');
        reject(new Error(`npm run build failed (exit ${code}); the end of ${logFile}:\n${tail}`));
      }
    });
  });
}

async function main() {
  const options = parseGeneratorArgs(process.argv.slice(2), Date.now());
  fs.mkdirSync(LOG_DIR, { recursive: true });
  let host: PluginHost | undefined;
  let es: { url: string; stop(): Promise<void> } | undefined;
  let builder: ChildProcess | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('Stopping…');
    if (builder && builder.exitCode === null) builder.kill('SIGTERM');
    await host?.stop().catch(() => undefined);
    await es?.stop().catch(() => undefined);
    say('Stopped.');
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(130));
  process.once('SIGTERM', () => void stop(143));

  try {
    // The node's own log goes to the screen until it is up (first-run Maven download, start-up errors), then to a file.
    const esLogStream = fs.createWriteStream(path.join(LOG_DIR, 'elasticsearch.log'));
    let esStarted = false;
    const esLog = (line: string) => (esStarted ? esLogStream.write(`${line}\n`) : say(`  es: ${line}`));
    // The build and the Java node are independent: overlap them.
    const buildLog = path.join(LOG_DIR, 'build.log');
    const esLabel = process.env.ES_URL
      ? `Checking Elasticsearch at ES_URL=${process.env.ES_URL}`
      : 'Starting a local Elasticsearch node';
    [, es] = await Promise.all([
      phase(`Building the plugin zips (log: ${path.relative(REPO_ROOT, buildLog)})`, () =>
        build(buildLog, (c) => (builder = c)),
      ),
      phase(esLabel, () => startElasticsearch({ log: esLog })),
    ]);
    esStarted = true;
    const client = new Client({ node: es.url, requestTimeout: 60_000 });

    const sample = await phase(
      `Generating ${options.users} users × ${options.days} days (seed ${options.seed})`,
      async () => generateLogins(options),
    );
    await phase(`Loading ${sample.events.length} authentication events into ${DEMO_INDEX}`, async () => {
      await resetDemoData(client, { index: DEMO_INDEX, space: DEMO_SPACE });
      await client.indices.delete(
        { index: [DEMO_WEB_INDEX, familyStateIndex('web', DEMO_SPACE)], ignore_unavailable: true },
        { ignore: [404] },
      );
      // porlock's story, eight days back (its last steps two days old), for the built-in sequence rule; loaded with the
      // sample in one go (loadSample creates the index).
      const story = porlockStory({ start: options.now - 8 * 86_400_000, rng: rng(options.seed) });
      await loadSample(client, [...sample.events, ...story], { index: DEMO_INDEX });
    });

    const hostLog = path.join(LOG_DIR, 'host.log');
    const hostLogStream = fs.createWriteStream(hostLog);
    host = await phase(`Starting the Kibana plugin host (log: ${path.relative(REPO_ROOT, hostLog)})`, () =>
      startPluginHost({
        esUrl: es!.url,
        port: process.env.KIBANA_HOST_PORT !== undefined ? Number(process.env.KIBANA_HOST_PORT) : 5601,
        kibanaVersion: process.env.KIBANA_HOST_VERSION,
        // Same switch as `npm run host`, so the demo can be looked at in Kibana's dark theme too.
        darkMode: process.env.KIBANA_HOST_DARK_MODE === 'true',
        settings: demoHostSettings({
          index: DEMO_INDEX,
          space: DEMO_SPACE,
          days: options.days,
          web: { index: DEMO_WEB_INDEX, siteDomains: DEMO_SITE_DOMAINS },
        }),
        taskPollIntervalMs: 1000,
        log: (line) => hostLogStream.write(`${line}\n`),
      }),
    );

    const detection = await phase('Running detection (the plugin’s Task Manager task) over the sample', () =>
      waitForDetection(spaceUrl(host!), { timeoutMs: 180_000 }),
    );
    say(
      `Detection judged ${detection.events} logins and wrote ${detection.alerts} alerts; ${detection.unfilteredAlerts} ` +
        `are open for triage (the users' learning week's are filtered), by family and rule:`,
    );
    for (const f of detection.byFamily) say(`  ${familyLine(f)}`);

    // After the logins' detection, so its figures above are the login family's alone.
    const web = await phase(`Importing the real web access day ${DEMO_WEB_DAY.file} into ${DEMO_WEB_INDEX}`, () =>
      loadWebDay(client, { ...DEMO_WEB_DAY, index: DEMO_WEB_INDEX, space: DEMO_SPACE }),
    );
    await client.close();
    say(
      `The web family judged ${web.imported.indexed} requests (${web.imported.bad} bad lines) and wrote ` +
        `${web.pass.alertsCreated} web alerts. Web traffic: ${spaceUrl(host)}/app/buffalogs/web?start=${DEMO_WEB_DAY.from}&end=${DEMO_WEB_DAY.to}`,
    );
    const webAlerts = (await alertsByFamily(spaceUrl(host))).find((f) => f.family === webFamily.id);
    if (webAlerts) say(`  ${familyLine(webAlerts)}`);

    const analysis = await phase(`Running the anomaly explorer's "${DEMO_ANALYSIS_NAME}" analysis (logins pack)`, () =>
      runDemoAnalysis(spaceUrl(host!)),
    );
    const ranked = takeoversAmongTop(sample.scenarios, analysis.topOutliers);
    say(
      `The analysis judged ${analysis.records.judged} logins in ${analysis.clusters.length} clusters; ` +
        `${ranked.length} of the ${sample.scenarios.filter((x) => x.takeover).length} planted takeovers below are ` +
        `among its 10 top outliers: ${spaceUrl(host)}/app/buffalogs/analyses/${DEMO_ANALYSIS_NAME}`,
    );
    // One line per user: an incident's logins score alike and would fill the list.
    const shown = new Set<string>();
    for (const o of analysis.topOutliers) {
      const user = o.fields['user.name'] ?? '?';
      if (shown.has(user) || shown.size === 5) continue;
      shown.add(user);
      say(
        `  ${o.score.toFixed(2)} ${(o.fields['@timestamp'] ?? '').slice(0, 16).replace('T', ' ')} ${user} ` +
          `from ${o.fields['source.geo.country_iso_code'] ?? '?'} (AS${o.fields['source.as.number'] ?? '?'})`,
      );
    }

    say('Planted account takeovers (what the alerts should show):');
    for (const s of sample.scenarios.filter((x) => x.takeover))
      say(`  ${s.at.slice(0, 16).replace('T', ' ')} ${s.kind}: ${s.description}`);
    say(
      `  porlock's story for ${STORY_USER}: token login, password change; six days later a reset and a change from a new address (Sequence rules)`,
    );
    say(`Elasticsearch: ${es.url}   (index ${DEMO_INDEX}, space "${DEMO_SPACE}")`);
    say(`Ready in ${secs(Date.now() - startedAt)}. Open the app: ${spaceUrl(host)}/app/buffalogs`);
    say('Press Ctrl-C to stop.');
  } catch (e) {
    say(`FAILED: ${(e as Error).message}`);
    say(`Logs: ${path.relative(REPO_ROOT, LOG_DIR)}/{build,elasticsearch,host}.log`);
    await stop(1);
  }
}

void main();

/**
 * The demo space's URL: Kibana (and the dev host, which provides the spaces plugin as Kibana does) serves a space's
 * app and API under `/s/<space>`; at the root they answer for the default space, where the demo wrote nothing.
 */
function spaceUrl(host: { baseUrl: string }): string {
  return `${host.baseUrl}/s/${DEMO_SPACE}`;
}

/** One family's open alerts by rule, e.g. `Credential attacks by source: Password spray 1, Account compromised… 1`. */
function familyLine(f: FamilyAlerts): string {
  return `${f.title}: ${f.rules.map((r) => `${r.name} ${r.count}`).join(', ')}`;
}

/**
 * One real day of web access logs (../shared/data/web-access/, SecRepo's Apache logs) imported with
 * `import-access-log`'s code and judged once by the web family over that day, so the Web traffic views and the web
 * alerts have real content. Shared by `npm run demo`, the route tests and the e2e test.
 *
 * The day keeps its real dates (2019): the pass is an explicit window (as `buffalogs run --from --to`), which neither
 * reads nor moves the background task's checkpoint, and alert ids are deterministic, so the task judging the same
 * index later adds nothing twice.
 */
import path from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { webFamily } from '../../server/families/web/family';
import { defaultWebSettings, type WebSettings } from '../../server/families/web/settings';
import { importAccessLogs, type ImportResult } from '../../server/importer/import_access_log';
import type { PassResult } from '../../server/pass/pass_result';
import { runFamilyPass, type RunnerSettings } from '../../server/runner/family_pass';
import { pluginIndices } from '../../server/storage/index_names';
import { WEB_ACCESS_DIR } from '../shared_data';

export const WEB_DATA_DIR = WEB_ACCESS_DIR;
/** The day the demo shows: its 418 blocks, scanners and bursts fill every view (see common/web_config.ts). */
export const DEMO_WEB_DAY = {
  file: 'access.log.2019-03-06.log',
  from: '2019-03-06T00:00:00Z',
  to: '2019-03-08T00:00:00Z',
};
export const DEMO_WEB_INDEX = 'logs-buffalogs.demo-web';
/** The real site's own host, so its internal navigation is not counted as a referrer. */
export const DEMO_SITE_DOMAINS = ['www.secrepo.com'];

const QUIET = { info: () => undefined, warn: () => undefined, debug: () => undefined };

export async function loadWebDay(
  client: Client,
  opts: { file: string; index: string; space: string; from: string; to: string; settings?: Partial<WebSettings> },
): Promise<{ imported: ImportResult; pass: PassResult }> {
  const file = path.isAbsolute(opts.file) ? opts.file : path.join(WEB_DATA_DIR, opts.file);
  const imported = await importAccessLogs(client, [file], { index: opts.index, batchSize: 5000, onBadLine: () => {} });
  await client.indices.refresh({ index: opts.index });
  const settings = { ...defaultWebSettings(), ...opts.settings, indices: [opts.index] };
  const runner: RunnerSettings = {
    space: opts.space,
    lagMs: 0,
    lookbackMs: 0,
    maxWindowMs: Date.parse(opts.to) - Date.parse(opts.from),
    usersPerBatch: 2000,
    eventsPerBatch: 20_000,
    pageSize: 5000,
    readSlices: 1,
    partition: 0,
    partitions: 1,
    retry: { maxRetries: 3, baseDelayMs: 50, maxDelayMs: 500 },
    pitKeepAlive: '1m',
  };
  const pass = await runFamilyPass(
    webFamily,
    runner,
    settings,
    [opts.index],
    { client, logger: QUIET, now: () => Date.parse(opts.to) },
    { from: Date.parse(opts.from), to: Date.parse(opts.to) },
  );
  await client.indices.refresh({ index: pluginIndices(opts.space).alerts, ignore_unavailable: true });
  return { imported, pass };
}

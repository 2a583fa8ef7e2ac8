/**
 * Web family benchmark: N access-log lines (default 1,000,000) parsed by the importer's parser and judged by the web
 * family's pure core in one pass, as `import-access-log` followed by a pass would do, on one core. Prints lines/s for
 * parsing, for detection and end to end, alerts per rule, and peak memory.
 *
 *   npm run bench:web [-- --lines N]
 *
 * Lines are the three real days of ../shared/data/web-access/ replayed in rounds; each round moves every client to
 * another address (the first octet shifted) so the number of addresses grows with N as on a busier server, and the
 * rewrite happens on the text, so its parse cost is part of the figure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAccessLine } from '../server/importer/access_log';
import { judgeWeb } from '../server/families/web/core';
import { normaliseWebEvent, type WebEvent } from '../server/families/web/event';
import { defaultWebSettings } from '../server/families/web/settings';
import type { WebState } from '../server/families/web/state';
import { WEB_ACCESS_DIR } from './shared_data';

const i = process.argv.indexOf('--lines');
const N = i > 0 ? Number(process.argv[i + 1]) : 1_000_000;
const BATCH = 50_000;
const DATA = WEB_ACCESS_DIR;
const files = ['access.log.2019-03-06.log', 'access.log.2019-04-04.log', 'access.log.2019-11-27.log'];
const source = files.flatMap((f) =>
  readFileSync(join(DATA, f), 'utf8')
    .split('\n')
    .filter((l) => l !== ''),
);

const settings = defaultWebSettings();
/** The pass's clock, after every event: a state's `through` more than a day past it would be read as none. */
const NOW = Date.now();
const states = new Map<string, WebState>();
const alertsByRule: Record<string, number> = {};
let parseMs = 0;
let detectMs = 0;
let bad = 0;
let peakRss = 0;
let peakHeap = 0;
let batch: WebEvent[] = [];
const started = performance.now();

function flush(): void {
  const t = performance.now();
  const out = judgeWeb(batch, states, settings, new Set(), NOW);
  detectMs += performance.now() - t;
  for (const [ip, state] of out.states) states.set(ip, state);
  for (const a of out.alerts) alertsByRule[a.rule.id] = (alertsByRule[a.rule.id] ?? 0) + 1;
  batch = [];
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}

for (let n = 0; n < N; n++) {
  const round = Math.floor(n / source.length);
  const original = source[n % source.length];
  const t = performance.now();
  const dot = original.indexOf('.');
  const first = Number(original.slice(0, dot));
  const line = Number.isInteger(first) ? `${(first + round) % 224}${original.slice(dot)}` : original;
  const parsed = parseAccessLine(line);
  const event = parsed.ok
    ? normaliseWebEvent(parsed.document as unknown as Record<string, unknown>, 'bench', String(n))
    : undefined;
  parseMs += performance.now() - t;
  if (!event?.ok) bad++;
  else batch.push(event.event);
  if (batch.length >= BATCH) flush();
}
flush();
const totalMs = performance.now() - started;
const rate = (ms: number) => Math.round((N / ms) * 1000).toLocaleString('en-US');
console.log(
  `bench:web  ${N.toLocaleString('en-US')} lines (${source.length} real lines replayed), batches of ${BATCH}`,
);
console.log(`  parse + normalise : ${rate(parseMs)} lines/s (${(parseMs / 1000).toFixed(1)} s)`);
console.log(`  detect            : ${rate(detectMs)} lines/s (${(detectMs / 1000).toFixed(1)} s)`);
console.log(`  end to end        : ${rate(totalMs)} lines/s (${(totalMs / 1000).toFixed(1)} s)`);
console.log(
  `  bad lines ${bad}, addresses ${states.size.toLocaleString('en-US')}, alerts ${JSON.stringify(alertsByRule)}`,
);
console.log(`  peak memory: rss ${(peakRss / 1048576).toFixed(0)} MiB, heap ${(peakHeap / 1048576).toFixed(0)} MiB`);

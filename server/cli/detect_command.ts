/**
 * `buffalogs detect`: NDJSON logins in, NDJSON alert documents out, streaming; with `--observations FILE`, the
 * default profile's observations (signals below the alerting threshold) in a file of their own.
 *
 * Lines are normalised one at a time and the whole input is put in time order (time_sorter.ts: in memory, or in
 * sorted runs on disk beyond `SORT_RUN_LOGINS`), so the order of the lines changes nothing: a file concatenated from
 * two sources gives the alerts of the sorted file. The sorted logins are enriched and handed to the detection core in
 * batches (`--batch-size`, default 10,000 logins), with every user's state and the population context (what the
 * verdict learns across users) carried from batch to batch and, with `--state`, from run to run, so memory grows
 * with users and the run size, never with the length of the input.
 *
 * The core has no clock; its `now` (a user's first sighting for the learning period, retention, `event.created`) is
 * `--now` when given, otherwise the latest `@timestamp` judged so far: a replay clock that advances with the data, as
 * a live deployment's clock would. So a run is reproducible: the same logins (in any line order), state, profile and
 * batch size give the same output, byte for byte; with `--now` the batch size changes nothing either.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { detect, PopulationContext, type DetectionConfig, type LoginEvent, type UserState } from '../detection';
import { enrichLogin, type Enricher } from '../enrichment/enrich_login';
import { holdToClock } from '../families/login/as_of_clock';
import { MAX_DOCUMENT_BYTES } from '../events/document_size';
import { normalizeLogin } from '../events/normalize_login';
import { DetectionRuntimeError, loadDetectionRuntime } from '../pass/detection_runtime';
import { LongLine, readLines } from '../read_lines';
import { fitAlert } from '../storage/alerts_writer';
import { TimeSorter } from './time_sorter';
import type { DetectArgs } from './args';
import { EMPTY_CLI_CONFIG, loadCliConfig, type CliConfig } from './cli_config';
import { sameFileProblem } from './same_file';
import { readStateFile, writeStateFile } from './state_file';

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** Rejected lines printed one by one before the rest are only counted (a mis-pointed input must not flood a terminal). */
export const MAX_REPORTED_LINES = 1000;

/**
 * The replay clock follows the latest `@timestamp`, so a login more than this after the wall clock (or `--now`) is
 * rejected: a year-9999 line would otherwise make every later login "late" and every user "new" for ever. A day
 * leaves room for sources that write local time as UTC (offsets reach +14 h) and for skewed clocks.
 */
export const FUTURE_TOLERANCE_MS = 86_400_000;
/** Logins sorted in memory at once; a longer input is sorted in runs of this size on disk (about 1 KB a login). */
export const SORT_RUN_LOGINS = 100_000;

/** Exit codes: 0 done (bad lines included), 1 input/output failure, 2 unusable arguments or settings. */
export const EXIT_OK = 0;
export const EXIT_IO = 1;
export const EXIT_USAGE = 2;

class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export interface DetectSummary {
  lines: number;
  logins: number;
  rejected: Record<string, number>;
  alerts: number;
  filteredAlerts: number;
  /** Logins dropped: the same event (index + id) was judged already (in this input or the --state's memory). */
  duplicates: number;
  /** Logins dropped: the profile cannot judge them (buffalogs: no IP, country or coordinates). */
  skipped: number;
  /** Logins judged although the --state already held a later login of the user (not dropped). */
  outOfOrder: number;
  /** Logins with signals below the alerting threshold (default profile). */
  observations: number;
  users: number;
}

export async function runDetect(args: DetectArgs, io: CliIo): Promise<number> {
  try {
    return await detectCommand(args, io);
  } catch (error) {
    if (error instanceof CliFailure) {
      io.stderr.write(`buffalogs: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`buffalogs: ${(error as Error).message}\n`);
    return EXIT_IO;
  }
}

/** The CLI's --config file through the same runtime loader as the task and `buffalogs run` (server/pass/). */
async function setup(
  args: DetectArgs,
  io: CliIo,
): Promise<{ config: DetectionConfig; cli: CliConfig; enricher: Enricher }> {
  let cli = EMPTY_CLI_CONFIG;
  if (args.config) {
    try {
      cli = await loadCliConfig(args.config);
    } catch (error) {
      const io_ = (error as NodeJS.ErrnoException).code !== undefined;
      throw new CliFailure(
        io_ ? `cannot read --config ${args.config}: ${(error as Error).message}` : (error as Error).message,
        io_ ? EXIT_IO : EXIT_USAGE,
      );
    }
  }
  try {
    const runtime = await loadDetectionRuntime(
      { profile: args.profile, overrides: cli.detection, anonymizerLists: cli.anonymizerLists, geoip: cli.geoip },
      {
        onListLoaded: (list) => {
          for (const e of list.errors) io.stderr.write(`${list.file}:${e.line}: skipped: ${e.message}\n`);
        },
      },
    );
    return { config: runtime.detection, cli, enricher: runtime.enricher };
  } catch (error) {
    if (!(error instanceof DetectionRuntimeError)) throw error;
    if (error.input === 'settings') throw new CliFailure(error.message, EXIT_USAGE);
    if (error.input === 'anonymizer_list')
      throw new CliFailure(`cannot read an anonymizer list: ${error.message}`, EXIT_IO);
    throw new CliFailure(error.message, EXIT_IO);
  }
}

async function openInput(path: string, io: CliIo): Promise<Readable> {
  if (path === '-') return io.stdin;
  const stream = createReadStream(path);
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new CliFailure(`cannot read --input ${path}: ${(error as Error).message}`, EXIT_IO);
  }
  return stream;
}

interface NdjsonOutput {
  write(text: string): Promise<void>;
  /** Ends a file (stdout is left open) once everything was written; throws if anything could not be. */
  close(): Promise<void>;
}

/** Where `--output` or `--observations` go: a file, or stdout for `-`; write errors surface as CliFailure. */
async function openOutput(path: string, io: CliIo, option: string, what: string): Promise<NdjsonOutput> {
  let stream: Writable = io.stdout;
  if (path !== '-') {
    stream = createWriteStream(path);
    try {
      await once(stream, 'open');
    } catch (error) {
      throw new CliFailure(`cannot write ${option} ${path}: ${(error as Error).message}`, EXIT_IO);
    }
  }
  // Held in an object: TypeScript cannot see that the listener assigns it between awaits.
  const state: { error?: Error } = {};
  stream.on('error', (error: Error) => (state.error = error));
  const check = (): void => {
    if (state.error) throw new CliFailure(`cannot write the ${what}: ${state.error.message}`, EXIT_IO);
  };
  return {
    async write(text) {
      check();
      if (!stream.write(text)) await settled(stream, 'drain');
      check();
    },
    async close() {
      if (stream !== io.stdout) {
        stream.end();
        if (!state.error) await settled(stream, 'finish');
      }
      check();
    },
  };
}

/** Resolves on `event` or on an error (which the stream's error listener records); never rejects. */
function settled(stream: Writable, event: string): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off(event, done);
      stream.off('error', done);
      resolve();
    };
    stream.on(event, done);
    stream.on('error', done);
  });
}

async function detectCommand(args: DetectArgs, io: CliIo): Promise<number> {
  const started = process.hrtime.bigint();
  const clobbered = sameFileProblem(
    [
      { option: '--input', path: args.input },
      { option: '--config', path: args.config },
    ],
    [
      { option: '--output', path: args.output },
      { option: '--observations', path: args.observations },
      { option: '--state', path: args.state },
    ],
  );
  if (clobbered) throw new CliFailure(clobbered, EXIT_USAGE);
  const { config, cli, enricher } = await setup(args, io);
  // What "the future" is measured against: --now, or the machine's clock (read once, so a run judges every line alike).
  const wallClock = args.now ?? Date.now();
  let states: Map<string, UserState>;
  let stored: unknown;
  try {
    ({ states, population: stored } = args.state
      ? await readStateFile(args.state, args.profile)
      : { states: new Map() });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code !== undefined ? EXIT_IO : EXIT_USAGE;
    throw new CliFailure(
      code === EXIT_IO ? `cannot read --state ${args.state}: ${(error as Error).message}` : (error as Error).message,
      code,
    );
  }
  // The file's times no run at this clock could have written (a hand edit), dropped or held to the clock and a day, as
  // the Kibana task holds a stored state before the core judges with it (../families/login/as_of_clock.ts): kept, a
  // year-3000 newest login, sighting or risk alert kept the user as the edit left it for good. The day is the one a
  // line's @timestamp may be past the clock (FUTURE_TOLERANCE_MS), so what a run at this clock wrote is kept. Once per
  // user, here: the later batches judge the states the core wrote.
  for (const state of states.values()) holdToClock(state, wallClock);
  // What the default profile's verdict learns across users: one object for every batch, kept in --state.
  const verdict = config.verdict;
  const context =
    verdict?.enabled && config.baseline.store === 'per_attribute'
      ? new PopulationContext({
          orgMinUsersPerPrefix: verdict.orgMinUsersPerPrefix,
          carrierMobileShare: verdict.carrierMobileShare,
        })
      : undefined;
  if (context && stored !== undefined) {
    const { used, skipped } = context.restore(stored);
    if (!used)
      io.stderr.write(`--state ${args.state}: its population context is not one this version reads; relearning\n`);
    else if (skipped)
      io.stderr.write(`--state ${args.state}: ${skipped} malformed part(s) of the population ignored\n`);
  }
  const input = await openInput(args.input, io);
  const output = await openOutput(args.output, io, '--output', 'alerts');
  const observations = args.observations
    ? await openOutput(args.observations, io, '--observations', 'observations')
    : undefined;

  const summary: DetectSummary = {
    lines: 0,
    logins: 0,
    rejected: {},
    alerts: 0,
    filteredAlerts: 0,
    duplicates: 0,
    skipped: 0,
    outOfOrder: 0,
    observations: 0,
    users: 0,
  };
  let reported = 0;
  const rejectLine = (line: number, reason: string, detail?: string): void => {
    summary.rejected[reason] = (summary.rejected[reason] ?? 0) + 1;
    if (reported < MAX_REPORTED_LINES) io.stderr.write(`line ${line}: ${reason}${detail ? ` (${detail})` : ''}\n`);
    else if (reported === MAX_REPORTED_LINES)
      io.stderr.write(`… more rejected lines are only counted (see the summary)\n`);
    reported++;
  };

  let batch: LoginEvent[] = [];
  let latest = -Infinity;
  const sorter = new TimeSorter(Math.max(SORT_RUN_LOGINS, args.batchSize));
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const result = detect({ events: batch, states, config, now: args.now ?? latest, reuseStates: true, context });
    batch = [];
    for (const [user, state] of result.states) states.set(user, state);
    summary.alerts += result.stats.alerts;
    summary.filteredAlerts += result.stats.filteredAlerts;
    summary.duplicates += result.stats.duplicates;
    summary.skipped += result.stats.skipped;
    summary.outOfOrder += result.stats.outOfOrder;
    summary.observations += result.observations.length;
    // Fitted to the alerts mapping as the task stores them, so a line can be indexed as it is.
    if (result.alerts.length) await output.write(result.alerts.map((a) => `${JSON.stringify(fitAlert(a))}\n`).join(''));
    // As the task stores them in buffalogs-observations-<space>.
    if (observations && result.observations.length)
      await observations.write(result.observations.map((o) => `${JSON.stringify(o)}\n`).join(''));
  };

  try {
    for await (const line of readLines(input, MAX_DOCUMENT_BYTES)) {
      const lineNumber = ++summary.lines;
      if (line instanceof LongLine) {
        rejectLine(lineNumber, 'line too long', line.detail);
        continue;
      }
      // A byte-order mark (Windows editors write one) is not JSON whitespace; one may start the input, or any line
      // when files are concatenated.
      const text = line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
      if (text.trim() === '') continue;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        rejectLine(lineNumber, 'invalid JSON', (error as Error).message);
        continue;
      }
      const result = normalizeLogin(json, {
        eventType: cli.eventType,
        future: { now: wallClock, toleranceMs: FUTURE_TOLERANCE_MS },
        // As the pass with `buffalogs.identity`: the source table judges, the person's identity is the user.
        ...(cli.identity ? { sources: { identity: cli.identity } } : {}),
      });
      if (!result.ok) {
        rejectLine(lineNumber, result.reason, result.detail);
        continue;
      }
      summary.logins++;
      await sorter.add(result.event);
    }
  } catch (error) {
    await sorter.dispose();
    if (error instanceof CliFailure) throw error;
    throw new CliFailure(`cannot read --input ${args.input}: ${(error as Error).message}`, EXIT_IO);
  }
  for await (const event of sorter.sorted()) {
    latest = event.timestamp; // sorted: the latest so far
    batch.push(enrichLogin(event, enricher));
    if (batch.length >= args.batchSize) await flush();
  }
  await flush();
  await output.close();
  await observations?.close();
  // The state is saved only after every alert was written: a state ahead of its alerts would lose them for good.
  if (args.state) {
    try {
      await writeStateFile(args.state, args.profile, states, context?.snapshot() ?? stored);
    } catch (error) {
      throw new CliFailure(`cannot write --state ${args.state}: ${(error as Error).message}`, EXIT_IO);
    }
  }
  summary.users = states.size;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  io.stderr.write(formatSummary(args, summary, enricher, seconds));
  return EXIT_OK;
}

export function formatSummary(args: DetectArgs, s: DetectSummary, enricher: Enricher, seconds: number): string {
  const rejectedTotal = Object.values(s.rejected).reduce((a, b) => a + b, 0);
  const rejected = Object.entries(s.rejected)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([reason, n]) => `${reason}: ${n}`)
    .join(', ');
  const e = enricher.stats;
  const out = [
    `buffalogs detect (profile ${args.profile}): ${s.lines} lines read, ${s.logins} logins, ${rejectedTotal} rejected, ` +
      `${s.alerts} alerts (${s.filteredAlerts} filtered), ${s.observations} observations, in ${seconds.toFixed(2)} s`,
  ];
  if (rejectedTotal) out.push(`  rejected by reason: ${rejected}`);
  out.push(
    `  detection: ${s.duplicates} duplicates dropped, ${s.skipped} skipped by the profile` +
      (s.outOfOrder ? `, ${s.outOfOrder} judged after a later login of the same user in --state` : ''),
  );
  out.push(
    `  enrichment: ${e.userAgentsParsed} user agents (${enricher.userAgents.size} distinct)` +
      (enricher.geoIp
        ? `, geo filled ${e.geoFilled}, not in the database ${e.geoMissed}, ASN filled ${e.asnFilled}`
        : ', no GeoIP database'),
  );
  if (args.state) out.push(`  state: ${s.users} users saved to ${args.state}`);
  return `${out.join('\n')}\n`;
}

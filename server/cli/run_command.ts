/**
 * `buffalogs run`: one detection pass against a cluster through the same code the Kibana task runs
 * (server/pass/), from the checkpoint, or over an explicit window that leaves the checkpoint alone.
 */
import { parseIsoTimestamp } from '../../common/iso_timestamp';
import { MAX_PARTITIONS } from '../ingest/partition';
import { DEFAULT_SOURCE_INDICES } from '../pass/pass_settings';
import {
  loadDetectionRuntime,
  MAX_PASS_DURATION_MS,
  MAX_WINDOW_PROBLEM,
  MIN_MAX_WINDOW_MS,
  PASS_DEFAULTS,
  runDetectionPass,
  summarisePass,
  TOO_LONG_PROBLEM,
  type PassSettings,
} from '../pass';
import { DEFAULT_RETRY_POLICY, pluginIndices } from '../storage';
import { InvalidSpaceIdError, KIBANA_SPACE_ID } from '../storage/index_names';
import { PROFILE_NAMES } from '../../common/detection_config';
import type { ProfileName } from '../../common/alert_document';
import { FAMILIES } from '../families';
import { judgedByAPass } from '../families/judged_to';
import { runFamilyPass } from '../runner/family_pass';
import { EMPTY_CLI_CONFIG, loadCliConfig } from './cli_config';
import { EXIT_IO, EXIT_OK, EXIT_USAGE, type CliIo } from './detect_command';

const FAMILY_IDS = FAMILIES.map((f) => f.id);

export const RUN_USAGE = `Usage: buffalogs run --es URL [options]

Runs one detection pass against Elasticsearch, exactly as the Kibana task does: reads the ECS authentication
events since the checkpoint (or in --from/--to, leaving the checkpoint alone), writes alerts and per-user state.
As in the task, detection settings saved through the API for the space (PUT /api/buffalogs/settings) override those
of --profile and --config.

Options:
  --es URL                  the cluster (credentials may be in the URL: https://user:pass@host:9200)
  --config FILE             the same JSON settings as \`buffalogs detect --config\`
  --profile default|buffalogs
  --from ISO --to ISO       judge this window (from exclusive, to inclusive) instead of continuing the checkpoint;
                            --to at most a day past --now
  --now ISO                 the wall clock (default: now)
  --index PATTERNS          comma-separated source patterns (default: ${DEFAULT_SOURCE_INDICES.join(',')})
  --space ID                Kibana space whose indices receive the results (default: default)
  --lag DURATION --lookback DURATION --max-window DURATION    e.g. 2m, 7d, 1d
  --users-per-batch N --events-per-batch N --page-size N --read-slices N --partition I --partitions N
  --families IDS            comma-separated detection families to run (default: all: ${FAMILY_IDS.join(',')}); each
                            family other than login takes its settings from --config's "<id>" section (as
                            kibana.yml's buffalogs.<id>) and runs when they enable it`;

const VALUE_OPTIONS = [
  '--es',
  '--config',
  '--profile',
  '--from',
  '--to',
  '--now',
  '--index',
  '--space',
  '--lag',
  '--lookback',
  '--max-window',
  '--users-per-batch',
  '--events-per-batch',
  '--page-size',
  '--read-slices',
  '--partition',
  '--partitions',
  '--families',
];

export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

class UsageError extends Error {}

function parseRunArgs(argv: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].includes('=')
      ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)]
      : [argv[i], undefined];
    if (!VALUE_OPTIONS.includes(name)) throw new UsageError(`unknown option "${argv[i]}"`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
    if (values.has(name)) throw new UsageError(`${name} is given twice`);
    values.set(name, value);
  }
  if (!values.has('--es')) throw new UsageError('--es URL is required');
  return values;
}

function time(values: Map<string, string>, name: string): number | undefined {
  const text = values.get(name);
  if (text === undefined) return undefined;
  const ms = parseIsoTimestamp(text);
  if (ms === undefined) throw new UsageError(`${name} must be an ISO 8601 time, not "${text}"`);
  return ms;
}

function integer(values: Map<string, string>, name: string, fallback: number, min: number, max: number): number {
  const text = values.get(name);
  if (text === undefined) return fallback;
  // Digits only: Number() would also take "0x10", "1e1", " 2 " and "" (0).
  const n = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  return n;
}

/** `tooShort`: the message for a value under `min` (default: any positive duration, with the format reminder). */
function duration(values: Map<string, string>, name: string, fallback: number, min = 1, tooShort?: string): number {
  const text = values.get(name);
  if (text === undefined) return fallback;
  const ms = parseDuration(text);
  if (ms === undefined || (ms < min && !tooShort))
    throw new UsageError(`${name} must be a duration like 90s, 2m, 7d, not "${text}"`);
  if (ms < min) throw new UsageError(`${name} ${tooShort}, not "${text}"`);
  if (ms > MAX_PASS_DURATION_MS) throw new UsageError(`${name} ${TOO_LONG_PROBLEM}, not "${text}"`);
  return ms;
}

function spaceId(space: string): string {
  if (!KIBANA_SPACE_ID.test(space)) throw new UsageError(`--space: ${new InvalidSpaceIdError(space).message}`);
  return space;
}

export async function runRun(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout.write(`${RUN_USAGE}\n`);
    return EXIT_OK;
  }
  let values: Map<string, string>;
  let settings: Omit<PassSettings, 'detection'>;
  let window: { from?: number; to?: number } | undefined;
  let now: number | undefined;
  let profile: ProfileName;
  let families: string[] = [];
  try {
    values = parseRunArgs(argv);
    profile = (values.get('--profile') ?? 'default') as ProfileName;
    if (!PROFILE_NAMES.includes(profile)) throw new UsageError(`--profile must be one of ${PROFILE_NAMES.join(', ')}`);
    const from = time(values, '--from');
    const to = time(values, '--to');
    if (from !== undefined && to !== undefined && from >= to) throw new UsageError('--from must be before --to');
    now = time(values, '--now');
    // What a window's pass writes is dated by its events, up to `to`; every later pass reads a time past its clock (by
    // more than a day of node clocks' disagreement) as written by no pass, a hand edit, and drops it (judged_to.ts).
    if (to !== undefined && !judgedByAPass(to, now ?? Date.now()))
      throw new UsageError(
        `--to must be at most a day past the clock (--now or now), not "${values.get('--to')}": later passes would read what it writes as a hand edit`,
      );
    window = from !== undefined || to !== undefined ? { from, to } : undefined;
    const partitions = integer(values, '--partitions', 1, 1, MAX_PARTITIONS);
    families = (values.get('--families') ?? FAMILY_IDS.join(',')).split(',').filter(Boolean);
    for (const id of families)
      if (!FAMILY_IDS.includes(id))
        throw new UsageError(`--families: unknown family "${id}"; known: ${FAMILY_IDS.join(', ')}`);
    settings = {
      space: spaceId(values.get('--space') ?? PASS_DEFAULTS.space),
      indices: (values.get('--index') ?? DEFAULT_SOURCE_INDICES.join(',')).split(',').filter(Boolean),
      eventType: PASS_DEFAULTS.eventType,
      lagMs: duration(values, '--lag', PASS_DEFAULTS.lagMs),
      lookbackMs: duration(values, '--lookback', PASS_DEFAULTS.lookbackMs),
      maxWindowMs: duration(values, '--max-window', PASS_DEFAULTS.maxWindowMs, MIN_MAX_WINDOW_MS, MAX_WINDOW_PROBLEM),
      usersPerBatch: integer(values, '--users-per-batch', PASS_DEFAULTS.usersPerBatch, 1, 10_000),
      eventsPerBatch: integer(values, '--events-per-batch', PASS_DEFAULTS.eventsPerBatch, 1_000, 5_000_000),
      pageSize: integer(values, '--page-size', PASS_DEFAULTS.pageSize, 10, 10_000),
      readSlices: integer(values, '--read-slices', PASS_DEFAULTS.readSlices, 1, 8),
      partition: integer(values, '--partition', 0, 0, partitions - 1),
      partitions,
      retry: DEFAULT_RETRY_POLICY,
      pitKeepAlive: PASS_DEFAULTS.pitKeepAlive,
    };
  } catch (error) {
    io.stderr.write(`buffalogs run: ${(error as Error).message}\n\n${RUN_USAGE}\n`);
    return EXIT_USAGE;
  }

  try {
    const file = values.get('--config');
    const cli = file ? await loadCliConfig(file) : EMPTY_CLI_CONFIG;
    const runtime = await loadDetectionRuntime({
      profile,
      overrides: cli.detection,
      anonymizerLists: cli.anonymizerLists,
      geoip: cli.geoip,
    });
    // The client is a development dependency of this repository; Kibana supplies its own to the plugin.
    const { Client } = await import('@elastic/elasticsearch');
    const client = new Client({ node: values.get('--es')!, requestTimeout: 60_000 });
    const controller = new AbortController();
    const stop = (): void => controller.abort(Object.assign(new Error('interrupted'), { name: 'AbortError' }));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const clock = now;
      const deps = {
        client,
        now: clock !== undefined ? () => clock : Date.now,
        signal: controller.signal,
        logger: {
          info: (m: string) => io.stderr.write(`${m}\n`),
          warn: (m: string) => io.stderr.write(`warning: ${m}\n`),
          debug: () => {},
        },
      };
      if (families.includes('login')) {
        const result = await runDetectionPass(
          {
            ...settings,
            eventType: cli.eventType,
            detection: runtime.detection,
            ...(cli.identity ? { identity: cli.identity } : {}),
          },
          { ...deps, enricher: runtime.enricher, savedSettings: runtime },
          window,
        );
        const indices = pluginIndices(settings.space);
        io.stdout.write(`${summarisePass(result)}\n`);
        io.stdout.write(
          `alerts in ${indices.alerts}, state in ${indices.state}${result.completedTo !== undefined ? `, checkpoint at ${new Date(result.completedTo).toISOString()}` : ' (checkpoint untouched)'}\n`,
        );
      }
      // Every other selected family, as the task runs it: its own task settings from its --config section.
      for (const family of FAMILIES) {
        if (family.id === 'login' || !families.includes(family.id) || !family.settingsFrom) continue;
        const familySettings = family.settingsFrom(cli.families[family.id], { indices: settings.indices, profile });
        if (familySettings === undefined) continue;
        const result = await runFamilyPass(
          family,
          settings,
          familySettings,
          family.sourceIndices?.(familySettings) ?? settings.indices,
          deps,
          window,
        );
        io.stdout.write(`${family.id}: ${summarisePass(result)}\n`);
      }
      return EXIT_OK;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await client.close();
    }
  } catch (error) {
    io.stderr.write(`buffalogs run: ${(error as Error).message}\n`);
    return EXIT_IO;
  }
}

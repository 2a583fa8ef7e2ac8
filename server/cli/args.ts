/**
 * Command-line arguments of `buffalogs`. Hand-written rather than a dependency: one command, a handful of options,
 * and every mistake must produce a sentence plus the usage.
 */
import type { ProfileName } from '../../common/alert_document';
import { PROFILE_NAMES } from '../../common/detection_config';
import { parseIsoTimestamp } from '../../common/iso_timestamp';

export const USAGE = `Usage: buffalogs detect --input FILE|- [options]

Reads NDJSON logins (ECS documents or Elasticsearch hits {_index,_id,_source}), detects compromised-account
signals, and writes the alert documents as NDJSON.

Options:
  --input FILE|-            NDJSON input; - reads stdin (required)
  --output FILE|-           where alerts go; - is stdout (default: -)
  --observations FILE       where observations go (profile default: logins with signals below the alerting
                            threshold, NDJSON); without it they are counted only
  --profile default|buffalogs
                            detection profile (default: default)
  --config FILE             JSON settings: {"detection": {...overrides}, "geoip": {...},
                            "anonymizerLists": {"cidrFiles": [...], "asnFiles": [...]}, "login": {"eventType": ...}}
  --state FILE              per-user state and what was learned across users: read if it exists, written back
                            after the run
  --now ISO                 the detector's wall clock (default: the latest @timestamp judged so far)
  --batch-size N            logins per detection batch (default: 10000)
  -h, --help                show this help

Bad input lines are reported on stderr (line number and reason), counted, and skipped. The exit code is non-zero
only for unusable arguments (2) or input/output errors (1).`;

export interface DetectArgs {
  command: 'detect';
  input: string;
  output: string;
  profile: ProfileName;
  config?: string;
  state?: string;
  observations?: string;
  /** Epoch ms. */
  now?: number;
  batchSize: number;
}

export type ParsedArgs = { ok: true; args: DetectArgs } | { ok: true; help: true } | { ok: false; error: string };

const VALUE_OPTIONS = new Set([
  '--input',
  '--output',
  '--observations',
  '--profile',
  '--config',
  '--state',
  '--now',
  '--batch-size',
]);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.includes('-h') || argv.includes('--help') || argv[0] === 'help') return { ok: true, help: true };
  const [command, ...rest] = argv;
  if (command === undefined) return { ok: false, error: 'no command given' };
  if (command !== 'detect') return { ok: false, error: `unknown command "${command}"` };
  const values = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    let name = rest[i];
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (name.startsWith('--') && eq > 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    if (!VALUE_OPTIONS.has(name)) return { ok: false, error: `unknown option "${rest[i]}"` };
    if (value === undefined) {
      value = rest[i + 1];
      // "-" is a value (stdin/stdout); any other dash-word is a forgotten value followed by the next option.
      if (value === undefined || (value.startsWith('-') && value !== '-'))
        return { ok: false, error: `${name} needs a value` };
      i++;
    }
    if (values.has(name)) return { ok: false, error: `${name} is given twice` };
    values.set(name, value);
  }
  const input = values.get('--input');
  if (!input) return { ok: false, error: '--input is required (a file, or - for stdin)' };
  const profile = values.get('--profile') ?? 'default';
  if (!PROFILE_NAMES.includes(profile as ProfileName)) {
    return { ok: false, error: `--profile must be one of ${PROFILE_NAMES.join(', ')}, not "${profile}"` };
  }
  let now: number | undefined;
  const nowText = values.get('--now');
  if (nowText !== undefined) {
    now = parseIsoTimestamp(nowText);
    if (now === undefined)
      return { ok: false, error: `--now must be an ISO 8601 time (e.g. 2025-03-01T00:00:00Z), not "${nowText}"` };
  }
  const batchText = values.get('--batch-size') ?? '10000';
  const batchSize = Number(batchText);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1_000_000) {
    return { ok: false, error: `--batch-size must be a whole number from 1 to 1000000, not "${batchText}"` };
  }
  return {
    ok: true,
    args: {
      command: 'detect',
      input,
      output: values.get('--output') ?? '-',
      profile: profile as ProfileName,
      config: values.get('--config'),
      state: values.get('--state'),
      observations: values.get('--observations'),
      now,
      batchSize,
    },
  };
}

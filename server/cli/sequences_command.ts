/**
 * `buffalogs sequences`: offline replay of sequence rules (server/families/sequence/). NDJSON events in (ECS documents
 * or hits, any kind of event), rules in the project's format or porlock's list format, alerts out as NDJSON.
 *
 * The core's watermark is the input's own clock: the latest `@timestamp` read minus `--lateness`. At the end of the
 * input a `none`/`one` window fires if that watermark has passed its end, and otherwise stays open: the summary counts
 * those windows per rule, because the input alone cannot say whether the awaited event would still have come.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  BUILTIN_RULES,
  emptySequenceState,
  identifierFields,
  normalizeSequenceEvent,
  parseDuration,
  RuleIndex,
  rulesFromDocument,
  runSequences,
  validateRules,
  type SequenceEvent,
  type SequenceRule,
} from '../families/sequence';
import { MAX_DOCUMENT_BYTES } from '../events/document_size';
import { LongLine, readLines } from '../read_lines';
import { CommandFailure, openStream, parseOptions, runCommand } from './command';
import { sameFileProblem } from './same_file';
import { EXIT_IO, EXIT_OK, EXIT_USAGE, MAX_REPORTED_LINES, type CliIo } from './detect_command';

export const SEQUENCES_USAGE = `Usage: buffalogs sequences --input FILE|- --rules FILE|builtin [options]

Replays sequence rules over NDJSON events (ECS documents or Elasticsearch hits) and writes the alerts as NDJSON.
Rules: a JSON file in the project's format ([...] or {"rules": [...]}), porlock's list format (one list of 12 or
13 elements, or a list of them), or "builtin" for the built-in pack.

Options:
  --input FILE|-        NDJSON events; - reads stdin (required)
  --rules FILE|builtin  the rules (required)
  --output FILE|-       where alerts go (default: -, stdout)
  --lateness DURATION   how far behind the latest event an event may arrive and still count (default: 0s)
  --batch-size N        events per call of the engine (default: 10000)
  -h, --help            show this help`;

interface SequencesArgs {
  input: string;
  rules: string;
  output: string;
  lateness: number;
  batchSize: number;
}

function parseSequencesArgs(argv: readonly string[]): SequencesArgs {
  const values = parseOptions(argv, ['--input', '--rules', '--output', '--lateness', '--batch-size']);
  const input = values.get('--input');
  const rules = values.get('--rules');
  if (!input) throw new CommandFailure('--input is required (a file, or - for stdin)', EXIT_USAGE);
  if (!rules) throw new CommandFailure('--rules is required (a file, or builtin)', EXIT_USAGE);
  const lateness = parseDuration(values.get('--lateness') ?? '');
  if (values.has('--lateness') && values.get('--lateness') !== '0s' && !lateness.ok) {
    throw new CommandFailure(`--lateness ${lateness.ok ? '' : lateness.problem}`, EXIT_USAGE);
  }
  const batchText = values.get('--batch-size') ?? '10000';
  const batchSize = Number(batchText);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1_000_000) {
    throw new CommandFailure(`--batch-size must be a whole number from 1 to 1000000, not "${batchText}"`, EXIT_USAGE);
  }
  return { input, rules, output: values.get('--output') ?? '-', lateness: lateness.ok ? lateness.ms : 0, batchSize };
}

async function loadRules(path: string, io: CliIo): Promise<SequenceRule[]> {
  let doc: unknown = BUILTIN_RULES;
  if (path !== 'builtin') {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new CommandFailure(`cannot read --rules ${path}: ${(error as Error).message}`, EXIT_IO);
    }
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new CommandFailure(`--rules ${path} is not JSON: ${(error as Error).message}`, EXIT_USAGE);
    }
  }
  const imported = rulesFromDocument(doc);
  if (!imported.ok) throw new CommandFailure(`--rules ${path}:\n${imported.errors.join('\n')}`, EXIT_USAGE);
  for (const note of imported.notes) io.stderr.write(`note: ${note}\n`);
  const checked = validateRules(imported.inputs);
  if (!checked.ok) throw new CommandFailure(`--rules ${path}:\n${checked.errors.join('\n')}`, EXIT_USAGE);
  return checked.rules.filter((r) => r.enabled);
}

export async function runSequencesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  return runCommand(argv, io, SEQUENCES_USAGE, parseSequencesArgs, replay);
}

async function replay(args: SequencesArgs, io: CliIo): Promise<number> {
  const clobbered = sameFileProblem(
    [
      { option: '--input', path: args.input },
      { option: '--rules', path: args.rules === 'builtin' ? undefined : args.rules },
    ],
    [{ option: '--output', path: args.output }],
  );
  if (clobbered) throw new CommandFailure(clobbered, EXIT_USAGE);
  const rules = await loadRules(args.rules, io);
  const index = new RuleIndex(rules);
  const fields = identifierFields(rules);
  const input =
    args.input === '-' ? io.stdin : await openStream(() => createReadStream(args.input), `--input ${args.input}`);
  const output =
    args.output === '-' ? io.stdout : await openStream(() => createWriteStream(args.output), `--output ${args.output}`);
  let outputError: Error | undefined;
  output.on('error', (e: Error) => (outputError = e));
  const state = emptySequenceState();
  const totals = { lines: 0, events: 0, matched: 0, late: 0, duplicates: 0, noIdentifier: 0, alerts: 0 };
  const rejected = new Map<string, number>();
  let reported = 0;
  let batch: SequenceEvent[] = [];
  let open_ = 0;
  let perRule = new Map<string, { open: number; droppedWindows: number; alerts: number }>();
  const alertsPerRule = new Map<string, number>();

  const flush = async (): Promise<void> => {
    const out = runSequences({
      rules,
      events: batch,
      state,
      lateness: args.lateness,
      index,
      now: state.maxSeen ?? undefined,
    });
    batch = [];
    totals.events += out.stats.events;
    totals.matched += out.stats.matched;
    totals.late += out.stats.late;
    totals.duplicates += out.stats.duplicates;
    totals.noIdentifier += out.stats.noIdentifier;
    totals.alerts += out.alerts.length;
    open_ = out.stats.openWindows;
    perRule = new Map(
      [...out.stats.perRule].map(([id, s]) => [
        id,
        { ...s, droppedWindows: (perRule.get(id)?.droppedWindows ?? 0) + s.droppedWindows },
      ]),
    );
    for (const a of out.alerts) alertsPerRule.set(a.rule.id, (alertsPerRule.get(a.rule.id) ?? 0) + 1);
    if (out.alerts.length && !output.write(out.alerts.map((a) => `${JSON.stringify(a)}\n`).join('')))
      await once(output, 'drain');
    if (outputError) throw new CommandFailure(`cannot write the alerts: ${outputError.message}`, EXIT_IO);
  };

  try {
    for await (const text of readLines(input, MAX_DOCUMENT_BYTES)) {
      const line = ++totals.lines;
      let json: unknown;
      let reason: string | undefined;
      let detail: string | undefined;
      if (text instanceof LongLine) [reason, detail] = ['line too long', text.detail];
      else if (text.trim() === '') continue;
      else
        try {
          json = JSON.parse(text);
        } catch {
          reason = 'invalid JSON';
        }
      if (!reason) {
        const r = normalizeSequenceEvent(json, fields);
        if (r.ok) batch.push(r.event);
        else reason = r.reason.replace(/_/g, ' ');
      }
      if (reason) {
        rejected.set(reason, (rejected.get(reason) ?? 0) + 1);
        if (reported++ < MAX_REPORTED_LINES)
          io.stderr.write(`line ${line}: ${reason}${detail ? ` (${detail})` : ''}\n`);
      }
      if (batch.length >= args.batchSize) await flush();
    }
  } catch (error) {
    if (error instanceof CommandFailure) throw error;
    throw new CommandFailure(`cannot read --input ${args.input}: ${(error as Error).message}`, EXIT_IO);
  }
  await flush();
  if (output !== io.stdout) {
    output.end();
    await once(output, 'finish').catch(() => undefined);
    if (outputError) throw new CommandFailure(`cannot write the alerts: ${outputError.message}`, EXIT_IO);
  }
  const skipped = [...rejected.values()].reduce((a, b) => a + b, 0);
  const lines = [
    `buffalogs sequences: ${totals.lines} lines read, ${totals.events} events, ${totals.matched} matched a rule, ` +
      `${skipped} skipped, ${totals.alerts} alerts (${rules.length} rules)`,
  ];
  if (skipped) lines.push(`  skipped by reason: ${[...rejected].map(([r, n]) => `${r}: ${n}`).join(', ')}`);
  lines.push(
    `  ${totals.duplicates} duplicates, ${totals.late} too late (older than the watermark), ${totals.noIdentifier} without the rule's identifier`,
  );
  lines.push(
    `  at end of input: watermark ${state.watermark === null ? 'none' : new Date(state.watermark).toISOString()}, ${open_} windows still open ` +
      '(a none/one window fires only once the watermark passes its end; any/all windows expire without an alert)',
  );
  for (const [id, s] of perRule) {
    if (s.open || s.droppedWindows || alertsPerRule.get(id))
      lines.push(`  ${id}: ${alertsPerRule.get(id) ?? 0} alerts, ${s.open} open windows, ${s.droppedWindows} dropped`);
  }
  io.stderr.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

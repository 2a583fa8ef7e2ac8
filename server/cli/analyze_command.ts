/**
 * `buffalogs analyze`: an analysis (features, flags, engine) over a CSV or NDJSON file, as anomal's CSV drivers do,
 * without holding the file: it is read twice (counts and a sample, then one judgement per record), so memory is the
 * sample and the analysis's capped tables whatever the file's length. Output: NDJSON, one line per input record in
 * input order, the record's fields plus `anomaly: {score, cluster, flags, apart}`; the report (clusters, feature shares,
 * top outliers, flags with their numbers) goes to `--report` as JSON and a summary to stderr.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { whyText } from '../../common/analysis_why';
import { Analyzer, formatErrors, parseAnalysisText, validateAnalysis, type AnalysisReport } from '../analyses';
import type { AnalysisRecord } from '../analyses/record';
import { CsvReader } from '../analyses/csv';
import { MAX_DOCUMENT_DEPTH, nestsDeeperThan } from '../events/document_depth';
import { MAX_DOCUMENT_BYTES } from '../events/document_size';
import { isPlainObject } from '../events/ecs_document';
import { LongLine, readLines } from '../read_lines';
import { CommandFailure, openStream, parseOptions, runCommand } from './command';
import { sameFileProblem } from './same_file';
import { EXIT_IO, EXIT_OK, EXIT_USAGE, MAX_REPORTED_LINES, type CliIo } from './detect_command';

export const ANALYZE_USAGE = `Usage: buffalogs analyze --input FILE --features FILE|builtin:NAME [options]

Scores every record of a CSV or NDJSON file against the clusters of its own data and raises the analysis's flags.
Writes NDJSON: one line per input record, in input order, with the record's fields plus
anomaly.score (higher is more anomalous; ~1 is the edge of a normal cluster), anomaly.cluster, anomaly.flags and
anomaly.apart (the features that set the record apart from the cluster, at most three, the largest part first).
Features: YAML or JSON, ours or anomal's shape (type: field|metric, data_needed, name, multiplier; flags), or a
built-in pack (builtin:dns, builtin:logins).

Options:
  --input FILE          records: .csv (first row names the columns) or .ndjson/.json (one object a line) (required)
  --features FILE       the analysis: features, flags, engine settings (required)
  --output FILE|-       where the scored records go (default: -, stdout)
  --report FILE         the report as JSON (clusters, feature shares, top outliers, flags)
  --format csv|ndjson   the input's format when its name does not say
  --seed N              the engine's seed (default: the analysis's, else 1)
  -h, --help            show this help`;

interface AnalyzeArgs {
  input: string;
  features: string;
  output: string;
  report?: string;
  format: 'csv' | 'ndjson';
  seed?: number;
}

function parseAnalyzeArgs(argv: readonly string[]): AnalyzeArgs {
  const values = parseOptions(argv, ['--input', '--features', '--output', '--report', '--format', '--seed']);
  const input = values.get('--input');
  const features = values.get('--features');
  if (!input || input === '-')
    throw new CommandFailure('--input is required, and must be a file (it is read twice)', EXIT_USAGE);
  if (!features)
    throw new CommandFailure('--features is required (a YAML/JSON file, or builtin:dns / builtin:logins)', EXIT_USAGE);
  const format =
    values.get('--format') ?? (/\.csv$/i.test(input) ? 'csv' : /\.(nd)?json(l)?$/i.test(input) ? 'ndjson' : undefined);
  if (format !== 'csv' && format !== 'ndjson')
    throw new CommandFailure('--format must be csv or ndjson (the input name does not say)', EXIT_USAGE);
  let seed: number | undefined;
  if (values.has('--seed')) {
    seed = Number(values.get('--seed'));
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
      throw new CommandFailure('--seed must be a whole number from 0 to 4294967295', EXIT_USAGE);
  }
  return { input, features, output: values.get('--output') ?? '-', report: values.get('--report'), format, seed };
}

async function loadDefinition(path: string, seed: number | undefined, io: CliIo) {
  let doc: unknown;
  if (path.startsWith('builtin:')) doc = { name: path.slice(8), packs: [path.slice(8)] };
  else {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new CommandFailure(`cannot read --features ${path}: ${(error as Error).message}`, EXIT_IO);
    }
    const parsed = parseAnalysisText(text);
    if (!parsed.ok) throw new CommandFailure(`--features ${path}: ${parsed.error}`, EXIT_USAGE);
    doc = parsed.value;
  }
  const checked = validateAnalysis(doc);
  if (!checked.ok) throw new CommandFailure(`--features ${path}:\n${formatErrors(checked.errors)}`, EXIT_USAGE);
  for (const note of checked.notes) io.stderr.write(`note: ${note}\n`);
  if (seed !== undefined) checked.analysis.engine.seed = seed;
  return checked.analysis;
}

type Item = { ref: string; record: AnalysisRecord } | { ref: string; error: string };

async function* readItems(args: AnalyzeArgs): AsyncGenerator<Item> {
  // CSV is read as text; NDJSON as bytes, which the line reader counts against its bound.
  const encoding = args.format === 'csv' ? 'utf8' : undefined;
  const stream = await openStream(() => createReadStream(args.input, { encoding }), `--input ${args.input}`);
  if (args.format === 'csv') {
    const csv = new CsvReader();
    for await (const chunk of stream) {
      for (const row of csv.push(chunk as string))
        yield row.ok ? { ref: `line ${row.line}`, record: row.record } : { ref: `line ${row.line}`, error: row.error };
    }
    for (const row of csv.end())
      yield row.ok ? { ref: `line ${row.line}`, record: row.record } : { ref: `line ${row.line}`, error: row.error };
    return;
  }
  let line = 0;
  for await (const text of readLines(stream, MAX_DOCUMENT_BYTES)) {
    line++;
    if (text instanceof LongLine) {
      yield { ref: `line ${line}`, error: `line too long (${text.detail})` };
      continue;
    }
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { ref: `line ${line}`, error: 'invalid JSON' };
      continue;
    }
    // The analysis and the output line walk a record recursively: one nested thousands of levels deep overflowed the
    // stack and failed the whole run. The bound is the one the login and sequence readers use.
    if (nestsDeeperThan(value, MAX_DOCUMENT_DEPTH)) {
      yield {
        ref: `line ${line}`,
        error: `nested too deeply (more than ${MAX_DOCUMENT_DEPTH} levels of objects, arrays or dotted keys)`,
      };
      continue;
    }
    // An Elasticsearch hit is read as its _source.
    if (isPlainObject(value) && isPlainObject(value._source)) value = value._source;
    yield isPlainObject(value)
      ? { ref: `line ${line}`, record: value }
      : { ref: `line ${line}`, error: 'not a JSON object' };
  }
}

export async function runAnalyze(argv: readonly string[], io: CliIo): Promise<number> {
  return runCommand(argv, io, ANALYZE_USAGE, parseAnalyzeArgs, analyze);
}

async function analyze(args: AnalyzeArgs, io: CliIo): Promise<number> {
  const clobbered = sameFileProblem(
    [
      { option: '--input', path: args.input },
      { option: '--features', path: args.features.startsWith('builtin:') ? undefined : args.features },
    ],
    [
      { option: '--output', path: args.output },
      { option: '--report', path: args.report },
    ],
  );
  if (clobbered) throw new CommandFailure(clobbered, EXIT_USAGE);
  const definition = await loadDefinition(args.features, args.seed, io);
  const analyzer = new Analyzer(definition);
  let bad = 0;
  for await (const item of readItems(args)) {
    if ('error' in item) {
      if (bad++ < MAX_REPORTED_LINES) io.stderr.write(`${item.ref}: ${item.error} (skipped)\n`);
      continue;
    }
    analyzer.observe(item.record);
  }
  analyzer.fit();

  const output: Writable =
    args.output === '-' ? io.stdout : await openStream(() => createWriteStream(args.output), `--output ${args.output}`);
  let outputError: Error | undefined;
  output.on('error', (e: Error) => (outputError = e));
  let buffer: string[] = [];
  const flush = async () => {
    if (buffer.length && !output.write(buffer.join(''))) await once(output, 'drain');
    buffer = [];
    if (outputError) throw new CommandFailure(`cannot write --output: ${outputError.message}`, EXIT_IO);
  };
  for await (const item of readItems(args)) {
    if ('error' in item) continue;
    const r = analyzer.judge(item.record, item.ref);
    const anomaly = r
      ? { score: r.score, cluster: r.cluster, flags: r.flags, apart: r.apart }
      : { score: null, cluster: null, flags: [], apart: [], excluded: true };
    buffer.push(`${JSON.stringify({ ...item.record, anomaly })}\n`);
    if (buffer.length >= 1000) await flush();
  }
  await flush();
  if (output !== io.stdout) {
    output.end();
    await once(output, 'finish').catch(() => undefined);
    if (outputError) throw new CommandFailure(`cannot write --output: ${outputError.message}`, EXIT_IO);
  }
  const report = analyzer.report();
  if (args.report) {
    try {
      await writeFile(args.report, `${JSON.stringify(report, null, 2)}\n`);
    } catch (error) {
      throw new CommandFailure(`cannot write --report ${args.report}: ${(error as Error).message}`, EXIT_IO);
    }
  }
  io.stderr.write(`${summary(report, bad)}\n`);
  return EXIT_OK;
}

export function summary(report: AnalysisReport, bad: number): string {
  const lines = [
    `buffalogs analyze: ${report.records.judged} records judged, ${report.records.excluded} excluded, ${bad} bad lines skipped; ` +
      `${report.clusters.length} clusters (${Object.entries(report.engine)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
  ];
  for (const c of report.clusters)
    lines.push(
      `  cluster ${c.id}: ${c.records} records${c.major ? '' : ' (minor)'}, medoid ${JSON.stringify(c.medoid)}`,
    );
  lines.push(
    `  feature shares of the separation: ${report.features.map((f) => `${f.name} ${f.separationShare}`).join(', ')}`,
  );
  lines.push('  top outliers:');
  for (const o of report.topOutliers.slice(0, 10))
    lines.push(
      `    ${o.ref} score ${o.score}${o.flags.length ? ` flags ${o.flags.join(',')}` : ''} ${o.why ? whyText(o.why) : JSON.stringify(o.features)}`,
    );
  for (const f of report.flags) {
    lines.push(
      `  flag ${f.name} (${f.severity}): ${f.records} records${f.findings.length ? `, ${f.findings.length} findings` : ''}`,
    );
    for (const x of f.findings.slice(0, 5)) lines.push(`    ${x.key} ${JSON.stringify(x.values)}`);
  }
  for (const n of report.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}
